/**
 * exact: exact duplicates from `winnow dedup exact -o DIR`. A later copy of a document (same
 * normalised text) fires `exact/duplicate`; duplicate paragraphs come out as the span set
 * `exact.duplicate_paragraphs` (score 1) for a span rule, e.g.
 * `{ spans: exact.duplicate_paragraphs, action: remove, max_removed_fraction: 0.5 }`.
 * Attributes: `is_duplicate`, `duplicate_paragraphs` (count). Like minhash, documents are known
 * by shard and line; documents of shards the dedup run did not see are not scored.
 */
import type { Scored } from './types.ts';
import type { Filter } from './filter.ts';
import type { Span } from '../document.ts';
import { defineOptions, type OptionSpec, type OptionsOf } from '../config/options.ts';
import { dedupFilter, NOT_SCORED } from './dedup-filter.ts';
import { exactIndexFor } from '../dedup/cluster-index.ts';
import { exactKey, type ExactIndex } from '../formats/exact.ts';

const NAME = 'exact';

/** `dir`: the output folder (or s3:// prefix) of `winnow dedup exact`. */
export const EXACT_OPTIONS = defineOptions(NAME, {
  dir: {
    default: '',
    expected: 'the output folder of `winnow dedup exact` (a path or s3://)',
    accepts: (v: unknown) => typeof v === 'string' && v !== '',
  } as OptionSpec<string>,
});
export type ExactOptions = OptionsOf<typeof EXACT_OPTIONS>;

export function scoreExact(index: ExactIndex, shard: string, line: number): Scored {
  if (!index.names.has(shard)) return NOT_SCORED;
  const f = index.findings.get(exactKey(shard, line));
  const spans: Span[] = (f?.paragraphs ?? []).map(([s, e]) => [s, e, 1] as const);
  return {
    attrs: { is_duplicate: f?.duplicateOf ? 1 : 0, duplicate_paragraphs: spans.length },
    spans: { duplicate_paragraphs: spans },
  };
}

export function exact(options: Readonly<Record<string, unknown>> = {}): Filter {
  const o = EXACT_OPTIONS.resolve(options);
  return dedupFilter({
    name: NAME,
    options: o,
    index: () => exactIndexFor(o.dir),
    score: scoreExact,
    keys: ['is_duplicate', 'duplicate_paragraphs'],
    spanKeys: ['duplicate_paragraphs'],
  });
}
