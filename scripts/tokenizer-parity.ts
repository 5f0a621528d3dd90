/**
 * Token ids of winnow's tokenizer, native kernel and JavaScript twin, against tiktoken's
 * `encode_ordinary` on every string value of every JSON line under ../shared/corpora (or DIR),
 * for each encoding. Prints one line per encoding and exits 1 when any id differs.
 *
 *   node --import tsx scripts/tokenizer-parity.ts [DIR] [ENCODING...]
 *
 * A text with a piece of over 10,000 code points is encoded in slices (`approximate`): those
 * are compared between the two twins only, and counted.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { get_encoding } from 'tiktoken';
import { nativeStatus, useNative } from '../src/native/addon.ts';
import { ENCODINGS, openTokenizer, type EncodingName } from '../src/tokenize/tokenizer.ts';

const [dirArg, ...names] = process.argv.slice(2);
const dir = resolve(dirArg ?? resolve(import.meta.dirname, '../../shared/corpora'));

/** Every non-empty string value of every JSON line of the `.jsonl(.gz)` files under `dir`. */
function strings(root: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(root, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !/\.jsonl(\.gz)?$/.test(entry.name)) continue;
    let bytes = readFileSync(resolve(entry.parentPath, entry.name));
    if (entry.name.endsWith('.gz')) bytes = gunzipSync(bytes);
    for (const line of bytes.toString('utf8').split('\n')) {
      if (!line) continue;
      try {
        for (const v of Object.values(JSON.parse(line) as Record<string, unknown>))
          if (typeof v === 'string' && v !== '') out.push(v);
      } catch {
        // not a record
      }
    }
  }
  return out;
}

const same = (a: ArrayLike<number>, b: ArrayLike<number>): boolean =>
  a.length === b.length && Array.prototype.every.call(a, (v: number, i: number) => v === b[i]);

const texts = strings(dir);
useNative(true);
process.stdout.write(`${texts.length} strings under ${dir}; kernels: ${nativeStatus()}\n`);
let failed = 0;
for (const name of (names.length ? names : ENCODINGS) as EncodingName[]) {
  useNative(false);
  const js = openTokenizer(name);
  useNative(true);
  const native = openTokenizer(name);
  const ref = get_encoding(name);
  let differ = 0;
  let approximate = 0;
  let tokens = 0;
  try {
    for (const text of texts) {
      useNative(false);
      const a = js.encode(text);
      useNative(true);
      const b = native.encode(text);
      const counted = native.count(text).count;
      let ok = same(a.ids, b.ids) && a.approximate === b.approximate && counted === b.ids.length;
      if (a.approximate) approximate++;
      else ok &&= same(ref.encode_ordinary(text), b.ids);
      tokens += b.ids.length;
      if (!ok && differ++ < 3)
        process.stderr.write(`differs: ${JSON.stringify(text.slice(0, 80))}\n`);
    }
  } finally {
    js.free();
    native.free();
    ref.free();
  }
  process.stdout.write(
    `${name}: ${tokens} tokens, ${differ} strings differ, ${approximate} approximate (twins only)\n`,
  );
  if (differ) failed = 1;
}
process.exit(failed);
