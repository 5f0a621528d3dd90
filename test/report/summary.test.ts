import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { addValue, emptyHistogram } from '../../src/stats/histogram.ts';
import { displayBins } from '../../src/report/summary.ts';
import { FP, NOW, input, smallAudit, smallStats, summary } from './_inputs.ts';

test('the funnel is the stats: documents, chars and tokens in, kept, dropped, errors; conservation holds', () => {
  const s = summary();
  assert.equal(s.funnel.docs, { in: 11, kept: 6, dropped: 4, errors: 1, removed: 0 });
  assert.is(s.funnel.unit, 'tokens');
  assert.is(s.funnel.tokens!.in, 20 + 30 + 40 + 50 + 60 + 70 + 3 + 4 + 80 + 2);
  assert.is(s.funnel.tokens!.dropped, 89);
  assert.is(s.funnel.lines, 12);
  assert.ok(s.funnel.conservation.ok);
  assert.equal(s.warnings, []);
});

test('a failed conservation check is a warning', () => {
  const st = smallStats();
  st.docs.kept--;
  const s = summary({ stats: st });
  assert.not.ok(s.funnel.conservation.ok);
  assert.match(s.warnings.join('\n'), 'Conservation check FAILED');
});

test('rules: most hits first; exclusive drops; shares of dropped documents and tokens; coverage of scored documents', () => {
  const s = summary();
  assert.equal(
    s.rules.map((r) => [r.rule, r.hits, r.exclusive, r.tokens]),
    [
      ['q/short', 3, 2, 9],
      ['q/junk', 2, 1, 82],
    ],
  );
  assert.is(s.rules[0]!.share_docs, 3 / 4);
  assert.is(s.rules[1]!.share_tokens, 82 / 89);
  assert.is(s.rules[0]!.coverage, 3 / 10);
});

test('overlap: a symmetric matrix in rule order with hits on the diagonal, and pairs with Jaccard', () => {
  const s = summary();
  assert.equal(s.overlap.rules, ['q/short', 'q/junk']);
  assert.equal(s.overlap.matrix, [
    [3, 1],
    [1, 2],
  ]);
  assert.equal(s.overlap.pairs, [{ a: 'q/junk', b: 'q/short', both: 1, jaccard: 0.25 }]);
});

test('status: UNAUDITED stats are said loudly, even with a passing audit attached', () => {
  const s = summary({ stats: smallStats(false) });
  assert.is(s.status.label, 'UNAUDITED');
  assert.ok(s.status.headline.startsWith('UNAUDITED'));
  assert.match(s.status.headline, 'PASS');
  const a = summary();
  assert.is(a.status.label, 'AUDITED');
  assert.is(a.status.verdict, 'pass');
  const none = summary({ audit: null });
  assert.is(none.status.verdict, null);
  assert.match(none.status.headline, 'no audit.json');
});

test("status: the budget the gate let the run through with is said, and flagged when looser than the audit's", () => {
  const st = smallStats();
  st.gate_max_fdr = 0.1;
  assert.match(
    summary({ stats: st }).status.headline,
    'AUDITED: dropping passed the audit gate at a budget of 10.0 % (--max-fdr)',
  );
  assert.not.match(summary({ stats: st }).status.headline, 'looser');
  st.gate_max_fdr = 0.4;
  const loose = summary({ stats: st, audit: smallAudit(false) });
  assert.match(
    loose.status.headline,
    'at a budget of 40.0 % (--max-fdr), and the attached audit says FAIL',
  );
  assert.match(loose.status.headline, "The run's budget was looser than the audit's own 10.0 %.");
});

test("the projection uses this run's exact counts and the audit's intervals, in one sentence", () => {
  const s = summary();
  const p = s.audit!.projection;
  assert.equal(p.good_docs_dropped, { estimate: 4 * 0.091, lo: 4 * 0.031, hi: 4 * 0.236 });
  assert.is(p.dropped_tokens, 89);
  // Documents and tokens each with their own count; the level said once.
  assert.is(
    p.sentence,
    'Of the 4 documents this filter drops, an estimated 3.1–23.6 % are good; of the 89 tokens it drops, 1–11 are in good documents; of the 6 documents it keeps, 8.3–25.3 % are bad (95 % intervals).',
  );
  assert.is(p.audit_sentence, 'audit sentence');
  assert.is(p.sample_mismatch, null);
});

test('labels that cannot be a random sample of this run (flagged share far from its dropped share) are not projected', () => {
  const a = smallAudit();
  // 5 of 100 labeled documents flagged, but the run drops 4 of 10: outside the 99.9 % interval.
  a.confusion.docs = { tp: 5, fp: 0, fn: 45, tn: 50 };
  const s = summary({ audit: a });
  assert.is(s.audit!.projection.sentence, null);
  assert.match(
    s.audit!.projection.sample_mismatch!,
    'the filter flags 5 of the 100 labeled documents (5.0 %) but drops 40.0 % of the corpus',
  );
  assert.ok(
    s.warnings.some((w) =>
      w.startsWith('The labels do not look like a random sample of this corpus'),
    ),
  );
});

test("metrics keep the audit's order; a NaN interval (null in audit.json) stays null", () => {
  const s = summary();
  assert.equal(
    s.audit!.metrics.map((m) => m.name),
    ['precision', 'recall', 'fdr', 'for', 'f1', 'token_fdr'],
  );
  const f1 = s.audit!.metrics.find((m) => m.name === 'f1')!;
  assert.is(f1.lo, null);
  assert.is(s.audit!.metrics.find((m) => m.name === 'fdr')!.upper, 0.08);
});

test('PR curves come back in attribute units, with the current and the suggested operating points', () => {
  const c = summary().audit!.curves[0]!;
  assert.equal(
    c.points.map((p) => p.threshold),
    [1, 4, 10, 70],
  );
  // words < 5 fires at 1 and 4: the most lenient of those is the point at 4.
  assert.equal(c.current_point, { recall: 0.5, precision: 0.9 });
  assert.equal(c.recommended, {
    op: '<=',
    threshold: 4,
    recall: 0.5,
    precision: 0.9,
    fdr_upper: 0.08,
  });
});

test('attributes: every histogram summarised, thresholds attached, display bins hold every document', () => {
  const s = summary();
  assert.equal(
    s.attributes.map((a) => a.attr),
    ['q.junk_ratio', 'q.words'],
  );
  const w = s.attributes[1]!;
  assert.equal(
    w.thresholds.map((t) => t.rule),
    ['q/short'],
  );
  assert.is(w.kept.count, 6);
  assert.is(w.dropped.count, 4);
  assert.is(
    w.bins.reduce((n, b) => n + b.kept, 0),
    6,
  );
  assert.is(
    w.bins.reduce((n, b) => n + b.dropped, 0),
    4,
  );
  assert.is(w.scale, 'symlog');
  assert.is(s.attributes[0]!.scale, 'linear');
  assert.is(s.thresholds.source, 'audit');
});

test('display bins: the axis covers the data and the thresholds; zero and negative values land in range', () => {
  const k = emptyHistogram();
  const d = emptyHistogram();
  for (const v of [0, 0, 0.5, 1]) addValue(k, v);
  for (const v of [-0.5, 2]) addValue(d, v);
  const { scale, bins } = displayBins(k, d, [{ attr: 'x', rule: 'r', op: '>', threshold: 3 }]);
  assert.is(scale, 'linear');
  assert.is(bins[0]!.lo, -0.5);
  assert.is(bins[bins.length - 1]!.hi, 3);
  assert.is(
    bins.reduce((n, b) => n + b.kept, 0),
    4,
  );
  assert.is(
    bins.reduce((n, b) => n + b.dropped, 0),
    2,
  );
  assert.equal(displayBins(emptyHistogram(), emptyHistogram(), []), { scale: 'linear', bins: [] });
});

test('examples: a document that several rules show is listed once and referred to by index', () => {
  const x = input();
  const shared = x.examples.byRule['q/junk']![0]!;
  x.examples.byRule['q/short'] = [{ ...shared }, ...x.examples.byRule['q/short']!];
  const s = summary({ examples: x.examples });
  assert.is(s.examples.documents.length, 6);
  assert.equal(
    s.examples.rules.map((r) => [r.rule, r.documents]),
    [
      ['q/short', [0, 1, 2, 3]],
      ['q/junk', [0, 4, 5]],
    ],
  );
});

test('metadata: fingerprint, shards, version, the time given; same inputs, same summary', () => {
  const s = summary();
  assert.is(s.run.fingerprint, FP);
  assert.equal(s.run.shards, ['a.jsonl']);
  assert.is(s.winnow_version, '9.9.9');
  assert.is(s.generated_at, NOW);
  assert.equal(summary(), s);
  assert.is(smallAudit().fingerprint, FP);
});

test.run();
