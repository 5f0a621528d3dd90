/**
 * One byte of class bits (`pieces.ts`) per Unicode code point, for the pre-tokenizer scanner.
 * Decoded once per process (1.1 MB) from the Unicode 16.0 runs that tiktoken's Rust regex uses.
 */
import { LETTER, LOWERISH, NUMBER, SPACE, UPPERISH } from './pieces.ts';
import { UNICODE_16_CLASS_RUNS } from './unicode-16.ts';

const BITS: Readonly<Record<string, number>> = {
  X: 0,
  N: NUMBER,
  S: SPACE,
  U: LETTER | UPPERISH,
  L: LETTER | LOWERISH,
  M: UPPERISH | LOWERISH,
  O: LETTER | UPPERISH | LOWERISH,
};

let table: Uint8Array | undefined;

/** Class bits of every code point 0..0x10FFFF; surrogates are 0 ("other", as U+FFFD is in Rust). */
export function charClasses(): Uint8Array {
  if (table) return table;
  const t = new Uint8Array(0x110000);
  const runs = UNICODE_16_CLASS_RUNS;
  let c = 0;
  for (let i = 0; i < runs.length;) {
    const bits = BITS[runs[i++]!];
    if (bits === undefined) throw new Error(`unicode-16.ts: bad class letter at ${i - 1}`);
    let j = i;
    while (j < runs.length && !isClassLetter(runs.charCodeAt(j))) j++; // base-36 digits are 0-9a-z
    const length = j > i ? parseInt(runs.slice(i, j), 36) : 1;
    t.fill(bits, c, c + length);
    c += length;
    i = j;
  }
  if (c !== 0x110000) throw new Error(`unicode-16.ts: runs cover ${c} code points, not 0x110000`);
  table = t;
  return t;
}

const isClassLetter = (code: number): boolean => code >= 65 && code <= 90;
