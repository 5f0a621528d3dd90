/**
 * Projection to corpus scale (audit-methods.md §3 "Bayes", §4). D, K, L_D and L_K are exact counts
 * from the stats, so a proportion's interval scales: good documents dropped ∈ [D·lo, D·hi].
 * Never project through prevalence × FPR: condition on the exact flag counts.
 */
import { clopperPearsonInterval, type Interval } from './intervals.ts';
import { normalUpperQuantile } from './normal.ts';

/** A proportion (or a count) with its interval. */
export interface Projected {
  estimate: number;
  interval: Interval;
}

/** Scales a proportion and its interval by an exact count: FP̂ = D·FDR̂ ∈ [D·lo, D·hi]. */
export function scaleByCount(count: number, rate: Projected): Projected {
  if (!(count >= 0)) throw new RangeError(`Expected \`count\` to be ≥ 0, got ${count}`);
  return {
    estimate: count * rate.estimate,
    interval: [count * rate.interval[0], count * rate.interval[1]],
  };
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

/** Whether labels drawn as a simple random sample could come from the corpus they are projected onto. */
export interface SampleCheck {
  /** Labeled documents the filter flags, of `n`. */
  flagged: number;
  n: number;
  /** The corpus's dropped share D / (D + K). */
  corpus_share: number;
  /** 99.9 % Clopper–Pearson interval of the sample's flagged share. */
  interval: Interval;
  /** False when the corpus share lies outside it: the labels are not a random sample of this corpus. */
  consistent: boolean;
}

/** The level of SampleCheck: strict, so that a real random sample is rejected about once in 1,000 audits. */
export const SAMPLE_CHECK_ALPHA = 0.001;

/**
 * Rates measured on a simple random sample apply to the corpus it was drawn from. A sample from
 * elsewhere (another corpus, a hand-picked set) shows as a flagged share the corpus's dropped
 * share is implausible for; its rates must not be projected onto this corpus.
 */
export function checkSample(
  flagged: number,
  n: number,
  counts: Pick<CorpusCounts, 'dropped' | 'kept'>,
): SampleCheck {
  const share = counts.dropped / (counts.dropped + counts.kept);
  const interval = clopperPearsonInterval(flagged, n, SAMPLE_CHECK_ALPHA);
  return {
    flagged,
    n,
    corpus_share: share,
    interval,
    consistent: share >= interval[0] && share <= interval[1],
  };
}

/** The sentence for an inconsistent SampleCheck. */
export function sampleMismatch(c: SampleCheck): string {
  const p = (x: number) => `${(100 * x).toFixed(1)} %`;
  return (
    `The labels do not look like a random sample of this corpus: the filter flags ${c.flagged} of the ${c.n} labeled documents (${p(c.flagged / c.n)}) ` +
    `but drops ${p(c.corpus_share)} of the corpus, outside the 99.9 % interval ${p(c.interval[0])}–${p(c.interval[1])}. ` +
    'Their rates are not projected onto this corpus; label a sample drawn from it (winnow sample).'
  );
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
