import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { presetConfig, resolveConfig } from '../../src/config/config.ts';
import { createEvaluator } from '../../src/rules/evaluator.ts';
import { fires, thresholdsFromAudit, thresholdsFromConfig } from '../../src/report/thresholds.ts';
import { smallAudit } from './_inputs.ts';

test('from a config: every threshold rule of every filter, and the extra attribute rules', () => {
  const config = resolveConfig({
    filters: ['gopher_quality'],
    rules: [{ attr: 'gopher_quality.n_words', min: 80, max: 5000 }],
  });
  const t = thresholdsFromConfig(createEvaluator(config), config);
  assert.is(t.source, 'config');
  const avg = t.marks.filter((m) => m.attr === 'gopher_quality.avg_word_len');
  // Two rules on one attribute: both marked (the audit would sweep only the first).
  assert.equal(avg.map((m) => [m.op, m.threshold]).sort(), [
    ['<', 3],
    ['>', 10],
  ]);
  assert.ok(
    t.marks.some(
      (m) => m.rule === 'rules/gopher_quality.n_words<80' && m.op === '<' && m.threshold === 80,
    ),
  );
  assert.ok(t.marks.some((m) => m.rule === 'rules/gopher_quality.n_words>5000' && m.op === '>'));
  const sorted = [...t.marks].sort((a, b) =>
    a.attr < b.attr ? -1 : a.attr > b.attr ? 1 : a.rule < b.rule ? -1 : 1,
  );
  assert.equal(t.marks, sorted);
});

test('the fineweb preset marks its zero exemption', () => {
  const config = presetConfig('fineweb');
  const t = thresholdsFromConfig(createEvaluator(config), config);
  const punct = t.marks.find((m) => m.attr === 'fineweb_quality.line_punct_ratio');
  assert.ok(punct);
  assert.ok(t.marks.length > 20);
});

test('from an audit: the current rule of each swept attribute', () => {
  assert.equal(thresholdsFromAudit(smallAudit()), {
    source: 'audit',
    marks: [{ attr: 'q.words', rule: 'q/short', op: '<', threshold: 5 }],
  });
});

test('fires follows the operator and the exemption', () => {
  assert.ok(fires({ op: '<', threshold: 5 }, 4));
  assert.not.ok(fires({ op: '<', threshold: 5 }, 5));
  assert.ok(fires({ op: '<=', threshold: 5 }, 5));
  assert.ok(fires({ op: '>=', threshold: 1 }, 1));
  assert.not.ok(fires({ op: '<', threshold: 0.1, exempt: 0 }, 0));
});

test.run();
