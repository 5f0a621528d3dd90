/**
 * The phrases C4QualityFilter looks for in a line (citations, policy notices, "lorem ipsum",
 * "javascript"), and a fast scan for where the next one may start in a document.
 */
import { phraseTable } from '../native/lines.ts';

export const CITATION = /\[\p{Nd}*\]|\[edit\]|\[citation needed\]/gu;
export const POLICY = [
  'terms of use',
  'privacy policy',
  'cookie policy',
  'uses cookies',
  'use of cookies',
  'use cookies',
];
/**
 * Matches every line whose Python `lower()` contains one of the phrases (ASCII case pairs and the
 * Kelvin sign fold to ASCII letters here too); it may match more, the exact checks follow. No
 * match can span a line break: the phrases hold only letters and " ". Every policy phrase is
 * "terms of use", "privacy policy" or holds "cookie"; the shortest phrase, 6 units, sets how
 * far the scan below may jump.
 */
export const PHRASES = /lorem ipsum|javascript|terms of use|privacy policy|cookie/iu;

/** The phrases of the line checks by class, for the native kernel (lorem ipsum 1, javascript 2, policy 4). */
export const PHRASE_TABLE = phraseTable([
  [1, 'lorem ipsum'],
  [2, 'javascript'],
  ...POLICY.map((p) => [4, p] as const),
]);

// The same search over a document's UTF-16 units, a Wu–Manber scan: about 30 % faster than the
// regex over whole web pages, which the case-insensitive alternation makes try every position.
// Letters of either case (and the Kelvin sign, which lower() makes "k") code as 1-26, " " as 27,
// anything else as 0; windows of the shortest phrase (6) move by pairs of codes.
const PHRASE_LIST = ['lorem ipsum', 'javascript', 'terms of use', 'privacy policy', 'cookie'];
const CODE = new Uint8Array(0x10000);
for (let c = 0; c < 26; c++) CODE[0x61 + c] = CODE[0x41 + c] = c + 1;
CODE[0x212a] = 11;
CODE[0x20] = 27;
const WINDOW = 6;
/** By the codes of two units: how far a window ending there may move (0: a phrase may end its first WINDOW units here). */
const SHIFT = new Uint8Array(32 * 32).fill(WINDOW - 1);
/** By the same pair: the phrases (as codes) whose first WINDOW units end with it. */
const ENDING: Uint8Array[][] = [];
for (const phrase of PHRASE_LIST) {
  const codes = Uint8Array.from(phrase, (ch) => CODE[ch.charCodeAt(0)]!);
  for (let j = 1; j < WINDOW; j++) {
    const pair = codes[j - 1]! * 32 + codes[j]!;
    SHIFT[pair] = Math.min(SHIFT[pair]!, WINDOW - 1 - j);
  }
  (ENDING[codes[WINDOW - 2]! * 32 + codes[WINDOW - 1]!] ??= []).push(codes);
}

/** Where the first PHRASES match at or after `from` starts in the units `u`, or -1. */
export function nextPhrase(u: Uint16Array, from: number): number {
  const n = u.length;
  let i = from + WINDOW - 1;
  while (i < n) {
    const pair = CODE[u[i - 1]!]! * 32 + CODE[u[i]!]!;
    const shift = SHIFT[pair]!;
    if (shift !== 0) {
      i += shift;
      continue;
    }
    const start = i - (WINDOW - 1);
    for (const codes of ENDING[pair]!) {
      if (start + codes.length > n) continue;
      let k = 0;
      while (k < codes.length && CODE[u[start + k]!] === codes[k]) k++;
      if (k === codes.length) return start;
    }
    i++;
  }
  return -1;
}
