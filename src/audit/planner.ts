/**
 * Sample-size planning for an audit (audit-methods.md §3, "Sampling design"): labels needed for a
 * target interval half-width (simple random or stratified), for a rare rate, to certify an FDR
 * budget with given power, or with zero failures; and Neyman allocation across strata.
 */
import { incompleteBeta } from './beta.ts';
import { normalUpperQuantile } from './normal.ts';
import { designEffectiveSize, type SizeStratum } from './stratified.ts';
import { fdrTestPValue } from './sweep.ts';

/**
 * The design effect of a stratified sample for a proportion: its labels over what they are worth
 * when every stratum has the same rate (designEffectiveSize, the n* the audit's intervals never
 * exceed). 1 for a simple random sample; above 1 when labels are spread unlike N_h (the old
 * 30-per-stratum allocation: about 2 on the web pages at -n 300); winnow sample's allocation gives
 * 1.01–1.31 on the web pages at -n 300 to 1,000 (the floors of the long strata weigh most).
 */
export function designEffect(strata: readonly SizeStratum[]): number {
  const n = strata.reduce((t, s) => t + s.n, 0);
  const effective = designEffectiveSize(strata);
  return effective === Infinity ? 1 : n / effective;
}

/**
 * The design effect `audit plan` assumes without a strata file: above what winnow sample's
 * allocation gave on the web pages (1.01–1.31 at -n 300 to 1,000), so the plan errs toward labels.
 */
export const DEFAULT_DESIGN_EFFECT = 1.3;

function checkRate(name: string, value: number): void {
  if (!(value > 0 && value < 1))
    throw new RangeError(`Expected \`${name}\` to be between 0 and 1, got ${value}`);
}

/**
 * SRS labels for a (1−α) interval of half-width h on a proportion p: n = z²p(1−p)/h², rounded up;
 * with `population` N the finite-population correction n' = n/(1 + (n−1)/N). p = ½ is the worst case
 * (385 for ±5 points, 1068 for ±3, 2401 for ±2, 9604 for ±1).
 */
export function srsSampleSize(options: {
  halfWidth: number;
  proportion?: number;
  alpha?: number;
  population?: number;
}): number {
  const { halfWidth: h, proportion: p = 0.5, alpha = 0.05, population } = options;
  checkRate('halfWidth', h);
  const z = normalUpperQuantile(alpha / 2);
  const n = (z * z * p * (1 - p)) / (h * h);
  return Math.ceil(population === undefined ? n : n / (1 + (n - 1) / population));
}

/** A stratum for planning: its share W_h of the population (or size N_h) and unit SD S_h = √(p_h(1−p_h)). */
export interface PlanStratum {
  weight: number;
  sd: number;
}

/**
 * Labels for a (1−α) half-width h on a stratified mean: Neyman n = (z/h)²(Σ W_h S_h)², proportional
 * n = (z/h)² Σ W_h S_h² (weights are normalized to sum to 1). Rounded up; no finite-population correction.
 */
export function stratifiedSampleSize(options: {
  halfWidth: number;
  strata: readonly PlanStratum[];
  allocation?: 'neyman' | 'proportional';
  alpha?: number;
}): number {
  const { halfWidth: h, strata, allocation = 'neyman', alpha = 0.05 } = options;
  checkRate('halfWidth', h);
  const total = strata.reduce((s, st) => s + st.weight, 0);
  const zh = normalUpperQuantile(alpha / 2) / h;
  const factor =
    allocation === 'neyman'
      ? strata.reduce((s, st) => s + (st.weight / total) * st.sd, 0) ** 2
      : strata.reduce((s, st) => s + (st.weight / total) * st.sd * st.sd, 0);
  return Math.ceil(zh * zh * factor);
}

/**
 * Neyman allocation n_h ∝ N_h S_h of `total` labels, as integers summing to `total` (largest
 * remainders), with at least `minimum` per stratum (the methods keep n_h ≥ 30) and at most N_h.
 * `size` is N_h. Strata that hit a bound are fixed and the rest is re-allocated.
 */
export function neymanAllocation(
  total: number,
  strata: readonly { size: number; sd: number }[],
  options: { minimum?: number } = {},
): number[] {
  const { minimum = 0 } = options;
  const k = strata.length;
  const floor = strata.map((s) => Math.min(minimum, s.size));
  const capacity = strata.reduce((s, st) => s + st.size, 0);
  if (!(total >= 0) || total > capacity)
    throw new RangeError(
      `Expected \`total\` between 0 and ${capacity} (all documents), got ${total}`,
    );
  const fixed: (number | undefined)[] = new Array<number | undefined>(k).fill(undefined);
  let shares: number[] = [];
  // Iterate: fix strata whose share exceeds their size, re-share the rest; only when none does, fix
  // those below the minimum. Capping first matters: a stratum fixed at the minimum in the same
  // round could never get the labels the capped ones leave over (with every document asked for,
  // a stratum of 38 kept 30 of them).
  for (let round = 0; round <= 2 * k; round++) {
    const left = total - fixed.reduce<number>((s, v) => s + (v ?? 0), 0);
    const free = strata.map((s, h) => (fixed[h] === undefined ? s.size * s.sd : 0));
    const mass = free.reduce((a, b) => a + b, 0);
    const open = fixed.filter((v) => v === undefined).length;
    shares = strata.map(
      (_, h) => fixed[h] ?? (mass > 0 ? (left * (free[h] as number)) / mass : left / open),
    );
    const over = shares.map(
      (v, h) => fixed[h] === undefined && v > (strata[h] as { size: number }).size,
    );
    const under = shares.map((v, h) => fixed[h] === undefined && v < (floor[h] as number));
    const fix = over.some(Boolean) ? over : under;
    if (!fix.some(Boolean)) break;
    fix.forEach((f, h) => {
      if (f) fixed[h] = over.some(Boolean) ? (strata[h] as { size: number }).size : floor[h];
    });
  }
  // Largest remainders turn the real shares into integers that still sum to total.
  const whole = shares.map(Math.floor);
  let short = total - whole.reduce((a, b) => a + b, 0);
  const order = shares.map((v, h) => [v - Math.floor(v), h] as const).sort((a, b) => b[0] - a[0]);
  while (short > 0) {
    const before = short;
    for (const [, h] of order) {
      if (short <= 0) break;
      if ((whole[h] as number) < (strata[h] as { size: number }).size) {
        whole[h] = (whole[h] as number) + 1;
        short--;
      }
    }
    if (short === before) break;
  }
  return whole;
}

/**
 * SRS labels for a relative half-width r on a rare rate q: n ≈ z²(1−q)/(q r²), rounded up
 * (q = 0.4 %, r = 25 % needs 15,305: stratify by score instead).
 */
export function rareRateSampleSize(options: {
  rate: number;
  relativeHalfWidth: number;
  alpha?: number;
}): number {
  const { rate: q, relativeHalfWidth: r, alpha = 0.05 } = options;
  checkRate('rate', q);
  if (!(r > 0)) throw new RangeError(`Expected \`relativeHalfWidth\` > 0, got ${r}`);
  const z = normalUpperQuantile(alpha / 2);
  return Math.ceil((z * z * (1 - q)) / (q * r * r));
}

/**
 * Labels with zero failures that prove rate ≤ p₀ at level 1−α: the smallest n with
 * 1 − α^{1/n} ≤ p₀, i.e. n ≥ ln α / ln(1−p₀) (29 for 10 %, 59 for 5 %, 149 for 2 %, 299 for 1 %).
 */
export function zeroFailureSampleSize(rate: number, alpha = 0.05): number {
  checkRate('rate', rate);
  return Math.ceil(Math.log(alpha) / Math.log1p(-rate));
}

/** Largest count of good documents among n that still certifies FDR ≤ budget at α (−1 if none). */
function criticalCount(n: number, budget: number, alpha: number, from = -1): number {
  let c = from;
  while (c + 1 < n && fdrTestPValue(c + 1, n, budget) <= alpha) c++;
  return c;
}

/**
 * Power of the gate with n labels: the probability that the one-sided (1−α) CP upper bound of the
 * FDR is ≤ budget when the true FDR is `trueRate`, i.e. P(Bin(n, trueRate) ≤ c_n).
 */
export function gatingPower(
  n: number,
  options: { budget: number; trueRate: number; alpha?: number },
): number {
  const { budget, trueRate, alpha = 0.05 } = options;
  checkRate('budget', budget);
  checkRate('trueRate', trueRate);
  return binomialCdf(criticalCount(n, budget, alpha), n, trueRate);
}

/** P(Bin(n, p) ≤ c) = I_{1−p}(n − c, c + 1). */
function binomialCdf(c: number, n: number, p: number): number {
  if (c < 0) return 0;
  if (c >= n) return 1;
  return incompleteBeta(1 - p, n - c, c + 1);
}

/**
 * Labels needed to certify an FDR budget: the power P(UCB ≤ budget) is a sawtooth in n (it drops
 * while the critical count stays put, and jumps when it rises), so two answers are given.
 * `minimum` is the first n whose power reaches the target; `sustained` the first n from which
 * every larger n does too (each tooth's low point, its last n, stays above). Searches up to maxN.
 * With a `designEffect` (stratified labels), both are the simple-random-sample answers times it.
 */
export function gatingSampleSize(options: {
  budget: number;
  trueRate: number;
  alpha?: number;
  power?: number;
  maxN?: number;
  designEffect?: number;
}): { minimum: number; sustained: number } {
  const { designEffect: deff = 1, ...srs } = options;
  if (!(deff > 0)) throw new RangeError(`Expected \`designEffect\` > 0, got ${deff}`);
  const g = srsGatingSampleSize(srs);
  return deff === 1
    ? g
    : { minimum: Math.ceil(g.minimum * deff), sustained: Math.ceil(g.sustained * deff) };
}

function srsGatingSampleSize(options: {
  budget: number;
  trueRate: number;
  alpha?: number;
  power?: number;
  maxN?: number;
}): { minimum: number; sustained: number } {
  const { budget, trueRate, alpha = 0.05, power = 0.8, maxN = 1_000_000 } = options;
  checkRate('budget', budget);
  checkRate('trueRate', trueRate);
  if (!(trueRate < budget))
    throw new RangeError(`Expected \`trueRate\` below the budget ${budget}, got ${trueRate}`);
  let minimum = 0;
  let sustained = 0;
  let c = -1;
  for (let n = 1; n <= maxN; n++) {
    // The critical count never falls as n grows, so it is tracked incrementally.
    c = criticalCount(n, budget, alpha, c);
    const pw = binomialCdf(c, n, trueRate);
    if (pw >= power) {
      if (minimum === 0) minimum = n;
      if (sustained === 0) sustained = n;
      // The tooth ends when the next n raises the critical count; its last power is the tooth's low.
      const nextC = criticalCount(n + 1, budget, alpha, c);
      if (nextC > c && sustained > 0) return { minimum, sustained };
    } else sustained = 0;
  }
  throw new RangeError(`No n up to ${maxN} reaches power ${power}; raise \`maxN\``);
}

/** The `audit plan` command for more labels; plan takes only an expected FDR in (0, budget), and answers an estimate of 0 by its zero-failure line. */
export function planHint(budget: number, estimate: number): string {
  const expected = +estimate.toFixed(4);
  return `winnow audit plan --budget ${budget}${expected > 0 && expected < budget ? ` --expected-fdr ${expected}` : ''}`;
}
