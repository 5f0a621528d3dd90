import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  designEffect,
  gatingPower,
  gatingSampleSize,
  neymanAllocation,
  rareRateSampleSize,
  srsSampleSize,
  stratifiedSampleSize,
  zeroFailureSampleSize,
} from '../../src/audit/planner.ts';
import { clopperPearsonUpper } from '../../src/audit/intervals.ts';

test('SRS worst case z²/4h²: 385 for ±5 points, 1068 for ±3, 2401 for ±2, 9604 for ±1', () => {
  assert.equal(
    [0.05, 0.03, 0.02, 0.01].map((halfWidth) => srsSampleSize({ halfWidth })),
    [385, 1068, 2401, 9604],
  );
  // Finite-population correction n' = n/(1 + (n−1)/N).
  assert.is(
    srsSampleSize({ halfWidth: 0.05, population: 1000 }),
    Math.ceil(384.14588206941244 / (1 + 383.14588206941244 / 1000)),
  );
});

// The §3 example: flagged good fractions 0.80 / 0.24 / 0.008 over the strata of the KG example.
const SIZES = [81357, 40416, 46683];
const GOOD = [0.8, 0.24, 0.008];
const sd = (p: number) => Math.sqrt(p * (1 - p));

test('±3-point FDR: 1055 labels with SRS of the flagged set', () => {
  const D = SIZES.reduce((a, b) => a + b, 0);
  const pooled = SIZES.reduce((s, n, h) => s + (n / D) * (GOOD[h] as number), 0);
  assert.is(srsSampleSize({ halfWidth: 0.03, proportion: pooled }), 1055);
});

test('stratified sizes: Neyman (Σ W S)² and proportional Σ W S², and the Neyman allocation 261 / 139 / 34', () => {
  const strata = SIZES.map((size, h) => ({ weight: size, sd: sd(GOOD[h] as number) }));
  const z2h2 = (1.959963984540054 / 0.03) ** 2;
  const neyman = stratifiedSampleSize({ halfWidth: 0.03, strata });
  const proportional = stratifiedSampleSize({
    halfWidth: 0.03,
    strata,
    allocation: 'proportional',
  });
  const D = SIZES.reduce((a, b) => a + b, 0);
  assert.is(
    neyman,
    Math.ceil(z2h2 * SIZES.reduce((s, n, h) => s + (n / D) * sd(GOOD[h] as number), 0) ** 2),
  );
  assert.is(
    proportional,
    Math.ceil(z2h2 * SIZES.reduce((s, n, h) => s + (n / D) * sd(GOOD[h] as number) ** 2, 0)),
  );
  // The doc prints 434 and 521; these formulas give 438 and 526 (436 and 525 with W rounded to
  // 0.48 / 0.24 / 0.28). Neyman beats proportional beats SRS all the same.
  assert.equal([neyman, proportional], [438, 526]);
  assert.ok(neyman < proportional && proportional < 1055);
  // 434 labels shared ∝ W_h S_h with the doc's rounded W give its 261 / 139 / 34.
  const rounded = [0.48, 0.24, 0.28].map((w, h) => ({ size: w * 1e6, sd: sd(GOOD[h] as number) }));
  assert.equal(neymanAllocation(434, rounded), [261, 139, 34]);
});

test('Neyman allocation keeps a minimum per stratum, caps at N_h and sums to the total', () => {
  const a = neymanAllocation(
    434,
    [
      { size: 1000, sd: 0.5 },
      { size: 50, sd: 0.5 },
      { size: 100000, sd: 0.01 },
    ],
    { minimum: 30 },
  );
  assert.equal(a, [135, 30, 269]);
  assert.equal(
    neymanAllocation(100, [
      { size: 20, sd: 0.5 },
      { size: 1000, sd: 0.1 },
    ]),
    [9, 91],
  );
  assert.equal(
    neymanAllocation(100, [
      { size: 20, sd: 0.5 },
      { size: 1000, sd: 0.001 },
    ]),
    [20, 80],
  ); // capped at N_h
  assert.equal(
    neymanAllocation(10, [
      { size: 100, sd: 0 },
      { size: 100, sd: 0 },
    ]),
    [5, 5],
  );
  assert.throws(() => neymanAllocation(300, [{ size: 100, sd: 0.5 }]), /`total`/);
});

test('rare bad in the kept set: FOR 0.4 %, relative half-width 25 % → 15,305 labels', () => {
  assert.is(rareRateSampleSize({ rate: 0.004, relativeHalfWidth: 0.25 }), 15305);
});

test('zero failures prove rate ≤ p₀ at 95 % once n ≥ ln .05/ln(1−p₀): 29, 59, 149, 299', () => {
  assert.equal(
    [0.1, 0.05, 0.02, 0.01].map((p) => zeroFailureSampleSize(p)),
    [29, 59, 149, 299],
  );
  for (const p of [0.1, 0.05, 0.02, 0.01]) {
    const n = zeroFailureSampleSize(p);
    assert.ok(clopperPearsonUpper(0, n) <= p && clopperPearsonUpper(0, n - 1) > p, `p₀ = ${p}`);
  }
});

// audit-methods.md §3 gating power: labels for an 80 % chance that the 95 % CP UCB ≤ budget.
const GATING: [budget: number, trueRate: number, labels: number][] = [
  [0.1, 0.05, 203],
  [0.05, 0.02, 260],
  [0.05, 0.03, 647],
  [0.02, 0.01, 969],
];

test('gating power: every tabled n is where the sawtooth power reaches 80 %, within [minimum, sustained]', () => {
  for (const [budget, trueRate, labels] of GATING) {
    const opts = { budget, trueRate };
    assert.ok(
      gatingPower(labels, opts) >= 0.8 && gatingPower(labels - 1, opts) < 0.8,
      `n = ${labels} is a crossing`,
    );
    const { minimum, sustained } = gatingSampleSize(opts);
    assert.ok(minimum <= labels && labels <= sustained, `${minimum} ≤ ${labels} ≤ ${sustained}`);
  }
  // The power is not monotone in n (the critical count moves in steps), so two answers:
  assert.equal(gatingSampleSize({ budget: 0.1, trueRate: 0.05 }), { minimum: 179, sustained: 203 });
  assert.equal(gatingSampleSize({ budget: 0.02, trueRate: 0.01 }), {
    minimum: 969,
    sustained: 1091,
  });
  assert.equal(gatingSampleSize({ budget: 0.05, trueRate: 0.02 }), {
    minimum: 234,
    sustained: 286,
  });
  assert.equal(gatingSampleSize({ budget: 0.05, trueRate: 0.03 }), {
    minimum: 601,
    sustained: 694,
  });
});

test('sustained means sustained: power stays ≥ 80 % for every n checked beyond it', () => {
  const opts = { budget: 0.1, trueRate: 0.05 };
  const { sustained } = gatingSampleSize(opts);
  for (let n = sustained; n < sustained + 400; n++)
    assert.ok(gatingPower(n, opts) >= 0.8, `n = ${n}`);
  assert.ok(gatingPower(sustained - 1, opts) < 0.8);
  assert.throws(() => gatingSampleSize({ budget: 0.05, trueRate: 0.06 }), /`trueRate`/);
});

test('Neyman allocation of every document gives every stratum all of its documents, whatever the minimum', () => {
  // A small stratum whose share falls under the minimum in the first round, while a big one is
  // capped at its size: it must still end with all 38, not the minimum of 30.
  const strata = [
    { size: 38, sd: 0.001 },
    { size: 10, sd: 5 },
    { size: 5000, sd: 0.3 },
  ];
  assert.equal(neymanAllocation(5048, strata, { minimum: 30 }), [38, 10, 5000]);
  assert.equal(
    neymanAllocation(5047, strata, { minimum: 30 }).reduce((a, b) => a + b, 0),
    5047,
  );
});

test('design effect: 30 labels in each of the five dropped strata of issue 17 are worth half as many simple random ones', () => {
  // n·Σ W_h²(1−f_h)/(n_h−1) = 150·9,337,098/(4840²·29), by hand 2.0616.
  const strata = [2900, 685, 603, 442, 210].map((size) => ({ size, n: 30 }));
  assert.ok(Math.abs(designEffect(strata) - (150 * 9_337_098) / (4840 * 4840 * 29)) < 1e-12);
  // Labels spread as N_h (proportional allocation, small sampling fractions): about 1.
  const prop = [
    { size: 1e6, n: 100 },
    { size: 2e6, n: 200 },
  ];
  assert.ok(
    Math.abs(
      designEffect(prop) - 300 * (((1 / 9) * (1 - 1e-4)) / 99 + ((4 / 9) * (1 - 1e-4)) / 199),
    ) < 1e-12,
  );
  // The gating answer scales by it.
  assert.equal(gatingSampleSize({ budget: 0.1, trueRate: 0.05, designEffect: 2 }), {
    minimum: 2 * 179,
    sustained: 2 * 203,
  });
});

test.run();
