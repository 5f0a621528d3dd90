import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { falseMergeRate } from '../../src/audit/false-merge.ts';
import { mulberry32 } from '../../src/audit/random.ts';

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

test('a census of every pair has no sampling error: the interval is the rate', () => {
  const r = falseMergeRate(pairs('x', 40, 4), new Map([['x', 40]]));
  assert.is(r.rate, 0.1);
  assert.ok(r.census);
  assert.equal(r.interval, [0.1, 0.1]);
  assert.is(r.upper, 0.1);
});

test('the interval never leaves what the labels prove: 0 of 180 labeled among 200 pairs', () => {
  // Whatever the 20 unlabeled pairs are, the rate is between 0 and 20/200; Korn–Graubard alone
  // (no variance to go on) would reach 1 − 0.025^(1/180) ≈ 2.0 % two-sided.
  const r = falseMergeRate(pairs('x', 180, 0), new Map([['x', 200]]));
  assert.not.ok(r.census);
  assert.is(r.interval[0], 0);
  assert.ok(r.interval[1] <= 0.1 && r.upper <= 0.1);
  // 179 of 180 labeled pairs are false merges: at least 179/200, at most 199/200.
  const all = falseMergeRate(pairs('x', 180, 179), new Map([['x', 200]]));
  assert.ok(all.interval[0] >= 179 / 200 && all.interval[1] <= 199 / 200, `${all.interval}`);
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
  // Only what the labels prove: 1 false merge among 15 pairs, 5 of them unlabeled.
  assert.equal(r.interval, [1 / 15, 6 / 15]);
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

test('seeded simulation, most pairs labeled: the finite-population intervals keep 95 % coverage and are narrower than infinite-population ones', () => {
  // Strata of 200 and 60 pairs with 18 and 21 false merges; 180 and 45 labels (f = 0.9, 0.75).
  const rand = mulberry32(7);
  const population = {
    a: Array.from({ length: 200 }, (_, i) => i < 18),
    b: Array.from({ length: 60 }, (_, i) => i < 21),
  };
  const truth = 39 / 260;
  const draw = (xs: boolean[], k: number, name: string) => {
    const idx = xs.map((_, i) => i);
    for (let i = idx.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [idx[i], idx[j]] = [idx[j]!, idx[i]!];
    }
    return idx
      .slice(0, k)
      .map((i) => ({ stratum: name, notDuplicate: xs[i]!, jaccard: 0.8, minhashJaccard: 0.8 }));
  };
  const trials = 2000;
  let covered = 0;
  let coveredUpper = 0;
  let width = 0;
  let widthInfinite = 0;
  for (let t = 0; t < trials; t++) {
    const labeled = [...draw(population.a, 180, 'a'), ...draw(population.b, 45, 'b')];
    const r = falseMergeRate(
      labeled,
      new Map([
        ['a', 200],
        ['b', 60],
      ]),
    );
    // The same labels read as if drawn from strata 10,000 times larger (same weights, f ≈ 0).
    const inf = falseMergeRate(
      labeled,
      new Map([
        ['a', 2_000_000],
        ['b', 600_000],
      ]),
    );
    if (r.interval[0] <= truth && truth <= r.interval[1]) covered++;
    if (truth <= r.upper) coveredUpper++;
    width += r.interval[1] - r.interval[0];
    widthInfinite += inf.interval[1] - inf.interval[0];
  }
  assert.ok(covered / trials >= 0.94, `two-sided coverage ${covered / trials}`);
  assert.ok(coveredUpper / trials >= 0.94, `one-sided coverage ${coveredUpper / trials}`);
  assert.ok(
    width < 0.6 * widthInfinite,
    `mean width ${width / trials} vs ${widthInfinite / trials}`,
  );
});

test.run();
