import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { auditSampleRefusal } from '../../src/audit/honesty.ts';
import { contentHash, type QualityModel } from '../../src/formats/model.ts';

const model = {
  trainingDocs: new Set([contentHash('trained one'), contentHash('trained two')]),
} as unknown as QualityModel;
const models = new Map([['m.wnm', model]]);
const labels = [
  { text: 'trained one', where: 'l.jsonl:1' },
  { text: 'fresh', where: 'l.jsonl:2' },
  { text: 'trained two', where: 'l.jsonl:3' },
];

test('refuses training documents, saying how many and which', () => {
  const r = auditSampleRefusal(labels, {
    models,
    fingerprint: 'sha256:f',
    sampledFingerprint: null,
    sampleDesign: null,
  });
  assert.match(
    r!,
    /^2 of 3 labeled documents were used to train the model \(l\.jsonl:1, l\.jsonl:3\)/,
  );
});

test('accepts them in a winnow sample drawn under the same fingerprint, and without a model', () => {
  assert.is(
    auditSampleRefusal(labels, {
      models,
      fingerprint: 'sha256:f',
      sampledFingerprint: 'sha256:f',
      sampleDesign: 'doc',
    }),
    null,
  );
  assert.ok(
    auditSampleRefusal(labels, {
      models,
      fingerprint: 'sha256:f',
      sampledFingerprint: 'sha256:other',
      sampleDesign: 'doc',
    }),
  );
  assert.is(
    auditSampleRefusal(labels, {
      models: new Map(),
      fingerprint: 'sha256:f',
      sampledFingerprint: null,
      sampleDesign: null,
    }),
    null,
  );
  assert.is(
    auditSampleRefusal([labels[1]!], {
      models,
      fingerprint: 'sha256:f',
      sampledFingerprint: null,
      sampleDesign: null,
    }),
    null,
  );
});

test('refuses an uncertainty sample, by its strata file or by its records, even without a model', () => {
  const none = new Map();
  assert.match(
    auditSampleRefusal([labels[1]!], {
      models: none,
      fingerprint: 'f',
      sampledFingerprint: null,
      sampleDesign: 'uncertainty',
    })!,
    /uncertainty sample/,
  );
  assert.match(
    auditSampleRefusal([{ ...labels[1]!, design: 'uncertainty' }], {
      models: none,
      fingerprint: 'f',
      sampledFingerprint: null,
      sampleDesign: null,
    })!,
    /uncertainty sample \(1 documents/,
  );
});

test.run();
