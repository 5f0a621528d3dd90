import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { assignFolds, crossValidate, logLoss } from '../../src/train/cv.ts';
import { hashFeatures } from '../../src/train/features.ts';
import { buildMatrix } from '../../src/train/matrix.ts';
import { syntheticLabels } from './_synthetic.ts';

test('folds are stratified by class, balanced, and fixed by the seed', async () => {
  const y = Uint8Array.from({ length: 53 }, (_, i) => (i % 3 === 0 ? 1 : 0));
  const f = assignFolds(y, 5, 9);
  for (let k = 0; k < 5; k++) {
    const size = f.filter((x) => x === k).length;
    const bad = f.filter((x, i) => x === k && y[i] === 1).length;
    assert.ok(size === 10 || size === 11, `fold ${k} has ${size}`);
    assert.ok(bad === 3 || bad === 4, `fold ${k} has ${bad} bad`);
  }
  assert.equal(assignFolds(y, 5, 9), f);
  assert.not.equal([...assignFolds(y, 5, 10)], [...f]);
});

test('log-loss by hand', async () => {
  // −(ln .8 + ln .6 + ln .5)/3
  assert.ok(
    Math.abs(
      logLoss([0.8, 0.4, 0.5], [1, 0, 1]) - -(Math.log(0.8) + Math.log(0.6) + Math.log(0.5)) / 3,
    ) < 1e-15,
  );
  assert.ok(Number.isFinite(logLoss([0, 1], [1, 0])));
});

test('CV picks the λ with the least out-of-fold log-loss, and each prediction comes from a model blind to it', async () => {
  const labels = syntheticLabels(150, 3);
  const X = buildMatrix(labels.map((l) => hashFeatures(l.text, 1 << 10)));
  const y = Uint8Array.from(labels, (l) => l.bad);
  const cv = await crossValidate(X, y, { folds: 5, seed: 1, lambdas: [1e-1, 1e-2, 1e-3] });
  const best = cv.cvLogLoss.indexOf(Math.min(...cv.cvLogLoss));
  assert.is(cv.lambda, cv.lambdas[best]);
  assert.ok(Math.abs(logLoss(cv.oof, y) - cv.cvLogLoss[best]!) < 1e-12);
  // A document's text carries its index, so a model that saw it could memorise it; out of fold it cannot.
  assert.ok(cv.cvLogLoss[best]! > 0.2);
});

test.run();
