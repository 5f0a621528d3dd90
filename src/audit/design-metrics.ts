/**
 * The metrics of a stratified document sample (`winnow sample --design doc`): FDR and FOR as
 * stratified proportions, token-FDR and token-FOR as stratified ratios, recall and FPR as
 * composites of the two, each with its two-sided interval and, where a gate reads it, the
 * one-sided upper bound. Pure: strata with their labeled items in, metrics out. `runAudit` calls
 * this for its stratified design, and the coverage simulation calls the same function.
 */
import { kornGraubardInterval, type Interval, type ProportionEstimate } from './intervals.ts';
import {
  designEffectiveSize,
  fprFrom,
  moverComposite,
  recallFrom,
  stratifiedProportion,
  stratifiedRatio,
  withEffectiveSize,
  type Estimate,
  type SizeStratum,
} from './stratified.ts';

/** A metric: point estimate, two-sided interval, and for gating metrics the one-sided upper bound. */
export interface Metric {
  estimate: number;
  lo: number;
  hi: number;
  upper?: number;
  /** One-sided lower bound at α, for metrics a gate reads from below (recall). */
  lower?: number;
  method: string;
  /** With predictions (ppi-audit.ts): the classical interval beside the PPI++ one. */
  classical?: Metric;
  /** With predictions, FDR and FOR: λ per stratum. */
  lambda?: Record<string, number>;
}

export const metric = (
  estimate: number,
  [lo, hi]: Interval,
  method: string,
  upper?: number,
): Metric =>
  upper === undefined ? { estimate, lo, hi, method } : { estimate, lo, hi, upper, method };

/** 1 − m, its interval mirrored (precision from FDR, NPV from FOR). */
export const flip = (m: Metric, method = m.method): Metric =>
  metric(1 - m.estimate, [1 - m.hi, 1 - m.lo], method);

/** Korn–Graubard interval and one-sided upper bound of a design-based proportion. */
export const kg = (e: ProportionEstimate, alpha: number, method = 'Korn–Graubard'): Metric => {
  if (!Number.isFinite(e.estimate)) return metric(NaN, [0, 1], method, 1);
  const v = Number.isFinite(e.variance) ? e : { ...e, variance: 0 };
  return metric(
    e.estimate,
    kornGraubardInterval(v, alpha),
    method,
    kornGraubardInterval(v, alpha, 'upper')[1],
  );
};

/** A labeled document as the estimators see it. */
export interface DesignItem {
  bad: boolean;
  /** Tokens (or code points). */
  weight: number;
}

/** A stratum of the design with the labeled items drawn from it. */
export interface DesignStratum {
  name: string;
  flagged: boolean;
  population_docs: number;
  population_tokens: number;
  /** Σ ℓ² over the stratum (strata files from `sample` since the long stratum); else estimated from the labels. */
  population_tokens_sq?: number | undefined;
  items: readonly DesignItem[];
}

export interface DesignMetrics {
  metrics: Record<string, Metric>;
  fdr: Estimate | null;
  for: Estimate | null;
  /** D and K: documents in flagged and kept strata. */
  dropped: number;
  kept: number;
}

const good = (i: DesignItem) => !i.bad;

/** A side's strata for designEffectiveSize; Σℓ² from the labels' mean ℓ² when the strata file lacks it. */
const sizes = (strata: readonly DesignStratum[]): SizeStratum[] =>
  strata.map((s) => ({
    size: s.population_docs,
    n: s.items.length,
    tokens: s.population_tokens,
    tokensSq:
      s.population_tokens_sq ??
      (s.population_docs * s.items.reduce((t, i) => t + i.weight * i.weight, 0)) / s.items.length,
  }));

/** Good (or bad) tokens over all tokens of a side: the stratified ratio, n* bounded by the token design. */
function tokenRatio(strata: readonly DesignStratum[], share: (i: DesignItem) => boolean): Estimate {
  const e = stratifiedRatio(
    strata.map((s) => ({
      size: s.population_docs,
      numerator: s.items.map((i) => (share(i) ? i.weight : 0)),
      denominator: s.items.map((i) => i.weight),
    })),
  );
  return withEffectiveSize(e, designEffectiveSize(sizes(strata), 'tokens'));
}

/** A rate with its Korn–Graubard interval at level 1 − a. */
const rate = (e: Estimate, a: number) => ({
  estimate: e.estimate,
  interval: kornGraubardInterval(e, a),
});

/**
 * The metrics of a stratified sample; a side without labels leaves its metrics out. FDR and FOR
 * are stratified proportions, token-FDR and token-FOR stratified ratios, all with Korn–Graubard
 * intervals whose n* never exceeds what the design is worth (designEffectiveSize); recall and FPR
 * are MOVER composites of FDR and FOR. test/audit/coverage.test.ts measures their coverage.
 */
export function designMetrics(strata: readonly DesignStratum[], alpha: number): DesignMetrics {
  const metrics: Record<string, Metric> = {};
  const flaggedS = strata.filter((s) => s.flagged && s.items.length);
  const keptS = strata.filter((s) => !s.flagged && s.items.length);
  const dropped = strata.filter((s) => s.flagged).reduce((n, s) => n + s.population_docs, 0);
  const kept = strata.filter((s) => !s.flagged).reduce((n, s) => n + s.population_docs, 0);
  const proportion = (side: readonly DesignStratum[], x: (i: DesignItem) => boolean) =>
    withEffectiveSize(
      stratifiedProportion(
        side.map((s) => ({
          size: s.population_docs,
          n: s.items.length,
          x: s.items.filter(x).length,
        })),
      ),
      designEffectiveSize(sizes(side)),
    );
  // Within flagged strata the filter under audit drops what was sampled as dropped (same fingerprint).
  const fdrE = flaggedS.length ? proportion(flaggedS, good) : null;
  const forE = keptS.length ? proportion(keptS, (i) => i.bad) : null;
  if (fdrE) {
    metrics.fdr = kg(fdrE, alpha);
    metrics.precision = flip(metrics.fdr);
    metrics.token_fdr = kg(tokenRatio(flaggedS, good), alpha, 'stratified ratio, Korn–Graubard');
  }
  if (forE) {
    metrics.for = kg(forE, alpha);
    metrics.npv = flip(metrics.for);
    metrics.token_for = kg(
      tokenRatio(keptS, (i) => i.bad),
      alpha,
      'stratified ratio, Korn–Graubard',
    );
  }
  if (fdrE && forE) {
    const counts = { dropped, kept };
    const safe = (e: Estimate) => (Number.isFinite(e.variance) ? e : { ...e, variance: 0 });
    const f = safe(fdrE);
    const o = safe(forE);
    const two = moverComposite(rate(f, alpha), rate(o, alpha), counts);
    // One-sided bounds at α are the ends of two-sided intervals at 2α.
    const one = moverComposite(rate(f, 2 * alpha), rate(o, 2 * alpha), counts);
    const method = 'MOVER composite of Korn–Graubard';
    metrics.recall = metric(recallFrom(f.estimate, o.estimate, counts), two.recall, method);
    metrics.recall.lower = one.recall[0];
    metrics.fpr = metric(fprFrom(f.estimate, o.estimate, counts), two.fpr, method, one.fpr[1]);
    metrics.specificity = flip(metrics.fpr);
  }
  return { metrics, fdr: fdrE, for: forE, dropped, kept };
}
