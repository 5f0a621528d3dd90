import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { jaccard, ruleFdr, shapleyShares } from '../../src/audit/attribution.ts';
import { kornGraubardInterval } from '../../src/audit/intervals.ts';

test('Shapley shares give 1/k of a document to each of its k rules and sum to D', () => {
  const shares = shapleyShares([['a'], ['a', 'b'], ['b', 'c', 'a'], [], ['c', 'c']]);
  assert.equal([...shares.entries()].sort(), [
    ['a', 1 + 1 / 2 + 1 / 3],
    ['b', 1 / 2 + 1 / 3],
    ['c', 1 / 3 + 1],
  ]);
  const total = [...shares.values()].reduce((x, y) => x + y, 0);
  assert.ok(Math.abs(total - 4) < 1e-12);
});

test('Jaccard overlap from hits and pairwise overlap', () => {
  assert.is(jaccard(10, 6, 4), 4 / 12);
  assert.ok(Number.isNaN(jaccard(0, 0, 0)));
});

test('per-rule FDR and exclusive FDR from a stratified sample', () => {
  const strata = [
    // 100 flagged documents, 10 labeled: rule a alone on 6 (2 good), a and b on 4 (1 good).
    {
      size: 100,
      items: [
        ...Array.from({ length: 6 }, (_, i) => ({ rules: ['a'], good: i < 2 })),
        ...Array.from({ length: 4 }, (_, i) => ({ rules: ['a', 'b'], good: i < 1 })),
      ],
    },
    // 900 kept documents, 5 labeled: no rule fires.
    { size: 900, items: Array.from({ length: 5 }, () => ({ rules: [], good: true })) },
  ];
  const a = ruleFdr(strata, 'a');
  assert.ok(Math.abs(a.fdr.estimate - 3 / 10) < 1e-12);
  assert.ok(Math.abs(a.exclusiveFdr.estimate - 2 / 6) < 1e-12);
  assert.is(a.exclusiveFdr.n, 6);
  const b = ruleFdr(strata, 'b');
  assert.ok(Math.abs(b.fdr.estimate - 1 / 4) < 1e-12);
  assert.ok(Number.isNaN(b.exclusiveFdr.estimate)); // b never fires alone
  const [lo, hi] = kornGraubardInterval(a.exclusiveFdr);
  assert.ok(lo < 2 / 6 && 2 / 6 < hi);
});

test('a rule whose 30 labeled hits are all bad is bounded like 0 of 29 (n* never past the domain’s effective size)', () => {
  // One stratum of 10,000 flagged documents, 30 labeled, all hit by rule a alone and all bad:
  // the domain is the whole stratum, worth (n − 1)/(1 − f) = 29/(1 − 0.003) labels.
  const strata = [
    { size: 10_000, items: Array.from({ length: 30 }, () => ({ rules: ['a'], good: false })) },
  ];
  const { exclusiveFdr } = ruleFdr(strata, 'a');
  assert.is(exclusiveFdr.estimate, 0);
  const nStar = 29 / (1 - 30 / 10_000);
  assert.ok(
    Math.abs(kornGraubardInterval(exclusiveFdr, 0.05, 'upper')[1] - (1 - 0.05 ** (1 / nStar))) <
      1e-12,
  );
});

test.run();
