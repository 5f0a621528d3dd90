/**
 * The audit's rates by prediction-powered inference (ppi.ts): FDR over the dropped strata and FOR
 * over the kept strata, each a stratified mean (strata nested in flag status, N_h exact), with a
 * model's P(bad) on every document of the run summarised per stratum by `winnow sample`. Recall,
 * FPR, precision, NPV and specificity follow from FDR and FOR with the exact D and K, as in the
 * classical audit (stratified.ts). Every metric keeps the classical interval beside its PPI++ one.
 *
 * Designs:
 * - stratified documents (`sample --design doc`): per stratum an SRS of n_h of N_h, PPI++ with a
 *   λ tuned per stratum and the finite-population variance (ppi.ts, ppiMeanFinite); the classical
 *   interval beside it is the audit's Korn–Graubard one (the same variance at λ = 0);
 * - active (`sample --design active`): each document labeled independently with a recorded
 *   probability π (Poisson sampling), the inverse-probability PPI estimator; the classical
 *   interval beside it is the Horvitz–Thompson mean of the labels (λ = 0).
 * Intervals are Korn–Graubard on the PPI variance (see rateMetric for why not the plain normal).
 */
import type { Metric } from './design-metrics.ts';
import { kornGraubardInterval } from './intervals.ts';
import { activePpiMean, labelEquivalent, ppiMeanFinite, type Moments } from './ppi.ts';
import {
  designEffectiveSize,
  fprFrom,
  moverComposite,
  recallFrom,
  type FlagCounts,
} from './stratified.ts';

/** What `winnow sample --predictions ATTR` records in the strata file. */
export interface PredictionStrata {
  /** The attribute, e.g. `quality.p_bad`. */
  attr: string;
  /** What the attribute is the probability of: `bad` (P(bad)) or `good` (then P(bad) = 1 − value). */
  means: 'bad' | 'good';
  /** The filter (config, scorers and model) whose scoring produced the values. */
  fingerprint: string;
  /** Per stratum name: the moments of P(bad) over every document of the stratum. */
  strata: Readonly<Record<string, Moments>>;
  /** Per stratum: the moments of ℓ·P(good) (dropped strata) or ℓ·P(bad) (kept strata), ℓ the tokens. */
  token_strata?: Readonly<Record<string, Moments>>;
}

/** P(bad) from an attribute's value; throws RangeError outside [0, 1] (the caller names the document). */
export function badProbability(value: number, means: 'bad' | 'good'): number {
  if (!(value >= 0 && value <= 1))
    throw new RangeError(`expected a probability in [0, 1], got ${value}`);
  return means === 'bad' ? value : 1 - value;
}

/** A labeled document as the PPI audit sees it. */
export interface PpiLabel {
  bad: boolean;
  stratum: string;
  /** The model's P(bad). */
  prediction: number;
  /** Active design: the probability with which it was drawn. */
  probability?: number | undefined;
  /** Tokens (or code points): for the token rates. */
  weight?: number | undefined;
}

/** The audit's labeled items as PPI labels; RangeError naming the item when one has no prediction. */
export function ppiLabels(
  items: readonly {
    bad: boolean;
    stratum?: string | undefined;
    prediction?: number | undefined;
    probability?: number | undefined;
    weight: number;
  }[],
  attr: string,
): PpiLabel[] {
  return items.map((it, i) => {
    if (it.prediction === undefined)
      throw new RangeError(`labeled item ${i + 1} has no prediction of ${attr}`);
    return {
      bad: it.bad,
      stratum: it.stratum ?? '',
      prediction: it.prediction,
      probability: it.probability,
      weight: it.weight,
    };
  });
}

/** A stratum of the design (from the strata file). */
export interface PpiDesignStratum {
  name: string;
  flagged: boolean;
  population_docs: number;
  population_tokens?: number;
  population_tokens_sq?: number;
}

/** A rate by PPI++ and by the labels alone (λ = 0), with the λ each stratum used. */
export interface PpiRate {
  estimate: number;
  variance: number;
  classical: { estimate: number; variance: number };
  lambdas: Record<string, number>;
  n: number;
}

/**
 * FDR (Y = good, f = 1 − P(bad)) over the flagged strata, or FOR (Y = bad, f = P(bad)) over the
 * kept ones: Σ_h W_h θ̂_h, V = Σ_h W_h² V_h over strata with labels (W_h = N_h over those strata,
 * as the classical audit leaves unlabeled strata out). Null when no stratum of that side has labels.
 *
 * `tokens`: token-FDR (token-FOR), the good (bad) share of the side's tokens. A stratum's mean of
 * Y = ℓ·good with f = ℓ·P(good) per document, times N_h, estimates its good tokens, and L_h is
 * exact, so the share Σ_h N_h θ̂_h / Σ_h L_h is a mean with known weights, not a ratio estimate.
 */
export function ppiRate(
  labels: readonly PpiLabel[],
  strata: readonly PpiDesignStratum[],
  predictions: PredictionStrata,
  flagged: boolean,
  active: boolean,
  unit: 'docs' | 'tokens' = 'docs',
): PpiRate | null {
  const tokens = unit === 'tokens';
  const weigh = (it: PpiLabel) => (tokens ? (it.weight ?? NaN) : 1);
  const y = (it: PpiLabel) => weigh(it) * (flagged ? (it.bad ? 0 : 1) : it.bad ? 1 : 0);
  const f = (it: PpiLabel) => weigh(it) * (flagged ? 1 - it.prediction : it.prediction);
  const parts: {
    size: number;
    tokens: number;
    tokensSq?: number;
    tuned: { estimate: number; variance: number; lambda: number };
    classical: { estimate: number; variance: number };
    name: string;
    n: number;
  }[] = [];
  for (const s of strata) {
    if (s.flagged !== flagged || !s.population_docs) continue;
    const mine = labels.filter((it) => it.stratum === s.name);
    if (!mine.length) continue;
    const m = (tokens ? predictions.token_strata : predictions.strata)?.[s.name];
    if (!m || !m.count)
      throw new RangeError(
        `the strata file has no ${tokens ? 'token ' : ''}predictions for stratum ${s.name}`,
      );
    const population: Moments =
      flagged && !tokens ? { count: m.count, mean: 1 - m.mean, m2: m.m2 } : m;
    let tuned;
    let classical;
    if (active) {
      const act = mine.map((it) => ({
        label: y(it),
        prediction: f(it),
        probability: it.probability ?? NaN,
      }));
      tuned = activePpiMean(act, population);
      classical = activePpiMean(act, population, 0);
    } else {
      const sample = { labels: mine.map(y), predictions: mine.map(f), population };
      // Fewer than 2 labels: no variance to tune against, the classical mean (ppiMean's λ̂ is 0 there too).
      classical = ppiMeanFinite(sample, 0);
      tuned = ppiMeanFinite(sample);
      // A model that does not beat the labels here (its jackknifed variance, which pays for tuning
      // λ̂, is no smaller) gets λ = 0: the classical estimate, never a wider interval for using it.
      if (!(tuned.variance < classical.variance)) tuned = classical;
    }
    const L = s.population_tokens ?? NaN;
    parts.push({
      size: s.population_docs,
      tokens: L,
      ...(s.population_tokens_sq !== undefined && { tokensSq: s.population_tokens_sq }),
      tuned,
      classical,
      name: s.name,
      n: mine.length,
    });
  }
  if (!parts.length) return null;
  // Documents: W_h = N_h/N. Tokens: θ̂_h is a mean per document, so W_h = N_h/L.
  const total = parts.reduce((t, p) => t + (tokens ? p.tokens : p.size), 0);
  // An unknown stratum variance (1 label) counts as 0, as in the classical audit, which notes it.
  const combine = (pick: (p: (typeof parts)[number]) => { estimate: number; variance: number }) =>
    parts.reduce(
      (a, p) => {
        const w = p.size / total;
        const v = pick(p).variance;
        return {
          estimate: a.estimate + w * pick(p).estimate,
          variance: a.variance + w * w * (Number.isFinite(v) ? v : 0),
        };
      },
      { estimate: 0, variance: 0 },
    );
  const tuned = combine((p) => p.tuned);
  const classical = combine((p) => p.classical);
  // The classical audit never lets n* exceed what the design is worth (stratified.ts,
  // designEffectiveSize: labels that all agree in a big stratum are no proof it is clean). The same
  // floor holds here, shrunk by the share of variance the model removes where that is measurable.
  const effective = designEffectiveSize(
    parts.map((p) => ({ size: p.size, n: p.n, tokens: p.tokens, tokensSq: p.tokensSq })),
    unit,
  );
  const floor = (e: number) => (effective < Infinity ? (clip(e) * (1 - clip(e))) / effective : 0);
  const kept = classical.variance > 0 ? Math.min(1, tuned.variance / classical.variance) : 1;
  return {
    estimate: tuned.estimate,
    variance: Math.max(tuned.variance, kept * floor(tuned.estimate)),
    classical: {
      estimate: classical.estimate,
      variance: Math.max(classical.variance, floor(classical.estimate)),
    },
    lambdas: Object.fromEntries(parts.map((p) => [p.name, p.tuned.lambda])),
    n: Math.min(
      parts.reduce((t, p) => t + p.n, 0),
      effective,
    ),
  };
}

/** A metric as audit.json carries it (the classical audit's shape). */
export type RateMetric = Metric;

const clip = (x: number) => Math.min(1, Math.max(0, x));

/**
 * Two-sided interval and one-sided upper bound of an estimated proportion with its PPI variance:
 * Korn–Graubard (effective n* = p̂(1−p̂)/V̂, then Clopper–Pearson), as the audit treats every survey
 * proportion. The plain normal bound θ̂ + z s of the methods doc held its 95 % one-sided level only
 * 93.3 % of the time in a 4,000-run simulation at FDR 0.2 with 100 labels (the classical Wald
 * bound 91.9 %): small samples of a rare class underestimate the rate and its variance together.
 * Korn–Graubard held 95.2 %, for 4 % more width. An estimate at (or clipped to) 0 or 1 has no
 * effective size, so it gets Clopper–Pearson with the labels' count (0 good of 100 labels: ≤ 3 %),
 * never a zero-width bound.
 */
export function rateMetric(
  e: { estimate: number; variance: number; n: number },
  alpha: number,
  method: string,
): RateMetric {
  const p = clip(e.estimate);
  // An unknown variance (a stratum with 1 label) counts as 0, as in the classical audit, which notes it.
  const est = {
    estimate: p,
    variance: p > 0 && p < 1 && Number.isFinite(e.variance) ? e.variance : 0,
    n: e.n,
  };
  const [lo, hi] = kornGraubardInterval(est, alpha);
  return {
    estimate: e.estimate,
    lo,
    hi,
    upper: kornGraubardInterval(est, alpha, 'upper')[1],
    method,
  };
}

const flipMetric = (m: RateMetric, method = m.method): RateMetric => ({
  estimate: 1 - m.estimate,
  lo: 1 - m.hi,
  hi: 1 - m.lo,
  method,
});

/**
 * The PPI metrics: fdr, precision, for, npv and, with both sides, recall, fpr and specificity.
 * Recall and FPR are MOVER composites of the FDR and FOR intervals, as the classical audit's.
 */
export function ppiMetrics(
  fdr: PpiRate | null,
  forRate: PpiRate | null,
  counts: FlagCounts,
  alpha: number,
  method: string,
): Record<string, RateMetric> {
  const out: Record<string, RateMetric> = {};
  if (fdr) {
    out.fdr = rateMetric(fdr, alpha, method);
    out.precision = flipMetric(out.fdr);
  }
  if (forRate) {
    out.for = rateMetric(forRate, alpha, method);
    out.npv = flipMetric(out.for);
  }
  if (fdr && forRate) {
    // MOVER composites of the two rates' intervals, as the classical audit builds them (design-metrics.ts).
    const rate = (r: PpiRate, a: number) => {
      const m = rateMetric(r, a, method);
      return { estimate: clip(r.estimate), interval: [m.lo, m.hi] as [number, number] };
    };
    const composite = `MOVER composite of ${method} FDR and FOR`;
    const two = moverComposite(rate(fdr, alpha), rate(forRate, alpha), counts);
    // One-sided bounds at α are the ends of two-sided intervals at 2α.
    const one = moverComposite(rate(fdr, 2 * alpha), rate(forRate, 2 * alpha), counts);
    const [f, o] = [clip(fdr.estimate), clip(forRate.estimate)];
    out.recall = {
      estimate: recallFrom(f, o, counts),
      lo: two.recall[0],
      hi: two.recall[1],
      lower: one.recall[0],
      method: composite,
    };
    out.fpr = {
      estimate: fprFrom(f, o, counts),
      lo: two.fpr[0],
      hi: two.fpr[1],
      upper: one.fpr[1],
      method: composite,
    };
    out.specificity = flipMetric(out.fpr);
  }
  return out;
}

/** Label-equivalent gain of a rate: how many labels the classical estimator would need for the PPI++ width. */
export function rateGain(r: PpiRate): number {
  return labelEquivalent(r.n, Math.sqrt(r.classical.variance), Math.sqrt(r.variance));
}

/** What audit.json records about the predictions, beside the metrics. */
export interface PpiSummary {
  attr: string;
  means: 'bad' | 'good';
  fingerprint: string;
  estimator: string;
  /** λ per stratum, for FDR (dropped strata) and FOR (kept strata). */
  lambda: Record<string, number>;
  /** How many classical labels the labels of each rate are worth with the model. */
  label_equivalent: {
    fdr?: { labels: number; classical_labels: number };
    for?: { labels: number; classical_labels: number };
  };
}

/**
 * Replaces the audit's rate metrics by their PPI++ versions, each keeping the classical one
 * (the audit's own, or the λ = 0 estimator's when the design has none) under `classical`; FDR and
 * FOR also carry `lambda` per stratum. Returns the summary for audit.json.
 */
export function applyPpi(
  metrics: Record<string, RateMetric & { classical?: RateMetric; lambda?: Record<string, number> }>,
  labels: readonly PpiLabel[],
  strata: readonly PpiDesignStratum[],
  predictions: PredictionStrata,
  alpha: number,
  active: boolean,
): PpiSummary {
  const fdr = ppiRate(labels, strata, predictions, true, active);
  const forRate = ppiRate(labels, strata, predictions, false, active);
  const side = (flagged: boolean) =>
    strata.filter((s) => s.flagged === flagged).reduce((t, s) => t + s.population_docs, 0);
  const counts = { dropped: side(true), kept: side(false) };
  const estimator = active
    ? 'active inference (inverse-probability PPI++), Korn–Graubard'
    : 'PPI++ (stratified, λ tuned per stratum), Korn–Graubard';
  const ppi = ppiMetrics(fdr, forRate, counts, alpha, estimator);
  const classicalMethod = active
    ? 'Horvitz–Thompson mean of the labels (λ = 0), Korn–Graubard'
    : 'labels only (λ = 0), Korn–Graubard';
  const fallback = ppiMetrics(
    fdr && { ...fdr, ...fdr.classical },
    forRate && { ...forRate, ...forRate.classical },
    counts,
    alpha,
    classicalMethod,
  );
  for (const [name, m] of Object.entries(ppi))
    metrics[name] = { ...m, classical: metrics[name] ?? fallback[name]! };
  if (fdr) metrics.fdr!.lambda = fdr.lambdas;
  if (forRate) metrics.for!.lambda = forRate.lambdas;
  // Token shares (doc design, strata files that carry ℓ-weighted predictions): good tokens dropped
  // and bad tokens kept are then projected from PPI++ too.
  if (!active && predictions.token_strata) {
    for (const [name, flagged] of [
      ['token_fdr', true],
      ['token_for', false],
    ] as const) {
      const r = ppiRate(labels, strata, predictions, flagged, false, 'tokens');
      if (!r) continue;
      const classical =
        metrics[name] ?? rateMetric({ ...r, ...r.classical }, alpha, classicalMethod);
      metrics[name] = { ...rateMetric(r, alpha, estimator), classical, lambda: r.lambdas };
    }
  }
  const gain = (r: PpiRate) => ({ labels: r.n, classical_labels: Math.round(rateGain(r)) });
  return {
    attr: predictions.attr,
    means: predictions.means,
    fingerprint: predictions.fingerprint,
    estimator,
    lambda: { ...fdr?.lambdas, ...forRate?.lambdas },
    label_equivalent: { ...(fdr && { fdr: gain(fdr) }), ...(forRate && { for: gain(forRate) }) },
  };
}
