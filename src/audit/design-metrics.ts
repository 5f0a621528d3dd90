/**
 * The metrics of a stratified document sample (`winnow sample --design doc`): FDR and FOR as
 * stratified proportions, token-FDR and token-FOR as stratified ratios, recall and FPR as
 * composites of the two, each with its two-sided interval and, where a gate reads it, the
 * one-sided upper bound. Pure: strata with their labeled items in, metrics out. `runAudit` calls
 * this for its stratified design, and the coverage simulation calls the same function.
 */
import { kornGraubardInterval, type Interval, type ProportionEstimate } from './intervals.ts';
import { compositeFpr, compositeRecall, stratifiedProportion, stratifiedRatio, type Estimate } from './stratified.ts';

/** A metric: point estimate, two-sided interval, and for gating metrics the one-sided upper bound. */
export interface Metric {
  estimate: number;
  lo: number;
  hi: number;
  upper?: number;
  method: string;
}

export const metric = (estimate: number, [lo, hi]: Interval, method: string, upper?: number): Metric =>
  upper === undefined ? { estimate, lo, hi, method } : { estimate, lo, hi, upper, method };

/** 1 − m, its interval mirrored (precision from FDR, NPV from FOR). */
export const flip = (m: Metric, method = m.method): Metric => metric(1 - m.estimate, [1 - m.hi, 1 - m.lo], method);

/** Korn–Graubard interval and one-sided upper bound of a design-based proportion. */
export const kg = (e: ProportionEstimate, alpha: number, method = 'Korn–Graubard'): Metric => {
  if (!Number.isFinite(e.estimate)) return metric(NaN, [0, 1], method, 1);
  const v = Number.isFinite(e.variance) ? e : { ...e, variance: 0 };
  return metric(e.estimate, kornGraubardInterval(v, alpha), method, kornGraubardInterval(v, alpha, 'upper')[1]);
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

/** The metrics of a stratified sample; a side without labels leaves its metrics out. */
export function designMetrics(strata: readonly DesignStratum[], alpha: number): DesignMetrics {
  const metrics: Record<string, Metric> = {};
  const flaggedS = strata.filter((s) => s.flagged && s.items.length);
  const keptS = strata.filter((s) => !s.flagged && s.items.length);
  const dropped = strata.filter((s) => s.flagged).reduce((n, s) => n + s.population_docs, 0);
  const kept = strata.filter((s) => !s.flagged).reduce((n, s) => n + s.population_docs, 0);
  // Within flagged strata the filter under audit drops what was sampled as dropped (same fingerprint).
  const fdrE = flaggedS.length ? stratifiedProportion(flaggedS.map((s) => ({ size: s.population_docs, n: s.items.length, x: s.items.filter(good).length }))) : null;
  const forE = keptS.length ? stratifiedProportion(keptS.map((s) => ({ size: s.population_docs, n: s.items.length, x: s.items.filter((i) => i.bad).length }))) : null;
  if (fdrE) {
    metrics.fdr = kg(fdrE, alpha);
    metrics.precision = flip(metrics.fdr);
    metrics.token_fdr = kg(stratifiedRatio(flaggedS.map((s) => ({ size: s.population_docs, numerator: s.items.map((i) => (i.bad ? 0 : i.weight)), denominator: s.items.map((i) => i.weight) }))), alpha, 'stratified ratio, Korn–Graubard');
  }
  if (forE) {
    metrics.for = kg(forE, alpha);
    metrics.npv = flip(metrics.for);
    metrics.token_for = kg(stratifiedRatio(keptS.map((s) => ({ size: s.population_docs, numerator: s.items.map((i) => (i.bad ? i.weight : 0)), denominator: s.items.map((i) => i.weight) }))), alpha, 'stratified ratio, Korn–Graubard');
  }
  if (fdrE && forE) {
    const counts = { dropped, kept };
    const safe = (e: Estimate) => (Number.isFinite(e.variance) ? e : { ...e, variance: 0 });
    const rec = compositeRecall(safe(fdrE), safe(forE), counts, alpha);
    const fpr = compositeFpr(safe(fdrE), safe(forE), counts, alpha);
    const fprUpper = compositeFpr(safe(fdrE), safe(forE), counts, 2 * alpha).conservative[1];
    metrics.recall = metric(rec.estimate, rec.conservative, 'Bonferroni composite of Korn–Graubard (conservative)');
    metrics.recall_approximate = metric(rec.estimate, rec.approximate, 'logit delta method (approximate)');
    metrics.fpr = metric(fpr.estimate, fpr.conservative, 'Bonferroni composite of Korn–Graubard (conservative)', fprUpper);
    metrics.specificity = flip(metrics.fpr);
  }
  return { metrics, fdr: fdrE, for: forE, dropped, kept };
}
