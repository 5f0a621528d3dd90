/**
 * Benchmark inputs: the real pages in ../shared/corpora/web-pages when present, otherwise a
 * generated corpus of similar shape; and large generated shards for the memory lines.
 */
import { existsSync, mkdirSync, readdirSync, statSync, createWriteStream } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { mulberry32 } from '../dist/audit/random.js';

const here = dirname(fileURLToPath(import.meta.url));
export const sharedPages = resolve(here, '../../shared/corpora/web-pages');

const WORDS = (
  'the of and to in a is that for it as was with be by on not he this are or his from at which but have an they you were ' +
  'garden river market council bicycle recipe server engine winter harbour library station museum kitchen window orchard ' +
  'quickly slowly carefully often rarely bright quiet heavy narrow ancient modern local early late'
).split(' ');

/** One generated document's text, ~`chars` characters of sentence-like prose. */
export function proseText(r: () => number, chars: number): string {
  const parts: string[] = [];
  let n = 0;
  while (n < chars) {
    const len = 6 + Math.floor(r() * 14);
    const ws: string[] = [];
    for (let i = 0; i < len; i++) ws.push(WORDS[Math.floor(r() * WORDS.length)]!);
    const s = ws.join(' ');
    const sentence = s[0]!.toUpperCase() + s.slice(1) + (r() < 0.1 ? '?' : '.');
    parts.push(sentence, r() < 0.2 ? '\n' : ' ');
    n += sentence.length + 1;
  }
  return parts.join('');
}

/** Writes a JSONL shard of about `bytes` bytes (cached in the temp dir by size). */
export async function generatedShard(bytes: number): Promise<string> {
  const dir = join(tmpdir(), 'winnow-bench');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `gen-${bytes}.jsonl`);
  if (existsSync(path) && statSync(path).size >= bytes) return path;
  const r = mulberry32(42);
  const out = createWriteStream(path);
  let written = 0;
  for (let i = 0; written < bytes; i++) {
    const line =
      JSON.stringify({ id: `gen-${i}`, text: proseText(r, 300 + Math.floor(r() * 12000)) }) + '\n';
    written += Buffer.byteLength(line);
    if (!out.write(line)) await new Promise<void>((res) => out.once('drain', () => res()));
  }
  await new Promise<void>((res) => out.end(() => res()));
  return path;
}

/** The corpus the throughput lines run on: the real pages, or a generated ~55 MB shard. */
export async function benchCorpus(): Promise<{ name: string; files: string[] }> {
  if (existsSync(sharedPages)) {
    const files = readdirSync(sharedPages)
      .filter((f) => f.endsWith('.jsonl.gz'))
      .sort()
      .map((f) => join(sharedPages, f));
    return { name: 'shared/corpora/web-pages (6,200 real pages, gzip)', files };
  }
  return { name: 'generated prose (../shared absent)', files: [await generatedShard(55e6)] };
}
