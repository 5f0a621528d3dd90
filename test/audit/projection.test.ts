import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { binomialInterval } from '../../src/audit/intervals.ts';
import {
  checkSample,
  logNormalInterval,
  projectCorpus,
  scaleByCount,
  screeningCounts,
  screeningRates,
} from '../../src/audit/projection.ts';
import { closeDigits, closeRel } from './_close.ts';

const MODEL = { prevalence: 0.05, sensitivity: 0.9, fpr: 0.02 };

test('screening worked example (audit-methods.md §3): 1e9 docs, π = 5 %, s = 0.90, φ = 2 %', () => {
  const c = screeningCounts(1e9, MODEL);
  closeRel(c.tp, 4.5e7, 1e-12, 'TP');
  closeRel(c.fn, 5e6, 1e-12, 'FN');
  closeRel(c.fp, 1.9e7, 1e-12, 'FP');
  closeRel(c.tn, 9.31e8, 1e-12, 'TN');
  closeRel(c.dropped, 6.4e7, 1e-12, 'D');
  const r = screeningRates(MODEL);
  closeDigits(r.fdr * 100, 29.69, 4, 'FDR %');
  closeDigits(r.for * 100, 0.534, 3, 'FOR %');
  closeDigits(r.ppv, 1 - r.fdr, 15);
  // 1,000 tokens per document: 19B good tokens lost.
  closeDigits(c.fp * 1000, 19e9, 2, 'good tokens lost');
  closeDigits(screeningRates({ ...MODEL, prevalence: 0.01 }).fdr * 100, 68.75, 4, 'FDR at π = 1 %');
  closeDigits(screeningRates({ ...MODEL, prevalence: 0.2 }).fdr * 100, 8.16, 3, 'FDR at π = 20 %');
});

test('projecting through π × φ (12.3M–29.2M) versus conditioning on D (16.2M–22.1M)', () => {
  // φ̂ = 20/1000 with its Wilson interval 1.30 %–3.07 %, projected via N(1−π)φ.
  const [phiLo, phiHi] = binomialInterval(20, 1000, { method: 'wilson' });
  closeDigits(phiLo * 100, 1.3, 3);
  closeDigits(phiHi * 100, 3.07, 3);
  const viaPhi = scaleByCount(1e9 * 0.95, { estimate: 0.02, interval: [phiLo, phiHi] });
  closeDigits(viaPhi.interval[0] / 1e6, 12.3, 3, 'FP lo via φ');
  closeDigits(viaPhi.interval[1] / 1e6, 29.2, 3, 'FP hi via φ');
  // 119 good of 400 labeled flagged documents: CP [25.3 %, 34.5 %], FP = D·FDR ∈ [16.2M, 22.1M].
  const fdr = {
    estimate: 119 / 400,
    interval: binomialInterval(119, 400, { method: 'clopper-pearson' }),
  };
  closeDigits(fdr.interval[0] * 100, 25.3, 3);
  closeDigits(fdr.interval[1] * 100, 34.5, 3);
  const fp = scaleByCount(6.4e7, fdr);
  closeDigits(fp.interval[0] / 1e6, 16.2, 3, 'FP lo via D');
  closeDigits(fp.interval[1] / 1e6, 22.1, 3, 'FP hi via D');
  closeRel(fp.estimate, (6.4e7 * 119) / 400, 1e-15);
});

test('corpus projection scales each measured rate by its exact count', () => {
  const counts = { dropped: 1000, kept: 9000, droppedTokens: 5e5, keptTokens: 9e6 };
  const p = projectCorpus(counts, {
    fdr: { estimate: 0.1, interval: [0.05, 0.2] },
    tokenFdr: { estimate: 0.2, interval: [0.1, 0.3] },
    for: { estimate: 0.01, interval: [0.005, 0.02] },
  });
  assert.equal(p.goodDocsDropped, { estimate: 100, interval: [50, 200] });
  assert.equal(p.goodTokensLost, { estimate: 1e5, interval: [5e4, 1.5e5] });
  assert.equal(p.badDocsKept, { estimate: 90, interval: [45, 180] });
  assert.is(p.badTokensKept, undefined);
  assert.throws(() => scaleByCount(-1, { estimate: 0, interval: [0, 0] }), /`count`/);
});

test('log-normal interval T̂·exp(±z·SE/T̂) for estimated totals', () => {
  const [lo, hi] = logNormalInterval(1e6, 1e5);
  const f = Math.exp((1.959963984540054 * 1e5) / 1e6);
  closeRel(lo, 1e6 / f, 1e-14);
  closeRel(hi, 1e6 * f, 1e-14);
  closeRel(lo * hi, 1e12, 1e-14, 'symmetric on the log scale');
  assert.equal(logNormalInterval(0, 0), [0, 0]);
});

test('checkSample: a 99.9 % Clopper–Pearson interval of the flagged share must hold the corpus dropped share', () => {
  // With 0 of 10 flagged the interval is [0, 1 − 0.0005^(1/10)] = [0, 0.5327…], by hand.
  const edge = 1 - 0.0005 ** (1 / 10);
  const c = checkSample(0, 10, { dropped: 5, kept: 5 });
  assert.ok(Math.abs(c.interval[1] - edge) < 1e-9, String(c.interval[1]));
  assert.is(c.interval[0], 0);
  assert.ok(c.consistent, '50 % is inside');
  assert.not.ok(checkSample(0, 10, { dropped: 6, kept: 4 }).consistent, '60 % is outside');
  assert.is(checkSample(0, 10, { dropped: 6, kept: 4 }).corpus_share, 0.6);
});

test.run();
