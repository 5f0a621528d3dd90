/**
 * Mergeable histograms of attribute values: log-spaced bins with a fixed ratio, so any two
 * histograms of the same attribute merge by adding counts (shards, ranks, workers), quantiles come
 * with a bounded relative error, and the bytes are the same whatever order values arrived in.
 */

/** Bin ratio: a value is reported to within ±2 % of itself. */
export const GAMMA = 1.04;
/** |v| below this counts in the zero bin (ratios of exactly 0 are common). */
export const ZERO = 1e-9;
const LOG_GAMMA = Math.log(GAMMA);

/** A histogram: `bins` maps bin key → count; key 0 is the zero bin, ±k are (γ^(k-1), γ^k] by sign. */
export interface Histogram {
  count: number;
  min: number;
  max: number;
  sum: number;
  bins: Record<string, number>;
}

export const emptyHistogram = (): Histogram => ({
  count: 0,
  min: Infinity,
  max: -Infinity,
  sum: 0,
  bins: {},
});

/** Bin key of a value. */
export function binOf(v: number): number {
  const a = Math.abs(v);
  if (a < ZERO) return 0;
  // +1 so that the key of values in (γ^-1, 1] is 1, never 0 (0 is the zero bin).
  const k = Math.ceil(Math.log(a) / LOG_GAMMA - 1e-12) + 1 + 1024;
  return v < 0 ? -k : k;
}

/** Representative value of a bin (geometric middle); 0 for the zero bin. */
export function binValue(key: number): number {
  if (key === 0) return 0;
  const k = Math.abs(key) - 1024 - 1;
  const v = Math.pow(GAMMA, k - 0.5);
  return key < 0 ? -v : v;
}

/** Adds a value (NaN and infinities are ignored: they are not measurements). */
export function addValue(h: Histogram, v: number): void {
  if (!Number.isFinite(v)) return;
  h.count++;
  h.sum += v;
  if (v < h.min) h.min = v;
  if (v > h.max) h.max = v;
  const k = binOf(v);
  h.bins[k] = (h.bins[k] ?? 0) + 1;
}

/** a + b, as a new histogram. */
export function mergeHistograms(a: Histogram, b: Histogram): Histogram {
  const bins: Record<string, number> = { ...a.bins };
  for (const k in b.bins) bins[k] = (bins[k] ?? 0) + b.bins[k]!;
  return {
    count: a.count + b.count,
    min: Math.min(a.min, b.min),
    max: Math.max(a.max, b.max),
    sum: a.sum + b.sum,
    bins,
  };
}

/** Bin keys in value order. */
export const sortedKeys = (h: Histogram): number[] =>
  Object.keys(h.bins)
    .map(Number)
    .sort((x, y) => x - y);

/** The q-quantile (0..1), to within the bin ratio; clamped to the exact min and max. NaN when empty. */
export function quantile(h: Histogram, q: number): number {
  if (!h.count) return NaN;
  const rank = q * (h.count - 1);
  let seen = 0;
  for (const k of sortedKeys(h)) {
    seen += h.bins[k]!;
    if (seen > rank) return Math.min(h.max, Math.max(h.min, binValue(k)));
  }
  return h.max;
}

/** Quantiles listed in stats files (read from the bins, so ±2 %). */
export const QUANTILES = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99] as const;

/** JSON form: bins sorted by value, quantiles, empty extremes as null (JSON has no Infinity). */
export function histogramJson(h: Histogram): unknown {
  const bins: Record<string, number> = {};
  for (const k of sortedKeys(h)) bins[k] = h.bins[k]!;
  const q: Record<string, number | null> = {};
  for (const p of QUANTILES)
    q[`p${Math.round(p * 100)}`] = h.count ? +quantile(h, p).toPrecision(6) : null;
  return {
    count: h.count,
    min: h.count ? h.min : null,
    max: h.count ? h.max : null,
    sum: h.sum,
    quantiles: q,
    bins,
  };
}

/** Reads the JSON form back. */
export function histogramFromJson(j: {
  count: number;
  min: number | null;
  max: number | null;
  sum: number;
  bins: Record<string, number>;
}): Histogram {
  // quantiles are derived from the bins; they are recomputed, not read back.
  return {
    count: j.count,
    min: j.min ?? Infinity,
    max: j.max ?? -Infinity,
    sum: j.sum,
    bins: { ...j.bins },
  };
}
