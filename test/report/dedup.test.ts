import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { candidateProbability, dedupSummary, type DedupInput } from '../../src/report/dedup.ts';

const input: DedupInput = {
  source: 'dd',
  config: 'cfg',
  buckets: 14,
  hashes_per_bucket: 8,
  documents: 9,
  clusters: 3,
  removed: 6,
  sizes: { '5': 1, '2': 2 },
  largest: [{ cluster: 1, size: 5, shard: 'a', line: 3, excerpt: 'text' }],
  detected: [{ jaccard: 0.8, pairs: 200, detected: 185 }],
};

test('cluster sizes ascend, with the documents in them', () => {
  assert.equal(dedupSummary(input).sizes, [
    { size: 2, clusters: 2, documents: 4 },
    { size: 5, clusters: 1, documents: 5 },
  ]);
});

test('S-curve: 1 − (1 − s^r)^b, its midpoint, and detected shares beside it (values computed by hand)', () => {
  assert.is(candidateProbability(0.5, 2, 3), 0.578125); // 1 − (3/4)^3
  const c = dedupSummary(input).s_curve;
  assert.is(c.points.length, 21);
  assert.equal(c.points[0], { jaccard: 0, probability: 0 });
  assert.equal(c.points[20], { jaccard: 1, probability: 1 });
  assert.ok(Math.abs(c.midpoint - 0.6846976524441254) < 1e-5); // (1 − 2^(−1/14))^(1/8)
  assert.ok(Math.abs(candidateProbability(c.midpoint, 8, 14) - 0.5) < 1e-4);
  assert.equal(c.detected, [{ jaccard: 0.8, pairs: 200, share: 0.925, expected: 0.923548 }]);
});

test('without measured shares the curve stands alone', () => {
  const { detected: _, ...rest } = input;
  assert.equal(dedupSummary(rest).s_curve.detected, []);
});

test.run();
