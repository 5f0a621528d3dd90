/**
 * Stratified bootstrap for derived metrics (F1, MCC, per-rule numbers, prevalence, weighted AUC):
 * audit-methods.md §4. Each replicate resamples within every stratum and rescales the weights the
 * Rao–Wu way, so the finite-population correction holds when f_h is not small; the interval is the
 * percentile interval. Seeded: the same seed gives the same interval.
 */
import type { Interval } from './intervals.ts';
import { mulberry32, randomIndex } from './random.ts';

/** A stratum: its population size N_h and its labeled items. */
export interface BootstrapStratum<T> {
  size: number;
  items: readonly T[];
}

/** An item with its (replicate) weight; the full-sample weight is N_h/n_h. */
export interface Weighted<T> {
  item: T;
  weight: number;
}

export interface BootstrapResult {
  /** The statistic on the full sample (design weights N_h/n_h). */
  estimate: number;
  /** Percentile interval at level 1 − α. */
  interval: Interval;
  /** Standard deviation of the replicates. */
  se: number;
  /** Replicates whose statistic was finite (NaN replicates, e.g. an empty denominator, are dropped). */
  replicates: number;
}

/**
 * Rao–Wu rescaling bootstrap: per stratum draw m_h = n_h − 1 items with replacement (counts r_i)
 * and weight each item w_i·(1 − λ_h + λ_h·(n_h/m_h)·r_i), λ_h = √(1 − f_h). Weights stay ≥ 0.
 * A stratum with one label keeps its weight (it cannot show variation). Default 2000 replicates,
 * α = 0.05, seed 1.
 */
export function stratifiedBootstrap<T>(
  strata: readonly BootstrapStratum<T>[],
  statistic: (sample: readonly Weighted<T>[]) => number,
  options: { replicates?: number; alpha?: number; seed?: number } = {},
): BootstrapResult {
  const { replicates = 2000, alpha = 0.05, seed = 1 } = options;
  if (!(Number.isInteger(replicates) && replicates >= 1))
    throw new RangeError(`Expected \`replicates\` to be an integer ≥ 1, got ${replicates}`);
  strata.forEach((s, h) => {
    if (!(s.items.length <= s.size))
      throw new RangeError(
        `Expected stratum ${h} to hold at most size = ${s.size} items, got ${s.items.length}`,
      );
  });
  const base = strata.map((s) =>
    s.items.map((item) => ({ item, weight: s.size / s.items.length })),
  );
  const estimate = statistic(base.flat());
  const random = mulberry32(seed);
  const values: number[] = [];
  for (let b = 0; b < replicates; b++) {
    const sample: Weighted<T>[] = [];
    strata.forEach((s, h) => {
      const n = s.items.length;
      const items = base[h] as Weighted<T>[];
      if (n < 2) {
        sample.push(...items);
        return;
      }
      const m = n - 1;
      const counts = new Uint32Array(n);
      for (let k = 0; k < m; k++) counts[randomIndex(random, n)]! += 1;
      const lambda = Math.sqrt(1 - n / s.size);
      items.forEach(({ item, weight }, i) => {
        sample.push({
          item,
          weight: weight * (1 - lambda + lambda * (n / m) * (counts[i] as number)),
        });
      });
    });
    const v = statistic(sample);
    if (Number.isFinite(v)) values.push(v);
  }
  values.sort((a, b) => a - b);
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const se = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1));
  return {
    estimate,
    interval: [quantileSorted(values, alpha / 2), quantileSorted(values, 1 - alpha / 2)],
    se,
    replicates: values.length,
  };
}

/** Linear-interpolation quantile of sorted values (R type 7); NaN when empty. */
function quantileSorted(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return (sorted[lo] as number) + (h - lo) * ((sorted[hi] as number) - (sorted[lo] as number));
}
