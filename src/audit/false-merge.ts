/**
 * The dedup audit's statistic: the false-merge rate, the share of (kept, removed) pairs MinHash
 * clustered that people judge not duplicates, estimated from a stratified sample of pairs
 * (stratified proportion over the strata's exact pair counts, Korn–Graubard interval, the
 * one-sided upper bound as the gating claim), and how MinHash's Jaccard estimate compares with
 * the exact 5-gram Jaccard of each labeled pair.
 *
 * Finite population: pairs are drawn without replacement from strata of known size, so the
 * variance carries each stratum's (1 − n_h/N_h), and the interval is clipped to what the labels
 * prove whatever the unlabeled pairs are: at least the labeled false merges, at most those plus
 * every unlabeled pair. A census (every pair labeled) is exact: the interval is the rate itself.
 */
import { kornGraubardInterval, type Interval } from './intervals.ts';
import { stratifiedProportion } from './stratified.ts';

export interface LabeledPair {
  readonly stratum: string;
  /** True when the person judged the two documents not duplicates. */
  readonly notDuplicate: boolean;
  readonly jaccard: number;
  readonly minhashJaccard: number;
}

export interface FalseMergeEstimate {
  /** Estimated share of all clustered pairs that are false merges. */
  readonly rate: number;
  readonly interval: Interval;
  /** One-sided 1 − alpha upper bound. */
  readonly upper: number;
  readonly labeled: number;
  readonly notDuplicate: number;
  readonly population: number;
  /** Every pair of every stratum was labeled: the rate is exact, not estimated. */
  readonly census: boolean;
  readonly strata: readonly {
    stratum: string;
    size: number;
    labeled: number;
    notDuplicate: number;
  }[];
  /** Mean of MinHash's estimate − the exact Jaccard, and of its absolute value, over labeled pairs. */
  readonly jaccardBias: number;
  readonly jaccardMeanAbsError: number;
}

/**
 * The estimate from labeled pairs and every stratum's population size (strata without labels
 * make it NaN, as an unlabeled stratum's share is unknown).
 */
export function falseMergeRate(
  pairs: readonly LabeledPair[],
  sizes: ReadonlyMap<string, number>,
  alpha = 0.05,
): FalseMergeEstimate {
  const by = new Map<string, { labeled: number; notDuplicate: number }>();
  for (const p of pairs) {
    if (!sizes.has(p.stratum))
      throw new RangeError(
        `a labeled pair is in stratum ${JSON.stringify(p.stratum)}, which the strata file does not list`,
      );
    const s = by.get(p.stratum) ?? { labeled: 0, notDuplicate: 0 };
    s.labeled++;
    if (p.notDuplicate) s.notDuplicate++;
    by.set(p.stratum, s);
  }
  const strata = [...sizes].map(([stratum, size]) => ({
    stratum,
    size,
    labeled: by.get(stratum)?.labeled ?? 0,
    notDuplicate: by.get(stratum)?.notDuplicate ?? 0,
  }));
  const est = stratifiedProportion(
    strata
      .filter((s) => s.size > 0)
      .map((s) => ({ size: s.size, n: s.labeled, x: s.notDuplicate })),
  );
  const ok = Number.isFinite(est.estimate) && Number.isFinite(est.variance);
  const diffs = pairs.map((p) => p.minhashJaccard - p.jaccard);
  const population = strata.reduce((s, x) => s + x.size, 0);
  const notDuplicate = pairs.filter((p) => p.notDuplicate).length;
  const unlabeled = strata.reduce((s, x) => s + Math.max(0, x.size - x.labeled), 0);
  // What the labels prove with no model of the unlabeled pairs.
  const floor = population ? notDuplicate / population : 0;
  const ceiling = population ? (notDuplicate + unlabeled) / population : 1;
  const clip = ([lo, hi]: Interval): Interval => [
    Math.min(Math.max(lo, floor), ceiling),
    Math.max(Math.min(hi, ceiling), floor),
  ];
  const interval = clip(ok ? kornGraubardInterval(est, alpha, 'two') : [0, 1]);
  const upper = clip([0, ok ? kornGraubardInterval(est, alpha, 'upper')[1] : 1])[1];
  return {
    rate: est.estimate,
    interval,
    upper,
    labeled: pairs.length,
    notDuplicate,
    population,
    census: population > 0 && unlabeled === 0,
    strata,
    jaccardBias: diffs.length ? diffs.reduce((s, d) => s + d, 0) / diffs.length : Number.NaN,
    jaccardMeanAbsError: diffs.length
      ? diffs.reduce((s, d) => s + Math.abs(d), 0) / diffs.length
      : Number.NaN,
  };
}
