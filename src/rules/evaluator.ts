/**
 * A config compiled for scoring: filters (scorers + their datatrove rules) plus the config's extra
 * attribute rules. Every rule is asked on every document, so a drop carries all its reasons.
 */
import type { FilterConfig, AttrRule } from '../config/config.ts';
import { buildFilters } from '../config/config.ts';
import { createContext, lengthOf, type DocWhere } from '../scorers/context.ts';
import { scoreDocument } from '../scorers/registry.ts';
import type { Filter, FilterResources } from '../scorers/filter.ts';
import { decide } from './threshold.ts';
import type { Rule, Scored } from '../scorers/types.ts';

export interface Evaluation {
  readonly scored: Scored;
  /** Every fired reason, `<filter>/<reason>` (filters' rules first, in config order, then extra rules). */
  readonly reasons: string[];
  /** Python `len(text)`, code points (shared with the scorers that need it). */
  readonly chars: number;
}

export interface Evaluator {
  readonly filters: readonly Filter[];
  readonly rules: readonly Rule[];
  /** Scores one text and decides; `tokens` supplies token ids lazily when a scorer needs them. */
  evaluate(text: string, tokens?: () => Uint32Array | undefined, where?: DocWhere): Evaluation;
}

/** An extra `{attr, min, max}` rule. Reasons: `rules/<attr><min` and `rules/<attr>>max`. */
export function attrRules(spec: AttrRule): Rule[] {
  const out: Rule[] = [];
  const { attr, min, max } = spec;
  if (min !== undefined)
    out.push({
      reason: `rules/${attr}<${min}`,
      fires: (a) => a[attr] !== undefined && a[attr]! < min,
    });
  if (max !== undefined)
    out.push({
      reason: `rules/${attr}>${max}`,
      fires: (a) => a[attr] !== undefined && a[attr]! > max,
    });
  return out;
}

/** Compiles a resolved config. */
export function createEvaluator(config: FilterConfig, resources: FilterResources = {}): Evaluator {
  if (!config || !Array.isArray(config.filters) || !Array.isArray(config.rules)) {
    throw new TypeError(
      'Expected a resolved config {tokenizer, vocabulary, filters, rules}: make one with presetConfig(name), resolveConfig(object) or parseConfig(text)',
    );
  }
  const filters = buildFilters(config, resources);
  const rules = config.rules.flatMap((r) => ('attr' in r ? attrRules(r) : []));
  return {
    filters,
    rules,
    evaluate(text, tokens, where) {
      const ctx = createContext(text, { ...(tokens && { tokens }), ...(where && { where }) });
      const scored = scoreDocument(filters, ctx);
      const reasons = decide(filters, scored);
      for (const r of rules) if (r.fires(scored.attrs)) reasons.push(r.reason);
      return { scored, reasons, chars: lengthOf(ctx) };
    },
  };
}
