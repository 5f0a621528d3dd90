import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { delongAuc, weightedAuc } from '../../src/audit/delong.ts';
import { closeDigits, closeRel } from './_close.ts';

const BAD = [0.9, 0.8, 0.7, 0.6, 0.55];
const GOOD = [0.7, 0.5, 0.4, 0.3, 0.2, 0.1];

test('audit-methods.md §5 reference: AUC 0.9166666667, Var 0.008333333333, SE 0.09128709292', () => {
  const r = delongAuc(BAD, GOOD);
  closeDigits(r.auc, 0.9166666667, 10, 'AUC');
  closeDigits(r.variance, 0.008333333333, 10, 'Var');
  closeDigits(r.se, 0.09128709292, 10, 'SE');
  // Logit-scale interval: asymmetric, inside (0, 1), around the estimate.
  const l = Math.log(r.auc / (1 - r.auc));
  const half = (1.959963984540054 * r.se) / (r.auc * (1 - r.auc));
  closeRel(r.interval[0], 1 / (1 + Math.exp(-(l - half))), 1e-12, 'lo');
  closeRel(r.interval[1], 1 / (1 + Math.exp(-(l + half))), 1e-12, 'hi');
  assert.ok(r.interval[0] < r.auc && r.auc < r.interval[1] && r.interval[1] < 1);
});

test('midranks agree with the O(n²) definition ψ = 1 / ½ / 0 on data with ties', () => {
  const bad = [3, 3, 2, 5, 1, 4, 4];
  const good = [1, 2, 2, 3, 0, 4];
  const psi = (x: number, y: number) => (x > y ? 1 : x === y ? 0.5 : 0);
  const v10 = bad.map((x) => good.reduce((s, y) => s + psi(x, y), 0) / good.length);
  const v01 = good.map((y) => bad.reduce((s, x) => s + psi(x, y), 0) / bad.length);
  const variance = (xs: number[]) => {
    const m = xs.reduce((a, b) => a + b, 0) / xs.length;
    return xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1);
  };
  const r = delongAuc(bad, good);
  closeRel(r.auc, v10.reduce((a, b) => a + b, 0) / bad.length, 1e-14, 'AUC');
  closeRel(r.variance, variance(v10) / bad.length + variance(v01) / good.length, 1e-12, 'Var');
});

test('edges: perfect separation, one item per class, empty class', () => {
  const perfect = delongAuc([5, 6], [1, 2]);
  assert.is(perfect.auc, 1);
  assert.equal(perfect.interval, [1, 1]);
  const single = delongAuc([2], [1]);
  assert.is(single.auc, 1);
  assert.ok(Number.isNaN(single.variance));
  assert.ok(Number.isNaN(delongAuc([], [1]).auc));
});

test('weighted AUC equals the unweighted one at equal weights and counts pairs by weight', () => {
  const items = [
    ...BAD.map((score) => ({ score, bad: true })),
    ...GOOD.map((score) => ({ score, bad: false })),
  ];
  closeRel(weightedAuc(items), 0.9166666666666666, 1e-14, 'equal weights');
  // Doubling a good item's weight counts it twice.
  const doubled = [...items, { score: 0.7, bad: false }];
  const heavy = items.map((it) => (it.score === 0.7 && !it.bad ? { ...it, weight: 2 } : it));
  closeRel(weightedAuc(heavy), delongAuc(BAD, [...GOOD, 0.7]).auc, 1e-14, 'weight 2');
  closeRel(weightedAuc(doubled), weightedAuc(heavy), 1e-14, 'duplicate');
});

test.run();
