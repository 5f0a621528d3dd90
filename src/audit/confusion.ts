/**
 * Confusion-matrix metrics with positive = bad = dropped (audit-methods.md §1). These estimate
 * corpus metrics only when the labels are a simple random sample; stratified samples go through
 * stratified.ts. Token weighting replaces every count by the tokens in its cell.
 */
import {
  binomialInterval,
  clopperPearsonUpper,
  type Interval,
  type IntervalMethod,
} from './intervals.ts';

/** Counts (or weights: tokens, 1/π_i) in the four cells. tp = dropped ∧ bad, fp = dropped ∧ good. */
export interface Confusion {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

/** A labeled decision: `bad` is 0/1 or the bad share of the document's tokens in [0, 1]. */
export interface LabeledDecision {
  dropped: boolean;
  bad: number | boolean;
  /** Weight of the item (tokens for token metrics); default 1. */
  weight?: number | undefined;
}

/** Sums a confusion matrix; with weights = tokens this is sklearn's `confusion_matrix(y, d, sample_weight=ℓ)`. */
export function confusionOf(items: Iterable<LabeledDecision>): Confusion {
  const c: Confusion = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (const item of items) {
    const y = typeof item.bad === 'boolean' ? (item.bad ? 1 : 0) : item.bad;
    if (!(y >= 0 && y <= 1))
      throw new RangeError(
        `Expected \`bad\` to be a boolean or a share in [0, 1], got ${item.bad}`,
      );
    const w = item.weight ?? 1;
    if (!(w >= 0)) throw new RangeError(`Expected \`weight\` to be ≥ 0, got ${w}`);
    // A fractional label splits the item's weight between the bad and the good cell.
    if (item.dropped) {
      c.tp += w * y;
      c.fp += w * (1 - y);
    } else {
      c.fn += w * y;
      c.tn += w * (1 - y);
    }
  }
  return c;
}

/** Point metrics. A ratio whose denominator is 0 is NaN, except MCC, which is 0 then (as sklearn). */
export interface ConfusionMetrics {
  /** PPV = TP/(TP+FP), precision of the drops. */
  precision: number;
  /** FDR = FP/(TP+FP) = 1 − precision: the share of dropped documents that were good. */
  fdr: number;
  /** TPR = TP/(TP+FN). */
  recall: number;
  /** FPR = FP/(FP+TN): the share of good documents that were dropped. */
  fpr: number;
  /** TN/(FP+TN) = 1 − FPR. */
  specificity: number;
  /** NPV = TN/(TN+FN). */
  npv: number;
  /** FOR = FN/(FN+TN) = 1 − NPV: the residual bad rate in the kept set. */
  for: number;
  /** 2TP/(2TP+FP+FN). */
  f1: number;
  /** Matthews correlation coefficient, −1..1. */
  mcc: number;
  /** (TP+TN)/n. */
  accuracy: number;
  /** Bad share of the sample, (TP+FN)/n. */
  prevalence: number;
  /** TP+FP+FN+TN. */
  n: number;
}

/** Precision, FDR, recall, FPR, specificity, NPV, FOR, F1, MCC, accuracy and prevalence of a confusion matrix. */
export function confusionMetrics(c: Confusion): ConfusionMetrics {
  const { tp, fp, fn, tn } = c;
  const n = tp + fp + fn + tn;
  return {
    precision: tp / (tp + fp),
    fdr: fp / (tp + fp),
    recall: tp / (tp + fn),
    fpr: fp / (fp + tn),
    specificity: tn / (fp + tn),
    npv: tn / (tn + fn),
    for: fn / (fn + tn),
    f1: fBeta(c, 1),
    mcc: matthews(c),
    accuracy: (tp + tn) / n,
    prevalence: (tp + fn) / n,
    n,
  };
}

/** F_β = (1+β²)TP/((1+β²)TP + β²FN + FP); NaN when all of TP, FN, FP are 0. */
export function fBeta(c: Confusion, beta: number): number {
  const b2 = beta * beta;
  return ((1 + b2) * c.tp) / ((1 + b2) * c.tp + b2 * c.fn + c.fp);
}

/** MCC = (TP·TN − FP·FN)/√((TP+FP)(TP+FN)(TN+FP)(TN+FN)); 0 when any margin is 0 (sklearn's choice). */
export function matthews(c: Confusion): number {
  const { tp, fp, fn, tn } = c;
  const margins = [tp + fp, tp + fn, tn + fp, tn + fn];
  if (margins.some((m) => m === 0)) return 0;
  // Multiply square roots pairwise: the product of four token-weighted margins can overflow.
  const denom = Math.sqrt(margins[0]! * margins[1]!) * Math.sqrt(margins[2]! * margins[3]!);
  return (tp * tn - fp * fn) / denom;
}

/** A proportion with its shown interval and the one-sided Clopper–Pearson upper bound used for gating. */
export interface ProportionSummary {
  estimate: number;
  /** Successes and trials behind it. */
  x: number;
  n: number;
  /** Two-sided interval (Wilson unless asked otherwise). */
  interval: Interval;
  /** One-sided (1−α) Clopper–Pearson upper bound. */
  upper: number;
}

export type ProportionMetric =
  'precision' | 'fdr' | 'recall' | 'fpr' | 'specificity' | 'npv' | 'for' | 'accuracy';

/** Numerator and denominator of each proportion metric. */
const PARTS: Record<ProportionMetric, (c: Confusion) => [number, number]> = {
  precision: (c) => [c.tp, c.tp + c.fp],
  fdr: (c) => [c.fp, c.tp + c.fp],
  recall: (c) => [c.tp, c.tp + c.fn],
  fpr: (c) => [c.fp, c.fp + c.tn],
  specificity: (c) => [c.tn, c.fp + c.tn],
  npv: (c) => [c.tn, c.tn + c.fn],
  for: (c) => [c.fn, c.fn + c.tn],
  accuracy: (c) => [c.tp + c.tn, c.tp + c.fp + c.fn + c.tn],
};

/**
 * Every proportion metric of a simple random sample with its interval (Wilson by default) and its
 * one-sided CP upper bound at α. Counts must be label counts, not token weights: a binomial
 * interval on token sums is meaningless (use token-PPS labels or the stratified ratio estimators).
 * A metric with an empty denominator has estimate NaN and interval [0, 1].
 */
export function confusionIntervals(
  c: Confusion,
  options: { alpha?: number; method?: IntervalMethod } = {},
): Record<ProportionMetric, ProportionSummary> {
  const { alpha = 0.05, method = 'wilson' } = options;
  const out = {} as Record<ProportionMetric, ProportionSummary>;
  for (const metric of Object.keys(PARTS) as ProportionMetric[]) {
    const [x, n] = PARTS[metric](c);
    out[metric] = {
      estimate: x / n,
      x,
      n,
      interval: binomialInterval(x, n, { method, alpha }),
      upper: n === 0 ? 1 : clopperPearsonUpper(x, n, alpha),
    };
  }
  return out;
}
