import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { renderJson } from '../../src/report/json.ts';
import { REPORT_VERSION } from '../../src/report/summary.ts';
import { NOW, summary } from './_inputs.ts';

const json = renderJson(summary());
const j = JSON.parse(json);

test('the JSON report is the Summary, with the fields docs/reports.md documents', () => {
  assert.equal(Object.keys(j), [
    'report_version',
    'generated_at',
    'winnow_version',
    'inputs',
    'run',
    'status',
    'funnel',
    'rules',
    'overlap',
    'thresholds',
    'attributes',
    'audit',
    'examples',
    'warnings',
  ]);
  assert.is(j.report_version, REPORT_VERSION);
  assert.equal(Object.keys(j.funnel).sort(), [
    'approximate_token_docs',
    'blank',
    'chars',
    'conservation',
    'docs',
    'lines',
    'removed_spans',
    'tokens',
    'unit',
  ]);
  assert.equal(Object.keys(j.audit).sort(), [
    'agreement',
    'alpha',
    'confusion',
    'curves',
    'design',
    'fingerprint',
    'labels',
    'metrics',
    'notes',
    'projection',
    'rules',
    'verdict',
  ]);
  assert.equal(Object.keys(j.examples).sort(), [
    'documents',
    'note',
    'per_rule',
    'rules',
    'scanned',
    'source',
  ]);
  assert.equal(Object.keys(j.attributes[0]).sort(), [
    'attr',
    'bins',
    'dropped',
    'kept',
    'scale',
    'thresholds',
  ]);
  assert.equal(Object.keys(j.examples.documents[0]).sort(), [
    'excerpt',
    'file',
    'id',
    'line',
    'reasons',
    'shard',
    'span_counts',
  ]);
});

test('NaN becomes null; the text of documents is kept as is (JSON escapes it)', () => {
  assert.is(j.audit.metrics.find((m: { name: string }) => m.name === 'f1').lo, null);
  assert.match(json, '"text": "<script>docu"');
  assert.match(json, 'J\\u001b[31mred\\u001b[0m and \\r overprint');
});

test('only generated_at differs between two reports of the same inputs', () => {
  const other = renderJson(summary({ generatedAt: '2031-01-01T00:00:00.000Z' }));
  assert.is(other.replace('2031-01-01T00:00:00.000Z', NOW), json);
  assert.is(renderJson(summary()), json);
});

test.run();
