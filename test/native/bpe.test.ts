import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { get_encoding, type Tiktoken } from 'tiktoken';
import { nativeKernels, useNative } from '../../src/native/addon.ts';
import { NativeEncoder } from '../../src/native/bpe.ts';
import {
  ENCODINGS,
  openTokenizer,
  shareRanks,
  type EncodingName,
  type Tokenizer,
} from '../../src/tokenize/tokenizer.ts';
import { charClasses } from '../../src/tokenize/char-classes.ts';
import { mulberry32 } from '../../src/audit/random.ts';

// Every case runs through the native kernel and the JavaScript twin (useNative) and, unless the
// text has a piece of over 10,000 code points (encoded in slices), through tiktoken itself.
const native = nativeKernels() !== null;
const refs = new Map<EncodingName, Tiktoken>();
const ref = (name: EncodingName): Tiktoken => {
  let r = refs.get(name);
  if (!r) refs.set(name, (r = get_encoding(name)));
  return r;
};

/** Opens the twins of `name` (the native one only when the addon is loaded). */
function twins(name: EncodingName, cacheEntries?: number): { js: Tokenizer; nat: Tokenizer } {
  const opts = cacheEntries === undefined ? {} : { cacheEntries };
  useNative(false);
  const js = openTokenizer(name, opts);
  useNative(true);
  return { js, nat: openTokenizer(name, opts) };
}

/** The ids of `text` by both twins, equal to each other and (when exact) to tiktoken's. */
function check(name: EncodingName, tok: { js: Tokenizer; nat: Tokenizer }, text: string): void {
  useNative(false);
  const a = tok.js.encode(text);
  useNative(true);
  const b = tok.nat.encode(text);
  const counted = tok.nat.count(text);
  const what = `${name} ${JSON.stringify(text.slice(0, 40))} (${text.length} units)`;
  assert.equal(Array.from(b.ids), Array.from(a.ids), what);
  assert.is(b.approximate, a.approximate, what);
  assert.equal(counted, { count: a.ids.length, approximate: a.approximate }, what);
  if (!a.approximate)
    assert.equal(Array.from(b.ids), Array.from(ref(name).encode_ordinary(text)), what);
}

const HAND: readonly string[] = [
  '',
  ' ',
  '   ',
  '\n',
  '\r\n\r\n',
  ' \t \n  \n\t x',
  'a  b   c    \n   d',
  '\u00a0\u3000\u2028\u0085 x \ufeffy',
  '12345678 9',
  '\u0661\u0662\u0663\u0664 ½ ²',
  "I'm we're they've she'll he'd it's don't 'T 'LL 'Re '\u017f x'\u017ft",
  "'",
  "''s",
  'O200K ÉCOLE école McDonald DŽungla ǅungla',
  'combining e\u0301\u0301 x\u0300',
  '😀😀 a😀b 𝒜𝒷𝒸 𝟙𝟚 \u{1f1fa}\u{1f1f8}',
  '\ud800',
  '\udc00a',
  'a\ud83d',
  '\ud83d\ud83d\ude00 \ude00\ud83d',
  'path/to/file.ts\r\n/// <reference>\n',
  '<|endoftext|> <|fim_prefix|>',
  '中文字符测试，标点。 テスト カタカナ 한국어',
  'ab'.repeat(300), // one 600-unit piece: past the cache's keys, merged directly
  'x'.repeat(10_000), // the longest piece still encoded exactly
  'é'.repeat(4_000) + ' ' + '\u4e00'.repeat(3_000),
  'x'.repeat(100_000), // slices of 256 code points (approximate)
  ' '.repeat(100_000),
  '😀'.repeat(20_000),
  '\u0000'.repeat(100_000),
  '\ufffd\u9fff'.repeat(50_000), // a 100,000-unit piece of characters that merge little
];

test('hand cases: both twins and tiktoken agree in every encoding', () => {
  if (!native) console.log('SKIP: native kernels not built; the JavaScript twin alone is checked');
  for (const name of ENCODINGS) {
    const tok = twins(name);
    try {
      for (const text of HAND) check(name, tok, text);
      // twice: the second pass comes from the caches
      for (const text of HAND.slice(0, 24)) check(name, tok, text);
    } finally {
      tok.js.free();
      tok.nat.free();
    }
  }
});

// Fragments that exercise every branch of the scanners and the merge: letters of all the o200k
// classes, digits, contractions, white space of every kind, punctuation, astral pairs and lone
// surrogates, and words long enough for the cache's arena keys.
const FRAGMENTS = [
  ...'aAzZ09 \t\n\r\'/.,!?-_()[]{}"#$%&*+<=>@\\^`|~',
  ...'\u00a0\u0085\u2028\u3000\ufeff\u017f\u00e9\u0301\u01c5\u02b0\u05d0\u0660\u00bd\u4e00',
  ...['\ud83d\ude00', '\ud835\udc9c', '\ud800', '\udfff', '\u{1f1fa}'],
  ...["'s", "'T", "'re", "'VE", "'ll", "'d", "'m", ' the', ' and', 'The', '123', '4567'],
  ...['internationalization', ' Antidisestablishmentarianism', 'ÉCOLEécole', '  \n\n  '],
];

function randomText(next: () => number): string {
  let s = '';
  const parts = Math.floor(next() * 40);
  for (let k = 0; k < parts; k++) s += FRAGMENTS[Math.floor(next() * FRAGMENTS.length)];
  return s;
}

test('seeded random strings: both twins and tiktoken agree, with a roomy and a tiny cache', () => {
  for (const name of ENCODINGS) {
    for (const entries of [undefined, 8, 0]) {
      const tok = twins(name, entries);
      const next = mulberry32(0x5eed + (entries ?? 1));
      try {
        for (let k = 0; k < 1500; k++) check(name, tok, randomText(next));
      } finally {
        tok.js.free();
        tok.nat.free();
      }
    }
  }
});

test('rank tables shared for worker threads are read in place and give the same ids', () => {
  const shared = shareRanks('cl100k_base');
  useNative(true);
  const a = openTokenizer('cl100k_base', { ranks: shared });
  const b = openTokenizer('cl100k_base');
  try {
    for (const text of HAND.slice(0, 24)) assert.equal(a.encode(text), b.encode(text));
  } finally {
    a.free();
    b.free();
  }
});

test('the kernel refuses what is not its own: bad tables, a released encoder', () => {
  if (!native) return;
  const tables = shareRanks('cl100k_base').tables;
  const classes = charClasses();
  assert.throws(() => new NativeEncoder('cl100k', new Uint8Array(10), tables, 16), /classes/);
  const noBytes = { ...tables, byteRanks: new Int32Array(256).fill(0x7fffffff) };
  assert.throws(
    () => new NativeEncoder('cl100k', classes, noBytes, 16),
    /some byte is not a token/,
  );
  const enc = new NativeEncoder('cl100k', classes, tables, 16);
  assert.is(enc.encode('hello world', null), 2);
  enc.release();
  assert.throws(() => enc.encode('hello', null), /released/);
  const kernels = nativeKernels()!;
  const encode = kernels['bpeEncode'] as (h: unknown, t: unknown, o: unknown) => number;
  assert.throws(() => encode({}, 'x', null), /handle/);
});

test.after(() => {
  for (const r of refs.values()) r.free();
});

test.run();
