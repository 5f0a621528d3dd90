/**
 * Threshold sweeps for a continuous score (audit-methods.md §5): weighted confusion counts at each
 * threshold (ROC and PR curves), and the most lenient threshold whose FDR upper bound stays within
 * budget by fixed-sequence testing (Learn-then-Test): no Bonferroni correction is needed because
 * the grid is fixed in advance and testing stops at the first failure.
 *
 * A document is flagged when score ≥ threshold; higher scores mean "more likely bad".
 */
import { incompleteBeta } from './beta.ts';
import type { Confusion } from './confusion.ts';
import type { ScoredLabel } from './delong.ts';

/** Confusion at one threshold: weighted cells plus the unweighted labeled counts among flagged items. */
export interface SweepPoint extends Confusion {
  threshold: number;
  /** Labeled items flagged at this threshold (unweighted). */
  flagged: number;
  /** Good items among them (unweighted): the x of the fixed-sequence test. */
  flaggedGood: number;
}

/**
 * Confusion counts at every distinct score (or at the given thresholds), strict → lenient (high
 * threshold first). Under stratified samples weights are 1/π_i, so the cells estimate corpus counts.
 */
export function sweepCounts(
  items: readonly ScoredLabel[],
  thresholds?: readonly number[],
): SweepPoint[] {
  const sorted = [...items].sort((a, b) => b.score - a.score);
  const grid = thresholds
    ? [...thresholds].sort((a, b) => b - a)
    : [...new Set(sorted.map((it) => it.score))];
  let totalBad = 0;
  let totalGood = 0;
  for (const it of items) {
    if (it.bad) totalBad += it.weight ?? 1;
    else totalGood += it.weight ?? 1;
  }
  const points: SweepPoint[] = [];
  let k = 0;
  let tp = 0;
  let fp = 0;
  let flagged = 0;
  let flaggedGood = 0;
  for (const threshold of grid) {
    while (k < sorted.length && (sorted[k] as ScoredLabel).score >= threshold) {
      const it = sorted[k] as ScoredLabel;
      const w = it.weight ?? 1;
      flagged++;
      if (it.bad) tp += w;
      else {
        fp += w;
        flaggedGood++;
      }
      k++;
    }
    points.push({ threshold, tp, fp, fn: totalBad - tp, tn: totalGood - fp, flagged, flaggedGood });
  }
  return points;
}

/** ROC curve points (FPR, TPR) from a sweep, starting at (0, 0). ROC does not depend on prevalence. */
export function rocCurve(
  points: readonly SweepPoint[],
): { fpr: number; tpr: number; threshold: number }[] {
  const curve = [{ fpr: 0, tpr: 0, threshold: Infinity }];
  for (const p of points)
    curve.push({ fpr: p.fp / (p.fp + p.tn), tpr: p.tp / (p.tp + p.fn), threshold: p.threshold });
  return curve;
}

/** Precision–recall points from a sweep (precision NaN where nothing is flagged). PR depends on prevalence. */
export function prCurve(
  points: readonly SweepPoint[],
): { recall: number; precision: number; threshold: number }[] {
  return points.map((p) => ({
    recall: p.tp / (p.tp + p.fn),
    precision: p.tp / (p.tp + p.fp),
    threshold: p.threshold,
  }));
}

/**
 * p-value of H0: FDR > budget given `good` of `n` flagged labels: P(Bin(n, budget) ≤ good) =
 * I_{1−budget}(n − good, good + 1). p ≤ α exactly when the one-sided CP upper bound ≤ budget.
 * n = 0 gives 1 (no evidence).
 */
export function fdrTestPValue(good: number, n: number, budget: number): number {
  if (!(budget > 0 && budget < 1))
    throw new RangeError(`Expected \`budget\` to be between 0 and 1, got ${budget}`);
  if (!(good >= 0 && good <= n))
    throw new RangeError(`Expected \`good\` between 0 and n = ${n}, got ${good}`);
  if (good >= n) return 1;
  return incompleteBeta(1 - budget, n - good, good + 1);
}

/**
 * Fixed-sequence testing over a grid ordered strict → lenient: the index of the last candidate in
 * the unbroken run of passes from the start, −1 when the first fails. Later passes after a failure
 * do not count: that is what keeps the family-wise error at α.
 */
export function fixedSequence<T>(
  ordered: readonly T[],
  passes: (candidate: T, index: number) => boolean,
): number {
  let last = -1;
  for (let i = 0; i < ordered.length; i++) {
    if (!passes(ordered[i] as T, i)) break;
    last = i;
  }
  return last;
}

export interface ThresholdTest {
  threshold: number;
  n: number;
  good: number;
  pValue: number;
  pass: boolean;
}

/**
 * Maximize recall subject to UCB(FDR) ≤ budget: tests each threshold of a fixed grid (strict →
 * lenient) with the exact binomial p-value at level α and keeps the last threshold before the first
 * failure (`threshold` undefined if none passes). For a simple random or token-PPS labeled pool;
 * for stratified samples, run fixedSequence with a Korn–Graubard upper bound (approximate).
 * Tests after the first failure are reported but marked as not passing.
 */
export function selectThreshold(
  grid: readonly { threshold: number; n: number; good: number }[],
  options: { budget: number; alpha?: number },
): { threshold: number | undefined; index: number; tests: ThresholdTest[] } {
  const { budget, alpha = 0.05 } = options;
  const pValues = grid.map((c) => fdrTestPValue(c.good, c.n, budget));
  const index = fixedSequence(pValues, (p) => p <= alpha);
  const tests = grid.map((c, i) => ({ ...c, pValue: pValues[i] as number, pass: i <= index }));
  return {
    threshold: index >= 0 ? (grid[index] as { threshold: number }).threshold : undefined,
    index,
    tests,
  };
}
