import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cleanSpans, excerptOf, spansOfReasons } from '../../src/report/excerpt.ts';

test('segments carry the spans that cover them; offsets are code points', () => {
  // 😀 is one code point (two UTF-16 units): the span [2, 4) is "bc", not "😀b" or "\udc00b".
  const e = excerptOf('😀abcd', { 'x.s': [[2, 4, 1]] });
  assert.equal(e.segments, [
    { text: '😀a', spans: [] },
    { text: 'bc', spans: ['x.s'] },
    { text: 'd', spans: [] },
  ]);
  assert.equal([e.start, e.end, e.length], [0, 6 - 1, 5]);
  assert.equal(e.first_span, { name: 'x.s', start: 2, end: 4, score: 1 });
});

test('overlapping spans of two names', () => {
  const e = excerptOf('abcdef', { b: [[2, 5, 0]], a: [[0, 3, 0]] });
  assert.equal(e.segments, [
    { text: 'ab', spans: ['a'] },
    { text: 'c', spans: ['a', 'b'] },
    { text: 'de', spans: ['b'] },
    { text: 'f', spans: [] },
  ]);
});

test('the window is bounded and placed a fifth of the way before the first span', () => {
  const text = 'x'.repeat(10_000) + 'BAD' + 'y'.repeat(10_000);
  const e = excerptOf(text, { s: [[10_000, 10_003, 2]] }, 1500);
  assert.is(e.end - e.start, 1500);
  assert.is(e.start, 10_000 - 300);
  assert.is(e.segments.map((g) => g.text).join('').length, 1500);
  assert.equal(e.segments[1], { text: 'BAD', spans: ['s'] });
  // No span: the start of the document. Short document: all of it.
  assert.equal([excerptOf(text, {}, 100).start, excerptOf(text, {}, 100).end], [0, 100]);
  assert.equal(excerptOf('short', {}, 100).segments, [{ text: 'short', spans: [] }]);
  // A span near the end: the window ends at the end.
  const tail = excerptOf(text, { s: [[20_000, 20_003, 0]] }, 1000);
  assert.equal([tail.start, tail.end], [20_003 - 1000, 20_003]);
});

test('spans are clipped to the window and to the text', () => {
  const e = excerptOf('abcdefghij', { s: [[3, 50, 1]] }, 5);
  assert.equal([e.start, e.end], [2, 7]);
  assert.equal(e.segments, [
    { text: 'c', spans: [] },
    { text: 'defg', spans: ['s'] },
  ]);
  assert.equal(e.first_span, { name: 's', start: 3, end: 10, score: 1 });
});

test('empty spans (blank lines c4 would remove) are kept for the counts but never highlighted', () => {
  const spans = cleanSpans({
    'c4_quality.bad_lines': [
      [3, 3, 3],
      [4, 8, 2],
    ],
  });
  assert.is(spans['c4_quality.bad_lines']!.length, 2);
  const e = excerptOf('ab\n\nxyz defg', spans);
  assert.equal(
    e.segments.filter((g) => g.spans.length).map((g) => g.text),
    ['xyz '],
  );
  assert.equal(e.first_span, { name: 'c4_quality.bad_lines', start: 4, end: 8, score: 2 });
});

test('spansOfReasons: only span sets of a filter among the reasons are highlighted', () => {
  assert.ok(spansOfReasons('c4_quality.bad_lines', ['c4_quality/too_few_sentences']));
  assert.not.ok(spansOfReasons('c4_quality.bad_lines', ['fineweb_quality/char_dup_ratio']));
  assert.not.ok(spansOfReasons('c4_quality.bad_lines', ['c4_qualityx/y']));
});

test('cleanSpans drops malformed spans (hostile or truncated JSON)', () => {
  assert.equal(
    cleanSpans({
      b: [
        [1, 2, 0.5],
        [3, 2, 1],
        [-1, 2],
        ['1', 2],
        [1.5, 3],
        [0, 1],
      ],
      a: 'nope',
      c: [],
    }),
    {
      b: [
        [1, 2, 0.5],
        [0, 1, 0],
      ],
    },
  );
  assert.equal(cleanSpans({ d: [[4, 4]] }), { d: [[4, 4, 0]] }, 'an empty span is not malformed');
  assert.equal(cleanSpans(null), {});
  assert.equal(cleanSpans([[0, 1]]), {});
});

test.run();
