/**
 * How much of a text eld reads, so the filter hands it no more. eld lowercases and flattens the
 * first 1,000 UTF-16 units (a Unicode-aware separator regex, the costliest step of its input
 * preparation), then stops encoding words once it has counted more than 380 UTF-8 bytes of the
 * flattened text. Every letter becomes at least one counted byte, so the units after the
 * `HEAD_LETTERS`-th letter are never read, provided cutting there changes nothing before it:
 * - the cut follows a letter, so no separator run (a regex match) crosses it;
 * - that letter is not case-ignorable, so lowercasing a capital sigma before it (final `ς` or
 *   medial `σ`, decided by what follows across case-ignorable characters) sees the same letter;
 *   and it is not a capital sigma itself.
 * Only long-assigned letters of common scripts count (all in eld's letter class, checked against
 * its source of 2.1.0); any other character merely makes the head longer. The test compares eld's
 * scores on the head and on the 1,000 units for every string of the shared corpora.
 */

/** eld breaks after 380 counted bytes; the margin keeps the cut well past the last byte it reads. */
const HEAD_LETTERS = 400;
/** eld's own limit (`text.substring(0, 1000)`). */
export const ELD_MAX_CHARS = 1000;

// Basic letters of scripts assigned since Unicode 1.1: Latin, Greek, Cyrillic, Hebrew, Arabic,
// Devanagari, Thai, kana, CJK ideographs, Hangul syllables.
const RANGES: readonly (readonly [number, number])[] = [
  [0x41, 0x5a],
  [0x61, 0x7a],
  [0xc0, 0xd6],
  [0xd8, 0xf6],
  [0xf8, 0x17f],
  [0x391, 0x3a1],
  [0x3a4, 0x3a9],
  [0x3b1, 0x3c9],
  [0x410, 0x44f],
  [0x5d0, 0x5ea],
  [0x621, 0x63a],
  [0x641, 0x64a],
  [0x905, 0x939],
  [0xe01, 0xe30],
  [0x3041, 0x3096],
  [0x30a1, 0x30fa],
  [0x4e00, 0x9fa5],
  [0xac00, 0xd7a3],
];

/** 1 for the UTF-16 units that count as letters here. */
function letters(): Uint8Array {
  const t = new Uint8Array(0x10000);
  const letter = /^\p{L}$/u;
  const ignorable = /^\p{Case_Ignorable}$/u;
  for (const [from, to] of RANGES) {
    for (let c = from; c <= to; c++) {
      const ch = String.fromCharCode(c);
      if (letter.test(ch) && !ignorable.test(ch)) t[c] = 1;
    }
  }
  return t;
}

/**
 * How many leading UTF-16 units of a text decide eld's result: at most 1,000, fewer when safe.
 * Building it takes a few tens of milliseconds, so the edge does it once, with the identifier.
 */
export function eldHead(): (text: string) => number {
  const t = letters();
  return (text) => {
    const end = Math.min(text.length, ELD_MAX_CHARS);
    let seen = 0;
    for (let i = 0; i < end; i++) {
      if (t[text.charCodeAt(i)] === 1 && ++seen >= HEAD_LETTERS) return i + 1;
    }
    return end;
  };
}
