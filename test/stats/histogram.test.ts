import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  GAMMA,
  addValue,
  binOf,
  binValue,
  emptyHistogram,
  histogramFromJson,
  histogramJson,
  mergeHistograms,
  quantile,
} from '../../src/stats/histogram.ts';

test('a bin holds values within one ratio step; its representative is inside it', () => {
  for (const v of [1e-6, 0.0123, 0.5, 1, 1.04, 3, 250, 1e6]) {
    const k = binOf(v);
    const rep = binValue(k);
    assert.ok(rep / v < GAMMA && v / rep < GAMMA, `${v} → bin ${k} (${rep})`);
    assert.is(binOf(-v), -k);
  }
  assert.is(binOf(0), 0);
  assert.is(binOf(1e-12), 0);
});

test('quantiles are within the bin ratio and clamped to min and max', () => {
  const h = emptyHistogram();
  for (let i = 1; i <= 1000; i++) addValue(h, i);
  const med = quantile(h, 0.5);
  assert.ok(Math.abs(med / 500.5 - 1) < GAMMA - 1, `median ${med}`);
  assert.is(quantile(h, 0), 1);
  assert.is(quantile(h, 1), 1000);
  assert.ok(Number.isNaN(quantile(emptyHistogram(), 0.5)));
});

test('merging equals adding the values to one histogram; NaN is not a measurement', () => {
  const a = emptyHistogram(),
    b = emptyHistogram(),
    all = emptyHistogram();
  [0, 0.2, 0.3, 7].forEach((v) => {
    addValue(a, v);
    addValue(all, v);
  });
  [0.2, 9, -1].forEach((v) => {
    addValue(b, v);
    addValue(all, v);
  });
  addValue(a, NaN);
  assert.equal(histogramJson(mergeHistograms(a, b)), histogramJson(all));
  assert.equal(histogramFromJson(histogramJson(all) as never), all);
});

test.run();
