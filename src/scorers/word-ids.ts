/**
 * A document's words as dense integer ids, for the statistics that only ask whether two words
 * are equal (n-gram counts, distinct stop words) or need a per-word property once per distinct
 * word (length, punctuation, letters).
 *
 * Words are ranges of a source string (the document itself, or injected words joined). They are
 * hashed straight from the source, without a string per word; equal hashes are confirmed by
 * comparing the characters, so ids are exact.
 */
import { unitsOf } from '../text/units.ts';
import { nativeWords } from '../native/words.ts';

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
  /** How many times each distinct word occurs. */
  readonly counts: Int32Array;
  /** True when some word contains a space (" "); spaCy tokens never do, injected words may. */
  readonly spaced: boolean;
  /** True when some word has a UTF-16 surrogate; otherwise code points are UTF-16 units. */
  readonly astral: boolean;
  /** `offsets[k]`: UTF-16 length of `"".join(words[:k])` (k ≤ ids.length). */
  readonly offsets: Int32Array;
  /**
   * `tails[k]`: the hash (as `wordHash`) of the last TAIL_WINDOW UTF-16 units of
   * `"".join(words[:k])`; meaningful where `offsets[k] >= TAIL_WINDOW`.
   */
  readonly tails: Int32Array;
  /** `prefixes[k]`: `wordHash` of `"".join(words[:k])`. */
  readonly prefixes: Int32Array;
}

/** UTF-16 units in the windows of `WordIds.tails`. */
export const TAIL_WINDOW = 16;

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

/** `wordHash` of `u[a, b)`, read from a string's units (`unitsOf`): several times faster. */
export function unitsHash(u: Uint16Array, a: number, b: number): number {
  let h = 0;
  for (let i = a; i < b; i++) h = (Math.imul(h, WORD_HASH_BASE) + u[i]!) | 0;
  return h;
}

const POW = new Int32Array(256);
POW[0] = 1;
for (let i = 1; i < 256; i++) POW[i] = Math.imul(POW[i - 1]!, WORD_HASH_BASE);

/** WORD_HASH_BASE^len mod 2^32: `wordHash(a + b) = wordHash(a) · hashPow(b.length) + wordHash(b)`. */
export function hashPow(len: number): number {
  if (len < 256) return POW[len]!;
  // by squaring: keys of minified code or base64 run to thousands of units
  let x = 1;
  let base = WORD_HASH_BASE;
  for (let e = len; e > 0; e >>>= 1) {
    if (e & 1) x = Math.imul(x, base);
    base = Math.imul(base, base);
  }
  return x;
}

const POW_TAIL = POW[TAIL_WINDOW]!;
const RING = new Int32Array(32); // > TAIL_WINDOW + 1

/** The text of distinct word `id`. */
export const wordText = (w: WordIds, id: number): string =>
  w.source.slice(w.starts[id]!, w.ends[id]!);

// The open-addressing table, reused by every document: slot s holds [hash, id + 1] at
// TABLE[2s], TABLE[2s + 1] (0: empty), so a probe touches one cache line.
let TABLE = new Int32Array(1 << 13);
// Per distinct word of the current document, copied out at the end.
let FIRST_START = new Int32Array(1 << 11);
let FIRST_END = new Int32Array(1 << 11);
let FIRST_HASH = new Int32Array(1 << 11);
let COUNTS = new Int32Array(1 << 11);

// Per word of the current document: its id, and offsets, tails and prefixes at k + 1.
let IDS = new Int32Array(1 << 12);
let OFFSETS = new Int32Array(1 << 12);
let TAILS = new Int32Array(1 << 12);
let PREFIXES = new Int32Array(1 << 12);

/** Makes room for `n` words (and drops buffers a huge document left behind). */
function reservePositions(n: number): void {
  if (OFFSETS.length > n && (OFFSETS.length <= 1 << 20 || n >= 1 << 20)) return;
  const size = Math.max(n + 1, 1 << 12);
  IDS = new Int32Array(size);
  OFFSETS = new Int32Array(size);
  TAILS = new Int32Array(size);
  PREFIXES = new Int32Array(size);
}

/** Clears a table of 2^bits slots, reallocating it if it is too small or far too large. */
function clearTable(bits: number): void {
  const ints = 2 << bits;
  if (TABLE.length < ints || (TABLE.length > 1 << 22 && ints <= 1 << 22))
    TABLE = new Int32Array(ints);
  else TABLE.fill(0, 0, ints);
}

/** Makes room for `n` distinct words (and drops buffers a huge document left behind). */
function reserveWords(n: number): void {
  if (FIRST_START.length >= n && (FIRST_START.length <= 1 << 20 || n > 1 << 20)) return;
  const size = Math.max(n, 1 << 11);
  FIRST_START = new Int32Array(size);
  FIRST_END = new Int32Array(size);
  FIRST_HASH = new Int32Array(size);
  COUNTS = new Int32Array(size);
}

/** Puts the ids [0, size) back into a cleared table of 2^bits slots, by their hashes. */
function rehash(size: number, bits: number): void {
  const table = TABLE;
  const mask = (1 << bits) - 1;
  for (let id = 0; id < size; id++) {
    const h = FIRST_HASH[id]!;
    let slot = Math.imul(h, 0x9e3779b1) >>> (32 - bits);
    while (table[2 * slot + 1] !== 0) slot = (slot + 1) & mask;
    table[2 * slot] = h;
    table[2 * slot + 1] = id + 1;
  }
}

/** True when `u[a, a + len)` and `u[b, b + len)` are the same units. */
function sameUnits(u: Uint16Array, a: number, b: number, len: number): boolean {
  for (let i = 0; i < len; i++) if (u[a + i] !== u[b + i]) return false;
  return true;
}

/**
 * Code points of each word: its units less one per surrogate pair inside it (a lone surrogate
 * counts as one, as Python counts it), read from the units rather than from a slice per word.
 * Astral documents are rare, so the `astral` loop still deoptimizes the copy inlined into
 * wordIdsOfRanges now and then (3-11 times a pass over web-pages, against 9-15 for the slice
 * version); a branch-free loop for every document stopped that but measured slower (a4e4be5).
 */
function codePointLengths(
  u: Uint16Array,
  starts: Int32Array,
  ends: Int32Array,
  lengths: Int32Array,
  size: number,
  astral: boolean,
): void {
  for (let id = 0; id < size; id++) {
    const a = starts[id]!;
    const b = ends[id]!;
    let n = b - a;
    if (astral)
      for (let i = a + 1; i < b; i++) {
        const c = u[i]!;
        if (c >= 0xdc00 && c <= 0xdfff) {
          const p = u[i - 1]!;
          if (p >= 0xd800 && p <= 0xdbff) n--;
        }
      }
    lengths[id] = n;
  }
}

/**
 * WordIds' arrays as native/words-ids.c lays them out: by position in `pos` (ids, offsets,
 * tails, prefixes, each at a quarter of it), by id in `byId` (starts, ends, lengths, hashes,
 * counts, each at a fifth), with room for some number of words (a caller may reuse them).
 */
export interface IdArrays {
  readonly pos: Int32Array;
  readonly byId: Int32Array;
}

/** IdArrays with room for n words, in one allocation (allocations cost more than copies). */
export function idArrays(n: number): IdArrays {
  const buffer = new ArrayBuffer(4 * (4 * (n + 1) + 5 * n));
  return {
    pos: new Int32Array(buffer, 0, 4 * (n + 1)),
    byId: new Int32Array(buffer, 16 * (n + 1), 5 * n),
  };
}

/** The native kernel's out slot: the number of distinct words. */
const SIZE = new Int32Array(1);

/**
 * Word ids of the words `source.slice(starts[i], ends[i])`, i < count: in `into` when it has
 * room (a caller that reuses its arrays: context.ts), else in arrays of their own.
 */
export function wordIdsOfRanges(
  source: string,
  starts: Int32Array,
  ends: Int32Array,
  count: number,
  facts: SourceFacts,
  into?: IdArrays,
): WordIds {
  const native = nativeWords();
  if (native === null) return jsWordIdsOfRanges(source, starts, ends, count, facts);
  const roomy = into !== undefined && into.pos.length >= 4 * count + 4;
  const out = roomy && into.byId.length >= 5 * count ? into : idArrays(count);
  native.ids(source, starts, ends, count, SIZE, facts.astral, out.pos, out.byId);
  return wordIdsIn(out, count, SIZE[0]!, source, facts);
}

/** The WordIds of `count` words, `size` distinct, in `arrays`. */
function wordIdsIn(
  { pos, byId }: IdArrays,
  count: number,
  size: number,
  source: string,
  facts: SourceFacts,
): WordIds {
  const p = pos.length >> 2;
  const q = (byId.length / 5) | 0;
  return {
    ids: pos.subarray(0, count),
    size,
    source,
    starts: byId.subarray(0, size),
    ends: byId.subarray(q, q + size),
    lengths: byId.subarray(2 * q, 2 * q + size),
    hashes: byId.subarray(3 * q, 3 * q + size),
    counts: byId.subarray(4 * q, 4 * q + size),
    spaced: facts.spaced,
    astral: facts.astral,
    offsets: pos.subarray(p, p + count + 1),
    tails: pos.subarray(2 * p, 2 * p + count + 1),
    prefixes: pos.subarray(3 * p, 3 * p + count + 1),
  };
}

/** The JavaScript twin of native/words-ids.c (the reference). */
function jsWordIdsOfRanges(
  source: string,
  starts: Int32Array,
  ends: Int32Array,
  count: number,
  facts: SourceFacts,
): WordIds {
  reserveWords(count);
  // A table of at least `count` slots, doubled whenever it gets half full: documents have about
  // 0.4 distinct words per word, so it rarely grows.
  let bits = 5;
  while (1 << bits < 2 * count) bits++;
  clearTable(bits);
  let table = TABLE;
  let mask = (1 << bits) - 1;
  const firstStart = FIRST_START;
  const firstEnd = FIRST_END;
  const firstHash = FIRST_HASH;
  const counts = COUNTS;
  // Filled in shared scratch arrays and copied out into one allocation at the end (a typed
  // array of its own per result cost more than the copies).
  reservePositions(count);
  const ids = IDS;
  // The prefix hash of the concatenation rides along the per-word hash (both read each unit
  // once); a ring of its last 32 values gives each window hash as g(end) - g(end - 16)·B^16.
  const offsets = OFFSETS;
  const tails = TAILS;
  const prefixes = PREFIXES;
  offsets[0] = 0;
  tails[0] = 0;
  prefixes[0] = 0;
  const ring = RING.fill(0); // ring[j & 31]: the prefix hash of the first j + 1 units
  const units = unitsOf(source);
  let g = 0;
  let at = 0;
  let size = 0;
  for (let k = 0; k < count; k++) {
    const s = starts[k]!;
    const e = ends[k]!;
    let h = 0;
    for (let i = s; i < e; i++, at++) {
      const ch = units[i]!;
      h = (Math.imul(h, WORD_HASH_BASE) + ch) | 0;
      g = (Math.imul(g, WORD_HASH_BASE) + ch) | 0;
      ring[at & 31] = g;
    }
    offsets[k + 1] = at;
    prefixes[k + 1] = g;
    tails[k + 1] =
      at >= TAIL_WINDOW ? (g - Math.imul(ring[(at - TAIL_WINDOW - 1) & 31]!, POW_TAIL)) | 0 : 0;
    // Fibonacci hashing: the top bits of h·φ spread even the hashes of one-letter words.
    let slot = Math.imul(h, 0x9e3779b1) >>> (32 - bits);
    let id: number;
    for (;;) {
      const stored = table[2 * slot + 1]!;
      if (stored === 0) {
        id = size++;
        table[2 * slot] = h;
        table[2 * slot + 1] = id + 1;
        firstStart[id] = s;
        firstEnd[id] = e;
        firstHash[id] = h;
        counts[id] = 0;
        if (2 * size > 1 << bits) {
          bits++;
          clearTable(bits);
          table = TABLE;
          mask = (1 << bits) - 1;
          rehash(size, bits);
        }
        break;
      }
      if (table[2 * slot] === h) {
        id = stored - 1;
        const a = firstStart[id]!;
        if (firstEnd[id]! - a === e - s && sameUnits(units, a, s, e - s)) break;
      }
      slot = (slot + 1) & mask;
    }
    ids[k] = id;
    counts[id]!++;
  }
  const w = wordIdsIn(idArrays(count), count, size, source, facts);
  w.ids.set(ids.subarray(0, count));
  w.offsets.set(offsets.subarray(0, count + 1));
  w.tails.set(tails.subarray(0, count + 1));
  w.prefixes.set(prefixes.subarray(0, count + 1));
  w.counts.set(counts.subarray(0, size));
  w.starts.set(firstStart.subarray(0, size));
  w.ends.set(firstEnd.subarray(0, size));
  w.hashes.set(firstHash.subarray(0, size));
  // Without a surrogate in the source, no word has one: code points are UTF-16 units.
  codePointLengths(units, w.starts, w.ends, w.lengths, size, facts.astral);
  return w;
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
  const facts = {
    astral: /[\ud800-\udfff]/.test(source),
    spaced: words.some((w) => w.includes(' ')),
  };
  return wordIdsOfRanges(source, starts, ends, words.length, facts);
}
