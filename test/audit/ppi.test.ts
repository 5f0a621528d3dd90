import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  activePpiMean,
  labelEquivalent,
  mergeMoments,
  momentsOf,
  normalBounds,
  ppiLambda,
  ppiMean,
  ppiMeanFinite,
  stratifiedPpiMean,
  type Alternative,
} from '../../src/audit/ppi.ts';
import { haveShared, sharedDir } from '../_helpers.ts';
import { closeRel } from './_close.ts';

interface GoldenCase {
  name: string;
  Y: number[];
  Yhat: number[];
  Yhat_unlabeled: number[];
  lam_hat: number;
  results: {
    lam: 'tuned' | 'ppi' | 'classical';
    alpha: number;
    alternative: Alternative;
    estimate: number;
    lo: number | null;
    hi: number | null;
  }[];
}

test('the six reference cases (ppi_py): λ̂, estimate and both bounds of every alternative, to 1e-12 relative', () => {
  if (!haveShared('golden/ppi-mean-cases.json', 'PPI reference cases')) return;
  const cases = (
    JSON.parse(readFileSync(join(sharedDir, 'golden/ppi-mean-cases.json'), 'utf8')) as {
      cases: GoldenCase[];
    }
  ).cases;
  assert.is(cases.length, 6);
  let checked = 0;
  for (const c of cases) {
    const sample = { labels: c.Y, predictions: c.Yhat, population: momentsOf(c.Yhat_unlabeled) };
    closeRel(ppiLambda(sample), c.lam_hat, 1e-12, `${c.name} λ̂`);
    for (const r of c.results) {
      const e = ppiMean(sample, r.lam === 'tuned' ? undefined : r.lam === 'ppi' ? 1 : 0);
      const b = normalBounds(e.estimate, e.se, r.alpha, r.alternative);
      const what = `${c.name} ${r.lam} α=${r.alpha} ${r.alternative}`;
      closeRel(e.estimate, r.estimate, 1e-12, `${what} estimate`);
      for (const side of ['lo', 'hi'] as const) {
        if (r[side] === null) assert.is(b[side], null, `${what} ${side} is open`);
        else closeRel(b[side]!, r[side]!, 1e-12, `${what} ${side}`);
      }
      checked++;
    }
  }
  assert.is(checked, 6 * 18);
});

test('λ = 0 is the classical mean with sd₀/√n; λ = 1 is PPI', () => {
  const s = {
    labels: [1, 0, 1, 1],
    predictions: [0.9, 0.2, 0.6, 0.8],
    population: momentsOf([0.5, 0.7, 0.1, 0.9, 0.3]),
  };
  const c = ppiMean(s, 0);
  assert.is(c.estimate, 0.75);
  closeRel(c.se, Math.sqrt(0.1875 / 4), 1e-15, 'classical se');
  const p = ppiMean(s, 1);
  // mean(f̃) = 0.5, mean(Y − f) = (0.1 − 0.2 + 0.4 + 0.2)/4 = 0.125
  closeRel(p.estimate, 0.625, 1e-15, 'PPI estimate');
});

test('a model that carries no information gets λ = 0: constant predictions, or fewer than 2 labels', () => {
  assert.is(
    ppiLambda({
      labels: [1, 0, 1],
      predictions: [0.3, 0.3, 0.3],
      population: momentsOf([0.3, 0.3]),
    }),
    0,
  );
  assert.is(ppiLambda({ labels: [1], predictions: [0.9], population: momentsOf([0.1, 0.9]) }), 0);
  // Anti-correlated predictions: the tuned λ is clipped at 0, never negative.
  assert.is(
    ppiLambda({
      labels: [1, 0, 1, 0],
      predictions: [0.1, 0.9, 0.2, 0.8],
      population: momentsOf([0.1, 0.9]),
    }),
    0,
  );
});

test('moments merge to the moments of the union', () => {
  const a = [0.1, 0.5, 0.25];
  const b = [0.9, 0.7];
  const m = mergeMoments(momentsOf(a), momentsOf(b));
  const all = momentsOf([...a, ...b]);
  assert.is(m.count, 5);
  closeRel(m.mean, all.mean, 1e-15, 'mean');
  closeRel(m.m2, all.m2, 1e-14, 'm2');
});

test('stratified PPI: Σ W_h θ̂_h and Σ W_h² s_h², each stratum with its own λ (hand-computed with λ given)', () => {
  const h1 = {
    size: 300,
    labels: [1, 0, 1, 1],
    predictions: [0.9, 0.2, 0.6, 0.8],
    population: momentsOf([0.5, 0.7, 0.1, 0.9, 0.3]),
  };
  const h2 = {
    size: 100,
    labels: [0, 0, 1],
    predictions: [0.1, 0.2, 0.7],
    population: momentsOf([0.2, 0.4]),
  };
  const e = stratifiedPpiMean([h1, h2], 1);
  const a = ppiMean(h1, 1);
  const b = ppiMean(h2, 1);
  closeRel(e.estimate, 0.75 * a.estimate + 0.25 * b.estimate, 1e-15, 'estimate');
  closeRel(e.variance, 0.5625 * a.variance + 0.0625 * b.variance, 1e-15, 'variance');
  assert.equal(e.lambdas, [1, 1]);
  const tuned = stratifiedPpiMean([h1, { ...h2, labels: [1], predictions: [0.7] }]);
  assert.is(tuned.lambdas[1], 0, 'one label: λ = 0');
  assert.is(tuned.lambdas[0], ppiLambda(h1));
});

test('active inference: θ̂ = λ mean(f̃) + Σ (Y − λf)/(Nπ); Horvitz–Thompson variance (hand-computed)', () => {
  const pop = { count: 10, mean: 0.4, m2: 1 };
  const labeled = [
    { label: 1, prediction: 0.8, probability: 0.5 },
    { label: 0, prediction: 0.2, probability: 0.25 },
  ];
  const e = activePpiMean(labeled, pop, 1);
  // 0.4 + (0.2/0.5 − 0.2/0.25)/10 = 0.4 − 0.04
  closeRel(e.estimate, 0.36, 1e-15, 'estimate');
  // ((0.5·0.04/0.25) + (0.75·0.04/0.0625))/100 = (0.08 + 0.48)/100
  closeRel(e.variance, 0.0056, 1e-14, 'variance');
  const c = activePpiMean(labeled, pop, 0);
  closeRel(c.estimate, 0.2, 1e-15, 'classical: Horvitz–Thompson mean (1/0.5)/10');
  // tuned: Σ w y f / Σ w f², w = (1 − π)/π² = 2, 12 → 1.6/(1.28 + 0.48)
  closeRel(activePpiMean(labeled, pop).lambda, 1.6 / 1.76, 1e-15, 'λ̂');
});

test("finite population: (1 − n/N) s²(Y − λf)/n with divisor n − 1; at λ = 0 the stratified proportion's variance", () => {
  const s = {
    labels: [1, 0, 1, 1],
    predictions: [0.9, 0.2, 0.6, 0.8],
    population: momentsOf([0.5, 0.7, 0.1, 0.9, 0.3, 0.6, 0.4, 0.2]),
  };
  // λ = 0: p̂ = 0.75, s² = 4·0.75·0.25/3 = 0.25, V = (1 − 4/8)·0.25/4
  closeRel(ppiMeanFinite(s, 0).variance, 0.03125, 1e-15, 'classical');
  // λ = 1: residuals 0.1, −0.2, 0.4, 0.2 (mean 0.125), Σ(r − r̄)² = 0.1875, V = 0.5·0.1875/3/4
  closeRel(ppiMeanFinite(s, 1).variance, 0.0078125, 1e-14, 'PPI');
  assert.is(ppiMeanFinite(s, 1).estimate, ppiMean(s, 1).estimate);
  assert.ok(
    Number.isNaN(ppiMeanFinite({ ...s, labels: [1], predictions: [0.9] }, 0).variance),
    'one label: unknown',
  );
  // Tuned λ̂: the delete-one jackknife, re-tuning λ̂ without each label in turn.
  const loo = [0, 1, 2, 3].map(
    (k) =>
      ppiMean({
        labels: s.labels.filter((_, j) => j !== k),
        predictions: s.predictions.filter((_, j) => j !== k),
        population: s.population,
      }).estimate,
  );
  const m = loo.reduce((a, b) => a + b) / 4;
  closeRel(
    ppiMeanFinite(s).variance,
    0.5 * 0.75 * loo.reduce((a, t) => a + (t - m) ** 2, 0),
    1e-12,
    'jackknife',
  );
  // With a fixed λ the jackknife is the formula: check it on the classical mean.
  const looC = [0, 1, 2, 3].map(
    (k) => s.labels.filter((_, j) => j !== k).reduce((a, b) => a + b) / 3,
  );
  const mc = looC.reduce((a, b) => a + b) / 4;
  closeRel(
    0.5 * 0.75 * looC.reduce((a, t) => a + (t - mc) ** 2, 0),
    0.03125,
    1e-12,
    'jackknife of a mean',
  );
  assert.is(
    ppiMeanFinite({ labels: [1, 0], predictions: [0.9, 0.1], population: momentsOf([0.9, 0.1]) }, 1)
      .variance,
    0,
    'census',
  );
});

test('normal bounds: one-sided bounds use z_{1−α}; the open side is null', () => {
  const two = normalBounds(0.5, 0.1, 0.1);
  const upper = normalBounds(0.5, 0.1, 0.05, 'smaller');
  assert.is(upper.lo, null);
  closeRel(upper.hi!, two.hi!, 1e-15, 'upper at α = two-sided at 2α');
  assert.is(normalBounds(0.5, 0.1, 0.05, 'larger').hi, null);
});

test('label-equivalent gain: n (s_classical / s_PPI)²', () => {
  closeRel(labelEquivalent(200, 0.03, 0.025), 288, 1e-15, '200 · 1.44');
  assert.is(labelEquivalent(200, 0.03, 0.03), 200);
});

test.run();
