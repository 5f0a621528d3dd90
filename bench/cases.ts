/**
 * One benchmark case per process (so peak RSS is the case's own): `node --import tsx
 * bench/cases.ts <case> <files..>` prints one JSON line.
 */
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { get_encoding } from 'tiktoken';
import { countShard } from '../src/count.ts';

interface Tally { docs: number; bytes: number; textBytes: number; tokens: number }
type Case = (files: string[]) => Promise<Tally>;

/** The floor: read + gunzip + split on LF + JSON.parse, nothing else (hand-rolled here on purpose). */
async function* floorTexts(files: string[], t: Tally): AsyncGenerator<string> {
  for (const f of files) {
    const raw = createReadStream(f, { highWaterMark: 1 << 20 });
    const src = f.endsWith('.gz') ? raw.pipe(createGunzip({ chunkSize: 1 << 20 })) : raw;
    let rest: Buffer = Buffer.alloc(0);
    for await (const chunk of src as AsyncIterable<Buffer>) {
      const buf = rest.length ? Buffer.concat([rest, chunk]) : chunk;
      let start = 0;
      for (let nl = buf.indexOf(10); nl !== -1; nl = buf.indexOf(10, start)) {
        t.bytes += nl - start + 1;
        if (nl > start) {
          const rec = JSON.parse(buf.toString('utf8', start, nl));
          t.docs++;
          yield rec.text as string;
        }
        start = nl + 1;
      }
      rest = buf.subarray(start);
    }
  }
}

const tally = (): Tally => ({ docs: 0, bytes: 0, textBytes: 0, tokens: 0 });

const CASES: Record<string, Case> = {
  async floor(files) {
    const t = tally();
    for await (const text of floorTexts(files, t)) t.textBytes += text.length;
    return t;
  },
  /** winnow's reader as `count --tokenizer none` uses it. */
  async read(files) {
    const t = tally();
    for (const f of files) {
      const c = await countShard({ path: f, name: f }, { onDoc: (b) => (t.bytes += b) });
      t.docs += c.docs;
      t.textBytes += c.bytes;
    }
    return t;
  },
  /** Plain tiktoken encode_ordinary, document by document, over the floor reader. */
  async tiktoken(files) {
    const t = tally();
    const enc = get_encoding('cl100k_base');
    try {
      for await (const text of floorTexts(files, t)) {
        t.textBytes += Buffer.byteLength(text);
        t.tokens += enc.encode_ordinary(text).length;
      }
    } finally {
      enc.free();
    }
    return t;
  },
  /** winnow count with the cl100k tokenizer. */
  async tokenize(files) {
    const t = tally();
    const { openTokenizer } = await import('../src/tokenize/tokenizer.ts');
    const tok = openTokenizer('cl100k_base');
    try {
      for (const f of files) {
        const c = await countShard({ path: f, name: f }, { tokenizer: tok, onDoc: (b) => (t.bytes += b) });
        t.docs += c.docs;
        t.textBytes += c.bytes;
        t.tokens += c.tokens ?? 0;
      }
    } finally {
      tok.free();
    }
    return t;
  },
};

export const caseNames = Object.keys(CASES);

const [name, ...files] = process.argv.slice(2);
if (name) {
  const fn = CASES[name];
  if (!fn) throw new Error(`unknown case ${name}; expected one of ${caseNames.join(', ')}`);
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const t = await fn(files);
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  process.stdout.write(
    JSON.stringify({
      case: name, seconds: +s.toFixed(3), docs: t.docs, mb: +(t.bytes / 1e6).toFixed(2),
      mb_s: +(t.bytes / 1e6 / s).toFixed(2), text_mb_s: +(t.textBytes / 1e6 / s).toFixed(2),
      docs_s: Math.round(t.docs / s), tokens: t.tokens, tokens_s: Math.round(t.tokens / s),
      cpu_per_wall: +((cpu.user + cpu.system) / 1e6 / s).toFixed(2),
      peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    }) + '\n',
  );
}
