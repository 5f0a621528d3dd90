import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { applySpanRules, cutRanges, mergeRanges } from '../../src/rules/spans.ts';
import { spliceField } from '../../src/io/splice.ts';

test('ranges merge when they overlap or touch', () => {
  assert.equal(
    mergeRanges([
      [5, 8, 1],
      [0, 2, 1],
      [1, 3, 1],
      [8, 9, 1],
      [4, 4, 1],
    ]),
    [
      [0, 3],
      [5, 9],
    ],
  );
});

test('cutting works in code points, with astral characters before and inside the cut', () => {
  // "a🙂b🙂c": code points a=0 🙂=1 b=2 🙂=3 c=4
  assert.equal(cutRanges('a🙂b🙂c', [[1, 2]]), { text: 'ab🙂c', removed: 1 });
  assert.equal(cutRanges('a🙂b🙂c', [[2, 4]]), { text: 'a🙂c', removed: 2 });
  assert.equal(cutRanges('abc', []), { text: 'abc', removed: 0 });
});

test('span rules remove chosen spans, and too much removal becomes a drop reason', () => {
  const text = 'keep\nbad line\nkeep too\n';
  const spans = {
    'c4_quality.bad_lines': [[5, 14, 1]] as const,
    'x.other': [[0, 1, 0.1]] as const,
  };
  const r = applySpanRules(text, 23, spans, [{ spans: 'c4_quality.bad_lines', action: 'remove' }]);
  assert.is(r?.text, 'keep\nkeep too\n');
  assert.is(r?.removedChars, 9);
  assert.equal(r?.reasons, []);
  const heavy = applySpanRules(text, 23, spans, [
    { spans: 'c4_quality.bad_lines', action: 'remove', max_removed_fraction: 0.3 },
  ]);
  assert.equal(heavy?.reasons, ['spans/c4_quality.bad_lines>0.3']);
  assert.is(
    applySpanRules(text, 23, spans, [{ spans: 'x.other', action: 'remove', min_score: 0.5 }]),
    null,
  );
});

test('spliceField adds a field before the closing brace, leaving every other byte alone', () => {
  const raw = Buffer.from('{"n":1.0,"big":12345678901234567890,"t":"\\u00e9"}  ');
  assert.is(
    spliceField(raw, 'winnow', '{"reasons":["a/b"]}').toString(),
    '{"n":1.0,"big":12345678901234567890,"t":"\\u00e9","winnow":{"reasons":["a/b"]}}  ',
  );
  assert.is(spliceField(Buffer.from('{ }'), 'k', '1').toString(), '{ "k":1}');
  assert.is(spliceField(Buffer.from('\ufeff{"a":1}'), 'k', '2').toString(), '{"a":1,"k":2}');
});

test.run();
