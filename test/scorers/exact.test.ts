/**
 * The exact filter scores a document from what `winnow dedup exact` found for its shard and line:
 * a later copy is `is_duplicate` 1 (fires exact/duplicate), its duplicate paragraphs are spans of
 * score 1; a document of a shard the dedup run did not read is not scored at all.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { EXACT_OPTIONS, exact, scoreExact } from '../../src/scorers/exact.ts';
import { parseExact } from '../../src/formats/exact.ts';
import { decide } from '../../src/rules/threshold.ts';

const index = parseExact(
  [
    '{"format":"winnow-exact","version":1,"min_paragraph":20,"shards":["a.jsonl","b.jsonl"],"documents":5,"duplicates":1,"duplicate_paragraphs":2}',
    '{"s":1,"l":3,"dup":[0,1],"p":[[0,25],[40,70]]}',
    '{"s":0,"l":2,"dup":null,"p":[[10,31]]}',
  ].join('\n'),
  'exact.jsonl',
);

test('a later copy is a duplicate, with its duplicate paragraphs as spans of score 1', () => {
  assert.equal(scoreExact(index, 'b.jsonl', 3), {
    attrs: { is_duplicate: 1, duplicate_paragraphs: 2 },
    spans: {
      duplicate_paragraphs: [
        [0, 25, 1],
        [40, 70, 1],
      ],
    },
  });
});

test('a first copy with a shared paragraph is not a duplicate; a document without findings scores 0', () => {
  assert.equal(scoreExact(index, 'a.jsonl', 2).attrs, { is_duplicate: 0, duplicate_paragraphs: 1 });
  assert.equal(scoreExact(index, 'a.jsonl', 1), {
    attrs: { is_duplicate: 0, duplicate_paragraphs: 0 },
    spans: { duplicate_paragraphs: [] },
  });
});

test('a shard the dedup run did not read is not scored (no attributes, so no rule fires)', () => {
  assert.equal(scoreExact(index, 'c.jsonl', 3), { attrs: {}, spans: {} });
});

test('the filter drops on is_duplicate > 0 with reason exact/duplicate, and its dir must name a folder', () => {
  const f = exact({ dir: 'dedup-out' });
  assert.is(f.name, 'exact');
  assert.equal(
    f.rules.map((r) => r.reason),
    ['exact/duplicate'],
  );
  const scored = (v: number) => ({ attrs: { 'exact.is_duplicate': v }, spans: {} });
  assert.equal(decide([f], scored(1)), ['exact/duplicate']);
  assert.equal(decide([f], scored(0)), []);
  assert.throws(() => EXACT_OPTIONS.resolve({ dir: '' }), /dir/);
  assert.throws(() => EXACT_OPTIONS.resolve({ dir: 3 }), /dir/);
});

test.run();
