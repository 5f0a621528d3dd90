import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  betaQuantile,
  betaQuantileUpper,
  incompleteBeta,
  incompleteBetaUpper,
  logBeta,
  logGamma,
} from '../../src/audit/beta.ts';
import { closeRel } from './_close.ts';

const REL = 1e-12;

test('audit-methods.md §2 unit values of I_x(a, b)', () => {
  closeRel(incompleteBeta(0.5, 2, 3), 0.6875, REL, 'I_.5(2,3)');
  closeRel(incompleteBeta(0.1, 0.5, 0.5), 0.204832764699133, REL, 'I_.1(.5,.5)');
  closeRel(incompleteBeta(0.001, 1, 1000), 0.632304575229036, REL, 'I_.001(1,1000)');
  closeRel(incompleteBeta(0.05, 50.5, 950.5), 0.491296609901658, REL, 'I_.05(50.5,950.5)');
  closeRel(incompleteBeta(1e-6, 0.5, 1e6 + 0.5), 0.842700948615045, REL, 'I_1e-6(.5,1e6+.5)');
});

test('audit-methods.md §2 unit values of the beta quantile', () => {
  closeRel(betaQuantile(0.025, 1, 1e6), 2.53178076637942e-8, REL, 'B⁻¹(.025;1,1e6)');
  closeRel(betaQuantile(0.975, 2, 999999), 5.57163065516694e-6, REL, 'B⁻¹(.975;2,999999)');
  closeRel(betaQuantile(1e-10, 3, 7), 0.000106000836667606, REL, 'B⁻¹(1e-10;3,7)');
  closeRel(betaQuantile(0.95, 1, 29), 0.0981446276772957, REL, 'B⁻¹(.95;1,29)');
  // The same upper quantiles asked as tail areas, without rounding 1 − p.
  closeRel(betaQuantileUpper(0.025, 2, 999999), 5.57163065516694e-6, REL, 'isf(.025;2,999999)');
  closeRel(betaQuantileUpper(0.05, 1, 29), 0.0981446276772957, REL, 'isf(.05;1,29)');
});

// [x, a, b, I_x(a,b), 1 − I_x(a,b)] computed with mpmath at 60 digits (continued fraction with the
// exact prefix x^a (1−x)^b / B(a,b), checked against mpmath.betainc where that converges).
const EXTREME: [number, number, number, number, number][] = [
  [0.5001, 1e8, 1e8, 0.99766113269031021, 0.0023388673096897892],
  [0.4999, 1e8, 1e8, 0.0023388673096897892, 0.99766113269031021],
  [0.49995, 1e8, 1e8, 0.078649603265723236, 0.92135039673427676],
  [1e-8, 0.5, 1e8, 0.84270079346859925, 0.15729920653140075],
  [2.5e-8, 1, 1e8, 0.91791500394125741, 0.082084996058742595],
  [0.99999995, 1e8, 0.5, 0.0015654020617812216, 0.99843459793821878],
  [0.9999994602858788, 1e8, 50.5, 0.300000002294131, 0.699999997705869],
  [0.0909, 1e7, 1e8, 0.370102466184797, 0.629897533815203],
  [0.09095, 1e7, 1e8, 0.93219893506458695, 0.067801064935413048],
  [3e-7, 20, 1e8, 0.97812659727316643, 0.021873402726833567],
  [1e-5, 1000, 1e8, 0.50433132721891817, 0.49566867278108183],
  [1.3e-5, 1000, 1e8, 1, 1.8670745971276935e-18],
  [2e-5, 20, 1e6, 0.52977737894471805, 0.47022262105528195],
  [1e-6, 20, 1e6, 1.587830048189636e-19, 1],
  [0.25, 50, 50, 4.3848470459334601e-8, 0.99999995615152954],
  [0.001, 0.5, 0.5, 0.020135041633377491, 0.97986495836662251],
  [0.999, 0.5, 0.5, 0.9798649583666225, 0.0201350416333775],
  [0.5, 3e7, 3e7 + 1, 0.50005150322672183, 0.49994849677327817],
  [0.999999, 5e7, 2, 9.8363782980550566e-21, 1],
  [1e-7, 2, 1e8, 0.99950060102231223, 0.00049939897768776566],
];

test('extreme parameters up to 1e8: both tails to 1e-12 relative against a 60-digit reference', () => {
  for (const [x, a, b, lower, upper] of EXTREME) {
    closeRel(incompleteBeta(x, a, b), lower, REL, `I_${x}(${a},${b})`);
    closeRel(incompleteBetaUpper(x, a, b), upper, REL, `1−I_${x}(${a},${b})`);
  }
  // Far beyond double range the tail underflows to 0 instead of turning into garbage.
  assert.is(incompleteBetaUpper(0.7, 1e4, 1e4), 0); // 4.4e-760
});

const SHAPES = [0.5, 0.8, 1, 2.5, 7, 30, 333, 4096, 1e5, 3e6, 1e8];

/** x values spread over the bulk and the tails of Beta(a, b), from its quantiles. */
function spread(a: number, b: number): number[] {
  const xs: number[] = [];
  for (const p of [1e-30, 1e-8, 0.01, 0.3, 0.5])
    xs.push(betaQuantile(p, a, b), betaQuantileUpper(p, a, b));
  return xs.filter((x) => x > 0 && x < 1);
}

test('round trip: the quantile of I_x (on whichever tail is smaller) gives back x to 1e-12', () => {
  for (const a of SHAPES)
    for (const b of SHAPES)
      for (const x of spread(a, b)) {
        const lower = incompleteBeta(x, a, b);
        const back =
          lower <= 0.5
            ? betaQuantile(lower, a, b)
            : betaQuantileUpper(incompleteBetaUpper(x, a, b), a, b);
        closeRel(back, x, REL, `quantile of I_${x}(${a},${b})`);
      }
});

test('symmetry I_x(a, b) = 1 − I_{1−x}(b, a), checked on the smaller tail', () => {
  for (const a of SHAPES)
    for (const b of SHAPES)
      for (const x of [
        0.5,
        0.75,
        0.9375,
        1 - 2 ** -20,
        1 - 2 ** -40,
        ...spread(a, b).filter((v) => v >= 0.5),
      ]) {
        // For x ≥ ½, 1 − x is exact, so both sides see the same point.
        closeRel(
          incompleteBeta(x, a, b),
          incompleteBetaUpper(1 - x, b, a),
          REL,
          `I_${x}(${a},${b})`,
        );
        closeRel(
          incompleteBetaUpper(x, a, b),
          incompleteBeta(1 - x, b, a),
          REL,
          `Q_${x}(${a},${b})`,
        );
        const lower = incompleteBeta(x, a, b);
        if (lower > 0.01 && lower < 0.99)
          closeRel(lower, 1 - incompleteBeta(1 - x, b, a), REL, `1 − I_{1−x}`);
      }
});

test('closed forms: I_x(1, b) = 1 − (1−x)^b and I_x(a, 1) = x^a, with their upper tails', () => {
  for (const s of SHAPES)
    for (const x of spread(1, s)) {
      closeRel(incompleteBeta(x, 1, s), -Math.expm1(s * Math.log1p(-x)), REL, `I_${x}(1,${s})`);
      closeRel(incompleteBetaUpper(x, 1, s), Math.exp(s * Math.log1p(-x)), REL, `Q_${x}(1,${s})`);
    }
  for (const s of SHAPES)
    for (const x of spread(s, 1)) {
      closeRel(incompleteBeta(x, s, 1), Math.exp(s * Math.log(x)), REL, `I_${x}(${s},1)`);
      closeRel(incompleteBetaUpper(x, s, 1), -Math.expm1(s * Math.log(x)), REL, `Q_${x}(${s},1)`);
    }
  // Clopper–Pearson's closed forms: x = 0 → 1 − (α/2)^{1/n}; x = n → (α/2)^{1/n}.
  for (const n of [1, 10, 1000, 1e6, 1e8]) {
    closeRel(
      betaQuantileUpper(0.025, 1, n),
      -Math.expm1(Math.log(0.025) / n),
      REL,
      `CP hi at x=0, n=${n}`,
    );
    closeRel(betaQuantile(0.025, n, 1), Math.exp(Math.log(0.025) / n), REL, `CP lo at x=n, n=${n}`);
  }
});

test('edges: 0 and 1, p = 0 and 1, invalid shapes', () => {
  assert.is(incompleteBeta(0, 2, 3), 0);
  assert.is(incompleteBeta(1, 2, 3), 1);
  assert.is(incompleteBeta(-1, 2, 3), 0);
  assert.is(incompleteBetaUpper(2, 2, 3), 0);
  assert.is(betaQuantile(0, 2, 3), 0);
  assert.is(betaQuantile(1, 2, 3), 1);
  assert.is(betaQuantileUpper(0, 2, 3), 1);
  assert.is(betaQuantileUpper(1, 2, 3), 0);
  assert.ok(Number.isNaN(incompleteBeta(0.5, 0, 3)));
  assert.ok(Number.isNaN(incompleteBeta(0.5, 2, -1)));
  assert.ok(Number.isNaN(betaQuantile(1.5, 2, 3)));
  assert.ok(Number.isNaN(betaQuantile(Number.NaN, 2, 3)));
  // Non-integer and small shapes (Korn–Graubard effective counts) still invert.
  const x = betaQuantile(0.025, 0.3, 7.2);
  closeRel(incompleteBeta(x, 0.3, 7.2), 0.025, REL, 'I at the quantile for a = 0.3');
});

test('log gamma and log beta', () => {
  closeRel(logGamma(0.5), Math.log(Math.sqrt(Math.PI)), 1e-14, 'lgamma(½)');
  closeRel(logGamma(10), Math.log(362880), 1e-15, 'lgamma(10)');
  closeRel(logGamma(1e8), 1742068066.1038347, 1e-15, 'lgamma(1e8)');
  closeRel(logBeta(2, 3), Math.log(1 / 12), 1e-14, 'ln B(2,3)');
  closeRel(logBeta(0.5, 0.5), Math.log(Math.PI), 1e-14, 'ln B(½,½)');
  assert.ok(Math.abs(logGamma(1)) < 1e-15 && Math.abs(logGamma(2)) < 1e-15);
});

test.run();
