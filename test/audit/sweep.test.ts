import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { clopperPearsonUpper } from '../../src/audit/intervals.ts';
import { mulberry32 } from '../../src/audit/random.ts';
import {
  fdrTestPValue,
  fixedSequence,
  prCurve,
  rocCurve,
  selectThreshold,
  sweepCounts,
} from '../../src/audit/sweep.ts';
import { closeRel } from './_close.ts';

test('p_j = I_{1−budget}(n−x, x+1) = P(Bin(n, budget) ≤ x), and p ≤ α exactly when the CP UCB ≤ budget', () => {
  // P(Bin(10, 0.1) ≤ 0) = 0.9^10.
  closeRel(fdrTestPValue(0, 10, 0.1), 0.9 ** 10, 1e-13);
  closeRel(fdrTestPValue(1, 10, 0.1), 0.9 ** 10 + 10 * 0.1 * 0.9 ** 9, 1e-13);
  assert.is(fdrTestPValue(5, 5, 0.1), 1);
  for (const budget of [0.02, 0.05, 0.1])
    for (const n of [10, 59, 100, 300, 1000])
      for (let x = 0; x <= Math.min(n, 60); x++) {
        const byP = fdrTestPValue(x, n, budget) <= 0.05;
        const byUcb = clopperPearsonUpper(x, n, 0.05) <= budget;
        assert.is(byP, byUcb, `x=${x} n=${n} budget=${budget}`);
      }
});

test('fixed-sequence testing keeps the last pass before the first failure', () => {
  assert.is(
    fixedSequence([1, 2, 3, 9, 2], (v) => v < 5),
    2,
  );
  assert.is(
    fixedSequence([9, 1], (v) => v < 5),
    -1,
  );
  assert.is(
    fixedSequence([], () => true),
    -1,
  );
  const grid = [
    { threshold: 0.9, n: 100, good: 0 },
    { threshold: 0.8, n: 200, good: 8 },
    { threshold: 0.7, n: 300, good: 40 }, // fails: 13 % good
    { threshold: 0.6, n: 400, good: 20 }, // would pass, but testing has stopped
  ];
  const s = selectThreshold(grid, { budget: 0.1 });
  assert.is(s.threshold, 0.8);
  assert.is(s.index, 1);
  assert.equal(
    s.tests.map((t) => t.pass),
    [true, true, false, false],
  );
  assert.ok((s.tests[3]?.pValue ?? 1) <= 0.05);
  assert.is(
    selectThreshold([{ threshold: 1, n: 10, good: 3 }], { budget: 0.1 }).threshold,
    undefined,
  );
});

test('simulation: fixed-sequence keeps P(true FDR > budget) near α where the naive rule does not', () => {
  // Logistic scores with closed-form tails: bad ~ Logistic(2, 1), good ~ Logistic(−2, 0.5); 10 % bad.
  // Budget 10 % (crossed near t = 0.27), 600 SRS labels, 51 thresholds from 4 down to −1.
  const random = mulberry32(7);
  const prevalence = 0.1;
  const budget = 0.1;
  const logistic = (mu: number, s: number) => {
    const u = random();
    return mu + s * Math.log(u / (1 - u));
  };
  const survival = (t: number, mu: number, s: number) => 1 / (1 + Math.exp((t - mu) / s));
  const trueFdr = (t: number) => {
    const fp = (1 - prevalence) * survival(t, -2, 0.5);
    return fp / (fp + prevalence * survival(t, 2, 1));
  };
  const grid = Array.from({ length: 51 }, (_, i) => 4 - i / 10);
  let fixedErrors = 0;
  let naiveErrors = 0;
  const reps = 200;
  for (let rep = 0; rep < reps; rep++) {
    const items = Array.from({ length: 600 }, () => {
      const bad = random() < prevalence;
      return { bad, score: bad ? logistic(2, 1) : logistic(-2, 0.5) };
    });
    const points = sweepCounts(items, grid);
    const chosen = selectThreshold(
      points.map((p) => ({ threshold: p.threshold, n: p.flagged, good: p.flaggedGood })),
      { budget },
    );
    if (chosen.threshold !== undefined && trueFdr(chosen.threshold) > budget) fixedErrors++;
    // Naive: the most lenient threshold whose point estimate is within budget.
    const naive = points.filter((p) => p.flagged > 0 && p.flaggedGood / p.flagged <= budget).at(-1);
    if (naive && trueFdr(naive.threshold) > budget) naiveErrors++;
  }
  console.log(
    `  P(true FDR > budget) over ${reps} runs: fixed-sequence ${fixedErrors / reps}, naive ${naiveErrors / reps}`,
  );
  assert.ok(fixedErrors / reps <= 0.05, `fixed-sequence error rate ${fixedErrors / reps}`);
  assert.ok(naiveErrors / reps > 0.15, `naive error rate ${naiveErrors / reps}`);
});

test('sweep counts, ROC and PR curves, weighted', () => {
  const items = [
    { score: 0.9, bad: true },
    { score: 0.8, bad: false, weight: 3 },
    { score: 0.8, bad: true },
    { score: 0.2, bad: false },
  ];
  const points = sweepCounts(items);
  assert.equal(
    points.map((p) => p.threshold),
    [0.9, 0.8, 0.2],
  );
  assert.equal(points[1], {
    threshold: 0.8,
    tp: 2,
    fp: 3,
    fn: 0,
    tn: 1,
    flagged: 3,
    flaggedGood: 1,
  });
  assert.equal(
    rocCurve(points).map((p) => [p.fpr, p.tpr]),
    [
      [0, 0],
      [0, 0.5],
      [0.75, 1],
      [1, 1],
    ],
  );
  assert.equal(
    prCurve(points).map((p) => [p.recall, p.precision]),
    [
      [0.5, 1],
      [1, 0.4],
      [1, 1 / 3],
    ],
  );
  assert.equal(
    sweepCounts(items, [0.5, 1]).map((p) => p.tp),
    [0, 2],
  );
});

test.run();
