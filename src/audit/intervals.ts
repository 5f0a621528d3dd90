/**
 * Confidence intervals for a binomial proportion with statsmodels' `proportion_confint`
 * conventions (audit-methods.md §2), and the Korn–Graubard interval for a survey proportion (§3).
 *
 * Which to use: Wilson is shown; the one-sided Clopper–Pearson upper bound backs every gating
 * claim ("FDR ≤ 5 % at 95 %"); Clopper–Pearson also near 0 or 1 with x ≤ 2, where Wilson's and
 * unmodified Jeffreys' coverage dips. Never Wald.
 */
import { betaQuantile, betaQuantileUpper } from './beta.ts';
import { normalUpperQuantile } from './normal.ts';

export type IntervalMethod = 'wilson' | 'clopper-pearson' | 'jeffreys' | 'agresti-coull';
/** 'two': [lo, hi] at α/2 per side; 'upper': [0, upper bound at α]; 'lower': [lower bound at α, 1]. */
export type Side = 'two' | 'upper' | 'lower';
export type Interval = [lo: number, hi: number];

export interface IntervalOptions {
  /** Default 'wilson', the interval the toolkit shows. */
  method?: IntervalMethod | undefined;
  /** Error rate, default 0.05 (a 95 % interval or bound). */
  alpha?: number | undefined;
  /** Default 'two'. */
  side?: Side | undefined;
  /** Jeffreys only: set lo = 0 at x = 0 and hi = 1 at x = n (Brown–Cai–DasGupta). statsmodels does not. */
  jeffreysEdges?: boolean | undefined;
}

/** Checks the arguments every interval shares; throws RangeError naming the bad one. */
export function checkCounts(x: number, n: number, alpha: number): void {
  if (!(n >= 0 && Number.isFinite(n)))
    throw new RangeError(`Expected \`n\` to be a finite number ≥ 0, got ${n}`);
  if (!(x >= 0 && x <= n))
    throw new RangeError(`Expected \`x\` to be between 0 and n = ${n}, got ${x}`);
  if (!(alpha > 0 && alpha < 1))
    throw new RangeError(`Expected \`alpha\` to be between 0 and 1, got ${alpha}`);
}

/**
 * Interval for a proportion x/n. x and n may be non-integer (effective counts). x = 0 gives lo = 0
 * and x = n gives hi = 1 for every method except unmodified Jeffreys (statsmodels' convention).
 * n = 0 (no labels, no information) gives [0, 1] for every method.
 */
export function binomialInterval(x: number, n: number, options: IntervalOptions = {}): Interval {
  const { method = 'wilson', alpha = 0.05, side = 'two', jeffreysEdges = false } = options;
  checkCounts(x, n, alpha);
  if (n === 0) return [0, 1];
  switch (method) {
    case 'wilson':
      return wilsonInterval(x, n, alpha, side);
    case 'clopper-pearson':
      return clopperPearsonInterval(x, n, alpha, side);
    case 'jeffreys':
      return jeffreysInterval(x, n, alpha, side, jeffreysEdges);
    case 'agresti-coull':
      return agrestiCoullInterval(x, n, alpha, side);
    default:
      throw new RangeError(
        `Expected \`method\` to be one of wilson, clopper-pearson, jeffreys, agresti-coull, got ${String(method)}`,
      );
  }
}

/** Tail area per bound: α/2 for a two-sided interval, α for a one-sided bound. */
function tailArea(alpha: number, side: Side): number {
  return side === 'two' ? alpha / 2 : alpha;
}

/** Keeps the bounds a side asks for and opens the other end to 0 or 1. */
function sided(lo: number, hi: number, side: Side): Interval {
  if (side === 'upper') return [0, hi];
  if (side === 'lower') return [lo, 1];
  return [lo, hi];
}

/** Clopper–Pearson (exact): lo = B⁻¹(α/2; x, n−x+1), 0 at x = 0; hi = B⁻¹(1−α/2; x+1, n−x), 1 at x = n. */
export function clopperPearsonInterval(
  x: number,
  n: number,
  alpha = 0.05,
  side: Side = 'two',
): Interval {
  checkCounts(x, n, alpha);
  if (n === 0) return [0, 1];
  const tail = tailArea(alpha, side);
  const lo = x === 0 || side === 'upper' ? 0 : betaQuantile(tail, x, n - x + 1);
  // The upper tail is inverted directly: 1 − α/2 is never formed, so a tiny bound keeps its digits.
  const hi = x === n || side === 'lower' ? 1 : betaQuantileUpper(tail, x + 1, n - x);
  return sided(lo, hi, side);
}

/** One-sided Clopper–Pearson upper confidence bound B⁻¹(1−α; x+1, n−x): the gating number (1 at x = n). */
export function clopperPearsonUpper(x: number, n: number, alpha = 0.05): number {
  return clopperPearsonInterval(x, n, alpha, 'upper')[1];
}

/** Wilson score interval c ± h; lo = 0 exactly at x = 0 and hi = 1 exactly at x = n. */
export function wilsonInterval(x: number, n: number, alpha = 0.05, side: Side = 'two'): Interval {
  checkCounts(x, n, alpha);
  if (n === 0) return [0, 1];
  const z = normalUpperQuantile(tailArea(alpha, side));
  const p = x / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  // statsmodels' formula leaves 2.2e-19 at x = 0, n = 1000; the doc asks for exact ends.
  const lo = x === 0 ? 0 : Math.max(0, centre - half);
  const hi = x === n ? 1 : Math.min(1, centre + half);
  return sided(lo, hi, side);
}

/** Jeffreys: quantiles of Beta(x+½, n−x+½), no boundary change unless `edges` (Brown–Cai–DasGupta). */
export function jeffreysInterval(
  x: number,
  n: number,
  alpha = 0.05,
  side: Side = 'two',
  edges = false,
): Interval {
  checkCounts(x, n, alpha);
  if (n === 0) return [0, 1];
  const tail = tailArea(alpha, side);
  let lo = betaQuantile(tail, x + 0.5, n - x + 0.5);
  let hi = betaQuantileUpper(tail, x + 0.5, n - x + 0.5);
  if (edges && x === 0) lo = 0;
  if (edges && x === n) hi = 1;
  return sided(lo, hi, side);
}

/** Agresti–Coull: ñ = n+z², p̃ = (x+z²/2)/ñ, p̃ ± z√(p̃(1−p̃)/ñ), clipped to [0, 1] as statsmodels does. */
export function agrestiCoullInterval(
  x: number,
  n: number,
  alpha = 0.05,
  side: Side = 'two',
): Interval {
  checkCounts(x, n, alpha);
  if (n === 0) return [0, 1];
  const z = normalUpperQuantile(tailArea(alpha, side));
  const nTilde = n + z * z;
  const pTilde = (x + (z * z) / 2) / nTilde;
  const half = z * Math.sqrt((pTilde * (1 - pTilde)) / nTilde);
  return sided(Math.max(0, pTilde - half), Math.min(1, pTilde + half), side);
}

/** A design-based estimate of a proportion: its value, estimated variance and the labels behind it. */
export interface ProportionEstimate {
  estimate: number;
  variance: number;
  /** Labeled items behind the estimate; the effective sample size when the variance is 0. */
  n: number;
}

/**
 * Korn–Graubard interval (R `survey::svyciprop(method = "beta")` without the degrees-of-freedom
 * factor): n* = p̂(1−p̂)/V̂, x* = n*·p̂, then Clopper–Pearson on (x*, n*). n* = n when V̂ = 0.
 * n* is not capped at n: capping over-covers (99.5–99.9 % for a 95 % interval in the doc's simulation).
 */
export function kornGraubardInterval(
  est: ProportionEstimate,
  alpha = 0.05,
  side: Side = 'two',
): Interval {
  const { estimate: p, variance } = est;
  if (!(p >= 0 && p <= 1))
    throw new RangeError(`Expected \`estimate\` to be a proportion in [0, 1], got ${p}`);
  if (!(variance >= 0)) throw new RangeError(`Expected \`variance\` to be ≥ 0, got ${variance}`);
  const nEff = variance > 0 ? (p * (1 - p)) / variance : est.n;
  if (!(nEff > 0)) return [0, 1];
  // x* = n*·p̂ can land a rounding error above n* when p̂ = 1.
  return clopperPearsonInterval(Math.min(nEff * p, nEff), nEff, alpha, side);
}

/** Effective sample size n* = p̂(1−p̂)/V̂ of a survey proportion (n when V̂ = 0). */
export function effectiveSampleSize(est: ProportionEstimate): number {
  return est.variance > 0 ? (est.estimate * (1 - est.estimate)) / est.variance : est.n;
}

/**
 * Delta-method interval on the logit scale: logit(p) ± z·SE/(p(1−p)), back-transformed, at level
 * 1 − α. p at 0 or 1 (infinite logit) or SE = 0 gives [p, p]; an unknown SE (NaN) gives [0, 1].
 */
export function logitInterval(p: number, se: number, alpha = 0.05): Interval {
  if (Number.isNaN(se)) return [0, 1];
  if (!(p > 0 && p < 1) || se === 0) return [p, p];
  const half = (normalUpperQuantile(alpha / 2) * se) / (p * (1 - p));
  const l = Math.log(p / (1 - p));
  return [1 / (1 + Math.exp(-(l - half))), 1 / (1 + Math.exp(-(l + half)))];
}

/**
 * MOVER interval for a ratio θ₁/θ₂ (θ₂ > 0) from separate intervals [l₁, u₁] and [l₂, u₂] of two
 * independent estimates (Donner & Zou 2012, "method of variance estimates recovery"): each
 * interval's own asymmetry is kept, as Wilson's or Clopper–Pearson's is near 0. When θ₂'s interval
 * reaches too close to 0 the upper bound is unbounded (Infinity).
 */
export function moverRatio(
  t1: number,
  [l1, u1]: Interval,
  t2: number,
  [l2, u2]: Interval,
): Interval {
  const p = t1 * t2;
  const lowDen = u2 * (2 * t2 - u2);
  const highDen = l2 * (2 * t2 - l2);
  const lo =
    lowDen > 0
      ? (p - Math.sqrt(Math.max(0, p * p - l1 * u2 * (2 * t1 - l1) * (2 * t2 - u2)))) / lowDen
      : 0;
  const hi =
    highDen > 0
      ? (p + Math.sqrt(Math.max(0, p * p - u1 * l2 * (2 * t1 - u1) * (2 * t2 - l2)))) / highDen
      : Infinity;
  return [Math.max(0, lo), hi];
}
