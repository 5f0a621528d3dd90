import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { clopperPearsonUpper } from '../../src/audit/intervals.ts';
import {
  precisionAtDrops,
  reliabilityTable,
  THRESHOLD_GRID,
  trainMetrics,
} from '../../src/train/metrics.ts';

test('the threshold grid is fixed in advance, strict → lenient', () => {
  assert.is(THRESHOLD_GRID.length, 99);
  assert.is(THRESHOLD_GRID[0], 0.99);
  assert.is(THRESHOLD_GRID[98], 0.01);
});

test('reliability bins: mean prediction and observed rate per tenth', () => {
  const t = reliabilityTable([0.05, 0.07, 0.95, 0.92, 0.55], [0, 1, 1, 1, 0]);
  assert.equal([t[0]!.n, t[0]!.observed_bad], [2, 0.5]);
  assert.ok(Math.abs(t[0]!.mean_p_bad - 0.06) < 1e-15);
  assert.equal([t[9]!.n, t[9]!.observed_bad], [2, 1]);
  assert.equal([t[5]!.n, t[5]!.observed_bad], [1, 0]);
  assert.ok(Number.isNaN(t[3]!.mean_p_bad));
});

test('precision at k drops counts the bad among the k highest scores', () => {
  const r = precisionAtDrops([0.9, 0.8, 0.7, 0.2, 0.1], [1, 0, 1, 1, 0], 3);
  assert.is(r.precision, 2 / 3);
  assert.is(r.drops, 3);
});

test('the chosen threshold is the last of the unbroken run whose CP upper bound is within budget', () => {
  // 40 bad scored 0.95, then 10 good at 0.85, then 50 mixed lower: at 0.95 x = 0 of 40 passes
  // (UCB 7.2 %); at 0.85, 10 of 50 fails, and nothing after it counts.
  const p: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < 40; i++) (p.push(0.95), y.push(1));
  for (let i = 0; i < 10; i++) (p.push(0.85), y.push(0));
  for (let i = 0; i < 50; i++) (p.push(0.3), y.push(i % 2));
  const m = trainMetrics(p, y, { maxFdr: 0.1 });
  assert.is(m.chosen.threshold, 0.86);
  assert.is(m.chosen.row!.flagged, 40);
  assert.ok(Math.abs(m.chosen.row!.fdr_upper - clopperPearsonUpper(0, 40)) < 1e-15);
  // bad 0.95 beat all 35 good (1400 pairs); bad 0.3 tie with 25 good 0.3 (312.5): 1712.5 / (65 · 35)
  assert.ok(Math.abs(m.auc.estimate - 1712.5 / 2275) < 1e-12);
});

test.run();
