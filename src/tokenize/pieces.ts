/**
 * Hand-written scanners equivalent to the pre-tokenizer regexes in `patterns.ts`: each returns the
 * end (UTF-16 index) of the piece starting at `i`. They exist for speed (no match objects, no
 * substrings) and mirror the backtracking of the regex alternative by alternative; the tests
 * check them against the RegExps and tiktoken.
 */
// Class bits of `charClasses()`. They live here rather than there because an imported constant may
// be read through a getter on every use (tsx does that), which cost ~10 % of this loop.
/** `\p{L}` */
export const LETTER = 1;
/** `\p{N}` */
export const NUMBER = 2;
/** Rust `\s`: Unicode White_Space, which is all in the BMP. */
export const SPACE = 4;
/** o200k's `[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]` */
export const UPPERISH = 8;
/** o200k's `[\p{Ll}\p{Lm}\p{Lo}\p{M}]` */
export const LOWERISH = 16;

/** End of the piece that starts at `i` (`i < n`, `n` = text length); `t` = `charClasses()`. */
export type PieceScanner = (s: string, i: number, n: number, t: Uint8Array) => number;

const LF = 10;
const CR = 13;
const SP = 32;
const APOS = 39;
const SLASH = 47;

/** Code point at `i`; a lone surrogate reads as itself. */
function cpAt(s: string, i: number, n: number): number {
  const c = s.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
    const d = s.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
  }
  return c;
}

const width = (cp: number): number => (cp > 0xffff ? 2 : 1);

/** End of the longest run starting at `j` whose code points all have one of `bits`. */
function runEnd(s: string, j: number, n: number, t: Uint8Array, bits: number): number {
  while (j < n) {
    const c = cpAt(s, j, n);
    if ((t[c]! & bits) === 0) break;
    j += width(c);
  }
  return j;
}

/** `'s|'t|'re|'ve|'m|'ll|'d` at `i` (Rust `(?i:)` when `fold`): the end, or -1. */
function contractionEnd(s: string, i: number, n: number, fold: boolean): number {
  if (i + 1 >= n || s.charCodeAt(i) !== APOS) return -1;
  let a = s.charCodeAt(i + 1);
  if (fold) {
    if (a === 0x17f) return i + 2; // LONG S folds to s in Rust's Unicode case-insensitive mode
    if (a >= 65 && a <= 90) a += 32;
  }
  if (a === 115 || a === 116 || a === 109 || a === 100) return i + 2; // s t m d
  if (i + 2 >= n) return -1;
  let b = s.charCodeAt(i + 2);
  if (fold && b >= 65 && b <= 90) b += 32;
  if ((a === 114 && b === 101) || (a === 118 && b === 101) || (a === 108 && b === 108))
    return i + 3; // re ve ll
  return -1;
}

/**
 * The whitespace alternatives `\s*[\r\n]+|\s+(?!\S)|\s+` (`newline` = whether the first is
 * present) for a run of white space starting at `i`. All White_Space is in the BMP, so a step
 * back is one unit.
 */
function spaceEnd(s: string, i: number, n: number, t: Uint8Array, newline: boolean): number {
  let e = i + 1;
  let lastNewline = -1;
  const c0 = s.charCodeAt(i);
  if (c0 === CR || c0 === LF) lastNewline = i;
  while (e < n) {
    const c = s.charCodeAt(e);
    if ((t[c]! & SPACE) === 0) break;
    if (c === CR || c === LF) lastNewline = e;
    e++;
  }
  // \s*[\r\n]+ : \s* gives back until the last newline of the run, which [\r\n]+ then ends with
  if (newline && lastNewline >= 0) return lastNewline + 1;
  // \s+(?!\S) : the whole run at the end of text, else all but its last character
  if (e === n) return e;
  if (e - i >= 2) return e - 1;
  return e; // \s+
}

/** r50k_base and p50k_base (GPT-2's pattern). */
export const scanGpt2: PieceScanner = (s, i, n, t) => {
  const c = cpAt(s, i, n);
  if (c === APOS) {
    const e = contractionEnd(s, i, n, false);
    if (e >= 0) return e;
  }
  // ` ?X+` for X = \p{L}, \p{N}, other: the optional space is taken when X follows
  let j = i;
  let k = c;
  if (c === SP && i + 1 < n) {
    const d = cpAt(s, i + 1, n);
    if ((t[d]! & SPACE) === 0) {
      j = i + 1;
      k = d;
    }
  }
  const tk = t[k]!;
  if (tk & LETTER) return runEnd(s, j + width(k), n, t, LETTER);
  if (tk & NUMBER) return runEnd(s, j + width(k), n, t, NUMBER);
  if ((tk & SPACE) === 0) return otherEnd(s, j + width(k), n, t);
  return spaceEnd(s, i, n, t, false);
};

/** End of a run of code points that are neither white space, letters nor numbers. */
function otherEnd(s: string, j: number, n: number, t: Uint8Array): number {
  while (j < n) {
    const c = cpAt(s, j, n);
    if ((t[c]! & (SPACE | LETTER | NUMBER)) !== 0) break;
    j += width(c);
  }
  return j;
}

/** End of `\p{N}{1,3}` at `j`, where `j` holds a number. */
function digitsEnd(s: string, j: number, n: number, t: Uint8Array): number {
  for (let count = 0; count < 3 && j < n; count++) {
    const c = cpAt(s, j, n);
    if ((t[c]! & NUMBER) === 0) break;
    j += width(c);
  }
  return j;
}

/** ` ?[^\s\p{L}\p{N}]+` then `[\r\n]*` (plus `/` when `slash`), or -1 when it does not match at `i`. */
function punctEnd(
  s: string,
  i: number,
  n: number,
  t: Uint8Array,
  c: number,
  slash: boolean,
): number {
  let j = i;
  let k = c;
  if (c === SP && i + 1 < n) {
    const d = cpAt(s, i + 1, n);
    if ((t[d]! & (SPACE | LETTER | NUMBER)) === 0) {
      j = i + 1;
      k = d;
    }
  }
  if ((t[k]! & (SPACE | LETTER | NUMBER)) !== 0) return -1;
  j = otherEnd(s, j + width(k), n, t);
  while (j < n) {
    const d = s.charCodeAt(j);
    if (d !== CR && d !== LF && !(slash && d === SLASH)) break;
    j++;
  }
  return j;
}

/** cl100k_base. */
export const scanCl100k: PieceScanner = (s, i, n, t) => {
  const c = cpAt(s, i, n);
  if (c === APOS) {
    const e = contractionEnd(s, i, n, true);
    if (e >= 0) return e;
  }
  const tc = t[c]!;
  // [^\r\n\p{L}\p{N}]?\p{L}+
  if (tc & LETTER) return runEnd(s, i + width(c), n, t, LETTER);
  if (c !== CR && c !== LF && (tc & NUMBER) === 0) {
    const j = i + width(c);
    if (j < n) {
      const d = cpAt(s, j, n);
      if (t[d]! & LETTER) return runEnd(s, j + width(d), n, t, LETTER);
    }
  }
  if (tc & NUMBER) return digitsEnd(s, i, n, t);
  const e = punctEnd(s, i, n, t, c, false);
  if (e >= 0) return e;
  return spaceEnd(s, i, n, t, true);
};

/**
 * `[UPPERISH]*[LOWERISH]+` anchored at `j`, as backtracking finds it: the upper run is taken whole,
 * then given back one code point at a time until a lowerish one can start `[LOWERISH]+`. -1 if none.
 */
function upperLowerEnd(s: string, j: number, n: number, t: Uint8Array): number {
  let lastLowEnd = -1;
  while (j < n) {
    const c = cpAt(s, j, n);
    const b = t[c]!;
    if ((b & UPPERISH) === 0) break;
    j += width(c);
    if (b & LOWERISH) lastLowEnd = j;
  }
  if (j < n && t[cpAt(s, j, n)]! & LOWERISH) return runEnd(s, j, n, t, LOWERISH);
  // the characters after the last lowerish one are upper-only, so [LOWERISH]+ stops right there
  return lastLowEnd;
}

/** `[UPPERISH]+[LOWERISH]*` anchored at `j`, or -1. */
function upperPlusEnd(s: string, j: number, n: number, t: Uint8Array): number {
  const e = runEnd(s, j, n, t, UPPERISH);
  return e === j ? -1 : runEnd(s, e, n, t, LOWERISH);
}

/** The optional `(?i:'s|...)` suffix of o200k's word alternatives. */
function withContraction(s: string, e: number, n: number): number {
  if (e < n && s.charCodeAt(e) === APOS) {
    const k = contractionEnd(s, e, n, true);
    if (k >= 0) return k;
  }
  return e;
}

/** o200k_base. */
export const scanO200k: PieceScanner = (s, i, n, t) => {
  const c = cpAt(s, i, n);
  const tc = t[c]!;
  // [^\r\n\p{L}\p{N}]? : tried with the prefix first (greedy), then without
  const next = c !== CR && c !== LF && (tc & (LETTER | NUMBER)) === 0 ? i + width(c) : -1;
  const word = (tc & (UPPERISH | LOWERISH)) !== 0;
  let e = -1;
  if (next >= 0 && next < n) e = upperLowerEnd(s, next, n, t);
  if (e < 0 && word) e = upperLowerEnd(s, i, n, t);
  if (e < 0 && next >= 0 && next < n) e = upperPlusEnd(s, next, n, t);
  if (e < 0 && word) e = upperPlusEnd(s, i, n, t);
  if (e >= 0) return withContraction(s, e, n);
  if (tc & NUMBER) return digitsEnd(s, i, n, t);
  e = punctEnd(s, i, n, t, c, true);
  if (e >= 0) return e;
  return spaceEnd(s, i, n, t, true);
};
