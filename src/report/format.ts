/**
 * Number formatting shared by the report's renderers: the same number reads the same in
 * Markdown, HTML and chart captions. Pure; no locale (the report's bytes must not depend on it).
 */

/** 1509 → "1,509"; non-finite → "–". Integers only (rounds). */
export function count(n: number): string {
  if (!Number.isFinite(n)) return '–';
  const s = String(Math.round(Math.abs(n)));
  return (n < 0 ? '-' : '') + s.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Compact counts: below 10,000 as `count` (from 1,000 in k with `units`), then 12.3k, 4.5M, 6.7B, 8.9T. */
export function compact(n: number, units = false): string {
  if (!Number.isFinite(n)) return '–';
  const a = Math.abs(n);
  for (const [unit, v] of [
    ['T', 1e12],
    ['B', 1e9],
    ['M', 1e6],
    ['k', 1e3],
  ] as const) {
    if (a >= v && (unit !== 'k' || a >= 1e4 || units)) {
      const x = n / v;
      return `${Math.abs(x) >= 100 ? x.toFixed(0) : x.toFixed(1)}${unit}`;
    }
  }
  return count(n);
}

/** An interval of counts in one style: "8.8k–10.7M", not "8,756–10.7M"; "120–950" when both are small. */
export function compactRange(lo: number, hi: number): string {
  const units = Math.max(Math.abs(lo), Math.abs(hi)) >= 1e4;
  return `${compact(lo, units)}–${compact(hi, units)}`;
}

/** A proportion 0..1 as a percentage with one decimal, without the sign: 0.0861 → "8.6". "–" for null/NaN. */
export function pctNumber(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  return (100 * x).toFixed(1);
}

/** 0.0861 → "8.6 %"; "–" for null/NaN. */
export const pct = (x: number | null | undefined): string => {
  const s = pctNumber(x);
  return s === '–' ? s : `${s} %`;
};

/** An interval of proportions: "0.8–9.7 %". */
export const pctRange = (lo: number | null | undefined, hi: number | null | undefined): string =>
  `${pctNumber(lo)}–${pctNumber(hi)} %`;

/** `part` of `whole` as a percentage, "–" when whole is 0. */
export const share = (part: number, whole: number): string => (whole > 0 ? pct(part / whole) : '–');

/** A measured value (attribute, threshold) with up to 4 significant digits, no exponent for ordinary sizes. */
export function value(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e6 || a < 1e-4) return x.toExponential(2);
  if (Number.isInteger(x)) return count(x);
  return String(+x.toPrecision(4));
}

/** A ratio 0..1 with 3 decimals (AUC, kappa): "0.781". */
export const ratio = (x: number | null | undefined): string =>
  x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(3);

/** Rounds to 6 significant digits for the JSON report (bin edges; keeps the bytes short and stable). */
export const round6 = (x: number): number =>
  Number.isFinite(x) && x !== 0 ? +x.toPrecision(6) : x;

/** A threshold as a reader says it: `< 0.12`, `≥ 1`. */
export const markText = (m: { readonly op: string; readonly threshold: number }): string =>
  `${m.op.replace('<=', '≤').replace('>=', '≥')} ${value(m.threshold)}`;
