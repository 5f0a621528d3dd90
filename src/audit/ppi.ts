/**
 * Prediction-powered inference for a mean (audit-methods.md, "Prediction-powered inference";
 * Angelopoulos et al., Science 2023; PPI++, arXiv:2311.01453; active inference, Zrnic & Candès
 * 2024). Pure: labels Y_i ∈ [0, 1] with a model's predictions f_i on n labeled documents, and the
 * predictions f̃_j on the N documents of the population, in; an estimate and its standard error
 * out. λ = 0 is the classical mean of the labels, λ = 1 is PPI, the tuned λ̂ is PPI++.
 *
 * The population's predictions enter only through their count, mean and sum of squared
 * deviations (`Moments`), so `winnow sample` can record them per stratum while it scores every
 * document, and the audit needs no second pass over the corpus.
 *
 * How the audit's metrics map onto a mean (why no ratio estimator is needed):
 * - FDR is the share of good documents among the dropped ones: with strata nested in flag status
 *   it is a stratified mean over dropped strata of Y = good, with f = P(good) = 1 − P(bad).
 *   FOR likewise over kept strata with Y = bad, f = P(bad). D and K are exact counts, so the
 *   denominators of these "ratios" carry no uncertainty and PPI applies to each stratum's mean.
 * - Recall and FPR are ratios of FDR and FOR with exact D and K (stratified.ts: recallFrom,
 *   fprFrom); their intervals come from the PPI++ FDR and FOR by the delta method (approximate)
 *   and by the Bonferroni composite of the two intervals at α/2 each (conservative).
 * - Projections (good documents dropped, bad kept) scale FDR and FOR by the exact D and K.
 */
import { normalUpperQuantile } from './normal.ts';

/** Count, mean and m2 = Σ (x − mean)² of a set of predictions (Welford; mergeable). */
export interface Moments {
  count: number;
  mean: number;
  m2: number;
}

/** The moments of `xs`, accumulated one value at a time (stable for long streams). */
export function momentsOf(xs: Iterable<number>): Moments {
  const m = emptyMoments();
  for (const x of xs) addMoment(m, x);
  return m;
}

/** Moments of nothing: count 0. */
export const emptyMoments = (): Moments => ({ count: 0, mean: 0, m2: 0 });

/** Adds one value to `m` in place (Welford's update). */
export function addMoment(m: Moments, x: number): void {
  m.count++;
  const d = x - m.mean;
  m.mean += d / m.count;
  m.m2 += d * (x - m.mean);
}

/** The moments of two sets together (Chan et al.'s parallel update). */
export function mergeMoments(a: Moments, b: Moments): Moments {
  if (!a.count) return { ...b };
  if (!b.count) return { ...a };
  const count = a.count + b.count;
  const d = b.mean - a.mean;
  return {
    count,
    mean: a.mean + (d * b.count) / count,
    m2: a.m2 + b.m2 + (d * d * a.count * b.count) / count,
  };
}

/** Labeled documents (labels and predictions, paired) and the population's predictions. */
export interface PpiSample {
  labels: readonly number[];
  predictions: readonly number[];
  population: Moments;
}

/** A PPI estimate of a mean: the λ it used, and the labeled (n) and population (N) sizes. */
export interface PpiEstimate {
  estimate: number;
  variance: number;
  se: number;
  lambda: number;
  n: number;
  N: number;
}

function checkSample(s: PpiSample): void {
  if (s.labels.length !== s.predictions.length)
    throw new RangeError(
      `Expected one prediction per label, got ${s.predictions.length} for ${s.labels.length}`,
    );
  if (!(s.population.count >= 1))
    throw new RangeError(
      `Expected a population of at least 1 prediction, got ${s.population.count}`,
    );
}

function mean(xs: readonly number[]): number {
  let t = 0;
  for (const x of xs) t += x;
  return t / xs.length;
}

/**
 * PPI++'s power-tuned λ̂ = clip(C / (2(1 + n/N) V), 0, 1): C = (2/n) Σ (Y_i − Ȳ)(f_i − f̄), V the
 * sample variance (n − 1) of the labeled and population predictions pooled. (The doc centres both
 * at θ̂_1; a common shift changes neither.) 0 below 2 labels or when the predictions do not vary:
 * the classical mean, never a narrower interval from a model that carries no information.
 */
export function ppiLambda(s: PpiSample): number {
  checkSample(s);
  const n = s.labels.length;
  if (n < 2) return 0;
  const my = mean(s.labels);
  const mf = mean(s.predictions);
  let c = 0;
  for (let i = 0; i < n; i++) c += (s.labels[i]! - my) * (s.predictions[i]! - mf);
  c = (2 / n) * c;
  const pooled = mergeMoments(momentsOf(s.predictions), s.population);
  const v = pooled.m2 / (pooled.count - 1);
  // Predictions that differ only by rounding (sd < 1e-9) carry no information: the ratio would be noise.
  if (!(v > 1e-18)) return 0;
  const lambda = c / (2 * (1 + n / s.population.count) * v);
  if (!Number.isFinite(lambda)) return 0;
  return Math.min(1, Math.max(0, lambda));
}

/**
 * θ̂_λ = λ·mean(f̃) + mean(Y − λf), with s² = λ² sd₀(f̃)²/N + sd₀(Y − λf)²/n (sd₀: divisor n).
 * `lambda` omitted: PPI++'s tuned λ̂. No labels: NaN.
 */
export function ppiMean(s: PpiSample, lambda?: number): PpiEstimate {
  checkSample(s);
  const lam = lambda ?? ppiLambda(s);
  if (!(lam >= 0 && lam <= 1))
    throw new RangeError(`Expected \`lambda\` between 0 and 1, got ${lam}`);
  const n = s.labels.length;
  const N = s.population.count;
  const rect = s.labels.map((y, i) => y - lam * s.predictions[i]!);
  const mr = mean(rect);
  let ss = 0;
  for (const r of rect) ss += (r - mr) ** 2;
  const estimate = lam * s.population.mean + mr;
  const variance = (lam * lam * (s.population.m2 / N)) / N + ss / n / n;
  return { estimate, variance, se: Math.sqrt(variance), lambda: lam, n, N };
}

/**
 * The same estimator for a finite population whose every document has a prediction (the audit's
 * case: f̃ covers the whole stratum, the labeled documents are a simple random sample of it
 * without replacement). mean(f̃) is then a known constant, and for a fixed λ the design variance
 * is V = (1 − n/N) s²(Y − λf)/n with s² the sample variance (divisor n − 1): the survey difference
 * estimator. λ = 0 gives exactly the classical stratified proportion's variance, so the two are
 * compared on the same footing (ppiMean's superpopulation formula adds λ² sd₀(f̃)²/N and drops the
 * finite-population factor, which made PPI++ wider than the classical interval in a stratum that
 * is mostly labeled).
 *
 * With the tuned λ̂ (`lambda` omitted) the variance is the delete-one jackknife,
 * (1 − n/N)(n − 1)/n Σ (θ̂₍₋ᵢ₎ − θ̄)², each θ̂₍₋ᵢ₎ re-tuning λ̂ without document i. The plug-in
 * formula ignores that λ̂ is chosen on the same labels to make the variance small: at FDR 0.2,
 * 100 of 2,000 documents labeled and a calibrated AUC 0.95 model, its 95 % upper bound held
 * 94.3 % of 4,000 runs (95.8 % with λ fixed at 1); the jackknife held 96.2 % for 5 % more width.
 * For a fixed λ the jackknife equals the formula. Fewer than 2 labels: NaN (unknown), 0 for a census.
 */
export function ppiMeanFinite(s: PpiSample, lambda?: number): PpiEstimate {
  const e = ppiMean(s, lambda);
  const { n, N } = e;
  let variance = Number.NaN;
  if (n >= N) variance = 0;
  else if (n >= 2 && lambda !== undefined) {
    const rect = s.labels.map((y, i) => y - lambda * s.predictions[i]!);
    const mr = mean(rect);
    let ss = 0;
    for (const r of rect) ss += (r - mr) ** 2;
    variance = ((1 - n / N) * ss) / (n - 1) / n;
  } else if (n >= 2) {
    const loo: number[] = [];
    for (let k = 0; k < n; k++) {
      const without = <T>(xs: readonly T[]) => xs.filter((_, j) => j !== k);
      loo.push(
        ppiMean({
          labels: without(s.labels),
          predictions: without(s.predictions),
          population: s.population,
        }).estimate,
      );
    }
    const m = mean(loo);
    let ss = 0;
    for (const t of loo) ss += (t - m) ** 2;
    variance = (1 - n / N) * ((n - 1) / n) * ss;
  }
  return { ...e, variance, se: Math.sqrt(variance) };
}

/** Which bound(s): statsmodels' names. 'larger' gives the lower bound only, 'smaller' the upper only. */
export type Alternative = 'two-sided' | 'larger' | 'smaller';

/** A normal (z) interval θ̂ ± z s; the open side of a one-sided bound is null. */
export function normalBounds(
  estimate: number,
  se: number,
  alpha: number,
  alternative: Alternative = 'two-sided',
): { lo: number | null; hi: number | null } {
  if (!(alpha > 0 && alpha < 1))
    throw new RangeError(`Expected \`alpha\` between 0 and 1, got ${alpha}`);
  if (alternative === 'two-sided') {
    const z = normalUpperQuantile(alpha / 2);
    return { lo: estimate - z * se, hi: estimate + z * se };
  }
  const z = normalUpperQuantile(alpha);
  return alternative === 'larger'
    ? { lo: estimate - z * se, hi: null }
    : { lo: null, hi: estimate + z * se };
}

/** A stratum of a stratified sample: its labeled documents and its whole population's predictions. */
export interface PpiStratum extends PpiSample {
  /** N_h, the stratum's documents (normally population.count). */
  size: number;
}

/** A stratified PPI estimate with the λ each stratum used (in the strata's order). */
export interface StratifiedPpiEstimate extends Omit<PpiEstimate, 'lambda' | 'N'> {
  lambdas: number[];
}

/**
 * θ̂ = Σ_h W_h θ̂_h with W_h = N_h/N, s² = Σ_h W_h² s_h². Each stratum tunes its own λ_h (or uses
 * the given `lambda`); a stratum with fewer than 2 labels or no variance in f uses λ = 0.
 * Strata with no documents are skipped; a stratum with documents but no labels makes it NaN.
 */
export function stratifiedPpiMean(
  strata: readonly PpiStratum[],
  lambda?: number,
): StratifiedPpiEstimate {
  const total = strata.reduce((t, s) => t + s.size, 0);
  let estimate = 0;
  let variance = 0;
  let n = 0;
  const lambdas = strata.map((s) => {
    if (s.size === 0) return 0;
    const w = s.size / total;
    const lam = s.labels.length < 2 ? 0 : (lambda ?? ppiLambda(s));
    const e = ppiMean(s, lam);
    estimate += w * e.estimate;
    variance += w * w * e.variance;
    n += e.n;
    return lam;
  });
  return { estimate, variance, se: Math.sqrt(variance), n, lambdas };
}

/** A labeled document of an active sample: drawn with known probability π (Poisson sampling). */
export interface ActiveLabel {
  label: number;
  prediction: number;
  probability: number;
}

/**
 * Active inference (inverse-probability PPI) for a mean over a population of N documents, each
 * labeled independently with probability π_j: θ̂ = λ·mean(f̃) + (1/N) Σ_labeled (Y − λf)/π.
 * Variance: the Horvitz–Thompson variance of a Poisson sample, V̂ = (1/N²) Σ_labeled
 * (1 − π)(Y − λf)²/π², which is unbiased for the design variance of the rectifier (the population
 * mean of f is known exactly, so it adds none). The tuned λ̂ minimises V̂ (a weighted regression
 * of Y on f through the origin, weights (1 − π)/π²), clipped to [0, 1]; λ = 0 is the classical
 * Horvitz–Thompson mean of the labels.
 */
export function activePpiMean(
  labeled: readonly ActiveLabel[],
  population: Moments,
  lambda?: number,
): PpiEstimate {
  const N = population.count;
  if (!(N >= 1)) throw new RangeError(`Expected a population of at least 1 prediction, got ${N}`);
  for (const it of labeled) {
    if (!(it.probability > 0 && it.probability <= 1))
      throw new RangeError(`Expected inclusion probabilities in (0, 1], got ${it.probability}`);
  }
  let lam = lambda;
  if (lam === undefined) {
    let sxy = 0;
    let sxx = 0;
    for (const it of labeled) {
      const w = (1 - it.probability) / it.probability ** 2;
      sxy += w * it.label * it.prediction;
      sxx += w * it.prediction * it.prediction;
    }
    lam = sxx > 0 ? Math.min(1, Math.max(0, sxy / sxx)) : 0;
  }
  let rect = 0;
  let v = 0;
  for (const it of labeled) {
    const r = it.label - lam * it.prediction;
    rect += r / it.probability;
    v += ((1 - it.probability) * r * r) / it.probability ** 2;
  }
  const estimate = lam * population.mean + rect / N;
  const variance = v / (N * N);
  return { estimate, variance, se: Math.sqrt(variance), lambda: lam, n: labeled.length, N };
}

/**
 * How many classical labels `n` PPI labels are worth: n·(s_classical/s_PPI)², the sample size at
 * which the classical interval would be as narrow (the report's "label-equivalent gain").
 */
export function labelEquivalent(n: number, classicalSe: number, ppiSe: number): number {
  if (!(ppiSe > 0)) return classicalSe > 0 ? Infinity : n;
  return (n * classicalSe * classicalSe) / (ppiSe * ppiSe);
}
