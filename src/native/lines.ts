/**
 * The line-level kernels (native/lines.c: c4_quality's line loop; native/lines-stats.c:
 * gopher_quality's counts) behind typed functions. Each returns undefined when the kernels are
 * not loaded, and the scorer runs its JavaScript twin, which stays the reference.
 *
 * The kernels read one table of this thread, a byte of properties per code point: the static
 * ones come from the JavaScript lists at start (Python whitespace, datatrove's punctuation,
 * spaCy's sentence punctuation), and the Unicode categories from this file's regular expressions,
 * for each code point the first time a kernel meets it (a kernel that meets one not yet known
 * says so, and is asked again once it is filled in). So both paths answer from the same
 * definitions, and the cold start pays for the characters the documents hold, not for all of
 * Unicode.
 */
import { nativeKernels } from './addon.ts';
import { PYTHON_SPACES } from '../text/python.ts';
import { SENTENCIZER_PUNCT_CHARS } from '../text/sentences.ts';
import { PUNCTUATION_CODES, TERMINAL_PUNCTUATION } from '../scorers/punctuation.ts';

// The table's bits (native/lines.h).
const KNOWN = 0x01;
const LETTER = 0x02;
const PUNCT = 0x04;
const DIGIT = 0x08;
const TERMINAL = 0x10;
const SYMBOL = 0x20;
const SENTENCE = 0x40;
const SPACE = 0x80;

// A kernel's status (native/lines.h).
const OK = 0;
const SHORT = 1;
const UNKNOWN = 2;

const CATEGORIES: readonly (readonly [RegExp, number])[] = [
  [/^\p{L}$/u, LETTER],
  [/^\p{P}$/u, PUNCT],
  [/^\p{Nd}$/u, DIGIT],
];

let flags: Uint8Array | undefined;

/** This thread's property table, its static bits set and ASCII's categories known. */
function table(): Uint8Array {
  if (flags) return flags;
  const t = new Uint8Array(0x110000);
  const mark = (codes: Iterable<number>, bit: number) => {
    for (const c of codes) t[c]! |= bit;
  };
  mark(PYTHON_SPACES, SPACE);
  mark(PUNCTUATION_CODES, SYMBOL);
  mark(
    TERMINAL_PUNCTUATION.map((s) => s.codePointAt(0)!),
    TERMINAL,
  );
  mark(SENTENCIZER_PUNCT_CHARS, SENTENCE);
  // A lone surrogate is in no category (the regular expressions read it as itself).
  t.fill(KNOWN, 0xd800, 0xe000);
  for (let c = 0; c < 0x80; c++) learn(t, c);
  return (flags = t);
}

/** Works out the categories of code point `cp` into the table. */
function learn(t: Uint8Array, cp: number): void {
  const s = String.fromCodePoint(cp);
  let bits = KNOWN;
  for (const [re, bit] of CATEGORIES) if (re.test(s)) bits |= bit;
  t[cp]! |= bits;
}

type Out = Int32Array | Float64Array;

/** The UTF-16 units of `s` (Array.from would give its code points). */
const unitsOf = (s: string): number[] =>
  Array.from({ length: s.length }, (_, i) => s.charCodeAt(i));

/**
 * Calls `run` until the kernel knows every category it needs, growing `out` when too short
 * (`grow` makes the new one); returns the array holding the answer.
 */
function answer<T extends Out>(run: (out: T) => number, out: T, grow: (n: number) => T): T {
  const t = table();
  for (;;) {
    const status = run(out);
    if (status === OK) return out;
    if (status === UNKNOWN) {
      for (let k = 1; k <= out[0]!; k++) learn(t, out[k]!);
    } else if (status === SHORT) out = grow(out[0]!);
    else throw new Error(`line kernel: unexpected status ${status}`);
  }
}

/** What c4_quality's line loop needs to know of its options (native/lines.c `O_*`). */
export interface C4LineOptions {
  readonly remove_citations: boolean;
  readonly filter_no_terminal_punct: boolean;
  readonly filter_lorem_ipsum: boolean;
  readonly filter_javascript: boolean;
  readonly filter_curly_bracket: boolean;
  readonly filter_policy: boolean;
  readonly min_num_sentences: number;
  readonly max_word_length: number;
  readonly min_words_per_line: number;
}

/** The document's spaCy tokens as the kernel reads them (TokenSpans). */
export interface Tokens {
  readonly count: number;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly gaps: Uint8Array;
}

/** c4_quality's phrases by class (native/lines.c `C_*`): lorem ipsum 1, javascript 2, policy 4. */
export function phraseTable(phrases: readonly (readonly [cls: number, phrase: string])[]) {
  const out = [phrases.length];
  for (const [cls, phrase] of phrases) out.push(cls, phrase.length, ...unitsOf(phrase));
  return Int32Array.from(out);
}

/** c4Lines' header (native/lines.c): lines, counts by reason code 0-7, sentences, records. */
export const C4_HEADER = 11;

let c4Out = new Int32Array(4096);

/** Builds the kernel's scan of a phrase table (a native object of this thread). */
type PhraseScan = (phrases: Int32Array) => object;
/** This thread's phrase scans, by the phrase table they were built from. */
const phraseScans = new WeakMap<Int32Array, object>();
const c4Options = new Int32Array(5);
const NO_TOKENS = {
  count: 0,
  starts: new Int32Array(0),
  ends: new Int32Array(0),
  gaps: new Uint8Array(0),
};

type C4Lines = (
  flags: Uint8Array,
  phrases: object,
  text: string,
  starts: Int32Array,
  ends: Int32Array,
  gaps: Uint8Array,
  options: Int32Array,
  out: Int32Array,
) => number;

/**
 * c4_quality's line loop over `text` (see native/lines.c c4_lines): the header at
 * [0, C4_HEADER), then `[start, end, code]` records, in an array reused by the next call; or
 * undefined without the kernels. `tokens` are read when sentences are counted.
 */
export function c4Lines(
  text: string,
  tokens: Tokens | undefined,
  o: C4LineOptions,
  phrases: Int32Array,
  gapWs: number,
): Int32Array | undefined {
  const kernels = nativeKernels();
  const fn = kernels?.['c4Lines'] as C4Lines | undefined;
  const build = kernels?.['c4Phrases'] as PhraseScan | undefined;
  // (a build of the addon from before these kernels has neither: the JavaScript path runs)
  if (typeof fn !== 'function' || typeof build !== 'function') return undefined;
  let scan = phraseScans.get(phrases);
  if (!scan) phraseScans.set(phrases, (scan = build(phrases)));
  const t = tokens ?? NO_TOKENS;
  c4Options[0] =
    (o.remove_citations ? 0x01 : 0) |
    (o.filter_no_terminal_punct ? 0x02 : 0) |
    (o.filter_lorem_ipsum ? 0x04 : 0) |
    (o.filter_javascript ? 0x08 : 0) |
    (o.filter_curly_bracket ? 0x10 : 0) |
    (o.filter_policy ? 0x20 : 0) |
    (o.min_num_sentences !== -1 && tokens ? 0x40 : 0);
  c4Options[1] = o.max_word_length;
  c4Options[2] = o.min_words_per_line;
  c4Options[3] = gapWs;
  c4Options[4] = t.count;
  const f = table();
  return (c4Out = answer(
    (out) => fn(f, scan, text, t.starts, t.ends, t.gaps, c4Options, out),
    c4Out,
    (n) => new Int32Array(Math.max(n, 2 * c4Out.length)),
  ));
}

/** The distinct words of a document as gopherStats reads them (WordIds). */
export interface DistinctWords {
  readonly size: number;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly counts: Int32Array;
  readonly lengths: Int32Array;
  readonly hashes: Int32Array;
}

/** Stop words as gopherStats reads them: [count, then hash, length, units... per word]. */
export function stopWordTable(words: readonly string[], hash: (w: string) => number): Int32Array {
  const out = [words.length];
  for (const w of words) out.push(hash(w), w.length, ...unitsOf(w));
  return Int32Array.from(out);
}

/**
 * gopher_quality's counts (native/lines-stats.c gopherStats): [non-symbol words, their code
 * points, words with a letter, distinct stop words, "#", ellipses, lines, bullet lines, lines
 * ending in an ellipsis], in an array reused by the next call; or undefined without the kernels.
 * `words` are WordIds whose source is `text`.
 */
export function gopherStats(
  text: string,
  words: DistinctWords,
  stops: Int32Array,
): Float64Array | undefined {
  const fn = nativeKernels()?.['gopherStats'] as ((...args: unknown[]) => number) | undefined;
  if (typeof fn !== 'function') return undefined;
  const f = table();
  const { size, starts, ends, counts, lengths, hashes } = words;
  return answer(
    (out) => fn(f, text, starts, ends, counts, lengths, hashes, size, stops, out),
    GOPHER_OUT,
    () => GOPHER_OUT,
  );
}

const GOPHER_OUT = new Float64Array(512);
