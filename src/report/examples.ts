/**
 * Which dropped documents the report shows. Many documents fire several rules, so "the first k of
 * each rule" would show the same few documents under every rule. Instead: the loader collects the
 * first `k × CANDIDATE_DEPTH` documents of each rule in shard order, and each rule, most hits
 * first, takes its first k candidates that no earlier rule took, then fills up with shared ones.
 * Deterministic: the same run gives the same examples.
 */
import type { Stats } from '../stats/stats.ts';
import type { Excerpt } from './excerpt.ts';

/** One dropped document chosen as an example (its text reduced to an excerpt). */
export interface ExampleDoc {
  /** The record's id field, or null when it has none. */
  id: string | null;
  /** The input shard it came from. */
  shard: string;
  /** Where the record is: the dropped file (relative to the run directory) and its 1-based line. */
  file: string;
  line: number;
  reasons: string[];
  /** Spans per name in the whole document (counts). */
  span_counts: Record<string, number>;
  excerpt: Excerpt;
}

/** Candidates read per wanted example. */
export const CANDIDATE_DEPTH = 4;

/** Rules in report order: most hits first, then by name. */
export const rulesByHits = (rules: Stats['rules']): string[] =>
  Object.keys(rules).sort(
    (a, b) => rules[b]!.hits - rules[a]!.hits || (a < b ? -1 : a > b ? 1 : 0),
  );

const keyOf = (d: ExampleDoc) => `${d.file}\n${d.line}`;

/** Up to `k` examples per rule from its candidates (in shard order), preferring documents no earlier rule shows. */
export function chooseExamples(
  candidates: Readonly<Record<string, readonly ExampleDoc[]>>,
  order: readonly string[],
  k: number,
): Record<string, ExampleDoc[]> {
  const taken = new Set<string>();
  const out: Record<string, ExampleDoc[]> = {};
  for (const rule of order) {
    const list = candidates[rule] ?? [];
    const fresh = list.filter((d) => !taken.has(keyOf(d))).slice(0, k);
    const picked = new Set(fresh);
    for (const d of list) if (picked.size < k && !picked.has(d)) picked.add(d);
    const chosen = list.filter((d) => picked.has(d));
    for (const d of fresh) taken.add(keyOf(d));
    if (chosen.length) out[rule] = chosen;
  }
  return out;
}
