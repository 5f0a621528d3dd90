import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { clusterPairs, joiningPairs, partBuckets } from '../../src/dedup/stage-clusters.ts';

/** Pairs as (shard, line, shard, line) records. */
const pairs = (...ps: [number, number, number, number][]): Uint32Array =>
  new Uint32Array(ps.flat());

/** Decoded clusters.bin records: [shard, line, cluster, size, removed]. */
const records = (body: Buffer): number[][] => {
  const out: number[][] = [];
  for (let o = 0; o < body.length; o += 20)
    out.push([0, 4, 8, 12, 16].map((k) => body.readUInt32LE(o + k)));
  return out;
};

test('cluster ids follow the first member in (shard, line) order; the root is kept', () => {
  const { body, summary } = clusterPairs([pairs([0, 7, 0, 3], [1, 1, 0, 9], [0, 9, 0, 2])]);
  // (0,7)-(0,3): root (0,7). (1,1)-(0,9): root (1,1). (0,9)-(0,2): (0,2) joins (1,1)'s set.
  assert.equal(records(body), [
    [0, 2, 0, 3, 1],
    [0, 3, 1, 2, 1],
    [0, 7, 1, 2, 0],
    [0, 9, 0, 3, 1],
    [1, 1, 0, 3, 0],
  ]);
  assert.equal(summary, { documents: 5, clusters: 2, removed: 3, sizes: { '2': 1, '3': 1 } });
});

test('joining pairs: dropped pairs only connect what earlier pairs connected', () => {
  const kept = joiningPairs([pairs([0, 1, 0, 2], [0, 2, 0, 3]), pairs([0, 1, 0, 3], [0, 4, 0, 1])]);
  assert.equal(Array.from(kept), [0, 1, 0, 2, 0, 2, 0, 3, 0, 4, 0, 1]);
});

/** A seeded generator (mulberry32). */
const rng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

test('reducing bucket groups in parts and replaying gives the same clusters as all pairs in order', () => {
  const rand = rng(20);
  for (let trial = 0; trial < 30; trial++) {
    const docs = 5 + Math.floor(rand() * 60);
    const buckets = Array.from({ length: 14 }, () =>
      pairs(
        ...Array.from({ length: Math.floor(rand() * 12) }, (): [number, number, number, number] => [
          Math.floor(rand() * 3),
          Math.floor(rand() * docs),
          Math.floor(rand() * 3),
          Math.floor(rand() * docs),
        ]).filter((p) => p[0] !== p[2] || p[1] !== p[3]),
      ),
    );
    const whole = clusterPairs(buckets);
    for (const parts of [1, 3, 14]) {
      const reduced = Array.from({ length: parts }, (_, p) => {
        const [from, to] = partBuckets(p, parts, 14);
        return joiningPairs(buckets.slice(from, to));
      });
      const replayed = clusterPairs(reduced);
      assert.ok(replayed.body.equals(whole.body), `trial ${trial}, ${parts} parts`);
    }
  }
});

test('parts cover every bucket once', () => {
  for (const parts of [1, 2, 5, 14]) {
    const covered = Array.from({ length: parts }, (_, p) => partBuckets(p, parts, 14)).flatMap(
      ([a, b]) => Array.from({ length: b - a }, (_, i) => a + i),
    );
    assert.equal(
      covered,
      Array.from({ length: 14 }, (_, i) => i),
    );
  }
});

test.run();
