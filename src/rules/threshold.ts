/**
 * Thresholds as data: a rule over one attribute that fires when `attr <op> threshold`. Filters
 * build their datatrove checks from these, and the audit sweeps the same rules over stored scores.
 */
import type { Rule, Scored } from '../scorers/types.ts';

/** Comparison of a threshold rule: the rule fires when `attr <op> threshold`. */
export type Op = '<' | '<=' | '>' | '>=';

/** A rule that is plain data over one attribute, so thresholds can be swept over stored scores. */
export interface ThresholdRule extends Rule {
  /** The full attribute key, `<filter>.<key>`. */
  readonly attr: string;
  readonly op: Op;
  readonly threshold: number;
  /** A value that never fires (FineWeb's `line_punct_exclude_zero`: a ratio of exactly 0 is exempt). */
  readonly exempt?: number;
}

/** True when `v <op> threshold`. */
export function compare(v: number, op: Op, threshold: number): boolean {
  switch (op) {
    case '<':
      return v < threshold;
    case '<=':
      return v <= threshold;
    case '>':
      return v > threshold;
    case '>=':
      return v >= threshold;
  }
}

/** A ThresholdRule; an absent attribute (not computable, e.g. a division by zero in datatrove) never fires. */
export function thresholdRule(
  reason: string,
  attr: string,
  op: Op,
  threshold: number,
  exempt?: number,
): ThresholdRule {
  const fires = (attrs: Readonly<Record<string, number>>): boolean => {
    const v = attrs[attr];
    if (v === undefined || v === exempt) return false;
    return compare(v, op, threshold);
  };
  return exempt === undefined
    ? { reason, attr, op, threshold, fires }
    : { reason, attr, op, threshold, exempt, fires };
}

/** A ThresholdRule when the threshold is set, none when the option is null (the rule is off). */
export function optionalRule(
  reason: string,
  attr: string,
  op: Op,
  threshold: number | null,
): ThresholdRule[] {
  return threshold === null ? [] : [thresholdRule(reason, attr, op, threshold)];
}

/** True for rules that are threshold data (the audit can sweep them). */
export const isThresholdRule = (r: Rule): r is ThresholdRule =>
  typeof (r as ThresholdRule).attr === 'string' &&
  typeof (r as ThresholdRule).op === 'string' &&
  typeof (r as ThresholdRule).threshold === 'number';

/** Every rule of every filter is asked (no short-circuit); returns the reasons that fired, in rule order. */
export function decide(
  filters: readonly { readonly rules: readonly Rule[] }[],
  scored: Scored,
): string[] {
  const reasons: string[] = [];
  for (const f of filters)
    for (const r of f.rules) if (r.fires(scored.attrs)) reasons.push(r.reason);
  return reasons;
}
