/**
 * What the dedup filters (minhash, exact) share: a document is looked up by its shard and line
 * in what a dedup run wrote (loaded at the edge, fetched on first use), and a duplicate fires
 * `<name>/duplicate` on `<name>.is_duplicate`. Text scored without a place is not scored.
 */
import type { DocContext, Scored } from './types.ts';
import type { Filter } from './filter.ts';
import { thresholdRule } from '../rules/threshold.ts';
import { whereOf } from './context.ts';

export const NOT_SCORED: Scored = { attrs: {}, spans: {} };

export function dedupFilter<I>(spec: {
  name: string;
  options: Readonly<Record<string, unknown>>;
  /** The loaded index (called on first use: configs are also resolved where nothing is scored). */
  index: () => I;
  score: (index: I, shard: string, line: number) => Scored;
  keys: readonly string[];
  spanKeys: readonly string[];
}): Filter {
  let index: I | undefined;
  return {
    name: spec.name,
    options: spec.options,
    scorer: {
      name: spec.name,
      score: (ctx: DocContext) => {
        const where = whereOf(ctx);
        return where ? spec.score((index ??= spec.index()), where.shard, where.line) : NOT_SCORED;
      },
    },
    rules: [thresholdRule(`${spec.name}/duplicate`, `${spec.name}.is_duplicate`, '>', 0)],
    keys: spec.keys,
    spanKeys: spec.spanKeys,
  };
}
