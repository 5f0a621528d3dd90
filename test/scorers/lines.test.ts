import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createContext } from '../../src/scorers/context.ts';
import { newlineSegmentsOf, rangeDuplicates } from '../../src/scorers/lines.ts';
import { isBlank, pyLen, strip } from '../../src/text/python.ts';

/** datatrove's `find_duplicates`, written as datatrove writes it: a set of the elements seen. */
function findDuplicates(xs: readonly string[]): { dupElements: number; dupChars: number } {
  const seen = new Set<string>();
  let dupElements = 0;
  let dupChars = 0;
  for (const x of xs) {
    if (seen.has(x)) {
      dupElements++;
      dupChars += pyLen(x);
    } else seen.add(x);
  }
  return { dupElements, dupChars };
}

/** The flat [start, end) pairs of `text` as strings. */
const texts = (text: string, r: Int32Array): string[] =>
  Array.from({ length: r.length / 2 }, (_, k) => text.slice(r[2 * k], r[2 * k + 1]));

/** Pairs of the pieces joined with "\n", in order. */
function joined(pieces: string[]): [string, Int32Array] {
  const r: number[] = [];
  let at = 0;
  for (const p of pieces) {
    r.push(at, at + p.length);
    at += p.length + 1;
  }
  return [pieces.join('\n'), Int32Array.from(r)];
}

test('find_duplicates over ranges: every repeat of an earlier element, with its code points', () => {
  const cases: [string[], number, number][] = [
    [['a', 'b', 'a', 'a', '😀', 'c', '😀', ''], 3, 3],
    [['', ''], 1, 0],
    [[], 0, 0],
    [['ab', 'ba', 'ab', 'abc'], 1, 2], // same length, different units: not a repeat
  ];
  for (const [pieces, elements, chars] of cases) {
    const [text, r] = joined(pieces);
    const got = rangeDuplicates(text, r, pieces.length, /[\ud800-\udfff]/.test(text));
    assert.equal(
      [got.count, got.dupElements, got.dupChars],
      [pieces.length, elements, chars],
      JSON.stringify(pieces),
    );
  }
});

// Random texts over a small alphabet of pieces, so that lines and paragraphs repeat often.
function randomTexts(count: number, pieces: string[]): string[] {
  let seed = 9;
  const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const out: string[] = [];
  for (let r = 0; r < count; r++) {
    let text = '';
    const n = Math.floor(next() * 16);
    for (let i = 0; i < n; i++) text += pieces[Math.floor(next() * pieces.length)];
    out.push(text);
  }
  return out;
}

test('find_duplicates over ranges when its tables must grow: thousands of lengths, thousands of equal-length lines', () => {
  let seed = 3;
  const next = (n: number) =>
    Math.floor(((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32) * n);
  const word = (len: number) => Array.from({ length: len }, () => 'abc'[next(3)]).join('');
  const texts = [
    // 6,000 distinct lengths (the length table starts at 8,192 slots), some lines repeated
    Array.from({ length: 6000 }, (_, i) => word(i)),
    // 12,000 lines of 9 letters: thousands of distinct lines of one length, many repeats
    Array.from({ length: 12000 }, () => word(9)),
  ];
  for (const pieces of texts) {
    for (let i = 0; i < 500; i++) pieces.push(pieces[next(pieces.length)]!);
    const [text, ranges] = joined(pieces);
    const got = rangeDuplicates(text, ranges, pieces.length, false);
    assert.equal(got, { count: pieces.length, ...findDuplicates(pieces) });
  }
});

test('one split serves both: FineWeb lines and re.split("\\n+") statistics (random texts)', () => {
  const pieces = ['a', 'b', 'ab', ' ', '  ', '\t', '\r', '\n', '\n', '\n\n', '\u00a0', '😀', 'x y'];
  for (const text of randomTexts(5000, pieces)) {
    const got = newlineSegmentsOf(createContext(text));
    const fineweb = text.split('\n').filter((l) => !isBlank(l));
    assert.equal(texts(text, got.nonBlank), fineweb, JSON.stringify(text));
    assert.equal(got.nonBlankStats, { count: fineweb.length, ...findDuplicates(fineweb) });
    const gopher = text.split(/\n+/); // re.split("\n+", text): the same on these texts
    assert.equal(
      got.splitRuns,
      { count: gopher.length, ...findDuplicates(gopher) },
      JSON.stringify(text),
    );
    assert.is(got.newlines, text.split('\n').length - 1);
    assert.equal(texts(text, got.paragraphs), strip(text).split(/\n{2,}/), JSON.stringify(text));
  }
});

test('paragraphs: re.split(r"\\n{2,}", text.strip()) (random texts)', () => {
  const pieces = ['a', 'b', ' ', '\n', '\n', '\n\n', '\n\n\n', ' \n', '😀', '\r', '\r\n', '\u2028'];
  for (const text of randomTexts(5000, pieces)) {
    // read off text.splitlines() when it has no other line break, else from a scan of its own
    const got = newlineSegmentsOf(createContext(text)).paragraphs;
    assert.equal(texts(text, got), strip(text).split(/\n{2,}/), JSON.stringify(text));
  }
  assert.equal(texts('', newlineSegmentsOf(createContext('')).paragraphs), ['']);
});

test.run();
