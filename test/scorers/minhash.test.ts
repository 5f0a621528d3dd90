import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseClusterIndex, registerClusterIndex } from '../../src/dedup/cluster-index.ts';
import { CLUSTER_BYTES, serializeMinhashFile } from '../../src/formats/minhash.ts';
import { createContext } from '../../src/scorers/context.ts';
import { minhash, scoreMinhash } from '../../src/scorers/minhash.ts';
import { scoreDocument } from '../../src/scorers/registry.ts';
import { decide } from '../../src/rules/threshold.ts';

/** clusters.bin for shards a, b, c: a:3 and b:1 in cluster 0 (a:3 kept), b:7 alone in nothing. */
function index() {
  const recs = [
    [0, 3, 0, 2, 0],
    [1, 1, 0, 2, 1],
  ];
  const body = Buffer.from(new Uint32Array(recs.flat()).buffer);
  const bytes = serializeMinhashFile('clusters', 'cfg', CLUSTER_BYTES, body, {
    shards: ['a', 'b', 'c'],
  });
  return parseClusterIndex(bytes, 'clusters.bin');
}

test('attributes: cluster size and whether the document is a removed member', () => {
  const idx = index();
  assert.equal(scoreMinhash(idx, 'a', 3).attrs, { cluster_size: 2, is_duplicate: 0 });
  assert.equal(scoreMinhash(idx, 'b', 1).attrs, { cluster_size: 2, is_duplicate: 1 });
  assert.equal(scoreMinhash(idx, 'b', 7).attrs, { cluster_size: 1, is_duplicate: 0 });
  assert.equal(scoreMinhash(idx, 'c', 1).attrs, { cluster_size: 1, is_duplicate: 0 });
});

test('a shard the dedup run did not see is not scored (a labeled sample, stdin)', () => {
  assert.equal(scoreMinhash(index(), 'labels.jsonl', 1).attrs, {});
});

test('the filter drops removed members with minhash/duplicate; text alone is not scored', () => {
  registerClusterIndex('dir', index());
  const f = minhash({ clusters: 'dir' });
  const run = (where?: { shard: string; line: number }) => {
    const scored = scoreDocument([f], createContext('any text', where ? { where } : {}));
    return { attrs: scored.attrs, reasons: decide([f], scored) };
  };
  assert.equal(run({ shard: 'b', line: 1 }), {
    attrs: { 'minhash.cluster_size': 2, 'minhash.is_duplicate': 1 },
    reasons: ['minhash/duplicate'],
  });
  assert.equal(run({ shard: 'a', line: 3 }).reasons, []);
  assert.equal(run(), { attrs: {}, reasons: [] });
});

test('options: clusters is required; unknown options are refused', () => {
  assert.equal(minhash({}).options, { clusters: '' }); // built from defaults (config show); refused before scoring
  assert.throws(
    () => minhash({ clusters: '' }),
    /Expected `clusters` of filter minhash to be the output folder/,
  );
  assert.throws(
    () => minhash({ clusters: 'x', keep: 'first' }),
    /Unknown option `keep` for filter minhash/,
  );
  const f = minhash({ clusters: 'never-loaded' });
  assert.throws(
    () => f.scorer.score(createContext('t', { where: { shard: 'a', line: 1 } })),
    /clusters of never-loaded were not loaded/,
  );
});

test.run();
