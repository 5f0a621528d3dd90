/**
 * Sentence counting as datatrove's C4 filter does it for English: spaCy's rule-based
 * `Sentencizer` over the `blank("en")` token list (docs/filters.md §2).
 *
 * The punctuation list is `Sentencizer.default_punct_chars` from spaCy v3.8 (identical in
 * v3.5–v3.8), `spacy/pipeline/sentencizer.pyx`, MIT licence, Copyright (C) 2016-2024
 * ExplosionAI GmbH, 2016 spaCy GmbH, 2015 Matthew Honnibal; written here as code points.
 */
import { GAP_WS, hasTrailingSpaceToken, type TokenSpans, tokenSpans } from './words.ts';

/** Sentencizer.default_punct_chars, in spaCy's order (128 code points). */
// prettier-ignore
export const SENTENCIZER_PUNCT_CHARS: readonly number[] = [
  0x21, 0x2e, 0x3f, 0x589, 0x61f, 0x6d4, 0x700, 0x701, 0x702, 0x7f9, 0x964, 0x965,
  0x104a, 0x104b, 0x1362, 0x1367, 0x1368, 0x166e, 0x1735, 0x1736, 0x1803, 0x1809, 0x1944, 0x1945,
  0x1aa8, 0x1aa9, 0x1aaa, 0x1aab, 0x1b5a, 0x1b5b, 0x1b5e, 0x1b5f, 0x1c3b, 0x1c3c, 0x1c7e, 0x1c7f,
  0x203c, 0x203d, 0x2047, 0x2048, 0x2049, 0x2e2e, 0x2e3c, 0xa4ff, 0xa60e, 0xa60f, 0xa6f3, 0xa6f7,
  0xa876, 0xa877, 0xa8ce, 0xa8cf, 0xa92f, 0xa9c8, 0xa9c9, 0xaa5d, 0xaa5e, 0xaa5f, 0xaaf0, 0xaaf1,
  0xabeb, 0xfe52, 0xfe56, 0xfe57, 0xff01, 0xff0e, 0xff1f, 0x10a56, 0x10a57, 0x11047, 0x11048, 0x110be,
  0x110bf, 0x110c0, 0x110c1, 0x11141, 0x11142, 0x11143, 0x111c5, 0x111c6, 0x111cd, 0x111de, 0x111df, 0x11238,
  0x11239, 0x1123b, 0x1123c, 0x112a9, 0x1144b, 0x1144c, 0x115c2, 0x115c3, 0x115c9, 0x115ca, 0x115cb, 0x115cc,
  0x115cd, 0x115ce, 0x115cf, 0x115d0, 0x115d1, 0x115d2, 0x115d3, 0x115d4, 0x115d5, 0x115d6, 0x115d7, 0x11641,
  0x11642, 0x1173c, 0x1173d, 0x1173e, 0x11a42, 0x11a43, 0x11a9b, 0x11a9c, 0x11c41, 0x11c42, 0x16a6e, 0x16a6f,
  0x16af5, 0x16b37, 0x16b38, 0x16b44, 0x1bc9f, 0x1da88, 0xff61, 0x3002,
];
const PUNCT_CHARS = new Set(SENTENCIZER_PUNCT_CHARS);

/** Unicode category P* for the BMP, filled on first use; astral code points use the regex. */
let bmpPunct: Uint8Array | undefined;
const P_RE = /^\p{P}$/u;

function isPunctChar(cp: number): boolean {
  if (cp > 0xffff) return P_RE.test(String.fromCodePoint(cp));
  if (bmpPunct === undefined) {
    bmpPunct = new Uint8Array(0x10000);
    for (let c = 0; c < 0x10000; c++) if (P_RE.test(String.fromCharCode(c))) bmpPunct[c] = 1;
  }
  return bmpPunct[cp] === 1;
}

/** spaCy `Token.is_punct`: every character of the token is in Unicode category P*. */
export function isPunct(token: string): boolean {
  return isPunctIn(token, 0, token.length);
}

/** `isPunct(s.slice(start, end))` without the slice (UTF-16 offsets; a lone surrogate is a character). */
function isPunctIn(s: string, start: number, end: number): boolean {
  for (let i = start; i < end;) {
    const cp = codePointIn(s, i, end);
    if (!isPunctChar(cp)) return false;
    i += cp > 0xffff ? 2 : 1;
  }
  return true;
}

/** The code point at UTF-16 offset i of s[..end); a lone surrogate is returned as itself. */
function codePointIn(s: string, i: number, end: number): number {
  const c = s.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < end) {
    const d = s.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return (c - 0xd800) * 0x400 + (d - 0xdc00) + 0x10000;
  }
  return c;
}

// What the sentencizer sees in a token.
const OTHER = 0; // starts a sentence after a punct char
const PUNCT_CHAR = 1; // its whole text is one of the punct chars
const PUNCT = 2; // is_punct, but not a punct char: neither starts nor ends a sentence

/** The sentencizer's class of the token s[start, end) (non-empty). */
function tokenClass(s: string, start: number, end: number): number {
  const c = s.charCodeAt(start);
  // Fast path: a token that starts with an ASCII letter or digit is neither.
  if ((c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a)) return OTHER;
  const cp = codePointIn(s, start, end);
  if (end - start === (cp > 0xffff ? 2 : 1) && PUNCT_CHARS.has(cp)) return PUNCT_CHAR;
  return isPunctIn(s, start, end) ? PUNCT : OTHER;
}

/**
 * The number of sentences spaCy's Sentencizer finds in the tokens [k0, k1) of `spans` over
 * `text`, as if they were a whole text: a whitespace token between two of them (`gaps`) counts,
 * and `trailingSpace` adds one after the last. The first token starts a sentence, and after a
 * token whose whole text is one of the 128 punct chars, the next token that is neither
 * `is_punct` nor a punct char starts the next. 0 without tokens.
 */
export function countSentencesIn(
  text: string,
  spans: TokenSpans,
  k0: number,
  k1: number,
  trailingSpace: boolean,
): number {
  if (k0 >= k1) return 0;
  const { starts, ends, gaps } = spans;
  let sentences = 1;
  let seenPeriod = false;
  for (let k = k0; k < k1; k++) {
    // A whitespace token is OTHER (no character of it is P*).
    if (seenPeriod && k > k0 && gaps[k] === GAP_WS) {
      sentences++;
      seenPeriod = false;
    }
    const cls = tokenClass(text, starts[k]!, ends[k]!);
    if (cls === PUNCT_CHAR) seenPeriod = true;
    else if (seenPeriod && cls === OTHER) {
      sentences++;
      seenPeriod = false;
    }
  }
  return seenPeriod && trailingSpace ? sentences + 1 : sentences;
}

/**
 * Number of sentences spaCy's Sentencizer finds in text (see `countSentencesIn`). Whitespace
 * tokens (e.g. "\n") count as tokens. Empty text has no tokens and 0 sentences; whitespace-only
 * text is one token and 1 sentence; datatrove counts max(1, n).
 */
export function countSentences(text: string): number {
  const spans = tokenSpans(text);
  if (spans.count === 0) return text.length > 0 ? 1 : 0;
  // A whitespace token before the first token changes nothing: nothing precedes it.
  return countSentencesIn(
    text,
    spans,
    0,
    spans.count,
    hasTrailingSpaceToken(text, spans.ends[spans.count - 1]!),
  );
}
