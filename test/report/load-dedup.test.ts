import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ClusterIndex } from '../../src/dedup/cluster-index.ts';
import type { PlantedPairRecord } from '../../src/formats/planted-pairs.ts';
import { plantedDetection } from '../../src/report/load-dedup.ts';

// Shard s.jsonl: lines 1, 2 in cluster 7; lines 5, 9 in cluster 8.
const index: ClusterIndex = {
  config: 'cfg',
  names: new Set(['s.jsonl']),
  shards: {
    's.jsonl': {
      lines: Uint32Array.from([1, 2, 5, 9]),
      clusters: Uint32Array.from([7, 7, 8, 8]),
      sizes: Uint32Array.from([2, 2, 2, 2]),
      removed: Uint8Array.from([0, 1, 0, 1]),
    },
  },
};

const pair = (a: number, b: number, level: number, planted = true): PlantedPairRecord => ({
  a: { id: `d${a}`, shard: 's.jsonl', line: a },
  b: { id: `d${b}`, shard: 's.jsonl', line: b },
  planted,
  level,
  jaccard: level,
  duplicate: level >= 0.7,
});

test('detected: planted pairs whose two documents share a cluster, per level; chance repeats left out', () => {
  const truth = [
    pair(1, 2, 0.9), // same cluster
    pair(5, 9, 0.9), // same cluster
    pair(3, 4, 0.9), // neither clustered
    pair(1, 5, 0.5), // two different clusters
    pair(2, 9, 0.5, false), // identical by chance: not a planted level
  ];
  assert.equal(plantedDetection(index, truth), [
    { jaccard: 0.5, pairs: 1, detected: 0 },
    { jaccard: 0.9, pairs: 3, detected: 2 },
  ]);
});

test.run();
