/**
 * The dedup audit's verbs, reached from `winnow sample --pairs DIR` and `winnow audit pairs`:
 * flags → options → flows/dedup-pairs.ts → a summary.
 */
import { auditPairs, auditPairsSummary, samplePairs } from '../../flows/dedup-pairs.ts';
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
  io.out(auditPairsSummary(r));
  return 0;
}
