/**
 * The line-level kernels (native/lines.c, native/lines-stats.c) against their JavaScript twins:
 * c4_quality and gopher_quality score every text the same with the kernels on and off.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { nativeKernels, nativeStatus, useNative } from '../../src/native/addon.ts';
import { createContext } from '../../src/scorers/context.ts';
import { createFilter } from '../../src/scorers/registry.ts';
import type { Scored } from '../../src/scorers/types.ts';
import { haveShared, sharedDir } from '../_helpers.ts';
import { PHRASE_TABLE } from '../../src/scorers/c4-phrases.ts';

/** The filters and options whose scores must not depend on the path. */
const FILTERS = [
  createFilter('c4_quality', {}),
  createFilter('c4_quality', { filter_no_terminal_punct: false }),
  createFilter('c4_quality', { remove_citations: false, min_num_sentences: -1 }),
  createFilter('c4_quality', { max_word_length: 4, min_words_per_line: -1, filter_policy: false }),
  createFilter('c4_quality', { filter_lorem_ipsum: false, filter_javascript: false }),
  createFilter('c4_quality', { filter_curly_bracket: false, min_words_per_line: 0 }),
  createFilter('gopher_quality', {}),
  createFilter('gopher_quality', { stop_words: ['Stop', 'the', '😀', '##', ''] }),
  createFilter('gopher_quality', { stop_words: [] }),
];

const scoreAll = (text: string): Scored[] =>
  FILTERS.map((f) => f.scorer.score(createContext(text)));

const native = nativeKernels() !== null;
if (!native) {
  if (process.env['CI'] === 'true') throw new Error(`native kernels missing: ${nativeStatus()}`);
  console.log(`SKIP: native kernels not built (${nativeStatus()}): nothing to compare`);
}

/** Asserts that both paths score `texts` alike, naming the first text that differs. */
function sameBothWays(texts: readonly string[]): void {
  if (!native) return;
  useNative(false);
  const js = texts.map(scoreAll);
  useNative(true);
  texts.forEach((text, i) => {
    const got = scoreAll(text);
    assert.equal(got, js[i], `differs on ${JSON.stringify(text.slice(0, 200))}`);
  });
}

const GOOD = 'The cat sat on the mat.';

/** A property table for direct kernel calls: ASCII letters are letters, " " a space, all known. */
function plainFlags(): Uint8Array {
  const flags = new Uint8Array(0x110000).fill(0x01);
  for (let c = 0x41; c <= 0x7a; c++) flags[c] = 0x03;
  flags[0x20] = 0x81;
  return flags;
}

test('edge texts: empty, blank, every Python line break, astral and lone surrogates', () => {
  sameBothWays([
    '',
    ' ',
    '   \n\n \t \n',
    '\n',
    'a\r\nb.\rc\r\r\nd',
    `${GOOD}\u2028${GOOD}\u2029${GOOD}\x85${GOOD}\v${GOOD}\f${GOOD}\x1c${GOOD}\x1d${GOOD}\x1e`,
    `${GOOD}\x1f${GOOD}\u00a0 \u3000${GOOD}\ufeff`,
    '😀 is a smile. 😀😀 and 𝒜 letters here.\n😀',
    'lone \ud800 high. and \udc00 low surrogate here.\n\ud800',
    '\udc00\ud800 reversed pair here now.',
    `${GOOD}\n`.repeat(3) + '\n',
    '\n\n\n',
  ]);
});

test('the C4 phrases, any case, and what lowercasing makes of other letters', () => {
  sameBothWays([
    `Lorem ipsum dolor sit amet.\n${GOOD}`,
    `LOREM IPSUM on a line.\n${GOOD}`,
    `Please enable JavaScript now.\n${GOOD}`,
    'We use cookies on this site.\nRead the Privacy Policy here.\nThe terms of use apply.',
    'This site uses cookies, see our cookie policy.\nThe use of cookies is fine.',
    'COO\u212aIE POLICY in Kelvin.\nuſes cookies with a long s.\nprİvacy policy dotted.',
    'javascrİpt with a dotted capital.\nterms of usé accent.',
    'lorem  ipsum double space.\nlorem\tipsum tab.\ncookie',
    'java[1]script after a citation.\nlorem [2]ipsum too.\nprivacy[edit] policy.',
  ]);
});

test('each phrase at every offset of a line, cut short by its end, in any case', () => {
  const phrases = ['lorem ipsum', 'javascript', 'cookie policy', 'uses cookies', 'use of cookies'];
  const texts: string[] = [];
  for (const phrase of [...phrases, 'terms of use', 'privacy policy', 'use cookies']) {
    const upper = phrase.toUpperCase();
    const kelvin = phrase.replace(/k/g, '\u212a');
    for (let at = 0; at < 40; at += 3) {
      const pad = 'x y '.repeat(10).slice(0, at);
      texts.push(
        [
          `${pad}${phrase}`,
          `${pad}${upper} tail`,
          `${pad}${kelvin}.`,
          `${pad}${phrase.slice(0, -1)}`,
          `a b ${pad}${phrase.slice(1)} c`,
        ].join('\n'),
      );
    }
  }
  sameBothWays(texts);
});

test('the phrase scan finds the same lines 16 and 32 positions a step', () => {
  const kernels = nativeKernels();
  if (!kernels) return;
  const c4Phrases = kernels['c4Phrases'] as (p: Int32Array, narrow?: boolean) => object;
  const c4Lines = kernels['c4Lines'] as (...args: unknown[]) => number;
  const flags = plainFlags();
  const none = new Int32Array(0);
  const options = Int32Array.of(0x04 | 0x08 | 0x20, -1, -1, 2, 0); // the three phrase classes
  const run = (scan: object, text: string): number[] => {
    const out = new Int32Array(4096);
    assert.is(c4Lines(flags, scan, text, none, none, none, options, out), 0);
    return [...out.subarray(0, 11 + 3 * out[10]!)];
  };
  const wide = c4Phrases(PHRASE_TABLE);
  const narrow = c4Phrases(PHRASE_TABLE, true);
  let seed = 7;
  const next = (n: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 8) % n;
  };
  const pieces = ['lorem ipsum', 'JavaScript', 'cookie policy', 'use of cookies', 'uses', 'x', ' '];
  for (let d = 0; d < 200; d++) {
    let text = '';
    for (let k = next(60); k > 0; k--) text += next(8) === 0 ? '\n' : pieces[next(pieces.length)];
    assert.equal(run(wide, text), run(narrow, text), JSON.stringify(text));
  }
});

test('a phrase table the byte scan cannot anchor falls back to the unit scan', () => {
  const kernels = nativeKernels();
  if (!kernels) return;
  const c4Phrases = kernels['c4Phrases'] as (p: Int32Array) => object;
  const c4Lines = kernels['c4Lines'] as (...args: unknown[]) => number;
  const flags = plainFlags();
  const none = new Int32Array(0);
  const out = new Int32Array(1024);
  const lorem = (phrase: string, text: string): number => {
    const scan = c4Phrases(
      Int32Array.from([1, 1, phrase.length, ...[...phrase].map((c) => c.charCodeAt(0))]),
    );
    const status = c4Lines(
      flags,
      scan,
      text,
      none,
      none,
      new Uint8Array(0),
      Int32Array.of(0x04, -1, -1, 2, 0),
      out,
    );
    assert.is(status, 0);
    return out[1 + 6]!; // lines dropped as lorem ipsum
  };
  // a phrase that starts with "k" (the Kelvin sign lowercases to it), and one of "k"s
  for (const phrase of ['kab', 'akk']) {
    const kelvin = phrase.replace(/k/g, '\u212a');
    assert.is(lorem(phrase, `x ${phrase} y\nno\n${phrase.toUpperCase()}\n${kelvin} z`), 3, phrase);
    assert.is(lorem(phrase, `x ${phrase.slice(0, 2)} y`), 0, phrase);
  }
  assert.is(lorem('abk', 'x ab\u212a y\nabk\nab'), 2);
});

test('citation markers: digits of any script, [edit], [citation needed], near misses', () => {
  sameBothWays([
    `A fact [1] here. [23] And more.\n${GOOD}`,
    'Arabic digits [١٢] and Devanagari [४].\nAstral digits [𝟏𝟐] and [𑁦].',
    'An [edit] and a [citation needed] marker.\n[citation needed]\n[edit]',
    '[] empty brackets. [x] letters. [1 ] spaced. [[1]] nested.',
    '[1][2][3]\n[1] [2] [3].\nText[1].\n[Edit] capital.',
    'Unclosed [12 bracket.\n[',
    `${'word '.repeat(5)}[1]\n${GOOD} [citation needed]`,
  ]);
});

test('curly braces, terminal punctuation of many scripts, ellipses, quotes', () => {
  sameBothWays([
    `function f() { return 1; }\n${GOOD}\n{`,
    'Braces {in} a cited [1] line.\n{ [edit] }',
    'Chinese。\nHindi।\nArabic؟\nFullwidth！\nArmenian։\nBrahmi𑁇\nnone here',
    'Ends with an ellipsis...\nAnd this…\nTwo dots..\nQuote"\nApostrophe\'\nQuestion?\nBang!',
    '....\n...\n..\n.\n…\n… …',
    '- a bullet line\n• another one\n  - indented bullet\n-\n•',
    '# hash ## tags ### here\n#',
  ]);
});

test('runs of "#", "…" and "." across the kernels\' 8-unit steps, and words of every kind', () => {
  const texts: string[] = [];
  for (let k = 1; k < 40; k += 3) {
    texts.push(
      `${'#'.repeat(k)} tag ${'…'.repeat(k % 5)}\n${'.'.repeat(k)}\nx${'.#'.repeat(k)}…`,
      `${'ab '.repeat(k)}...${'.'.repeat(k % 4)}\n- ${'##…'.repeat(k)}\n\u2022 ..${'x'.repeat(k)}`,
    );
  }
  // words that start with a letter, a digit, a symbol, a non-ASCII letter, an astral letter
  texts.push('the be to of and that have with The BE 12 ## !! ÿes été 𝒜bc ...ok #tag a1 1a');
  sameBothWays(texts);
});

test('words counted across 8-unit steps, split by every kind of whitespace', () => {
  const seps = [' ', '\t', '\x1c', '\x1f', '\u00a0', '\u3000', '\u2009', '\ufeff', '\u200b'];
  const texts: string[] = [];
  for (const sep of seps) {
    for (let at = 0; at < 20; at += 3) {
      const pad = ' '.repeat(at % 7) + 'x'.repeat(at);
      texts.push(
        [
          `${pad}${sep}ab${sep}c.`,
          `${pad}${sep}ab${sep}c${sep}d\u2019s.`,
          `é${pad}${sep.repeat(9)}ab${sep}${'y'.repeat(at)}.`,
          `${pad}ab${sep}cd.`,
        ].join('\n'),
      );
    }
  }
  sameBothWays(texts);
});

test('spaCy sentences over the kept lines: punctuation tokens of many kinds', () => {
  sameBothWays([
    'One. Two! Three? Four... five. "Six." (Seven.) Eight .. nine',
    'Mr. Smith went to Washington. He arrived at 5 p.m. on Monday.',
    'Sentences。Chinese。Marks！And more？Done.\nHindi। text। here।',
    'Astral punctuation 𑁇 here 𑁈 and 𖩮 there.\nEmoji 😀. Then 😀😀!',
    '¡Hola! ¿Qué tal? «Bien». — dijo él… y se fue.',
    'Odd ‼ marks ⁉ and ⁇ here.\nLone \ud800. surrogate. tokens.',
  ]);
});

test('long words and long lines, with and without astral code points', () => {
  sameBothWays([
    `${'a'.repeat(1001)} is too long.\n${GOOD}`,
    `${'a'.repeat(1000)} is just right.\n${GOOD}`,
    `${'😀'.repeat(600)} long in units, short in code points.\n${GOOD}`,
    `${'😀'.repeat(1001)}\n${GOOD}`,
    'word '.repeat(20_000) + '.',
    `${GOOD}\n`.repeat(5_000),
    'x\n'.repeat(3_000),
  ]);
});

test('seeded random documents built from the characters the kernels look at', () => {
  const pieces = [
    ...'abcXYZ019 .,!?"\'#-•…[]{}()\n\r\t\u2028\u2029\x85\v\f\x1c\x1e\u00a0\u3000。！？।',
    ...['😀', '𝟏', '𑁇', '\ud800', '\udc00', 'K', 'İ', 'ſ', '١', 'é', 'ß', 'Ω', '中'],
    ...['lorem ipsum', 'javascript', 'cookie', 'uses cookies', 'privacy policy', 'terms of use'],
    ...['[1]', '[edit]', '[citation needed]', '...', 'the', 'be', 'to', 'with', 'The', '\r\n'],
    ...[' The cat sat on the mat. ', 'Mr. ', '(', ')', '"', 'p.m.'],
  ];
  let seed = 2026;
  const next = (n: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 8) % n;
  };
  const texts: string[] = [];
  for (let d = 0; d < 400; d++) {
    let text = '';
    const length = next(120);
    for (let k = 0; k < length; k++) text += pieces[next(pieces.length)];
    texts.push(text);
  }
  sameBothWays(texts);
});

test('the kernels refuse malformed tables and arguments instead of reading past them', () => {
  const kernels = nativeKernels();
  if (!kernels) return;
  const c4Phrases = kernels['c4Phrases'] as (p: Int32Array) => object;
  const c4Lines = kernels['c4Lines'] as (...args: unknown[]) => number;
  const table = (...codes: number[]) => Int32Array.from(codes);
  assert.throws(() => c4Phrases(table(1, 4, 3, 0x41, 0x42, 0x43)), /c4Phrases/); // uppercase
  assert.throws(() => c4Phrases(table(1, 4, 2, 0x61, 0x62)), /c4Phrases/); // shorter than 3
  assert.throws(() => c4Phrases(table(2, 4, 3, 0x61, 0x62, 0x63)), /c4Phrases/); // one missing
  assert.throws(() => c4Phrases(table(1, 4, 9, 0x61)), /c4Phrases/); // past the end
  const scan = c4Phrases(table(1, 4, 3, 0x61, 0x20, 0x62));
  const flags = new Uint8Array(0x110000);
  const none = new Int32Array(0);
  const options = Int32Array.of(0x40, -1, 3, 2, 1);
  const out = new Int32Array(1024);
  const call =
    (...args: unknown[]) =>
    () =>
      c4Lines(...args);
  // not an external of c4Phrases; a table too short; a token span past the text's end
  assert.throws(call(flags, {}, 'a b', none, none, new Uint8Array(0), options, out), /phrases/);
  assert.throws(call(new Uint8Array(10), scan, 'a b', none, none, none, options, out), /table/);
  const spans = [Int32Array.of(0), Int32Array.of(9), Uint8Array.of(0)];
  assert.throws(call(flags, scan, 'a b', ...spans, options, out), /outside the text/);
});

test('a slice of the shared web pages', () => {
  if (!haveShared('corpora/web-pages', 'native line kernels on web pages')) return;
  const file = join(sharedDir, 'corpora/web-pages/web-pages-00000.jsonl.gz');
  const lines = gunzipSync(readFileSync(file)).toString('utf8').split('\n');
  const texts = lines
    .filter((l) => l !== '')
    .slice(0, 300)
    .map((l) => (JSON.parse(l) as { text: string }).text);
  sameBothWays(texts);
});

test.run();
