import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { falseMergeRate } from '../../src/audit/false-merge.ts';

const pairs = (stratum: string, n: number, notDup: number, j = 0.8, est = 0.85) =>
  Array.from({ length: n }, (_, i) => ({
    stratum,
    notDuplicate: i < notDup,
    jaccard: j,
    minhashJaccard: est,
  }));

test('the rate weights each stratum by its population of pairs', () => {
  const r = falseMergeRate(
    [...pairs('x', 10, 2), ...pairs('y', 10, 1)],
    new Map([
      ['x', 100],
      ['y', 300],
    ]),
  );
  assert.is(r.rate, (100 * 0.2 + 300 * 0.1) / 400); // 0.125
  assert.equal([r.labeled, r.notDuplicate, r.population], [20, 3, 400]);
  assert.ok(r.interval[0] < 0.125 && 0.125 < r.interval[1]);
  // The one-sided 95 % bound lies below the two-sided interval's 97.5 % upper end.
  assert.ok(r.upper > 0.125 && r.upper < r.interval[1]);
  assert.ok(Math.abs(r.jaccardBias - 0.05) < 1e-12);
  assert.ok(Math.abs(r.jaccardMeanAbsError - 0.05) < 1e-12);
});

test('a census of every pair has no sampling error', () => {
  const r = falseMergeRate(pairs('x', 40, 4), new Map([['x', 40]]));
  assert.is(r.rate, 0.1);
});

test('an unlabeled stratum leaves the rate unknown; a stratum the file does not list is refused', () => {
  const r = falseMergeRate(
    pairs('x', 10, 1),
    new Map([
      ['x', 10],
      ['y', 5],
    ]),
  );
  assert.ok(Number.isNaN(r.rate));
  assert.equal(r.interval, [0, 1]);
  assert.throws(
    () => falseMergeRate(pairs('z', 3, 0), new Map([['x', 10]])),
    /stratum "z", which the strata file does not list/,
  );
});

test('seeded simulation: 95 % intervals cover the true rate about 95 % of the time', () => {
  // Two strata of 2,000 and 500 pairs with false-merge shares 0.05 and 0.30; 60 labels each.
  let seed = 42;
  const rand = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 4294967296;
  const population = {
    a: Array.from({ length: 2000 }, () => rand() < 0.05),
    b: Array.from({ length: 500 }, () => rand() < 0.3),
  };
  const truth = (population.a.filter(Boolean).length + population.b.filter(Boolean).length) / 2500;
  let covered = 0;
  const trials = 400;
  for (let t = 0; t < trials; t++) {
    const draw = (xs: boolean[], k: number, name: string) => {
      const idx = xs
        .map((_, i) => i)
        .sort(() => rand() - 0.5)
        .slice(0, k);
      return idx.map((i) => ({
        stratum: name,
        notDuplicate: xs[i]!,
        jaccard: 0.8,
        minhashJaccard: 0.8,
      }));
    };
    const r = falseMergeRate(
      [...draw(population.a, 60, 'a'), ...draw(population.b, 60, 'b')],
      new Map([
        ['a', 2000],
        ['b', 500],
      ]),
    );
    if (r.interval[0] <= truth && truth <= r.interval[1]) covered++;
  }
  assert.ok(covered / trials > 0.9 && covered / trials <= 1, `coverage ${covered / trials}`);
});

test.run();
