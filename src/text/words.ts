/**
 * English word splitting as datatrove does it (`split_into_words(text, "eng")`): the token
 * texts of spaCy's `blank("en")` tokenizer (spaCy 3.5–3.8), Python-`strip()`ped, empties
 * dropped. The algorithm follows spaCy's `tokenizer.pyx` (whitespace chunking, the
 * prefix/suffix loop of `_split_affixes`, `_attach_tokens` with the URL match and infixes,
 * and the special-case matcher pass of `_apply_special_cases`). The rule lists are in
 * `spacy-char-classes.ts` and `spacy-exceptions.ts`, the tables built from them in
 * `spacy-tables.ts`, the affix rules in `spacy-affixes.ts` and the matcher in `spacy-matcher.ts`.
 * See docs/filters.md §1.
 *
 * All offsets here are UTF-16 indices, but every rule looks at whole code points, so astral
 * characters (emoji) behave as the single characters Python sees. Callers that need
 * Python's `len()` of a token must count code points.
 */
import { findPrefix, findSuffix, hasSimpleTail, infixAt } from './spacy-affixes.ts';
import {
  GAP_NONE,
  GAP_SPACE,
  GAP_WS,
  PATTERN_BIT,
  PATTERN_FIRST_UNIT,
  buildPatterns,
  findReplacements,
  mayStartPattern,
} from './spacy-matcher.ts';
import {
  FILTER,
  FLAGS,
  F_INFIX,
  KIND,
  K_LETTER,
  K_SPACE,
  isPlain,
  SPECIAL,
  SPECIAL_BIT,
  URL_RE,
  cpAt,
  cpLen,
  slotOf,
} from './spacy-tables.ts';
import { unitsOf } from './units.ts';
import { type TokenArrays, type TokenSpans, tokenArrays } from './token-spans.ts';
import * as native from '../native/words.ts';

export { GAP_NONE, GAP_SPACE, GAP_WS } from './spacy-matcher.ts';
export { hasTrailingSpaceToken, type TokenArrays, type TokenSpans } from './token-spans.ts';

// ---------------------------------------------------------------------------------------
// Token output
//
// Tokens are UTF-16 [start, end) ranges of the text, written into module-level buffers that
// every call reuses (the tokenizer is synchronous, and each worker thread has its own module
// instance); the exported functions copy out what they return. A special case's pieces are
// ranges too, because they concatenate to its key (spacy-tables.ts checks).

let STARTS = new Int32Array(1 << 14);
let ENDS = new Int32Array(1 << 14);
let GAPS = new Uint8Array(1 << 14);
let count = 0;
const IO = new Int32Array(8); // the native scan's in/out slots (IO_*)

/** Makes room for `extra` more tokens in the output buffers. */
function reserve(extra: number): void {
  const need = count + extra;
  if (need <= STARTS.length) return;
  let size = STARTS.length * 2;
  while (size < need) size *= 2;
  const starts = new Int32Array(size);
  const ends = new Int32Array(size);
  const gaps = new Uint8Array(size);
  starts.set(STARTS.subarray(0, count));
  ends.set(ENDS.subarray(0, count));
  gaps.set(GAPS.subarray(0, count));
  STARTS = starts;
  ENDS = ends;
  GAPS = gaps;
}

/** Drops output buffers grown past 2^20 tokens by a huge text, so they are not kept for good. */
function releaseLargeBuffers(): void {
  if (STARTS.length > 1 << 20) {
    STARTS = new Int32Array(1 << 14);
    ENDS = new Int32Array(1 << 14);
    GAPS = new Uint8Array(1 << 14);
  }
}

/** Appends the token [start, end) (room must have been reserved). */
function emit(start: number, end: number): void {
  STARTS[count] = start;
  ENDS[count] = end;
  GAPS[count] = GAP_NONE;
  count++;
}

/** Appends a special case's pieces, which tile the text from `start`. */
function emitPieces(start: number, pieces: readonly string[]): void {
  for (const piece of pieces) {
    emit(start, start + piece.length);
    start += piece.length;
  }
}

// ---------------------------------------------------------------------------------------
// Chunks. Each function looks only at s[lo..hi), as Python looks only at its substring, and
// emits at most one token per UTF-16 unit of the chunk.

/** `_attach_tokens` for the affix-free rest s[lo..hi): special case, URL, or infix split. */
function attach(s: string, lo: number, hi: number, withSpecials: boolean): void {
  if (withSpecials) {
    const special = SPECIAL.getRange(s, lo, hi);
    if (special !== undefined) {
      emitPieces(lo, special);
      return;
    }
  }
  // The URL match comes before infixes; every URL has a ".".
  let dot = lo;
  while (dot < hi && s.charCodeAt(dot) !== 0x2e) dot++;
  if (dot < hi && URL_RE.test(s.slice(lo, hi))) {
    emit(lo, hi);
    return;
  }
  let start = lo;
  for (let i = lo; i < hi;) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 && !(FLAGS[c]! & F_INFIX)) {
      i++;
      continue;
    }
    const cp = cpAt(s, i, hi);
    const end = infixAt(s, i, cp, lo, hi);
    if (end < 0) {
      i += cpLen(cp);
      continue;
    }
    if (i !== lo) {
      // spaCy skips an infix found at offset 0 (it stays glued to what follows).
      if (i !== start) emit(start, i);
      emit(i, end);
      start = end;
    }
    i = end;
  }
  if (start < hi) emit(start, hi);
}

// Suffix ranges found by splitChunk, as [start, end] pairs (a reusable stack; splitChunk
// does not recurse).
const suffixStack: number[] = [];

/**
 * Emits the tokens of the chunk s[lo..hi) before the special-case matcher pass
 * (`_tokenize`: special case, or the prefix/suffix loop of `_split_affixes` + `attach`).
 */
function splitChunk(s: string, lo: number, hi: number, withSpecials: boolean): void {
  if (withSpecials) {
    const special = SPECIAL.getRange(s, lo, hi);
    if (special !== undefined) {
      emitPieces(lo, special);
      return;
    }
  }
  let top = 0;
  let a = lo;
  let b = hi;
  let lastSize = -1;
  while (a < b && b - a !== lastSize) {
    if (withSpecials && SPECIAL.getRange(s, a, b) !== undefined) break;
    lastSize = b - a;
    const pre = findPrefix(s, a, b);
    if (pre !== 0 && a + pre < b && withSpecials && SPECIAL.getRange(s, a + pre, b) !== undefined) {
      emit(a, a + pre);
      a += pre;
      break;
    }
    const suf = findSuffix(s, a + pre, b);
    if (suf !== 0 && b - suf > a && withSpecials && SPECIAL.getRange(s, a, b - suf) !== undefined) {
      suffixStack[top++] = b - suf;
      suffixStack[top++] = b;
      b -= suf;
      break;
    }
    if (pre !== 0) {
      emit(a, a + pre);
      a += pre;
    }
    if (suf !== 0) {
      suffixStack[top++] = b - suf;
      suffixStack[top++] = b;
      b -= suf;
    }
  }
  if (a < b) attach(s, a, b, withSpecials);
  for (let k = top - 2; k >= 0; k -= 2) emit(suffixStack[k]!, suffixStack[k + 1]!);
}

/** The tokens of a special-case key without special cases (module setup only). */
function patternOf(key: string): string[] {
  count = 0;
  reserve(key.length);
  splitChunk(key, 0, key.length, false);
  const out: string[] = [];
  for (let k = 0; k < count; k++) out.push(key.slice(STARTS[k]!, ENDS[k]!));
  count = 0;
  return out;
}
buildPatterns(patternOf);

// Indices of tokens that may start a pattern, in order (a reusable list: cands[0..nCands)).
const cands: number[] = [];
let nCands = 0;

/** Runs the matcher pass over the output buffers (possible match starts in `from`), in place. */
function applySpecialMatches(
  text: string,
  u: Uint16Array,
  from: ArrayLike<number>,
  nFrom: number,
): void {
  const n = count;
  const t = { starts: STARTS, ends: ENDS, gaps: GAPS };
  const at = findReplacements(text, u, t, n, from, nFrom);
  if (at === undefined) return;
  // A replaced match lies in one chunk (its text is a key, so it has no space): its pieces
  // tile the same range. The tokens before the first replaced match stay where they are; the
  // rest are rebuilt from a copy, the stretches between matches copied whole.
  const first = at[0]!.start;
  const starts = STARTS.slice(first, n);
  const ends = ENDS.slice(first, n);
  const gaps = GAPS.slice(first, n);
  count = first;
  const copy = (from: number, to: number) => {
    reserve(to - from);
    STARTS.set(starts.subarray(from - first, to - first), count);
    ENDS.set(ends.subarray(from - first, to - first), count);
    GAPS.set(gaps.subarray(from - first, to - first), count);
    count += to - from;
  };
  let k = first;
  for (const { start, end, pieces } of at) {
    copy(k, start);
    reserve(pieces.length);
    const piece = count;
    emitPieces(starts[start - first]!, pieces);
    GAPS[piece] = gaps[start - first]!;
    k = end;
  }
  copy(k, n);
}

// ---------------------------------------------------------------------------------------
// The document loop (`_tokenize_affixes` + `_apply_special_cases`)

/**
 * Fills the output buffers with the spaCy `blank("en")` tokens of text, in order, without
 * the whitespace tokens (GAPS marks where they were).
 */
function tokenizeInto(text: string): void {
  const kernel = native.nativeWords();
  if (kernel !== null) return tokenizeNative(kernel, text);
  count = 0;
  nCands = 0;
  const n = text.length;
  const u = unitsOf(text);
  let gap = GAP_NONE; // what separates the next chunk from the previous token
  let i = 0;
  while (i < n) {
    const kind = KIND[u[i]!]!;
    if (kind === K_SPACE) {
      if (i > 0 && u[i]! === 0x20 && (i + 1 === n || KIND[u[i + 1]!] !== K_SPACE)) {
        // The usual case: one " " after a token, absorbed as its trailing space.
        gap = GAP_SPACE;
        i++;
        continue;
      }
      let j = i + 1;
      while (j < n && KIND[u[j]!] === K_SPACE) j++;
      // A run after a token loses its first character if that is " " (the token's trailing
      // space); the rest, if any, is a whitespace token.
      const start = i > 0 && u[i]! === 0x20 ? i + 1 : i;
      gap = start < j ? GAP_WS : GAP_SPACE;
      i = j;
      continue;
    }
    // Scan the chunk; `mixed` is where it stops being all one kind.
    const first = kind;
    let j = i + 1;
    let mixed = -1;
    while (j < n && KIND[u[j]!] === first) j++;
    if (j < n && KIND[u[j]!] !== K_SPACE) {
      mixed = j;
      while (j < n && KIND[u[j]!] !== K_SPACE) j++;
    }
    const k0 = count;
    reserve(j - i); // a chunk makes at most one token per UTF-16 unit
    if (first >= K_LETTER && mixed < 0) {
      // All ASCII letters or all ASCII digits: one token unless a special case.
      const f = FILTER[slotOf(j - i, u[i]!, u[j - 1]!)]!;
      if ((f & SPECIAL_BIT) === 0 || SPECIAL.getUnits(u, text, i, j) === undefined) {
        STARTS[k0] = i;
        ENDS[k0] = j;
        GAPS[k0] = gap;
        count = k0 + 1;
        if (f & PATTERN_BIT && (j - i > 1 || PATTERN_FIRST_UNIT[u[i]!] === 1)) cands[nCands++] = k0;
        i = j;
        continue;
      }
    }
    if (
      first === K_LETTER &&
      mixed === j - 1 &&
      hasSimpleTail(text, mixed) &&
      SPECIAL.getUnits(u, text, i, j) === undefined
    ) {
      // ASCII letters and a suffix that needs no more context: the loop strips it, and the
      // letters are a special case or one token.
      const special = SPECIAL.getUnits(u, text, i, mixed);
      if (special === undefined) emit(i, mixed);
      else emitPieces(i, special);
      emit(mixed, j);
    } else if (j === i + 1) {
      // One character ("-", "&", "»"): one token, whatever its affix rules (a special case of
      // one character is that character, as its pieces add up to it).
      emit(i, j);
    } else if (isPlain(u, i, j)) {
      // No prefix, suffix or infix can match: a special case or one token.
      const special = SPECIAL.getUnits(u, text, i, j);
      if (special === undefined) emit(i, j);
      else emitPieces(i, special);
    } else {
      splitChunk(text, i, j, true);
    }
    GAPS[k0] = gap;
    for (let k = k0; k < count; k++)
      if (mayStartPattern(u, STARTS[k]!, ENDS[k]!)) cands[nCands++] = k;
    i = j;
  }
  if (nCands > 0) applySpecialMatches(text, u, cands, nCands);
}

/**
 * tokenizeInto by the native kernel (matcher pass included): it splits the text into the output
 * buffers, stopping to have them grown, or to leave a chunk the URL pattern might match (a
 * non-ASCII or IP-like one) to splitChunk here.
 */
function tokenizeNative(kernel: native.NativeWords, text: string): void {
  IO[native.IO_POS] = 0;
  IO[native.IO_GAP] = GAP_NONE;
  IO[native.IO_COUNT] = count = 0;
  for (let arg: string | null = text; ; arg = null) {
    kernel.scan(arg, IO, STARTS, ENDS, GAPS);
    count = IO[native.IO_COUNT]!;
    const status = IO[native.IO_STATUS]!;
    if (status === native.SCAN_DONE) break;
    if (status === native.SCAN_FULL) {
      reserve(IO[native.IO_ARG]!);
      continue;
    }
    const i = IO[native.IO_POS]!;
    const j = IO[native.IO_ARG]!;
    reserve(j - i);
    const k0 = count;
    splitChunk(text, i, j, true);
    GAPS[k0] = IO[native.IO_GAP]!;
    IO[native.IO_COUNT] = count;
    IO[native.IO_POS] = j;
  }
}

/**
 * The spaCy tokens of text as ranges (see TokenSpans): in `into` when it has room (a caller
 * that reuses its arrays: context.ts), else in arrays of their own.
 */
export function tokenSpans(text: string, into?: TokenArrays): TokenSpans {
  tokenizeInto(text);
  const out = into !== undefined && into.gaps.length >= count ? into : tokenArrays(count);
  const starts = out.starts.subarray(0, count);
  const ends = out.ends.subarray(0, count);
  const gaps = out.gaps.subarray(0, count);
  starts.set(STARTS.subarray(0, count));
  ends.set(ENDS.subarray(0, count));
  gaps.set(GAPS.subarray(0, count));
  releaseLargeBuffers();
  return { count, starts, ends, gaps };
}

/**
 * datatrove `split_into_words(text, "eng")`: spaCy blank("en") token texts, each
 * Python-strip()ped, empties dropped (i.e. without the whitespace tokens). Token lengths in
 * Python terms are code-point counts.
 */
export function splitWords(text: string): string[] {
  tokenizeInto(text);
  const out = new Array<string>(count);
  for (let k = 0; k < count; k++) out[k] = text.slice(STARTS[k]!, ENDS[k]!);
  releaseLargeBuffers();
  return out;
}
