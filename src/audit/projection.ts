/**
 * Projection to corpus scale (audit-methods.md §3 "Bayes", §4). D, K, L_D and L_K are exact counts
 * from the stats, so a proportion's interval scales: good documents dropped ∈ [D·lo, D·hi].
 * Never project through prevalence × FPR: condition on the exact flag counts.
 */
import type { Interval } from './intervals.ts';
import { normalUpperQuantile } from './normal.ts';

/** A proportion (or a count) with its interval. */
export interface Projected {
  estimate: number;
  interval: Interval;
}

/** Scales a proportion and its interval by an exact count: FP̂ = D·FDR̂ ∈ [D·lo, D·hi]. */
export function scaleByCount(count: number, rate: Projected): Projected {
  if (!(count >= 0)) throw new RangeError(`Expected \`count\` to be ≥ 0, got ${count}`);
  return { estimate: count * rate.estimate, interval: [count * rate.interval[0], count * rate.interval[1]] };
}

/** Exact corpus counts from all shards: documents and tokens dropped and kept. */
export interface CorpusCounts {
  dropped: number;
  kept: number;
  droppedTokens: number;
  keptTokens: number;
}

/** Measured rates (KG or CP intervals of domain proportions); any may be missing. */
export interface MeasuredRates {
  fdr?: Projected | undefined;
  tokenFdr?: Projected | undefined;
  for?: Projected | undefined;
  tokenFor?: Projected | undefined;
}

/** What the filter costs at corpus scale; a field is absent when its rate was not measured. */
export interface CorpusProjection {
  /** D·FDR. */
  goodDocsDropped?: Projected;
  /** L_D·token-FDR. */
  goodTokensLost?: Projected;
  /** K·FOR. */
  badDocsKept?: Projected;
  /** L_K·token-FOR. */
  badTokensKept?: Projected;
}

/** Good documents dropped = D·FDR, good tokens lost = L_D·token-FDR, bad kept = K·FOR, bad tokens kept = L_K·token-FOR. */
export function projectCorpus(counts: CorpusCounts, rates: MeasuredRates): CorpusProjection {
  const out: CorpusProjection = {};
  if (rates.fdr) out.goodDocsDropped = scaleByCount(counts.dropped, rates.fdr);
  if (rates.tokenFdr) out.goodTokensLost = scaleByCount(counts.droppedTokens, rates.tokenFdr);
  if (rates.for) out.badDocsKept = scaleByCount(counts.kept, rates.for);
  if (rates.tokenFor) out.badTokensKept = scaleByCount(counts.keptTokens, rates.tokenFor);
  return out;
}

/**
 * Log-normal interval T̂·exp(±z·SE/T̂) for an estimated total (stratified sums of totals, e.g.
 * good tokens lost from doc-sampled labels). T̂ ≤ 0 gives [0, 0] when SE is 0, else [0, ∞).
 */
export function logNormalInterval(total: number, se: number, alpha = 0.05): Interval {
  if (!(total > 0)) return se > 0 ? [0, Infinity] : [0, 0];
  const factor = Math.exp((normalUpperQuantile(alpha / 2) * se) / total);
  return [total / factor, total * factor];
}

/** A filter described by prevalence π, sensitivity s and FPR φ. */
export interface ScreeningModel {
  prevalence: number;
  sensitivity: number;
  fpr: number;
}

/** Bayes: PPV = sπ/(sπ + φ(1−π)), FDR = 1 − PPV, FOR = (1−s)π/((1−s)π + (1−φ)(1−π)). */
export function screeningRates(m: ScreeningModel): { ppv: number; fdr: number; for: number } {
  const { prevalence: pi, sensitivity: s, fpr: phi } = m;
  const tp = s * pi;
  const fp = phi * (1 - pi);
  const fn = (1 - s) * pi;
  const tn = (1 - phi) * (1 - pi);
  return { ppv: tp / (tp + fp), fdr: fp / (tp + fp), for: fn / (fn + tn) };
}

/** Expected counts for N documents under a screening model: TP, FN, FP, TN and D = TP + FP dropped. */
export function screeningCounts(
  documents: number,
  m: ScreeningModel,
): { tp: number; fn: number; fp: number; tn: number; dropped: number } {
  const bad = documents * m.prevalence;
  const good = documents - bad;
  const tp = bad * m.sensitivity;
  const fp = good * m.fpr;
  return { tp, fn: bad - tp, fp, tn: good - fp, dropped: tp + fp };
}
