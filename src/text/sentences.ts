/**
 * Sentence counting as datatrove's C4 filter does it for English: spaCy's rule-based
 * `Sentencizer` over the `blank("en")` token list (docs/filters.md §2).
 *
 * The punctuation list is `Sentencizer.default_punct_chars` from spaCy v3.8 (identical in
 * v3.5–v3.8), `spacy/pipeline/sentencizer.pyx`, MIT licence, Copyright (C) 2016-2024
 * ExplosionAI GmbH, 2016 spaCy GmbH, 2015 Matthew Honnibal; written here as code points.
 */
import { spacyTokens } from './words.ts';

// Sentencizer.default_punct_chars, in spaCy's order (128 code points).
// prettier-ignore
const DEFAULT_PUNCT_CHARS = [
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
const PUNCT_CHARS = new Set(DEFAULT_PUNCT_CHARS.map((cp) => String.fromCodePoint(cp)));

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
  for (const ch of token) if (!isPunctChar(ch.codePointAt(0)!)) return false;
  return true;
}

/**
 * Number of sentences spaCy's Sentencizer finds in text: the first token starts one, and
 * after a token whose whole text is one of the 128 punct chars, the next token that is
 * neither `is_punct` nor a punct char starts the next. Whitespace tokens (e.g. "\n") count
 * as tokens. Empty text has no tokens and 0 sentences; datatrove counts max(1, n).
 */
export function countSentences(text: string): number {
  const tokens = spacyTokens(text);
  if (tokens.length === 0) return 0;
  let sentences = 1;
  let seenPeriod = false;
  for (const token of tokens) {
    const inPunctChars = token.length <= 2 && PUNCT_CHARS.has(token);
    if (seenPeriod && !inPunctChars && !isPunct(token)) {
      sentences++;
      seenPeriod = false;
    } else if (inPunctChars) {
      seenPeriod = true;
    }
  }
  return sentences;
}
