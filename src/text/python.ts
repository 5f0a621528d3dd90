/**
 * Python `str` semantics that datatrove's filter definitions rely on (see filters.md, "General
 * Python-versus-JS pitfalls"). Lengths and offsets are Unicode code points unless a name says
 * UTF-16; every Python whitespace character is in the BMP, so whitespace scans work on UTF-16 units.
 */

import { codePointLength } from './codepoints.ts';

/** The code points that Python's `str.isspace()` accepts (all in the BMP, all ≤ U+3000). */
export const PYTHON_SPACES: readonly number[] = [
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001,
  0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f,
  0x205f, 0x3000,
];

/** 1 at the UTF-16 units of PYTHON_SPACES. */
const SPACE = new Uint8Array(0x3001);
for (const c of PYTHON_SPACES) SPACE[c] = 1;

/** Python `str.isspace()` for one code point (or UTF-16 unit): includes `\x1c-\x1f`, `\x85`, NBSP, U+2028/9; excludes U+FEFF. */
export const isSpace = (code: number): boolean => code <= 0x3000 && SPACE[code] === 1;

/** Python `len(s)`: the number of code points (a surrogate pair counts 1, a lone surrogate 1). */
export const pyLen: (s: string) => number = codePointLength;

/** Code points in `s.slice(start, end)` (UTF-16 offsets); a pair split by `start` or `end` counts its half as 1. */
export const cpCount = (s: string, start: number, end: number): number =>
  codePointLength(start === 0 && end === s.length ? s : s.slice(start, end));

/** Python `s.lstrip()`: removes leading Python whitespace. */
export function lstrip(s: string): string {
  let i = 0;
  while (i < s.length && isSpace(s.charCodeAt(i))) i++;
  return i === 0 ? s : s.slice(i);
}

/** Python `s.rstrip()`: removes trailing Python whitespace. */
export function rstrip(s: string): string {
  let j = s.length;
  while (j > 0 && isSpace(s.charCodeAt(j - 1))) j--;
  return j === s.length ? s : s.slice(0, j);
}

/** Python `s.strip()`: removes Python whitespace at both ends (JS `trim()` differs on U+FEFF, `\x1c-\x1f`, `\x85`). */
export function strip(s: string): string {
  let i = 0;
  let j = s.length;
  while (i < j && isSpace(s.charCodeAt(i))) i++;
  while (j > i && isSpace(s.charCodeAt(j - 1))) j--;
  return i === 0 && j === s.length ? s : s.slice(i, j);
}

/** True when Python `s.strip() == ""`, without allocating. */
export function isBlank(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (!isSpace(s.charCodeAt(i))) return false;
  return true;
}

/** Python `s.split()` (no argument): runs of Python whitespace separate words; no empty words. */
export function splitWhitespace(s: string): string[] {
  const out: string[] = [];
  let start = -1;
  for (let i = 0; i < s.length; i++) {
    if (isSpace(s.charCodeAt(i))) {
      if (start >= 0) {
        out.push(s.slice(start, i));
        start = -1;
      }
    } else if (start < 0) start = i;
  }
  if (start >= 0) out.push(s.slice(start));
  return out;
}

/** True for the line boundaries of Python `str.splitlines()` (`\r\n` is handled by the callers). */
const isLineBreak = (c: number): boolean =>
  (c >= 0x0a && c <= 0x0d) ||
  c === 0x1c ||
  c === 0x1d ||
  c === 0x1e ||
  c === 0x85 ||
  c === 0x2028 ||
  c === 0x2029;

const RARE_BREAK = /[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]/;

/** True when `s` has a `splitlines()` boundary other than `\n`. */
export const hasRareLineBreak = (s: string): boolean => RARE_BREAK.test(s);

/**
 * Python `s.splitlines()` as flat UTF-16 `[start, end)` pairs of the lines (terminators excluded).
 * Boundaries: `\n \r \r\n \v \f \x1c \x1d \x1e \x85 U+2028 U+2029`; no trailing empty line; `""` → none.
 * `rareBreaks`: whether `s` has a boundary other than `\n`, for a caller that already knows.
 */
export function splitlinesRanges(s: string, rareBreaks: boolean = hasRareLineBreak(s)): number[] {
  const out: number[] = [];
  let start = 0;
  const n = s.length;
  if (!rareBreaks) {
    // Only "\n" breaks lines here: let indexOf scan.
    for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', start)) {
      out.push(start, i);
      start = i + 1;
    }
    if (start < n) out.push(start, n);
    return out;
  }
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (isLineBreak(c)) {
      out.push(start, i);
      if (c === 0x0d && i + 1 < n && s.charCodeAt(i + 1) === 0x0a) i++;
      start = i + 1;
    }
  }
  if (start < n) out.push(start, n);
  return out;
}

/** Python `s.splitlines()`: the lines without their terminators (see `splitlinesRanges`). */
export function splitlines(s: string): string[] {
  const r = splitlinesRanges(s);
  const out = new Array<string>(r.length / 2);
  for (let k = 0; k < r.length; k += 2) out[k / 2] = s.slice(r[k]!, r[k + 1]!);
  return out;
}

const ALPHA = /\p{L}/u;
const ONLY_ALPHA = /^\p{L}+$/u;

/** Python `s.isalpha()`: non-empty and every code point in categories Lu, Ll, Lt, Lm, Lo (CJK yes; digits, `_`, marks no). */
export const isAlpha = (s: string): boolean => ONLY_ALPHA.test(s);

/** Python `any(c.isalpha() for c in s)`. */
export const hasAlpha = (s: string): boolean => hasAlphaIn(s, 0, s.length);

/** Python `any(c.isalpha() for c in s[start:end])`, for UTF-16 offsets. */
export function hasAlphaIn(s: string, start: number, end: number): boolean {
  // ASCII fast path: an ASCII letter answers yes; only non-ASCII text needs the regex.
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i) | 0x20;
    if (c >= 0x61 && c <= 0x7a) return true;
    if (s.charCodeAt(i) >= 0x80) return ALPHA.test(s.slice(i, end));
  }
  return false;
}

/** Python `s.count(sub)`: non-overlapping occurrences, left to right (`"....".count("...")` is 1). */
export function pyCount(s: string, sub: string): number {
  if (sub.length === 0) return pyLen(s) + 1;
  let n = 0;
  let i = s.indexOf(sub);
  while (i !== -1) {
    n++;
    i = s.indexOf(sub, i + sub.length);
  }
  return n;
}

/**
 * A regex class source for Python's Unicode `\w` (`str.isalnum()` or `_`), i.e. categories L* and N*
 * plus `_`; use with the `u` flag. `[^...]` of it is Python's `\W`.
 */
export const PY_WORD_CLASS = '\\p{L}\\p{N}_';
