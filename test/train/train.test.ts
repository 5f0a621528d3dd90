import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTrainingLabels } from '../../src/train/labels.ts';
import { precisionAtDrops } from '../../src/train/metrics.ts';
import { trainModel } from '../../src/train/train.ts';
import { parseModel, serializeModel } from '../../src/formats/model.ts';
import { featureWords } from '../../src/train/features.ts';
import { pBad } from '../../src/scorers/quality.ts';
import { haveShared, sharedDir } from '../_helpers.ts';
import { syntheticLabels } from './_synthetic.ts';

const classes = { label_field: 'label', bad_values: ['bad'], good_values: ['good'] };

test('same labels, options and seed give the same model bytes; another seed other folds', async () => {
  const labels = syntheticLabels(200, 11);
  const o = { classes, buckets: 1 << 12, folds: 5, lambdas: [1e-2, 1e-3] };
  const a = serializeModel((await trainModel(labels, o)).model);
  assert.equal(serializeModel((await trainModel(labels, o)).model), a);
  assert.not.equal(serializeModel((await trainModel(labels, { ...o, seed: 2 })).model), a);
});

test('fold fits in worker threads give the same model bytes as in this thread', async () => {
  const labels = syntheticLabels(150, 13);
  const o = { classes, buckets: 1 << 12, folds: 5, lambdas: [1e-2, 1e-3, 1e-4] };
  const one = await trainModel(labels, { ...o, threads: 1 });
  const two = await trainModel(labels, { ...o, threads: 2 });
  assert.equal(serializeModel(two.model), serializeModel(one.model));
  assert.equal(two.cv, one.cv);
});

test('the stored model scores texts as the final fit does (float32 weights), and knows its training texts', async () => {
  const labels = syntheticLabels(200, 12);
  const r = await trainModel(labels, { classes, buckets: 1 << 12, folds: 5, lambdas: [1e-3] });
  const p = labels.map((l) => pBad(r.model, l.text));
  const meanBad =
    p.filter((_, i) => labels[i]!.bad).reduce((s, x) => s + x, 0) /
    labels.filter((l) => l.bad).length;
  const meanGood =
    p.filter((_, i) => !labels[i]!.bad).reduce((s, x) => s + x, 0) /
    labels.filter((l) => !l.bad).length;
  assert.ok(meanBad > meanGood + 0.2, `${meanBad} vs ${meanGood}`);
  assert.is(r.model.trainingDocs.size, 200);
  assert.ok(r.top.bad.length > 0 && r.top.good.length > 0);
});

test('the model file names its top n-grams in its header, the same the training result lists', async () => {
  const labels = syntheticLabels(200, 13);
  const r = await trainModel(labels, {
    classes,
    buckets: 1 << 12,
    folds: 5,
    lambdas: [1e-3],
    topNgrams: 5,
  });
  const back = parseModel(serializeModel(r.model), 'm.wnm').header.top_ngrams!;
  assert.equal(back, r.top);
  assert.ok(back.bad.length === 5 && back.good.length === 5);
  assert.ok(back.bad.every((x) => x.weight > 0) && back.good.every((x) => x.weight < 0));
  // Every name is a unigram or bigram of the training texts' feature words.
  const grams = new Set(
    labels.flatMap((l) =>
      featureWords(l.text).flatMap((w, i, ws) => (i ? [w, `${ws[i - 1]} ${w}`] : [w])),
    ),
  );
  assert.ok([...back.bad, ...back.good].every((x) => grams.has(x.ngram)));
});

test('DCLM human labels, text only, 10-fold cross-fitted: AUC >= 0.85 and precision >= 0.74 at 238 drops', async () => {
  if (!haveShared('corpora/dclm-human-quality', 'DCLM training check')) return;
  const src = join(sharedDir, 'corpora/dclm-human-quality/dclm_human_quality.jsonl');
  const { labels } = parseTrainingLabels(readFileSync(src, 'utf8'), src, {
    labelField: 'label',
    textField: 'text',
    badValues: ['low_quality'],
    goodValues: ['high_quality'],
  });
  assert.is(labels.length, 499);
  const r = await trainModel(labels, {
    classes: { label_field: 'label', bad_values: ['low_quality'], good_values: ['high_quality'] },
  });
  const at238 = precisionAtDrops(
    r.oof,
    labels.map((l) => l.bad),
    238,
  );
  console.log(
    `DCLM: AUC ${r.metrics.auc.estimate.toFixed(4)} [${r.metrics.auc.lo.toFixed(4)}, ${r.metrics.auc.hi.toFixed(4)}], precision at 238 drops ${at238.precision.toFixed(4)} [${at238.interval[0].toFixed(4)}, ${at238.interval[1].toFixed(4)}], lambda ${r.cv.lambda}`,
  );
  assert.ok(r.metrics.auc.estimate >= 0.85, `AUC ${r.metrics.auc.estimate}`);
  assert.ok(at238.precision >= 0.74, `precision ${at238.precision}`);
});

test.run();
