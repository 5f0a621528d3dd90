/**
 * datatrove's punctuation tables (`src/datatrove/utils/text.py`, v0.10.0, Apache-2.0), as code-point
 * ranges. See filters.md §3 for the listing and what is deliberately *not* in them (`•`, `‘`, `§`, NBSP).
 */

/** `TERMINAL_PUNCTUATION`: 159 sentence-final code points of many scripts; the ASCII ones are `! . ?`. */
const TERMINAL_RANGES: readonly (readonly [number, number])[] = [
  [0x21, 0x21],
  [0x2e, 0x2e],
  [0x3f, 0x3f],
  [0x589, 0x589],
  [0x61d, 0x61f],
  [0x6d4, 0x6d4],
  [0x700, 0x702],
  [0x7f9, 0x7f9],
  [0x837, 0x837],
  [0x839, 0x839],
  [0x83d, 0x83e],
  [0x964, 0x965],
  [0x104a, 0x104b],
  [0x1362, 0x1362],
  [0x1367, 0x1368],
  [0x166e, 0x166e],
  [0x1735, 0x1736],
  [0x17d4, 0x17d6],
  [0x17d9, 0x17da],
  [0x1803, 0x1803],
  [0x1809, 0x1809],
  [0x1944, 0x1945],
  [0x1aa8, 0x1aab],
  [0x1b5a, 0x1b5b],
  [0x1b5e, 0x1b5f],
  [0x1b7d, 0x1b7e],
  [0x1c3b, 0x1c3c],
  [0x1c7e, 0x1c7f],
  [0x203c, 0x203d],
  [0x2047, 0x2049],
  [0x2e2e, 0x2e2e],
  [0x2e3c, 0x2e3c],
  [0x2e53, 0x2e54],
  [0x3002, 0x3002],
  [0xa4ff, 0xa4ff],
  [0xa60e, 0xa60f],
  [0xa6f3, 0xa6f3],
  [0xa6f7, 0xa6f7],
  [0xa876, 0xa877],
  [0xa8ce, 0xa8cf],
  [0xa92f, 0xa92f],
  [0xa9c8, 0xa9c9],
  [0xaa5d, 0xaa5f],
  [0xaaf0, 0xaaf1],
  [0xabeb, 0xabeb],
  [0xfe52, 0xfe52],
  [0xfe56, 0xfe57],
  [0xff01, 0xff01],
  [0xff0e, 0xff0e],
  [0xff1f, 0xff1f],
  [0xff61, 0xff61],
  [0x10a56, 0x10a57],
  [0x10f55, 0x10f59],
  [0x10f86, 0x10f89],
  [0x11047, 0x11048],
  [0x110be, 0x110c1],
  [0x11141, 0x11143],
  [0x111c5, 0x111c6],
  [0x111cd, 0x111cd],
  [0x111de, 0x111df],
  [0x11238, 0x11239],
  [0x1123b, 0x1123c],
  [0x112a9, 0x112a9],
  [0x1144b, 0x1144c],
  [0x115c2, 0x115c3],
  [0x115c9, 0x115d7],
  [0x11641, 0x11642],
  [0x1173c, 0x1173e],
  [0x11944, 0x11944],
  [0x11946, 0x11946],
  [0x11a42, 0x11a43],
  [0x11a9b, 0x11a9c],
  [0x11c41, 0x11c42],
  [0x11ef7, 0x11ef8],
  [0x11f43, 0x11f44],
  [0x16a6e, 0x16a6f],
  [0x16af5, 0x16af5],
  [0x16b37, 0x16b38],
  [0x16b44, 0x16b44],
  [0x16e98, 0x16e98],
  [0x1bc9f, 0x1bc9f],
  [0x1da88, 0x1da88],
];

/** `PUNCTUATION` (ASCII punctuation, C0/C1 controls except `\t \n`, and some CJK/typographic marks). */
const PUNCTUATION_RANGES: readonly (readonly [number, number])[] = [
  [0x00, 0x08],
  [0x0b, 0x1f],
  [0x21, 0x2f],
  [0x3a, 0x40],
  [0x5b, 0x60],
  [0x7b, 0x9f],
  [0xab, 0xab],
  [0xb4, 0xb4],
  [0xbb, 0xbb],
  [0x2013, 0x2014],
  [0x2019, 0x2019],
  [0x201c, 0x201e],
  [0x2026, 0x2026],
  [0x2236, 0x2236],
  [0x2501, 0x2501],
  [0x25ba, 0x25ba],
  [0x3001, 0x3002],
  [0x3008, 0x300d],
  [0x3010, 0x3011],
  [0xff01, 0xff01],
  [0xff05, 0xff05],
  [0xff08, 0xff09],
  [0xff0c, 0xff0c],
  [0xff0e, 0xff0e],
  [0xff11, 0xff11],
  [0xff1a, 0xff1b],
  [0xff1f, 0xff1f],
  [0xff5e, 0xff5e],
  [0xff61, 0xff61],
];

const expand = (ranges: readonly (readonly [number, number])[]): number[] =>
  ranges.flatMap(([a, b]) => Array.from({ length: b - a + 1 }, (_, i) => a + i));

const TERMINAL_CODES = expand(TERMINAL_RANGES);

/** datatrove's `TERMINAL_PUNCTUATION` as one-character strings (FineWeb's default `stop_chars`). */
export const TERMINAL_PUNCTUATION: readonly string[] = TERMINAL_CODES.map((c) =>
  String.fromCodePoint(c),
);

const TERMINAL_SET = new Set(TERMINAL_CODES);
const PUNCT_SET = new Set([...expand(PUNCTUATION_RANGES), ...TERMINAL_CODES]);

/** datatrove's `PUNCTUATION_SET` (`PUNCTUATION` ∪ `TERMINAL_PUNCTUATION`, 281 code points) as a set of code points. */
export const PUNCTUATION_CODES: ReadonlySet<number> = PUNCT_SET;

/** `TERMINAL_PUNCTUATION` membership of the BMP code points (a typed array reads faster than the Set): 1 for a member. */
export const TERMINAL_BMP: Readonly<Uint8Array> = new Uint8Array(0x10000);
for (const c of TERMINAL_CODES) if (c < 0x10000) (TERMINAL_BMP as Uint8Array)[c] = 1;

/** True when the code point is in `TERMINAL_PUNCTUATION`. */
export const isTerminalPunctuation = (cp: number): boolean =>
  cp < 0x10000 ? TERMINAL_BMP[cp] === 1 : TERMINAL_SET.has(cp);

/** `PUNCTUATION_SET` membership of the BMP code points, for the per-word scan. */
const PUNCT_BMP = new Uint8Array(0x10000);
for (const c of PUNCT_SET) if (c < 0x10000) PUNCT_BMP[c] = 1;

/** True when every code point of `word` is in `PUNCTUATION_SET` (a "symbol word"; `""` counts as one). */
export const isSymbolWord = (word: string): boolean => isSymbolWordIn(word, 0, word.length);

/** `isSymbolWord(s.slice(start, end))` without the slice (UTF-16 offsets). */
export function isSymbolWordIn(s: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (PUNCT_BMP[c] === 1) continue;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < end) {
      const d = s.charCodeAt(i + 1);
      if (
        d >= 0xdc00 &&
        d <= 0xdfff &&
        PUNCT_SET.has((c - 0xd800) * 0x400 + (d - 0xdc00) + 0x10000)
      ) {
        i++;
        continue;
      }
    }
    return false;
  }
  return true;
}
