/**
 * A document's words as dense integer ids, for the statistics that only ask whether two words
 * are equal (n-gram counts, distinct stop words) or need a per-word property once per distinct
 * word (length, punctuation, letters).
 *
 * Words are ranges of a source string (the document itself, or injected words joined). They are
 * hashed straight from the source, without a string per word; equal hashes are confirmed by
 * comparing the characters, so ids are exact.
 */
import { codePointLength } from '../text/codepoints.ts';

/** The document's words as integer ids plus, per distinct word, where it is and what it hashes to. */
export interface WordIds {
  /** `ids[i]` is the id of word i; ids are dense, in order of first occurrence. */
  readonly ids: Int32Array;
  /** The number of distinct words. */
  readonly size: number;
  /** Distinct word `id` is `source.slice(starts[id], ends[id])` (its first occurrence). */
  readonly source: string;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /** Python `len()` of each distinct word (code points). */
  readonly lengths: Int32Array;
  /** `wordHash` of each distinct word. */
  readonly hashes: Int32Array;
  /** True when some word contains a space (" "); spaCy tokens never do, injected words may. */
  readonly spaced: boolean;
}

/** What the caller of `wordIdsOfRanges` knows about the source and the words. */
export interface SourceFacts {
  /** The source has a UTF-16 surrogate (code points and UTF-16 units differ). */
  readonly astral: boolean;
  /** Some word contains a space. */
  readonly spaced: boolean;
}

/**
 * The base of `wordHash`. Odd, so invertible mod 2^32 (gopher_repetition removes a prefix from
 * a hash of a concatenation by multiplying with its inverse).
 */
export const WORD_HASH_BASE = 0x01000193;

/**
 * Polynomial hash of `s[start, end)` over UTF-16 units, `Σ c_i · B^(len-1-i)` mod 2^32, so that
 * `hash(a + b) = hash(a) · B^len(b) + hash(b)`: hashes of concatenations compose from words.
 */
export function wordHash(s: string, start: number, end: number): number {
  let h = 0;
  for (let i = start; i < end; i++) h = (Math.imul(h, WORD_HASH_BASE) + s.charCodeAt(i)) | 0;
  return h;
}

/** The text of distinct word `id`. */
export const wordText = (w: WordIds, id: number): string => w.source.slice(w.starts[id]!, w.ends[id]!);

// The open-addressing table, reused by every document: slot s is in use for the current
// document when STAMP[s] === generation, so starting a document costs no clearing.
let HASH = new Int32Array(1 << 12);
let ID = new Int32Array(1 << 12);
let STAMP = new Int32Array(1 << 12);
let generation = 0;
// Per distinct word of the current document, copied out at the end.
let FIRST_START = new Int32Array(1 << 11);
let FIRST_END = new Int32Array(1 << 11);
let FIRST_HASH = new Int32Array(1 << 11);

/** Prepares the table for `n` words; returns log2 of its capacity (at least 2n slots). */
function prepare(n: number): number {
  let bits = 4;
  while (1 << bits < 2 * n) bits++;
  const cap = 1 << bits;
  if (cap > STAMP.length || (STAMP.length > 1 << 21 && cap <= 1 << 21)) {
    // Grow, or drop a table a huge document left behind.
    HASH = new Int32Array(cap);
    ID = new Int32Array(cap);
    STAMP = new Int32Array(cap);
    generation = 0;
  }
  if (FIRST_START.length < n || (FIRST_START.length > 1 << 20 && n <= 1 << 20)) {
    const size = Math.max(n, 1 << 11);
    FIRST_START = new Int32Array(size);
    FIRST_END = new Int32Array(size);
    FIRST_HASH = new Int32Array(size);
  }
  if (++generation === 0x7fffffff) {
    STAMP.fill(0);
    generation = 1;
  }
  return bits;
}

/** True when `s[a, a + len)` and `s[b, b + len)` are the same string. */
function sameUnits(s: string, a: number, b: number, len: number): boolean {
  for (let i = 0; i < len; i++) if (s.charCodeAt(a + i) !== s.charCodeAt(b + i)) return false;
  return true;
}

/** Word ids of the words `source.slice(starts[i], ends[i])`, i < count. */
export function wordIdsOfRanges(
  source: string,
  starts: Int32Array,
  ends: Int32Array,
  count: number,
  facts: SourceFacts,
): WordIds {
  const bits = prepare(count);
  const mask = (1 << bits) - 1;
  const shift = 32 - bits;
  const gen = generation;
  const hashTable = HASH;
  const idTable = ID;
  const stamp = STAMP;
  const firstStart = FIRST_START;
  const firstEnd = FIRST_END;
  const firstHash = FIRST_HASH;
  const ids = new Int32Array(count);
  let size = 0;
  for (let k = 0; k < count; k++) {
    const s = starts[k]!;
    const e = ends[k]!;
    let h = 0;
    for (let i = s; i < e; i++) h = (Math.imul(h, WORD_HASH_BASE) + source.charCodeAt(i)) | 0;
    // Fibonacci hashing: the top bits of h·φ spread even the hashes of one-letter words.
    let slot = Math.imul(h, 0x9e3779b1) >>> shift;
    let id: number;
    for (;;) {
      if (stamp[slot] !== gen) {
        id = size++;
        stamp[slot] = gen;
        hashTable[slot] = h;
        idTable[slot] = id;
        firstStart[id] = s;
        firstEnd[id] = e;
        firstHash[id] = h;
        break;
      }
      if (hashTable[slot] === h) {
        id = idTable[slot]!;
        const a = firstStart[id]!;
        if (firstEnd[id]! - a === e - s && sameUnits(source, a, s, e - s)) break;
      }
      slot = (slot + 1) & mask;
    }
    ids[k] = id;
  }
  const wordStarts = firstStart.slice(0, size);
  const wordEnds = firstEnd.slice(0, size);
  const lengths = new Int32Array(size);
  // Without a surrogate in the source, no word has one: code points are UTF-16 units.
  for (let id = 0; id < size; id++) {
    const a = wordStarts[id]!;
    const b = wordEnds[id]!;
    lengths[id] = facts.astral ? codePointLength(source.slice(a, b)) : b - a;
  }
  const hashes = firstHash.slice(0, size);
  return { ids, size, source, starts: wordStarts, ends: wordEnds, lengths, hashes, spaced: facts.spaced };
}

/** Word ids of a word list (e.g. injected words), over the words joined without a separator. */
export function wordIdsOfWords(words: readonly string[]): WordIds {
  const starts = new Int32Array(words.length);
  const ends = new Int32Array(words.length);
  let at = 0;
  for (let i = 0; i < words.length; i++) {
    starts[i] = at;
    at += words[i]!.length;
    ends[i] = at;
  }
  const source = words.join('');
  const facts = { astral: /[\ud800-\udfff]/.test(source), spaced: words.some((w) => w.includes(' ')) };
  return wordIdsOfRanges(source, starts, ends, words.length, facts);
}
