import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  contentHash,
  modelHash,
  parseModel,
  serializeModel,
  type QualityModel,
} from '../../src/formats/model.ts';

const model: QualityModel = {
  header: {
    kind: 'winnow-quality-model',
    features: {
      version: 1,
      kind: 'hashed-words',
      ngrams: [1, 2],
      buckets: 1024,
      scaling: 'l2',
      min_docs: 2,
      max_weights: 131072,
    },
    intercept: -0.25,
    classes: { label_field: 'label', bad_values: ['bad'], good_values: ['good'] },
    labels: { n: 2, bad: 1, good: 1 },
    lambda: 1e-3,
    folds: 10,
    seed: 1,
    metrics: { auc: 0.5 },
    weights: 3,
    training_docs: 2,
  },
  buckets: Uint32Array.from([3, 17, 1023]),
  weights: Float32Array.from([0.5, -1.25, 2]),
  trainingDocs: new Set([contentHash('one'), contentHash('two')]),
};

test('round-trips, with the documented layout', () => {
  const bytes = serializeModel(model);
  assert.is(bytes.toString('latin1', 0, 8), 'WNQMODEL');
  assert.is(bytes.readUInt32LE(8), 1);
  const h = bytes.readUInt32LE(12);
  // 16-byte head, header, 3 × (u32 + f32), 2 × 8-byte hashes, 32-byte sha256
  assert.is(bytes.length, 16 + h + 24 + 16 + 32);
  const back = parseModel(bytes, 'm.wnm');
  assert.equal(back.header, model.header);
  assert.equal([...back.buckets], [3, 17, 1023]);
  assert.equal([...back.weights], [0.5, -1.25, 2]);
  assert.equal([...back.trainingDocs].sort(), [...model.trainingDocs].sort());
  assert.equal(serializeModel(back), bytes);
  assert.match(modelHash(bytes), /^sha256:[0-9a-f]{64}$/);
  assert.is(contentHash('one'), '7692c3ad3540bb80'); // sha256("one") = 7692c3ad3540bb803c020b3aee66cd88…
});

test('refuses corrupt, truncated and foreign files by name, never reading zeros', () => {
  const bytes = serializeModel(model);
  const flipped = Buffer.from(bytes);
  flipped[bytes.length - 50]! ^= 1;
  const cases: [Buffer, RegExp][] = [
    [flipped, /^m\.wnm: corrupt or truncated: its checksum does not match/],
    [bytes.subarray(0, bytes.length - 10), /^m\.wnm: corrupt or truncated/],
    [bytes.subarray(0, 20), /^m\.wnm: truncated/],
    [Buffer.from('{"not": "a model"}'), /^m\.wnm: not a winnow quality model/],
    [Buffer.alloc(0), /^m\.wnm: not a winnow quality model/],
  ];
  for (const [b, re] of cases)
    assert.throws(
      () => parseModel(b, 'm.wnm'),
      (e: Error) => re.test(e.message) && (e as { exitCode?: number }).exitCode === 1,
    );
});

test.run();
