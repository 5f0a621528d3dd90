/**
 * What training reports about a screen, all computed from cross-fitted (out-of-fold) p_bad on the
 * training labels: ROC AUC with DeLong's interval, log-loss, a reliability table, precision /
 * recall / FDR by threshold, and the most aggressive threshold whose one-sided FDR upper bound
 * stays within budget by fixed-sequence testing over a grid fixed in advance (as the audit's
 * sweeps do). These are estimates on the training labels; dropping still needs an audit on a
 * fresh sample.
 */
import { delongAuc } from '../audit/delong.ts';
import { clopperPearsonUpper, wilsonInterval, type Interval } from '../audit/intervals.ts';
import { zeroFailureSampleSize } from '../audit/planner.ts';
import { selectThreshold, sweepCounts } from '../audit/sweep.ts';
import { logLoss } from './cv.ts';

/** The caveat every training number carries. */
export const CROSS_FIT_NOTE =
  'estimated on the training labels by cross-fitting; dropping still needs an audit on a fresh sample';

/** The fixed threshold grid on p_bad, strict → lenient: 0.99, 0.98, …, 0.01. */
export const THRESHOLD_GRID: readonly number[] = Array.from(
  { length: 99 },
  (_, i) => Math.round(99 - i) / 100,
);

export interface ThresholdRow {
  threshold: number;
  /** Labeled documents with p_bad ≥ threshold. */
  flagged: number;
  precision: number;
  recall: number;
  fdr: number;
  /** One-sided Clopper–Pearson upper bound of the FDR at 1 − α. */
  fdr_upper: number;
}

export interface ReliabilityBin {
  lo: number;
  hi: number;
  n: number;
  mean_p_bad: number;
  observed_bad: number;
}

export interface TrainMetrics {
  note: string;
  n: number;
  bad: number;
  good: number;
  auc: { estimate: number; lo: number; hi: number; se: number };
  log_loss: number;
  reliability: ReliabilityBin[];
  thresholds: ThresholdRow[];
  /** Most aggressive threshold whose FDR upper bound stays within max_fdr (null if none). */
  chosen: { max_fdr: number; alpha: number; threshold: number | null; row: ThresholdRow | null };
}

/** p_bad of the bad and of the good rows. */
function split(p: ArrayLike<number>, y: ArrayLike<number>): { bad: number[]; good: number[] } {
  const bad: number[] = [];
  const good: number[] = [];
  for (let i = 0; i < p.length; i++) (y[i] ? bad : good).push(p[i]!);
  return { bad, good };
}

/** Ten equal-width bins of predicted p_bad: mean prediction against the observed share of bad. */
export function reliabilityTable(
  p: ArrayLike<number>,
  y: ArrayLike<number>,
  bins = 10,
): ReliabilityBin[] {
  const n = new Array<number>(bins).fill(0);
  const sumP = new Array<number>(bins).fill(0);
  const bad = new Array<number>(bins).fill(0);
  for (let i = 0; i < p.length; i++) {
    const b = Math.min(bins - 1, Math.floor(p[i]! * bins));
    n[b]!++;
    sumP[b]! += p[i]!;
    bad[b]! += y[i]!;
  }
  return n.map((c, b) => ({
    lo: b / bins,
    hi: (b + 1) / bins,
    n: c,
    mean_p_bad: c ? sumP[b]! / c : Number.NaN,
    observed_bad: c ? bad[b]! / c : Number.NaN,
  }));
}

/** Precision of dropping the k highest-p_bad documents, with its Wilson interval (ties broken by row order). */
export function precisionAtDrops(
  p: ArrayLike<number>,
  y: ArrayLike<number>,
  k: number,
  alpha = 0.05,
): { precision: number; interval: Interval; drops: number } {
  const order = Array.from({ length: p.length }, (_, i) => i).sort(
    (a, b) => p[b]! - p[a]! || a - b,
  );
  const top = order.slice(0, k);
  const bad = top.reduce((s, i) => s + (y[i] ? 1 : 0), 0);
  return {
    precision: bad / top.length,
    interval: wilsonInterval(bad, top.length, alpha),
    drops: top.length,
  };
}

/** Every training metric from cross-fitted predictions. */
export function trainMetrics(
  p: ArrayLike<number>,
  y: ArrayLike<number>,
  options: { maxFdr: number; alpha?: number },
): TrainMetrics {
  const { maxFdr, alpha = 0.05 } = options;
  const { bad, good } = split(p, y);
  const auc = delongAuc(bad, good, alpha);
  const items = Array.from({ length: p.length }, (_, i) => ({ score: p[i]!, bad: y[i] === 1 }));
  const points = sweepCounts(items, THRESHOLD_GRID);
  const rows: ThresholdRow[] = points.map((q) => ({
    threshold: q.threshold,
    flagged: q.flagged,
    precision: q.tp / (q.tp + q.fp),
    recall: q.tp / (q.tp + q.fn),
    fdr: q.fp / (q.tp + q.fp),
    fdr_upper: q.flagged ? clopperPearsonUpper(q.flaggedGood, q.flagged, alpha) : 1,
  }));
  // The sequence starts at the first threshold that flags enough labeled documents to pass at all
  // (zero good among ⌈ln α / ln(1 − budget)⌉, 29 for 10 %): stricter thresholds can never pass, and
  // starting on one would end the sequence before it began. Which thresholds flag how many depends
  // on the scores only, not on the labels, so given the scores the order is still fixed before any
  // label is looked at, which is all fixed-sequence testing needs.
  const nMin = zeroFailureSampleSize(maxFdr, alpha);
  const first = points.findIndex((q) => q.flagged >= nMin);
  const tested = first < 0 ? [] : points.slice(first);
  const sel = selectThreshold(
    tested.map((q) => ({ threshold: q.threshold, n: q.flagged, good: q.flaggedGood })),
    { budget: maxFdr, alpha },
  );
  const index = sel.index >= 0 ? first + sel.index : -1;
  return {
    note: CROSS_FIT_NOTE,
    n: p.length,
    bad: bad.length,
    good: good.length,
    auc: { estimate: auc.auc, lo: auc.interval[0], hi: auc.interval[1], se: auc.se },
    log_loss: logLoss(p, y),
    reliability: reliabilityTable(p, y),
    thresholds: rows,
    chosen: {
      max_fdr: maxFdr,
      alpha,
      threshold: sel.threshold ?? null,
      row: index >= 0 ? rows[index]! : null,
    },
  };
}
