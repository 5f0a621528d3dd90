import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createServer } from 'node:http';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveConfig } from '../../src/config/config.ts';
import { fingerprint } from '../../src/config/fingerprint.ts';
import { loadModels } from '../../src/flows/models.ts';
import { serializeModel, type QualityModel } from '../../src/formats/model.ts';
import { configureS3 } from '../../src/io/s3.ts';
import { createEvaluator } from '../../src/rules/evaluator.ts';
import { fnv1a } from '../../src/train/features.ts';
import { pBad, quality } from '../../src/scorers/quality.ts';
import { withS3Credentials } from '../integration/_services.ts';
import { tempDir } from '../_helpers.ts';

const B = 1024;
const spam = fnv1a('spam') & (B - 1);
const spamSpam = fnv1a('spam spam') & (B - 1);
const model: QualityModel = {
  header: {
    kind: 'winnow-quality-model',
    features: {
      version: 1,
      kind: 'hashed-words',
      ngrams: [1, 2],
      buckets: B,
      scaling: 'l2',
      min_docs: 2,
      max_weights: 131072,
    },
    intercept: -1,
    classes: { label_field: 'label', bad_values: ['bad'], good_values: ['good'] },
    labels: { n: 20, bad: 10, good: 10 },
    lambda: 1e-3,
    folds: 10,
    seed: 1,
    metrics: {},
    weights: 2,
    training_docs: 0,
  },
  buckets: Uint32Array.from([spam, spamSpam].sort((a, b) => a - b)),
  weights: Float32Array.from(spam < spamSpam ? [1, 2] : [2, 1]),
  trainingDocs: new Set(),
};

test('p_bad = σ(b + Σ w·count / ‖count‖₂), by hand', () => {
  // "Spam, SPAM!": unigram spam ×2, bigram "spam spam" ×1 → z = −1 + (1·2 + 2·1)/√5
  const z = -1 + 4 / Math.sqrt(5);
  assert.ok(Math.abs(pBad(model, 'Spam, SPAM!') - 1 / (1 + Math.exp(-z))) < 1e-7);
  assert.ok(Math.abs(pBad(model, '') - 1 / (1 + Math.E)) < 1e-12, 'no words: the intercept alone');
});

test('the filter: attribute quality.p_bad, reason quality/p_bad_above_threshold above max_p_bad', async () => {
  const f = quality({ model: 'm.wnm', max_p_bad: 0.5 }, { models: new Map([['m.wnm', model]]) });
  assert.equal(f.keys, ['p_bad']);
  assert.equal(
    Object.keys(
      f.scorer.score({ text: 'x', tokens: () => undefined, memo: (_k, c) => c(), has: () => false })
        .attrs,
    ),
    f.keys,
  );
  assert.is(f.rules[0]!.reason, 'quality/p_bad_above_threshold');
  const config = resolveConfig({
    tokenizer: 'none',
    filters: [{ quality: { model: 'm.wnm', max_p_bad: 0.5 } }],
  });
  const ev = createEvaluator(config, { models: new Map([['m.wnm', model]]) });
  assert.equal(ev.evaluate('spam spam spam').reasons, ['quality/p_bad_above_threshold']);
  assert.equal(ev.evaluate('a quiet river').reasons, []);
  assert.throws(
    () => quality({ model: '' }),
    /Expected `model` of filter quality to be a model file/,
  );
  const noModel = await loadModels(resolveConfig({ tokenizer: 'none', filters: ['quality'] })).then(
    () => null,
    (e: Error) => e.message,
  );
  assert.match(noModel ?? '', /filter quality needs `model: FILE`/);
  assert.throws(
    () => quality({ model: 'm', max_p_bad: 2 }),
    /Expected `max_p_bad` of filter quality to be a number from 0 to 1/,
  );
  assert.throws(() => createEvaluator(config).evaluate('x'), /was not loaded/);
});

test('the fingerprint counts the model by its hash: moved (also to S3) the same, retrained different', async () => {
  const dir = tempDir();
  const bytes = serializeModel(model);
  writeFileSync(join(dir, 'a.wnm'), bytes);
  writeFileSync(join(dir, 'b.wnm'), bytes);
  writeFileSync(
    join(dir, 'c.wnm'),
    serializeModel({ ...model, header: { ...model.header, intercept: -2 } }),
  );
  const fp = async (location: string) => {
    const config = resolveConfig({
      tokenizer: 'none',
      filters: [{ quality: { model: location } }],
    });
    const { models, hashes } = await loadModels(config);
    return {
      fp: fingerprint(config, null, null, hashes),
      p: pBad(models.get(location)!, 'spam spam'),
    };
  };
  const a = await fp(join(dir, 'a.wnm'));
  assert.equal(await fp(join(dir, 'b.wnm')), a);
  assert.not.equal((await fp(join(dir, 'c.wnm'))).fp, a.fp);
  // A fake S3 serving the same bytes at s3://bkt/models/a.wnm.
  const server = createServer((req, res) => {
    if (req.url?.startsWith('/bkt/models/a.wnm')) {
      res.writeHead(200, { 'content-length': bytes.length, etag: '"e"' });
      res.end(req.method === 'HEAD' ? undefined : bytes);
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const restore = withS3Credentials();
  try {
    const addr = server.address() as { port: number };
    configureS3({ endpoint: `http://127.0.0.1:${addr.port}`, pathStyle: true });
    assert.equal(await fp('s3://bkt/models/a.wnm'), a);
  } finally {
    configureS3({ endpoint: undefined });
    restore();
    server.close();
  }
});

test.run();
