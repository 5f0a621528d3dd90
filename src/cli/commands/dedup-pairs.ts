/**
 * The dedup audit's verbs, reached from `winnow sample --pairs DIR` and `winnow audit pairs`:
 * flags → options → flows/dedup-pairs.ts → a summary.
 */
import { auditPairs, samplePairs } from '../../flows/dedup-pairs.ts';
import { UsageError } from '../../errors.ts';
import { readOptions, type ReadFlags } from '../options.ts';
import type { Io } from '../io.ts';

export async function samplePairsCommand(
  a: ReadFlags & { pairs: string; shards: string[]; n: number; seed: number; out: string },
  io: Io,
): Promise<number> {
  const r = await samplePairs({
    clusters: a.pairs,
    inputs: a.shards,
    n: a.n,
    seed: a.seed,
    out: a.out,
    read: readOptions(a),
  });
  io.err(
    `winnow: ${r.sampled} of ${r.population} clustered (kept, removed) pairs in ${r.strata} strata → ${a.out}; label them with: winnow label ${a.out} -o labels.jsonl --serve\n`,
  );
  return 0;
}

const pct = (x: number): string => `${(100 * x).toFixed(1)} %`;

export async function auditPairsCommand(
  a: { labels?: string; strata?: string; labelField: string; alpha: number; out?: string },
  io: Io,
): Promise<number> {
  if (!a.labels) throw new UsageError('Expected `--labels FILE` (labeled pairs from winnow label)');
  const r = await auditPairs({
    labels: a.labels,
    labelField: a.labelField,
    alpha: a.alpha,
    ...(a.strata && { strata: a.strata }),
    out: a.out,
  });
  io.out(
    `false merges: ${r.notDuplicate} of ${r.labeled} labeled pairs; estimated ${pct(r.rate)} of ${r.population} clustered pairs ` +
      `(${pct(r.interval[0])}–${pct(r.interval[1])}, one-sided upper bound ${pct(r.upper)})\n` +
      `MinHash's Jaccard estimate minus the exact 5-gram Jaccard: mean ${r.jaccardBias.toFixed(3)}, mean absolute ${r.jaccardMeanAbsError.toFixed(3)}\n` +
      (r.skipped
        ? `${r.skipped} pair(s) without a duplicate/not_duplicate label were left out\n`
        : ''),
  );
  return 0;
}
