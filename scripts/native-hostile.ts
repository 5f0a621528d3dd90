/**
 * Hostile texts through every native kernel (the word split and ids, the n-gram, line and
 * c4/gopher kernels via the three presets, the BPE tokenizer with each of its pre-tokenizers),
 * for scripts/native-sanitize.sh: memory safety on inputs no corpus holds. Prints what each
 * step returned and its wall time; a sanitizer report or a crash is the failure.
 *
 *   node --import tsx scripts/native-hostile.ts CASE [UNITS]
 *
 * CASE: empty, one-char, random (seeded random UTF-16 units, lone surrogates included),
 * spaces, newlines, astral (U+1F600, UNITS / 2 times). UNITS defaults to 100,000,000.
 */
import { nativeStatus } from '../src/native/addon.ts';
import { presetConfig } from '../src/config/config.ts';
import { createContext } from '../src/scorers/context.ts';
import { createFilter, scoreDocument } from '../src/scorers/registry.ts';
import { tokenSpans } from '../src/text/words.ts';
import { openTokenizer } from '../src/tokenize/tokenizer.ts';

/** `n` seeded pseudo-random UTF-16 units (xorshift32), any value including lone surrogates. */
function random(n: number): string {
  let x = 0x9e3779b9;
  const parts: string[] = [];
  for (let at = 0; at < n; at += 1 << 16) {
    const u = new Uint16Array(Math.min(1 << 16, n - at));
    for (let i = 0; i < u.length; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      u[i] = x & 0xffff;
    }
    parts.push(String.fromCharCode(...u));
  }
  return parts.join('');
}

const [name = '', unitsArg] = process.argv.slice(2);
const units = Number(unitsArg ?? 100e6);
const cases: Record<string, () => string> = {
  empty: () => '',
  'one-char': () => 'a'.repeat(units),
  random: () => random(units),
  spaces: () => ' '.repeat(units),
  newlines: () => '\n'.repeat(units),
  astral: () => '\u{1F600}'.repeat(units / 2),
};
const make = cases[name];
if (!make) throw new Error(`Expected a case (${Object.keys(cases).join(', ')}), got ${name}`);
const text = make();
console.log(`${name}: ${text.length} units, ${nativeStatus()}`);

let t = process.hrtime.bigint();
const lap = (what: string): void => {
  const now = process.hrtime.bigint();
  console.log(`  ${what}: ${(Number(now - t) / 1e9).toFixed(2)} s`);
  t = now;
};
lap(`tokenSpans: ${tokenSpans(text).starts.length} tokens`);
for (const preset of ['gopher', 'c4', 'fineweb']) {
  const filters = presetConfig(preset).filters.map((f) => createFilter(f.name, f.options));
  const { attrs, spans } = scoreDocument(filters, createContext(text));
  // c4 keeps a span per bad line: count the spans, printing them could exhaust the heap.
  const counts = Object.entries(spans ?? {}).map(([key, list]) => `${key} ${list.length}`);
  lap(`${preset}: ${JSON.stringify(attrs).slice(0, 80)}, spans: ${counts.join(', ')}`);
}
// One encoding per pre-tokenizer of the native scanner (cl100k, o200k, gpt2).
for (const encoding of ['cl100k_base', 'o200k_base', 'r50k_base'] as const) {
  const tok = openTokenizer(encoding);
  try {
    const { ids, approximate } = tok.encode(text);
    lap(`${encoding}: ${ids.length} ids, approximate ${approximate}`);
  } finally {
    tok.free();
  }
}
