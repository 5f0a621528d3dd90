/**
 * The report's dedup section, for a run with a `minhash` filter: the cluster-size distribution,
 * the largest clusters with an excerpt of the document each keeps, and the LSH S-curve
 * P(candidate | Jaccard s) = 1 − (1 − s^r)^b of the run's b buckets × r hashes. Pure: the
 * clusters come in as values (load-dedup.ts reads them).
 */
import { round6 } from './format.ts';

/** What the loader read from the clusters folder a minhash filter names. */
export interface DedupInput {
  /** The folder (or s3:// prefix) of `winnow dedup minhash`. */
  source: string;
  /** The MinHash config's name, as every stage file's header says. */
  config: string;
  buckets: number;
  hashes_per_bucket: number;
  /** Documents in some cluster (size ≥ 2), clusters, members removed. */
  documents: number;
  clusters: number;
  removed: number;
  /** Cluster size → number of clusters. */
  sizes: Readonly<Record<string, number>>;
  /** The largest clusters, largest first, with the kept document's place and an excerpt of it (null when its text was not read). */
  largest: { cluster: number; size: number; shard: string; line: number; excerpt: string | null }[];
  /** Measured share of planted pairs detected per Jaccard level, when known (a planted corpus). */
  detected?: { jaccard: number; pairs: number; detected: number }[];
}

export interface DedupSummary {
  source: string;
  config: string;
  documents: number;
  clusters: number;
  removed: number;
  /** One row per cluster size, ascending: clusters of that size and the documents in them. */
  sizes: { size: number; clusters: number; documents: number }[];
  largest: DedupInput['largest'];
  s_curve: {
    buckets: number;
    hashes_per_bucket: number;
    /** The Jaccard at which a pair becomes a candidate with probability ½: (1 − 2^(−1/b))^(1/r). */
    midpoint: number;
    points: { jaccard: number; probability: number }[];
    /** Measured shares beside the curve's value at the same Jaccard; empty when unknown. */
    detected: { jaccard: number; pairs: number; share: number; expected: number }[];
  };
}

/** P(a pair of Jaccard s shares at least one of b buckets of r hashes) = 1 − (1 − s^r)^b. */
export const candidateProbability = (s: number, r: number, b: number): number =>
  1 - (1 - s ** r) ** b;

/** Jaccard levels the curve is tabulated at. */
export const CURVE_STEPS = 20;

export function dedupSummary(d: DedupInput): DedupSummary {
  const r = d.hashes_per_bucket;
  const b = d.buckets;
  const sizes = Object.entries(d.sizes)
    .map(([k, clusters]) => ({ size: Number(k), clusters, documents: Number(k) * clusters }))
    .sort((x, y) => x.size - y.size);
  const points = Array.from({ length: CURVE_STEPS + 1 }, (_, i) => {
    const s = i / CURVE_STEPS;
    return { jaccard: round6(s), probability: round6(candidateProbability(s, r, b)) };
  });
  const detected = (d.detected ?? []).map((x) => ({
    jaccard: x.jaccard,
    pairs: x.pairs,
    share: x.pairs ? round6(x.detected / x.pairs) : 0,
    expected: round6(candidateProbability(x.jaccard, r, b)),
  }));
  return {
    source: d.source,
    config: d.config,
    documents: d.documents,
    clusters: d.clusters,
    removed: d.removed,
    sizes,
    largest: d.largest,
    s_curve: {
      buckets: b,
      hashes_per_bucket: r,
      midpoint: round6((1 - 2 ** (-1 / b)) ** (1 / r)),
      points,
      detected,
    },
  };
}
