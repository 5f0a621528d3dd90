import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { nativeKernels, nativeStatus, useNative } from '../../src/native/addon.ts';
import { nativeRepetition, nativeSegments, repetitionPlan } from '../../src/native/ngrams.ts';
import { createContext } from '../../src/scorers/context.ts';
import { newlineSegmentsOf } from '../../src/scorers/lines.ts';
import { createFilter, scoreDocument } from '../../src/scorers/registry.ts';
import { wordIdsOfWords } from '../../src/scorers/word-ids.ts';
import { haveShared, sharedDir, testIf } from '../_helpers.ts';

// gopher_repetition's kernels (native/ngrams.c, ngrams-lines.c) against their JavaScript twins:
// every statistic of the filter and the newline segments, native and JavaScript in one process.
const native = nativeKernels() !== null;
if (!native) console.log(`SKIP: native kernels not in use (${nativeStatus()})`);
const nativeTest = testIf(test, native);
const sharedTest = testIf(test, native && haveShared('corpora/web-pages', 'ngrams corpus slice'));

const filters = [
  createFilter('gopher_repetition', {}),
  // unsorted, repeated and out-of-range n, and n = 1
  createFilter('gopher_repetition', {
    top_n_grams: [
      [4, 0.1],
      [1, 0.5],
      [2, 0.2],
      [7, 0.1],
      [2, 0.3],
    ],
    dup_n_grams: [
      [2, 0.1],
      [1, 0.1],
      [12, 0.1],
      [2, 0.3],
    ],
  }),
];

/** Everything the filters and the segments say about `text` (with `words` injected, if given). */
function describe(text: string, words?: string[]): string {
  const scores = filters.map((f) => {
    const ctx = createContext(text);
    if (words) ctx.memo('words', () => words);
    return scoreDocument([f], ctx);
  });
  const s = newlineSegmentsOf(createContext(text));
  const segments = { ...s, nonBlank: [...s.nonBlank], paragraphs: [...s.paragraphs] };
  delete (segments as { paragraphStats?: unknown }).paragraphStats;
  return JSON.stringify({ scores, segments });
}

/** Native and JavaScript agree on `text`. */
function same(text: string, words?: string[]): void {
  useNative(true);
  const got = describe(text, words);
  useNative(false);
  const want = describe(text, words);
  useNative(true);
  assert.is(got, want, JSON.stringify(text.slice(0, 200)));
}

nativeTest('no words, one word, fewer words than n, all words equal', () => {
  for (const text of ['', ' ', '   \n\n \t \n', 'word', 'a b', 'a b c', 'a b c d e']) same(text);
  same('the '.repeat(300));
  same('. '.repeat(7));
  same('x', []);
});

nativeTest('overlapping repeats: find_all_duplicate skips n positions after each', () => {
  same('a b a b a b a b a');
  same('a a a a a a a a a a a a a b a a a a a a');
  same('one two three four five one two three four five one two three four five six');
  same('x y z x y z x y z x y z x y x y z x y z x y z');
});

nativeTest('astral characters and lone surrogates: lengths count code points', () => {
  same('😀x 😀x 😀x 𝔘𝔫𝔦 𝔘𝔫𝔦 𝔘𝔫𝔦 a 😀x 😀x 😀x 𝔘𝔫𝔦 𝔘𝔫𝔦');
  same('😀😀😀😀😀😀😀😀😀 b 😀😀😀😀😀😀😀😀😀 b c 😀😀😀😀😀😀😀😀😀 b');
  same('\ud800 a \udc00 b \ud800 a \udc00 b \ud800 a \udc00 b\n\ud800\n\ud800\n');
  same('a😀\n\na😀\n\na😀\n😀\n😀');
});

nativeTest('duplicate lines and paragraphs with \\r\\n and blank runs', () => {
  same('x\r\ny\r\n\r\nx\r\ny\n\n\nx\r\n\n  \n\t\nz\n');
  same('\n\nabc\n\n\nabc\n\nabc\n\n');
  same('\nline\nline\n \n \n\u00a0\n\u00a0\nline');
  same('p one\n\np two\n\np one\n\n\n\np two\n\n');
  same('\u2028a\u2028a\r\ra\x0ba\x0ba\n\n');
});

nativeTest('injected words: keys join without a separator, across word boundaries', () => {
  // "ab"+"c" and "a"+"bc": one 2-gram key; long keys go through the window pre-filter
  const words = ['ab', 'c', 'de', 'f', 'gh', 'x', 'a', 'bc', 'd', 'ef', 'gh', 'y', 'abc', 'defgh'];
  same(words.join(' '), words);
  const long = ['aaaaaaaaaa', 'bbbbbbbbb', 'c', 'dd', 'e', 'f', 'z'];
  same('', [...long, 'aaaaaaaaaab', 'bbbbbbbbcd', 'de', 'f', ...long, 'aaaaaaaaaab', 'bbbbbbbb']);
  same('', ['', 'a', '', 'a', '', 'a', 'b', '', 'ab', '', 'ab', '']);
  same('spaced', ['a b', 'c', 'a', 'b c', 'a b', 'c', 'x', 'a b', 'c']); // the JavaScript path
});

// Deterministic pseudo-random numbers (a linear congruential generator).
function random(seed: number): (n: number) => number {
  return (n) => Math.floor(((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32) * n);
}

nativeTest('seeded random documents over a small alphabet of pieces', () => {
  const next = random(22);
  const pieces = ['a', 'b', 'ab', 'the', 'cat', ' ', ' ', ' ', '.', ',', '\n', '\n\n', '\r\n'];
  pieces.push('\t', '\u00a0', '😀', '\ud800', 'x y', 'aaaaaaaaaaaaaaaa', "don't", '--');
  for (let r = 0; r < 1500; r++) {
    let text = '';
    const n = next(120);
    for (let i = 0; i < n; i++) text += pieces[next(pieces.length)];
    same(text);
  }
});

nativeTest('very long documents: 60,000 distinct words, long repeats, 200,000 lines', () => {
  const next = random(7);
  const vocabulary = Array.from({ length: 60_000 }, (_, i) => `w${i.toString(36)}`);
  const words: string[] = [];
  for (let i = 0; i < 150_000; i++) words.push(vocabulary[next(vocabulary.length)]!);
  for (let i = 0; i < 20; i++) words.push(...words.slice(i * 1000, i * 1000 + 40));
  same(words.join(' '));
  same('same line\n'.repeat(200_000));
  same(Array.from({ length: 3000 }, () => 'abc'.repeat(next(40))).join('\n\n'));
});

nativeTest('the kernels refuse inconsistent words and plans instead of reading past them', () => {
  const w = wordIdsOfWords(['a', 'b', 'a']);
  const out = new Float64Array(4);
  assert.throws(() => nativeRepetition(w, repetitionPlan([4], []), out), /inconsistent/);
  assert.throws(() => nativeRepetition(w, repetitionPlan([3, 2], []), out), /inconsistent/);
  assert.throws(() => nativeRepetition(w, repetitionPlan([], [0]), out), /inconsistent/);
  assert.throws(() => nativeRepetition(w, repetitionPlan([1, 2, 3], [1, 2]), out), /inconsistent/);
  const bad = { ...w, ids: Int32Array.of(0, 5, 0) };
  assert.throws(() => nativeRepetition(bad, repetitionPlan([], [1]), out), /inconsistent/);
  const floats = { ...w, ids: Float64Array.of(0, 1, 0) as unknown as Int32Array };
  assert.throws(() => nativeRepetition(floats, repetitionPlan([], [1]), out), /Int32Array/);
  assert.throws(() => nativeSegments(7 as unknown as string), /expected a string/);
  const six = new Float64Array(6);
  assert.ok(nativeRepetition(w, repetitionPlan([1, 2, 3], [1, 2, 5]), six));
  // top: "a" x2 (1 x 2); "a b" once, the first (3 x 1); "a b a" (5 x 1); dup: "a" again (1), none, none
  assert.equal([...six], [2, 3, 5, 1, 0, 0]);
});

sharedTest('a slice of the shared corpora: the first 300 web pages and the edge cases', () => {
  const read = (rel: string) =>
    gunzipSync(readFileSync(path.join(sharedDir, rel)))
      .toString('utf8')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => (JSON.parse(l) as { text: string }).text);
  const pages = read('corpora/web-pages/web-pages-00000.jsonl.gz').slice(0, 300);
  const edges = haveShared('golden/edge-cases.jsonl.gz', 'ngrams edge cases')
    ? read('golden/edge-cases.jsonl.gz')
    : [];
  for (const text of [...pages, ...edges]) same(text);
});

test.run();
