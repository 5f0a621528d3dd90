/**
 * datatrove's `simplify_text` with the default `TextNormConfig` (datatrove v0.10.0,
 * `utils/text.py`), the text MinHash shingles are taken from. In datatrove's order:
 *
 * 1. lowercase (Python `str.lower()`; JS `toLowerCase()` has the same full mappings, final sigma
 *    included);
 * 2. every run of decimal digits (`\p{Nd}`), optionally with one decimal separator and more
 *    digits, becomes `0`;
 * 3. each character of datatrove's `PUNCTUATION` string becomes a space (its extra
 *    `TERMINAL_PUNCTUATION` set is not in the translation table, so those characters stay);
 * 4. `strip()`, then every run of Python whitespace becomes one space;
 * 5. NFD, dropping nonspacing marks (`Mn`), then `strip()` again.
 *
 * Weekday and month-name normalisation are off by default and not implemented.
 */
import { isSpace, strip } from '../text/python.ts';

/** datatrove's `PUNCTUATION` string, as code points (66 symbols, then the C0/C1 controls below). */
const PUNCTUATION_SYMBOLS = [
  0x21, 0x2f, 0x2014, 0x201d, 0x3a, 0xff05, 0xff11, 0x3008, 0x26, 0x28, 0x3001, 0x2501, 0x5c,
  0x3010, 0x23, 0x25, 0x300c, 0x300d, 0xff0c, 0x3011, 0xff1b, 0x2b, 0x5e, 0x5d, 0x7e, 0x201c,
  0x300a, 0x201e, 0x27, 0x3b, 0x2019, 0x7b, 0x7c, 0x2236, 0xb4, 0x5b, 0x3d, 0x2d, 0x60, 0x2a,
  0xff0e, 0xff08, 0x2013, 0xff1f, 0xff01, 0xff1a, 0x24, 0xff5e, 0xab, 0x3009, 0x2c, 0x3e, 0x3c,
  0x300b, 0x29, 0x3f, 0xff09, 0x3002, 0x2026, 0x40, 0x5f, 0x2e, 0x22, 0x7d, 0x25ba, 0xbb,
];

/** 1 where a UTF-16 unit is translated to a space (every entry is in the BMP). */
const PUNCT = new Uint8Array(0x10000);
for (const c of PUNCTUATION_SYMBOLS) PUNCT[c] = 1;
// datatrove appends chr(x) for x in range(0, 9), range(11, 13), range(13, 32), range(127, 160):
// every C0 control except \t and \n, DEL and the C1 controls.
for (const [lo, hi] of [
  [0, 9],
  [11, 13],
  [13, 32],
  [127, 160],
] as const) {
  for (let c = lo; c < hi; c++) PUNCT[c] = 1;
}

// Lazily filled category tables for the BMP: 0 not looked up yet, 1 yes, 2 no.
const ND = new Uint8Array(0x10000);
const MN = new Uint8Array(0x10000);
const ND_RE = /^\p{Nd}$/u;
const MN_RE = /^\p{Mn}$/u;
for (let c = 0; c < 0x80; c++) {
  ND[c] = c >= 0x30 && c <= 0x39 ? 1 : 2;
  MN[c] = 2;
}

function inCategory(table: Uint8Array, re: RegExp, cp: number): boolean {
  if (cp > 0xffff) return re.test(String.fromCodePoint(cp));
  let v = table[cp]!;
  if (v === 0) table[cp] = v = re.test(String.fromCharCode(cp)) ? 1 : 2;
  return v === 1;
}

/** The code point at i (a lone surrogate is itself). */
function codePointAt(t: string, i: number): number {
  const c = t.charCodeAt(i);
  if (c < 0xd800 || c > 0xdbff || i + 1 >= t.length) return c;
  const d = t.charCodeAt(i + 1);
  return d >= 0xdc00 && d <= 0xdfff ? ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000 : c;
}

/** The decimal separators datatrove's number pattern allows once inside a number: `.,،٫⎖⎗⎘`. */
const isDecimalSeparator = (c: number): boolean =>
  c === 0x2e ||
  c === 0x2c ||
  c === 0x60c ||
  c === 0x66b ||
  c === 0x2396 ||
  c === 0x2397 ||
  c === 0x2398;

/** Index after the digits starting at i (i itself if none). */
function skipDigits(t: string, i: number): number {
  while (i < t.length) {
    const cp = codePointAt(t, i);
    if (!inCategory(ND, ND_RE, cp)) break;
    i += cp > 0xffff ? 2 : 1;
  }
  return i;
}

/** Characters a text may need decomposing for (NFD leaves everything below U+00C0 alone). */
const MAY_DECOMPOSE = /[^\x00-\xbf]/;

/** datatrove `simplify_text(text)` with the default config (see the module comment). */
export function simplifyText(text: string): string {
  const t = replaceNumbersAndSpaces(text.toLowerCase());
  return MAY_DECOMPOSE.test(t) ? strip(dropNonspacingMarks(t.normalize('NFD'))) : t;
}

/** A reusable output buffer of UTF-16 units (building strings by `+=` was the slowest part). */
let units = new Uint16Array(1 << 16);
const unitsFor = (n: number): Uint16Array =>
  units.length >= n ? units : (units = new Uint16Array(2 * n));
const decodeUnits = (u: Uint16Array, n: number): string =>
  Buffer.from(u.buffer, u.byteOffset, 2 * n).toString('utf16le');

/**
 * Steps 2 to 4 in one pass over lowercased text: a number (digits, optionally a separator and
 * more digits, longest match first, as the regex engine takes it) becomes "0"; punctuation and
 * whitespace are both whitespace by then, so each run of them becomes one space, none at the ends.
 */
function replaceNumbersAndSpaces(t: string): string {
  const out = unitsFor(t.length);
  let n = 0;
  let space = false; // a space is owed before the next character
  let i = 0;
  while (i < t.length) {
    const c = t.charCodeAt(i);
    const digit =
      c < 0x80 ? c >= 0x30 && c <= 0x39 : c >= 0x660 && inCategory(ND, ND_RE, codePointAt(t, i));
    if (!digit && (PUNCT[c] === 1 || isSpace(c))) {
      space = n > 0;
      i++;
      continue;
    }
    if (space) out[n++] = 0x20;
    space = false;
    if (!digit) {
      out[n++] = c;
      i++;
      continue;
    }
    i = skipDigits(t, i);
    if (i + 1 < t.length && isDecimalSeparator(t.charCodeAt(i))) {
      const j = skipDigits(t, i + 1);
      if (j > i + 1) i = j;
    }
    out[n++] = 0x30;
  }
  return decodeUnits(out, n);
}

/** Removes every code point of category Mn. */
function dropNonspacingMarks(t: string): string {
  const out = unitsFor(t.length);
  let n = 0;
  for (let i = 0; i < t.length;) {
    const cp = codePointAt(t, i);
    const width = cp > 0xffff ? 2 : 1;
    if (cp < 0x300 || !inCategory(MN, MN_RE, cp)) {
      out[n++] = t.charCodeAt(i);
      if (width === 2) out[n++] = t.charCodeAt(i + 1);
    }
    i += width;
  }
  return n === t.length ? t : decodeUnits(out, n);
}
