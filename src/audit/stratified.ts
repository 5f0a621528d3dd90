/**
 * Estimators for stratified samples drawn without replacement (audit-methods.md §3, "Non-SRS
 * samples"): Horvitz–Thompson totals, stratified proportions, ratio (Hájek) estimators with
 * linearized variance, and the composite corpus metrics (recall, FPR, prevalence) built from FDR
 * and FOR. Stratum sizes N_h are exact counts from the stats; the only uncertainty is the labels.
 * A simple random sample is the special case of one stratum.
 *
 * A stratum needs n_h ≥ 2 labels for a variance (NaN otherwise, unless it is a census);
 * the methods ask for n_h ≥ 30, and a stratum whose labels all agree contributes no variance.
 */
import {
  kornGraubardInterval,
  logitInterval,
  moverRatio,
  type Interval,
  type ProportionEstimate,
} from './intervals.ts';

/** A stratum summarised for a proportion: population size N_h, labels n_h, and x_h of them with the property. */
export interface ProportionStratum {
  size: number;
  n: number;
  x: number;
}

/** A stratum with one value z_i per labeled item. */
export interface ValueStratum {
  size: number;
  values: readonly number[];
}

/** A stratum with paired numerator u_i and denominator v_i per labeled item (e.g. u = d(1−y), v = d). */
export interface RatioStratum {
  size: number;
  numerator: readonly number[];
  denominator: readonly number[];
}

/** An estimate with its variance and standard error; n is the number of labels behind it. */
export interface Estimate extends ProportionEstimate {
  se: number;
}

function checkStratum(size: number, n: number, where: string): void {
  if (!(size >= 0 && Number.isFinite(size)))
    throw new RangeError(`Expected ${where} \`size\` to be a count ≥ 0, got ${size}`);
  if (!(n >= 0 && n <= size))
    throw new RangeError(`Expected ${where} to have between 0 and size = ${size} labels, got ${n}`);
}

/** N²(1−f)s²/n, the variance of an estimated stratum total; 0 for a census, NaN below 2 labels. */
function totalVariance(size: number, n: number, s2: number): number {
  if (n === size) return 0;
  if (n < 2) return Number.NaN;
  return (size * size * (1 - n / size) * s2) / n;
}

function mean(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/** Sample variance with the n−1 denominator. */
function sampleVariance(xs: readonly number[]): number {
  const m = mean(xs);
  let s = 0;
  for (const x of xs) s += (x - m) ** 2;
  return s / (xs.length - 1);
}

/**
 * Stratified proportion Σ (N_h/N) p̂_h with V = Σ (N_h/N)² (1−f_h) s²_h/n_h, s²_h = n_h p̂_h(1−p̂_h)/(n_h−1).
 * With strata nested in flag status this is the FDR (flagged strata, x = good) or the FOR
 * (kept strata, x = bad). A stratum with N_h > 0 and no labels makes the estimate NaN.
 */
export function stratifiedProportion(strata: readonly ProportionStratum[]): Estimate {
  let population = 0;
  let total = 0;
  let variance = 0;
  let n = 0;
  strata.forEach((s, h) => {
    checkStratum(s.size, s.n, `stratum ${h}`);
    if (!(s.x >= 0 && s.x <= s.n))
      throw new RangeError(`Expected stratum ${h} \`x\` between 0 and n = ${s.n}, got ${s.x}`);
    if (s.size === 0) return;
    const p = s.x / s.n;
    population += s.size;
    n += s.n;
    total += s.size * p;
    variance += totalVariance(s.size, s.n, (s.n * p * (1 - p)) / (s.n - 1));
  });
  const estimate = total / population;
  variance /= population * population;
  return { estimate, variance, se: Math.sqrt(variance), n };
}

/** Horvitz–Thompson total Σ_h N_h z̄_h (= Σ w_i z_i, w_i = N_h/n_h) with V = Σ N_h²(1−f_h)s²_h/n_h. */
export function stratifiedTotal(strata: readonly ValueStratum[]): Estimate {
  let total = 0;
  let variance = 0;
  let n = 0;
  strata.forEach((s, h) => {
    checkStratum(s.size, s.values.length, `stratum ${h}`);
    if (s.size === 0) return;
    n += s.values.length;
    total += s.size * mean(s.values);
    variance += totalVariance(s.size, s.values.length, sampleVariance(s.values));
  });
  return { estimate: total, variance, se: Math.sqrt(variance), n };
}

/** Stratified mean T̂/N of per-item values (fractional labels work unchanged), with variance V(T̂)/N². */
export function stratifiedMean(strata: readonly ValueStratum[]): Estimate {
  const population = strata.reduce((s, h) => s + h.size, 0);
  const t = stratifiedTotal(strata);
  const variance = t.variance / (population * population);
  return { estimate: t.estimate / population, variance, se: Math.sqrt(variance), n: t.n };
}

/**
 * Ratio of Horvitz–Thompson totals R̂ = T̂_u/T̂_v (Hájek), e.g. FDR̂ = Σ w d(1−y)/Σ w d,
 * recall̂ = Σ w d y/Σ w y, FPR̂ = Σ w d(1−y)/Σ w(1−y) when strata are not nested in flag status.
 * Linearized: e_i = (u_i − R̂ v_i)/T̂_v, V(R̂) = Σ_h N_h²(1−f_h)s²_{e,h}/n_h. `n` counts the labels
 * with v ≠ 0 (the domain), the fallback effective size for a Korn–Graubard interval.
 */
export function stratifiedRatio(strata: readonly RatioStratum[]): Estimate {
  let tu = 0;
  let tv = 0;
  let n = 0;
  strata.forEach((s, h) => {
    checkStratum(s.size, s.numerator.length, `stratum ${h}`);
    if (s.numerator.length !== s.denominator.length)
      throw new RangeError(`Expected stratum ${h} to have one denominator per numerator`);
    if (s.size === 0) return;
    // The labels behind a domain ratio are those in the domain (v ≠ 0), e.g. the flagged ones for FDR.
    n += s.denominator.filter((v) => v !== 0).length;
    tu += s.size * mean(s.numerator);
    tv += s.size * mean(s.denominator);
  });
  const ratio = tu / tv;
  let variance = 0;
  for (const s of strata) {
    if (s.size === 0) continue;
    const e = s.numerator.map((u, i) => (u - ratio * (s.denominator[i] as number)) / tv);
    variance += totalVariance(s.size, e.length, sampleVariance(e));
  }
  return { estimate: ratio, variance, se: Math.sqrt(variance), n };
}

/** A stratum for a separate ratio estimate of a total: `total` is the exact X_h (e.g. tokens L_h). */
export interface RatioTotalStratum extends RatioStratum {
  total: number;
}

/**
 * Separate ratio estimator of a total Σ_h X_h R̂_h, R̂_h = Σ u/Σ v within the stratum, with
 * V = Σ_h N_h²(1−f_h)s²_{e,h}/n_h, e_i = u_i − R̂_h v_i. Good tokens lost from doc-sampled labels:
 * u = ℓ(1−y), v = ℓ, X_h = L_h (audit-methods.md §3 token metrics (b)); put it on the log scale
 * with logNormalInterval.
 */
export function stratifiedRatioTotal(strata: readonly RatioTotalStratum[]): Estimate {
  let estimate = 0;
  let variance = 0;
  let n = 0;
  strata.forEach((s, h) => {
    checkStratum(s.size, s.numerator.length, `stratum ${h}`);
    if (s.size === 0 || s.total === 0) return;
    const r = sum(s.numerator) / sum(s.denominator);
    n += s.numerator.length;
    estimate += s.total * r;
    const e = s.numerator.map((u, i) => u - r * (s.denominator[i] as number));
    variance += totalVariance(s.size, e.length, sampleVariance(e));
  });
  return { estimate, variance, se: Math.sqrt(variance), n };
}

function sum(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s;
}

/** A stratum's population and labels, for the effective size of a design. */
export interface SizeStratum {
  /** N_h documents. */
  size: number;
  /** n_h labels. */
  n: number;
  /** For a token ratio: L_h = Σ ℓ and Σ ℓ² over the stratum's documents (exact, from the sampling pass). */
  tokens?: number | undefined;
  tokensSq?: number | undefined;
}

/**
 * The labels a stratified sample is worth when every stratum has the same rate: for a proportion
 * 1/Σ_h W_h²(1−f_h)/(n_h−1), W_h = N_h/N (the n* of a Korn–Graubard interval if every p̂_h were the
 * pooled p̂); for a token ratio the same with each stratum's documents weighted by length,
 * 1/Σ_h N_h²(1−f_h) (Σℓ²/N_h)/(L²(n_h−1)), Kish's effective size of the token weights.
 *
 * It bounds n*: labels that all agree in a big stratum (0 of 30 good) make the plug-in variance
 * small and n* large, as if that stratum were known to be clean; and a token ratio whose long good
 * documents were not drawn has a small estimate and a smaller variance. The bound is the variance
 * the design has under the hypothesis that the rate is the same everywhere (and, for tokens,
 * unrelated to length), which the sample cannot make smaller. Census strata add nothing; a stratum
 * with one label counts as two (its own variance is unknown).
 */
export function designEffectiveSize(
  strata: readonly SizeStratum[],
  unit: 'docs' | 'tokens' = 'docs',
): number {
  const total = strata.reduce((t, s) => t + (unit === 'docs' ? s.size : (s.tokens ?? 0)), 0);
  let v = 0;
  for (const s of strata) {
    if (s.size === 0 || s.n >= s.size) continue;
    const sq = unit === 'docs' ? s.size : (s.tokensSq ?? 0);
    v += (s.size * (1 - s.n / s.size) * sq) / Math.max(1, s.n - 1);
  }
  return v > 0 ? (total * total) / v : Infinity;
}

/**
 * An estimate whose Korn–Graubard n* is at most `effective` (designEffectiveSize): the variance is
 * raised to p̂(1−p̂)/effective when smaller, and n (used when p̂ is 0 or 1) lowered to it.
 */
export function withEffectiveSize<E extends ProportionEstimate>(e: E, effective: number): E {
  if (!Number.isFinite(e.estimate) || !(effective < Infinity)) return e;
  const floor = (e.estimate * (1 - e.estimate)) / effective;
  const variance = Number.isFinite(e.variance) ? Math.max(e.variance, floor) : floor;
  return {
    ...e,
    variance,
    n: Math.min(e.n, effective),
    ...('se' in e && { se: Math.sqrt(variance) }),
  };
}

/** Exact flag counts from all shards: D documents dropped, K kept (N = D + K). */
export interface FlagCounts {
  dropped: number;
  kept: number;
}

/** A metric derived from FDR and FOR, with its two intervals. */
export interface CompositeEstimate {
  estimate: number;
  /** Delta-method standard error. */
  se: number;
  /** Logit-scale delta-method interval: report as "approximate" (~94 % for 95 % in the doc's simulation). */
  approximate: Interval;
  /** Bonferroni composite of Korn–Graubard intervals for FDR and FOR at α/2 each: "guaranteed-conservative". */
  conservative: Interval;
}

/** recall = D(1−FDR)/(D(1−FDR) + K·FOR). */
export function recallFrom(fdr: number, forRate: number, counts: FlagCounts): number {
  const tp = counts.dropped * (1 - fdr);
  return tp / (tp + counts.kept * forRate);
}

/** FPR = D·FDR/(D·FDR + K(1−FOR)). */
export function fprFrom(fdr: number, forRate: number, counts: FlagCounts): number {
  const fp = counts.dropped * fdr;
  return fp / (fp + counts.kept * (1 - forRate));
}

/** Prevalence π = (D(1−FDR) + K·FOR)/N. */
export function prevalenceFrom(fdr: number, forRate: number, counts: FlagCounts): number {
  return (counts.dropped * (1 - fdr) + counts.kept * forRate) / (counts.dropped + counts.kept);
}

/** KG intervals of FDR and FOR at α/2 each, the corners of the Bonferroni composite. */
function bonferroniCorners(
  fdr: ProportionEstimate,
  forRate: ProportionEstimate,
  alpha: number,
): [Interval, Interval] {
  return [kornGraubardInterval(fdr, alpha / 2), kornGraubardInterval(forRate, alpha / 2)];
}

/**
 * Corpus recall from the stratified FDR (flagged strata) and FOR (kept strata). Delta method:
 * V = [FN²·V(TP̂) + TP²·V(FN̂)]/(TP+FN)⁴ with TP̂ = D(1−FDR̂), FN̂ = K·FOR̂; conservative interval
 * [r(FDR_hi, FOR_hi), r(FDR_lo, FOR_lo)] from KG intervals at α/2.
 */
export function compositeRecall(
  fdr: ProportionEstimate,
  forRate: ProportionEstimate,
  counts: FlagCounts,
  alpha = 0.05,
): CompositeEstimate {
  const tp = counts.dropped * (1 - fdr.estimate);
  const fn = counts.kept * forRate.estimate;
  const vTp = counts.dropped ** 2 * fdr.variance;
  const vFn = counts.kept ** 2 * forRate.variance;
  const estimate = tp / (tp + fn);
  const se = Math.sqrt((fn * fn * vTp + tp * tp * vFn) / (tp + fn) ** 4);
  const [[fdrLo, fdrHi], [forLo, forHi]] = bonferroniCorners(fdr, forRate, alpha);
  return {
    estimate,
    se,
    approximate: logitInterval(estimate, se, alpha),
    conservative: [recallFrom(fdrHi, forHi, counts), recallFrom(fdrLo, forLo, counts)],
  };
}

/** Corpus FPR from FDR and FOR: FP̂ = D·FDR̂, TN̂ = K(1−FOR̂), V = [TN²V(FP̂) + FP²V(TN̂)]/(FP+TN)⁴. */
export function compositeFpr(
  fdr: ProportionEstimate,
  forRate: ProportionEstimate,
  counts: FlagCounts,
  alpha = 0.05,
): CompositeEstimate {
  const fp = counts.dropped * fdr.estimate;
  const tn = counts.kept * (1 - forRate.estimate);
  const vFp = counts.dropped ** 2 * fdr.variance;
  const vTn = counts.kept ** 2 * forRate.variance;
  const estimate = fp / (fp + tn);
  const se = Math.sqrt((tn * tn * vFp + fp * fp * vTn) / (fp + tn) ** 4);
  const [[fdrLo, fdrHi], [forLo, forHi]] = bonferroniCorners(fdr, forRate, alpha);
  // FPR rises with FDR and with FOR (fewer good documents kept).
  return {
    estimate,
    se,
    approximate: logitInterval(estimate, se, alpha),
    conservative: [fprFrom(fdrLo, forLo, counts), fprFrom(fdrHi, forHi, counts)],
  };
}

/** Corpus prevalence of bad, (D(1−FDR̂) + K·FOR̂)/N, with V = (D²V(FDR̂) + K²V(FOR̂))/N². */
export function compositePrevalence(
  fdr: ProportionEstimate,
  forRate: ProportionEstimate,
  counts: FlagCounts,
  alpha = 0.05,
): CompositeEstimate {
  const total = counts.dropped + counts.kept;
  const estimate = prevalenceFrom(fdr.estimate, forRate.estimate, counts);
  const se =
    Math.sqrt(counts.dropped ** 2 * fdr.variance + counts.kept ** 2 * forRate.variance) / total;
  const [[fdrLo, fdrHi], [forLo, forHi]] = bonferroniCorners(fdr, forRate, alpha);
  return {
    estimate,
    se,
    approximate: logitInterval(estimate, se, alpha),
    conservative: [prevalenceFrom(fdrHi, forLo, counts), prevalenceFrom(fdrLo, forHi, counts)],
  };
}

/** A rate with its interval, for the MOVER composites. */
export interface RateInterval {
  estimate: number;
  interval: Interval;
}

/**
 * Recall and FPR from FDR and FOR by MOVER (intervals.ts, moverRatio), each rate's own interval
 * at the composite's level: recall = 1/(1 + ψ) with ψ = K·FOR / (D(1−FDR)), FPR = φ/(1 + φ) with
 * φ = D·FDR / (K(1−FOR)). Unlike the Bonferroni composite (α/2 per rate, then the corners) it is
 * not conservative by construction; in the coverage simulation of test/audit/coverage.test.ts it
 * holds its level at about 1.0–1.1× the width needed, where the corners took 1.3–1.7×.
 */
export function moverComposite(
  fdr: RateInterval,
  forRate: RateInterval,
  counts: FlagCounts,
): { recall: Interval; fpr: Interval } {
  const { dropped: D, kept: K } = counts;
  const [fdrLo, fdrHi] = fdr.interval;
  const [forLo, forHi] = forRate.interval;
  const [psiLo, psiHi] = moverRatio(
    K * forRate.estimate,
    [K * forLo, K * forHi],
    D * (1 - fdr.estimate),
    [D * (1 - fdrHi), D * (1 - fdrLo)],
  );
  const [phiLo, phiHi] = moverRatio(
    D * fdr.estimate,
    [D * fdrLo, D * fdrHi],
    K * (1 - forRate.estimate),
    [K * (1 - forHi), K * (1 - forLo)],
  );
  return {
    recall: [1 / (1 + psiHi), 1 / (1 + psiLo)],
    fpr: [phiLo / (1 + phiLo), phiHi === Infinity ? 1 : phiHi / (1 + phiHi)],
  };
}

/**
 * Rogan–Gladen correction for annotator error: π = (p_obs + Sp − 1)/(Se + Sp − 1), clipped to [0, 1].
 * Se and Sp are the annotators' sensitivity and specificity from an adjudicated double-labeled subset.
 */
export function roganGladen(observed: number, sensitivity: number, specificity: number): number {
  const youden = sensitivity + specificity - 1;
  if (!(youden > 0))
    throw new RangeError(
      `Expected sensitivity + specificity > 1, got ${sensitivity} + ${specificity}`,
    );
  return Math.min(1, Math.max(0, (observed + specificity - 1) / youden));
}
