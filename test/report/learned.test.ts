import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ModelHeader } from '../../src/formats/model.ts';
import { renderHtml } from '../../src/report/html.ts';
import { learnedInput, learnedSummary } from '../../src/report/learned.ts';
import { renderMarkdown } from '../../src/report/markdown.ts';
import { input, smallAudit, summary } from './_inputs.ts';

/** The small audit with a quality model's sweep beside the heuristic one. */
function auditWithModel() {
  const a = smallAudit();
  a.thresholds!['q.words']!.roc = [
    { fpr: 0, tpr: 0, threshold: null },
    { fpr: 0.3, tpr: 0.6, threshold: -4 },
    { fpr: 1, tpr: 1, threshold: -70 },
  ];
  a.thresholds!['quality.p_bad'] = {
    rule: 'quality/p_bad_above_threshold',
    current: { op: '>', threshold: 0.5 },
    auc: { estimate: 0.93, lo: 0.88, hi: 0.96, method: 'DeLong, logit' },
    roc: [
      { fpr: 0, tpr: 0, threshold: null },
      { fpr: 0.05, tpr: 0.7, threshold: 0.8 },
      { fpr: 1, tpr: 1, threshold: 0 },
    ],
  };
  return a;
}

const header = {
  labels: { n: 300, bad: 100, good: 200 },
  lambda: 1e-4,
  metrics: { auc: { estimate: 0.9, lo: 0.85, hi: 0.94, se: 0.02 } },
  top_ngrams: {
    bad: [{ ngram: 'lorem ipsum', weight: 2.5 }],
    good: [{ ngram: 'the garden', weight: -1.25 }],
  },
} as unknown as ModelHeader;

test('ROC rows: every swept attribute with points, highest AUC first, the learned one marked', () => {
  const l = learnedSummary(auditWithModel(), [])!;
  assert.equal(
    l.roc.map((r) => [r.attr, r.learned, r.auc.estimate]),
    [
      ['quality.p_bad', true, 0.93],
      ['q.words', false, 0.81],
    ],
  );
  assert.equal(l.roc[0]!.points, [
    { fpr: 0, tpr: 0 },
    { fpr: 0.05, tpr: 0.7 },
    { fpr: 1, tpr: 1 },
  ]);
  assert.equal(l.labels, { n: 100, bad: 40, good: 60, design: 'simple-random-sample' });
});

test('nothing to show (no audit curves, no model): no panel; a model alone: its panel without curves', () => {
  assert.is(learnedSummary(null, []), null);
  assert.is(learnedSummary(smallAudit(), []), null); // the small audit has PR points only
  const l = learnedSummary(null, [learnedInput('m.wnm', header)])!;
  assert.equal(l.roc, []);
  assert.is(l.labels, null);
  assert.equal(l.models[0], {
    model: 'm.wnm',
    labels: header.labels,
    lambda: 1e-4,
    cv_auc: { estimate: 0.9, lo: 0.85, hi: 0.94 },
    top: header.top_ngrams!,
  });
});

test('a model file without top_ngrams or metrics says so instead of inventing them', () => {
  const old = { ...header, top_ngrams: undefined, metrics: null } as unknown as ModelHeader;
  const m = learnedInput('old.wnm', old);
  assert.is(m.top, null);
  assert.is(m.cv_auc, null);
});

test('the Markdown and HTML reports show the curves and what the model weighs most', async () => {
  const s = summary({ audit: auditWithModel(), models: [learnedInput('m.wnm', header)] });
  const md = renderMarkdown(s);
  assert.match(md, '## Learned screen and heuristics');
  assert.match(md, 'quality.p_bad (learned)');
  assert.match(md, 'lorem ipsum 2.50');
  assert.match(md, 'the garden -1.25');
  const html = await renderHtml(s);
  assert.match(html, '<section id="learned">');
  assert.match(html, '<a href="#learned">ROC</a>'); // and the page's menu links to it
  assert.match(html, 'aria-label="ROC curves of the learned screen');
  assert.match(html, 'lorem ipsum');
  // Without an audit or model, neither report has the section.
  const none = summary({ audit: null });
  assert.not.match(renderMarkdown(none), 'Learned screen');
  assert.not.match(await renderHtml(none), 'id="learned"');
  assert.not.match(await renderHtml(none), 'href="#learned"');
  assert.ok(input().models === undefined);
});

test.run();
