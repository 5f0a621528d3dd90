/**
 * Lines and paragraphs as datatrove's filters cut them, and `find_duplicates` over them, read in
 * place: segments are UTF-16 ranges of the text, never strings of their own.
 *
 * FineWeb's lines are the non-blank segments of `text.split("\n")`; GopherRepetition's are
 * `re.split("\n+", text)`, the same segments without the empty ones, except an empty first or
 * last one. So one split serves both, and GopherRepetition's duplicate counts add up from
 * FineWeb's and those of the few other segments (two segments of different kinds are never equal).
 */
import type { DocContext } from './types.ts';
import { hasAstralOf, splitlinesOf } from './context.ts';
import { cpCount, isSpace } from '../text/python.ts';
import { unitsOf } from '../text/units.ts';
import { unitsHash } from './word-ids.ts';
import { SEGMENTS, nativeSegments } from '../native/ngrams.ts';

/** `find_duplicates` over a list: its length, and the repeats of earlier elements with their code points. */
export interface DuplicateStats {
  readonly count: number;
  readonly dupElements: number;
  readonly dupChars: number;
}

// Open-addressing tables shared by every call, [key, value + 1] per slot (0: empty).
let BY_SHAPE: Int32Array = new Int32Array(1 << 10);
let BY_HASH: Int32Array = new Int32Array(1 << 10);

/** A cleared table of at least 2^bits slots (two ints each), reallocated when too small or far too large. */
function clearedTable(table: Int32Array, bits: number): Int32Array {
  const ints = 2 << bits;
  if (table.length < ints || (table.length > 1 << 22 && ints <= 1 << 22))
    return new Int32Array(ints);
  table.fill(0, 0, ints);
  return table;
}

const slotOf = (x: number, bits: number): number => Math.imul(x, 0x9e3779b1) >>> (32 - bits);

/**
 * datatrove's `find_duplicates` over the ranges `text[r[2k], r[2k + 1])` (k < count): every
 * element equal to an earlier one counts once, with its code points (`astral`: the text has a
 * surrogate, so code points and UTF-16 units differ).
 *
 * Equal elements have equal shapes (length, first and last unit, mixed into one int), so an
 * element whose shape no other element has is unique and never read whole: a first pass counts
 * shapes, and only elements of a shared shape are hashed (and confirmed unit by unit on a hash
 * match). On web pages the first and last units spare hashing most of the lines that share
 * only a length (46 of a page's non-blank lines are hashed instead of 111, 947 units instead of
 * 2,723).
 */
export function rangeDuplicates(
  text: string,
  r: Int32Array,
  count: number,
  astral: boolean,
): DuplicateStats {
  if (count < 2) return { count, dupElements: 0, dupChars: 0 };
  // shape → how many elements have it. Tables start at twice the elements, up to 8,192 slots,
  // and grow with what they hold beyond that: a huge text of equal lines needs a few slots, not
  // gigabytes.
  let bits = tableBits(count);
  let byShape = (BY_SHAPE = clearedTable(BY_SHAPE, bits));
  let lengths = 0;
  let shared = 0;
  const u = unitsOf(text);
  for (let k = 0; k < count; k++) {
    const len = shape(u, r[2 * k]!, r[2 * k + 1]!);
    let s = slotOf(len, bits);
    while (byShape[2 * s + 1] !== 0 && byShape[2 * s] !== len) s = (s + 1) & ((1 << bits) - 1);
    if (byShape[2 * s + 1] === 1) shared += 2;
    else if (byShape[2 * s + 1]! > 1) shared++;
    else if (2 * ++lengths > 1 << bits) {
      byShape = BY_SHAPE = regrown(byShape, bits++);
      s = slotOf(len, bits);
      while (byShape[2 * s + 1] !== 0) s = (s + 1) & ((1 << bits) - 1);
    }
    byShape[2 * s] = len;
    byShape[2 * s + 1]!++;
  }
  if (shared === 0) return { count, dupElements: 0, dupChars: 0 };
  const mask = (1 << bits) - 1;
  // hash → index + 1 of the first element with it, for the elements of a shared length
  let hbits = tableBits(shared);
  let byHash = (BY_HASH = clearedTable(BY_HASH, hbits));
  let distinct = 0;
  let dupElements = 0;
  let dupChars = 0;
  for (let k = 0; k < count; k++) {
    const a = r[2 * k]!;
    const b = r[2 * k + 1]!;
    const key = shape(u, a, b);
    let s = slotOf(key, bits);
    while (byShape[2 * s] !== key) s = (s + 1) & mask;
    if (byShape[2 * s + 1] === 1) continue; // a shape of its own: unique
    const h = unitsHash(u, a, b);
    let t = slotOf(h, hbits);
    for (;;) {
      const j = byHash[2 * t + 1]! - 1;
      if (j === -1) {
        byHash[2 * t] = h;
        byHash[2 * t + 1] = k + 1;
        if (2 * ++distinct > 1 << hbits) byHash = BY_HASH = regrown(byHash, hbits++);
        break;
      }
      if (byHash[2 * t] === h && sameRange(u, r[2 * j]!, r[2 * j + 1]!, a, b)) {
        dupElements++;
        dupChars += astral ? cpCount(text, a, b) : b - a;
        break;
      }
      t = (t + 1) & ((1 << hbits) - 1);
    }
  }
  return { count, dupElements, dupChars };
}

/** The length of `u[a, b)` with its first and last units mixed in (0 when empty). */
const shape = (u: Uint16Array, a: number, b: number): number =>
  b > a ? (b - a) ^ (u[a]! << 21) ^ Math.imul(u[b - 1]!, 0x2545f491) : 0;

/** Bits of a starting table for `n` entries: at least twice as many slots, at most 2^13. */
function tableBits(n: number): number {
  let bits = 4;
  while (1 << bits < 2 * n && bits < 13) bits++;
  return bits;
}

/** The entries of a table of 2^bits slots, put into one of twice as many. */
function regrown(table: Int32Array, bits: number): Int32Array {
  const old = table.slice(0, 2 << bits);
  const next = clearedTable(table, bits + 1);
  const mask = (2 << bits) - 1;
  for (let s = 0; s < 1 << bits; s++) {
    if (old[2 * s + 1] === 0) continue;
    let t = slotOf(old[2 * s]!, bits + 1);
    while (next[2 * t + 1] !== 0) t = (t + 1) & mask;
    next[2 * t] = old[2 * s]!;
    next[2 * t + 1] = old[2 * s + 1]!;
  }
  return next;
}

/** True when `u[a0, b0)` and `u[a1, b1)` are the same units. */
function sameRange(u: Uint16Array, a0: number, b0: number, a1: number, b1: number): boolean {
  if (b0 - a0 !== b1 - a1) return false;
  for (let i = 0; i < b0 - a0; i++) if (u[a0 + i] !== u[a1 + i]) return false;
  return true;
}

/** The segments of `text.split("\n")`, as the filters use them (memo key `newline_segments`). */
export interface NewlineSegments {
  /** The segments with a non-whitespace character, in order (FineWeb's lines), as flat `[start, end)` UTF-16 pairs. */
  readonly nonBlank: Int32Array;
  /** `find_duplicates` of the non-blank segments. */
  readonly nonBlankStats: DuplicateStats;
  /** `find_duplicates(re.split("\n+", text))`: GopherRepetition's lines. */
  readonly splitRuns: DuplicateStats;
  /** The number of "\n" in the text. */
  readonly newlines: number;
  /**
   * `re.split(r"\n{2,}", text.strip())` as flat `[start, end)` UTF-16 pairs: the stripped text
   * cut at every run of two or more "\n" (a blank text is one empty paragraph).
   */
  readonly paragraphs: Int32Array;
  /** `find_duplicates` of the paragraphs, when the native kernel worked it out along (see `paragraphDuplicatesOf`). */
  readonly paragraphStats?: DuplicateStats;
}

/**
 * The segments, from the native kernel (native/ngrams-lines.c) when it is in use, else read off
 * `text.splitlines()` (memo key `splitlines`, which C4 and Gopher quality need anyway) when its
 * lines are the "\n" segments, i.e. the text has no other line break: one scan of the text
 * serves all four filters.
 */
export const newlineSegmentsOf = (ctx: DocContext): NewlineSegments =>
  ctx.memo('newline_segments', () => {
    const native = nativeSegments(ctx.text);
    if (native) return fromNative(native);
    return newlineSegments(ctx.text, splitlinesOf(ctx), hasAstralOf(ctx));
  });

/** `find_duplicates(re.split(r"\n{2,}", text.strip()))`: GopherRepetition's paragraphs. */
export function paragraphDuplicatesOf(ctx: DocContext): DuplicateStats {
  const segments = newlineSegmentsOf(ctx);
  if (segments.paragraphStats) return segments.paragraphStats;
  const ranges = segments.paragraphs;
  return rangeDuplicates(ctx.text, ranges, ranges.length / 2, hasAstralOf(ctx));
}

/** NewlineSegments from the kernel's result (layout: SEGMENTS), as views of it. */
function fromNative(r: Int32Array): NewlineSegments {
  const nonBlank = r[SEGMENTS.nonBlank]!;
  const paragraphs = r[SEGMENTS.paragraphs]!;
  const at = SEGMENTS.header + 2 * nonBlank;
  return {
    nonBlank: r.subarray(SEGMENTS.header, at),
    nonBlankStats: {
      count: nonBlank,
      dupElements: r[SEGMENTS.nonBlankDups]!,
      dupChars: r[SEGMENTS.nonBlankDupChars]!,
    },
    splitRuns: {
      count: r[SEGMENTS.lines]!,
      dupElements: r[SEGMENTS.lineDups]!,
      dupChars: r[SEGMENTS.lineDupChars]!,
    },
    newlines: r[SEGMENTS.newlines]!,
    paragraphs: r.subarray(at, at + 2 * paragraphs),
    paragraphStats: {
      count: paragraphs,
      dupElements: r[SEGMENTS.paragraphDups]!,
      dupChars: r[SEGMENTS.paragraphDupChars]!,
    },
  };
}

// The two kinds of segment and the paragraphs of the current document, as flat pairs; copied
// out at the end.
let NON_BLANK: Int32Array = new Int32Array(1 << 10);
let WHITESPACE: Int32Array = new Int32Array(1 << 10);
let PARAGRAPHS: Int32Array = new Int32Array(1 << 8);
// What segmentsOf counts: [non-blank, whitespace, newlines, empty first, empty last, paragraphs].
const COUNTS = new Int32Array(6);

/**
 * Cuts `text` at every "\n" into NON_BLANK, WHITESPACE, PARAGRAPHS and COUNTS. With `lines`
 * (`text.splitlines()` ranges), the segments are those lines plus the empty one after a final
 * "\n"; false when a line ends at another break (then nothing is meant to be read).
 *
 * Paragraphs: a run of two or more "\n" is a run of empty segments, and cuts the stripped text
 * `[from, to)` when it lies inside it (a run is all whitespace, so it never straddles an end).
 */
function segmentsOf(text: string, lines: readonly number[] | undefined): boolean {
  const n = text.length;
  let from = 0;
  let to = n;
  while (from < to && isSpace(text.charCodeAt(from))) from++;
  while (to > from && isSpace(text.charCodeAt(to - 1))) to--;
  let nonBlank = 0; // pairs in NON_BLANK
  let whitespace = 0; // non-empty blank segments in WHITESPACE
  let paragraphs = 0;
  let paragraphStart = from;
  let newlines = 0;
  let emptyFirst = 0;
  let emptyLast = 0;
  let previousEmpty = false;
  let cut = false; // a run of "\n" has just ended a paragraph
  let k = 0; // the next line of `lines`
  for (let a = 0; ;) {
    let b: number;
    if (lines === undefined) b = text.indexOf('\n', a);
    else if (k < lines.length) {
      if (lines[k] !== a) return false;
      b = lines[k + 1]!;
      k += 2;
      if (b < n && text.charCodeAt(b) !== 0x0a) return false;
      if (b === n) b = -1;
    } else if (a === n)
      b = -1; // after a final "\n", or an empty text
    else return false;
    const last = b === -1;
    if (last) b = n;
    else newlines++;
    if (a === b) {
      if (a === 0) emptyFirst = 1;
      if (last && newlines > 0) emptyLast = 1;
      // the first empty segment of a run: text[a - 1] is its first "\n"
      if (!previousEmpty && a - 1 >= from && a - 1 < to) {
        if (2 * paragraphs + 2 > PARAGRAPHS.length) PARAGRAPHS = grown(PARAGRAPHS);
        PARAGRAPHS[2 * paragraphs] = paragraphStart;
        PARAGRAPHS[2 * paragraphs + 1] = a - 1;
        paragraphs++;
        cut = true;
      }
      previousEmpty = true;
    } else {
      if (cut) paragraphStart = a; // the next paragraph starts after the run
      cut = false;
      previousEmpty = false;
      let i = a;
      while (i < b && isSpace(text.charCodeAt(i))) i++;
      if (i < b) {
        if (2 * nonBlank + 2 > NON_BLANK.length) NON_BLANK = grown(NON_BLANK);
        NON_BLANK[2 * nonBlank] = a;
        NON_BLANK[2 * nonBlank + 1] = b;
        nonBlank++;
      } else {
        if (2 * whitespace + 2 > WHITESPACE.length) WHITESPACE = grown(WHITESPACE);
        WHITESPACE[2 * whitespace] = a;
        WHITESPACE[2 * whitespace + 1] = b;
        whitespace++;
      }
    }
    if (last) break;
    a = b + 1;
  }
  if (2 * paragraphs + 2 > PARAGRAPHS.length) PARAGRAPHS = grown(PARAGRAPHS);
  PARAGRAPHS[2 * paragraphs] = paragraphStart;
  PARAGRAPHS[2 * paragraphs + 1] = to;
  COUNTS[0] = nonBlank;
  COUNTS[1] = whitespace;
  COUNTS[2] = newlines;
  COUNTS[3] = emptyFirst;
  COUNTS[4] = emptyLast;
  COUNTS[5] = paragraphs + 1;
  return true;
}

function newlineSegments(
  text: string,
  lines: readonly number[] | undefined,
  astral: boolean,
): NewlineSegments {
  if (!segmentsOf(text, lines)) segmentsOf(text, undefined);
  const [nonBlank, whitespace, newlines, emptyFirst, emptyLast, paragraphs] = COUNTS;
  const segments = NON_BLANK.slice(0, 2 * nonBlank!);
  const nb = rangeDuplicates(text, segments, nonBlank!, astral);
  const ws = rangeDuplicates(text, WHITESPACE, whitespace!, astral);
  // re.split("\n+") keeps an empty segment only first (text starts with "\n", or is "") and last
  // (text ends with "\n"); a second one repeats the first, with 0 characters.
  const empties = emptyFirst! + emptyLast!;
  const out: NewlineSegments = {
    nonBlank: segments,
    nonBlankStats: nb,
    splitRuns: {
      count: nonBlank! + whitespace! + empties,
      dupElements: nb.dupElements + ws.dupElements + Math.max(0, empties - 1),
      dupChars: nb.dupChars + ws.dupChars,
    },
    newlines: newlines!,
    paragraphs: PARAGRAPHS.slice(0, 2 * paragraphs!),
  };
  if (NON_BLANK.length > 1 << 20) NON_BLANK = new Int32Array(1 << 10);
  if (WHITESPACE.length > 1 << 20) WHITESPACE = new Int32Array(1 << 10);
  if (PARAGRAPHS.length > 1 << 20) PARAGRAPHS = new Int32Array(1 << 8);
  return out;
}

/** `a` copied into an array twice as long. */
function grown(a: Int32Array): Int32Array {
  const b = new Int32Array(2 * a.length);
  b.set(a);
  return b;
}
