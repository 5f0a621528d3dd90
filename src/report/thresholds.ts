/**
 * Where the report's threshold marks come from. stats.json holds the filter's fingerprint, not its
 * config, so the thresholds are rebuilt from one of (first that is given):
 * 1. the config (`-c FILE | --preset NAME`, checked against the fingerprint): every threshold rule
 *    of every filter, plus the config's extra `{attr, min, max}` rules;
 * 2. the audit: `thresholds.<attr>.current`, one rule per attribute (the audit sweeps the first
 *    rule it meets on an attribute, so a second rule on the same attribute is not marked);
 * 3. nothing: the histograms are drawn without marks, and the report says so.
 */
import type { FilterConfig } from '../config/config.ts';
import type { Evaluator } from '../rules/evaluator.ts';
import type { Op } from '../rules/threshold.ts';
import type { AuditRecord } from '../formats/audit-record.ts';

/** A threshold rule as the report marks it: the rule `rule` fires when `attr <op> threshold`. */
export interface ThresholdMark {
  attr: string;
  rule: string;
  op: Op;
  threshold: number;
  /** A value that never fires (FineWeb's zero exemption), when the config says so. */
  exempt?: number;
}

export interface Thresholds {
  source: 'config' | 'audit' | 'none';
  marks: ThresholdMark[];
}

const OPS: readonly string[] = ['<', '<=', '>', '>='];

const byAttrThenRule = (a: ThresholdMark, b: ThresholdMark) =>
  a.attr < b.attr ? -1 : a.attr > b.attr ? 1 : a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0;

/** Every threshold rule of a compiled config: the filters' rules, then `rules/<attr><min` and `rules/<attr>>max`. */
export function thresholdsFromConfig(evaluator: Evaluator, config: FilterConfig): Thresholds {
  const marks: ThresholdMark[] = [];
  for (const f of evaluator.filters) {
    for (const r of f.rules) {
      if (!('attr' in r && 'op' in r && 'threshold' in r)) continue;
      const t = r as unknown as ThresholdMark & { reason: string };
      if (typeof t.attr !== 'string' || !OPS.includes(t.op) || typeof t.threshold !== 'number')
        continue;
      marks.push({
        attr: t.attr,
        rule: t.reason,
        op: t.op,
        threshold: t.threshold,
        ...(typeof t.exempt === 'number' && { exempt: t.exempt }),
      });
    }
  }
  for (const r of config.rules) {
    if (!('attr' in r)) continue;
    // The reasons are the evaluator's (attrRules): `rules/<attr><min`, `rules/<attr>>max`.
    if (r.min !== undefined)
      marks.push({ attr: r.attr, rule: `rules/${r.attr}<${r.min}`, op: '<', threshold: r.min });
    if (r.max !== undefined)
      marks.push({ attr: r.attr, rule: `rules/${r.attr}>${r.max}`, op: '>', threshold: r.max });
  }
  return { source: 'config', marks: marks.sort(byAttrThenRule) };
}

/** The audit's current threshold per swept attribute. */
export function thresholdsFromAudit(audit: AuditRecord): Thresholds {
  const marks: ThresholdMark[] = [];
  for (const [attr, t] of Object.entries(audit.thresholds ?? {})) {
    const c = t?.current;
    if (!c || !OPS.includes(c.op) || typeof c.threshold !== 'number') continue;
    marks.push({
      attr,
      rule: typeof t.rule === 'string' ? t.rule : attr,
      op: c.op as Op,
      threshold: c.threshold,
    });
  }
  return { source: 'audit', marks: marks.sort(byAttrThenRule) };
}

/** True when a value fires the mark (the exempt value never does). */
export function fires(m: Pick<ThresholdMark, 'op' | 'threshold' | 'exempt'>, v: number): boolean {
  if (m.exempt !== undefined && v === m.exempt) return false;
  switch (m.op) {
    case '<':
      return v < m.threshold;
    case '<=':
      return v <= m.threshold;
    case '>':
      return v > m.threshold;
    case '>=':
      return v >= m.threshold;
  }
}
