import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  confusionIntervals,
  confusionMetrics,
  confusionOf,
  fBeta,
  matthews,
} from '../../src/audit/confusion.ts';
import { binomialInterval, clopperPearsonUpper } from '../../src/audit/intervals.ts';
import { closeDigits } from './_close.ts';

const EXAMPLE = { tp: 45, fp: 19, fn: 5, tn: 931 };

test('audit-methods.md §1 reference values for TP=45, FP=19, FN=5, TN=931', () => {
  const m = confusionMetrics(EXAMPLE);
  closeDigits(m.precision, 0.703125, 10, 'precision');
  closeDigits(m.fdr, 0.296875, 10, 'FDR');
  closeDigits(m.recall, 0.9, 10, 'recall');
  closeDigits(m.fpr, 0.02, 10, 'FPR');
  closeDigits(m.specificity, 0.98, 10, 'specificity');
  closeDigits(m.npv, 0.9946581197, 10, 'NPV');
  closeDigits(m.for, 0.005341880342, 10, 'FOR');
  closeDigits(m.f1, 0.7894736842, 10, 'F1');
  closeDigits(m.mcc, 0.7836128797, 10, 'MCC');
  closeDigits(m.accuracy, 0.976, 10, 'accuracy');
  assert.is(m.n, 1000);
  assert.is(m.prevalence, 0.05);
});

test('F_β weighs recall β times as much as precision; F_1 is F1', () => {
  assert.is(fBeta(EXAMPLE, 1), confusionMetrics(EXAMPLE).f1);
  closeDigits(fBeta(EXAMPLE, 2), (5 * 45) / (5 * 45 + 4 * 5 + 19), 14);
  closeDigits(fBeta(EXAMPLE, 0.5), (1.25 * 45) / (1.25 * 45 + 0.25 * 5 + 19), 14);
});

test('MCC is 0 when a margin is 0 (sklearn); empty ratios are NaN', () => {
  assert.is(matthews({ tp: 0, fp: 0, fn: 3, tn: 10 }), 0);
  assert.is(matthews({ tp: 5, fp: 0, fn: 0, tn: 10 }), 1);
  const m = confusionMetrics({ tp: 0, fp: 0, fn: 3, tn: 10 });
  assert.ok(Number.isNaN(m.precision) && Number.isNaN(m.fdr));
  assert.is(m.mcc, 0);
});

test('token weighting replaces counts by tokens; fractional labels split a document', () => {
  const items = [
    { dropped: true, bad: true, weight: 100 },
    { dropped: true, bad: false, weight: 900 },
    { dropped: false, bad: 0.25, weight: 400 },
    { dropped: false, bad: false },
  ];
  assert.equal(confusionOf(items), { tp: 100, fp: 900, fn: 100, tn: 301 });
  // Doc-level and token-level FDR differ when good documents are longer: report both.
  assert.is(confusionMetrics(confusionOf(items.map(({ weight, ...rest }) => rest))).fdr, 0.5);
  assert.is(confusionMetrics(confusionOf(items)).fdr, 0.9);
  assert.throws(() => confusionOf([{ dropped: true, bad: 2 }]), /`bad`/);
});

test('every proportion metric gets a Wilson interval and a one-sided CP upper bound', () => {
  const s = confusionIntervals(EXAMPLE);
  assert.equal([s.fdr.x, s.fdr.n], [19, 64]);
  assert.equal(s.fdr.interval, binomialInterval(19, 64, { method: 'wilson' }));
  assert.is(s.fdr.upper, clopperPearsonUpper(19, 64));
  assert.equal([s.for.x, s.for.n], [5, 936]);
  assert.equal([s.fpr.x, s.fpr.n], [19, 950]);
  assert.equal([s.recall.x, s.recall.n], [45, 50]);
  assert.equal([s.accuracy.x, s.accuracy.n], [976, 1000]);
  assert.ok(s.fdr.interval[0] < 0.296875 && 0.296875 < s.fdr.interval[1]);
  const cp = confusionIntervals(EXAMPLE, { method: 'clopper-pearson', alpha: 0.1 });
  assert.equal(
    cp.precision.interval,
    binomialInterval(45, 64, { method: 'clopper-pearson', alpha: 0.1 }),
  );
  const empty = confusionIntervals({ tp: 0, fp: 0, fn: 1, tn: 9 });
  assert.equal(empty.fdr.interval, [0, 1]);
  assert.is(empty.fdr.upper, 1);
});

test.run();
