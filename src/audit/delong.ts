/**
 * AUC with DeLong's variance (audit-methods.md §5), in O(n log n) with midranks (Sun & Xu 2014).
 * AUC = P(s_bad > s_good) + ½ P(tie): use it to compare rankers, never to pick a threshold.
 */
import { logitInterval, type Interval } from './intervals.ts';

export interface AucEstimate {
  auc: number;
  /** DeLong variance S10/n1 + S01/n0 (n−1 denominators); NaN with fewer than 2 items in a class. */
  variance: number;
  se: number;
  /** logit(AUC) ± z·SE/(AUC(1−AUC)), back-transformed; the point itself at AUC = 0 or 1. */
  interval: Interval;
}

/** 1-based midranks of values (ties share the mean of their ranks). */
function midranks(values: readonly number[]): Float64Array {
  const order = values
    .map((_, i) => i)
    .sort((i, j) => (values[i] as number) - (values[j] as number));
  const ranks = new Float64Array(values.length);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && values[order[j + 1] as number] === values[order[i] as number])
      j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k] as number] = rank;
    i = j + 1;
  }
  return ranks;
}

function varianceOf(xs: Float64Array): number {
  let m = 0;
  for (const x of xs) m += x;
  m /= xs.length;
  let s = 0;
  for (const x of xs) s += (x - m) ** 2;
  return s / (xs.length - 1);
}

/**
 * DeLong AUC of scores for bad items (should score high) against good items, with its variance
 * and a logit-scale interval at level 1 − α. NaN AUC when either class is empty.
 */
export function delongAuc(
  badScores: readonly number[],
  goodScores: readonly number[],
  alpha = 0.05,
): AucEstimate {
  const n1 = badScores.length;
  const n0 = goodScores.length;
  if (n1 === 0 || n0 === 0)
    return { auc: Number.NaN, variance: Number.NaN, se: Number.NaN, interval: [0, 1] };
  const all = midranks([...badScores, ...goodScores]);
  const withinBad = midranks(badScores);
  const withinGood = midranks(goodScores);
  // V10_i: share of good items below bad item i (ties count ½); V01_j: share of bad items above good item j.
  const v10 = new Float64Array(n1);
  const v01 = new Float64Array(n0);
  let auc = 0;
  for (let i = 0; i < n1; i++) {
    v10[i] = ((all[i] as number) - (withinBad[i] as number)) / n0;
    auc += v10[i] as number;
  }
  auc /= n1;
  for (let j = 0; j < n0; j++)
    v01[j] = 1 - ((all[n1 + j] as number) - (withinGood[j] as number)) / n1;
  const variance = n1 > 1 && n0 > 1 ? varianceOf(v10) / n1 + varianceOf(v01) / n0 : Number.NaN;
  const se = Math.sqrt(variance);
  return { auc, variance, se, interval: logitInterval(auc, se, alpha) };
}

/** A scored, labeled item; weight = 1/π_i under stratified sampling (default 1). */
export interface ScoredLabel {
  score: number;
  bad: boolean;
  weight?: number | undefined;
}

/**
 * Weighted AUC Σ_i Σ_j w_i w_j ψ(s_i, s_j)/(Σ w_bad Σ w_good), the corpus AUC under a stratified
 * sample. Its interval comes from the stratified bootstrap (bootstrap.ts), not DeLong.
 */
export function weightedAuc(items: readonly ScoredLabel[]): number {
  const sorted = [...items].sort((a, b) => a.score - b.score);
  let goodBelow = 0;
  let totalBad = 0;
  let sum = 0;
  for (let i = 0; i < sorted.length;) {
    // One block of tied scores: bad items in it see the good items below and half the tied good ones.
    let j = i;
    let tiedGood = 0;
    let tiedBad = 0;
    while (
      j < sorted.length &&
      (sorted[j] as ScoredLabel).score === (sorted[i] as ScoredLabel).score
    ) {
      const it = sorted[j] as ScoredLabel;
      const w = it.weight ?? 1;
      if (it.bad) tiedBad += w;
      else tiedGood += w;
      j++;
    }
    sum += tiedBad * (goodBelow + tiedGood / 2);
    goodBelow += tiedGood;
    totalBad += tiedBad;
    i = j;
  }
  return sum / (totalBad * goodBelow);
}
