import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { stratifiedBootstrap, type Weighted } from '../../src/audit/bootstrap.ts';
import { confusionMetrics, confusionOf } from '../../src/audit/confusion.ts';
import { stratifiedProportion } from '../../src/audit/stratified.ts';

const FLAGGED = [
  { size: 81357, n: 261, x: 210 },
  { size: 40416, n: 139, x: 33 },
  { size: 46683, n: 34, x: 0 },
];
const strata = FLAGGED.map((s) => ({
  size: s.size,
  items: Array.from({ length: s.n }, (_, i) => i < s.x),
}));
const share = (sample: readonly Weighted<boolean>[]) => {
  let w = 0;
  let good = 0;
  for (const { item, weight } of sample) {
    w += weight;
    if (item) good += weight;
  }
  return good / w;
};

test('the Rao–Wu bootstrap SE of a stratified proportion matches the analytic SE', () => {
  const r = stratifiedBootstrap(strata, share, { replicates: 2000, seed: 3 });
  const analytic = stratifiedProportion(FLAGGED);
  assert.ok(Math.abs(r.estimate - analytic.estimate) < 1e-12);
  assert.ok(Math.abs(r.se / analytic.se - 1) < 0.08, `bootstrap SE ${r.se} vs ${analytic.se}`);
  assert.ok(r.interval[0] < r.estimate && r.estimate < r.interval[1]);
  assert.is(r.replicates, 2000);
});

test('seeded: the same seed gives the same interval, another seed a different one', () => {
  const a = stratifiedBootstrap(strata, share, { replicates: 300, seed: 11 });
  const b = stratifiedBootstrap(strata, share, { replicates: 300, seed: 11 });
  const c = stratifiedBootstrap(strata, share, { replicates: 300, seed: 12 });
  assert.equal(a, b);
  assert.not.equal(a.interval, c.interval);
});

test('a census stratum (f = 1) adds no variance; NaN replicates are dropped', () => {
  const census = stratifiedBootstrap(
    [{ size: 5, items: [true, false, false, true, false] }],
    share,
    { replicates: 50 },
  );
  assert.ok(census.se < 1e-12);
  assert.ok(
    Math.abs(census.interval[0] - 0.4) < 1e-12 && Math.abs(census.interval[1] - 0.4) < 1e-12,
  );
  // A statistic that is undefined in some replicates (here: every other call, the full sample first).
  let calls = 0;
  const rare = stratifiedBootstrap(
    [{ size: 1000, items: [true, false, false] }],
    (s) => (calls++ % 2 === 1 ? Number.NaN : share(s)),
    { replicates: 200 },
  );
  assert.is(rare.replicates, 100);
  assert.ok(Number.isFinite(rare.interval[0]) && Number.isFinite(rare.interval[1]));
});

test('derived metrics: a bootstrap interval for F1 over weighted confusion cells', () => {
  const items = [
    ...Array.from({ length: 40 }, (_, i) => ({ dropped: true, bad: i < 30 })),
    ...Array.from({ length: 60 }, (_, i) => ({ dropped: false, bad: i < 3 })),
  ];
  const f1 = (sample: readonly Weighted<{ dropped: boolean; bad: boolean }>[]) =>
    confusionMetrics(confusionOf(sample.map(({ item, weight }) => ({ ...item, weight })))).f1;
  const r = stratifiedBootstrap(
    [
      { size: 10000, items: items.slice(0, 40) },
      { size: 90000, items: items.slice(40) },
    ],
    f1,
    { replicates: 500 },
  );
  assert.ok(r.interval[0] < r.estimate && r.estimate < r.interval[1], JSON.stringify(r));
  assert.ok(r.interval[1] <= 1 && r.interval[0] > 0);
});

test.run();
