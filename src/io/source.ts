/**
 * Opening a shard as a stream of decompressed bytes. gzip uses node:zlib member by member (gzip.ts); zstd uses fzstd (pure
 * JS: Node 20 has no zstd in zlib, and native bindings need install scripts npm 11 does not run).
 * Files, stdin, or `s3://` objects (streamed, see s3.ts).
 */
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { Decompress } from 'fzstd';
import { gunzipStream } from './gzip.ts';
import { isS3Uri, s3ReadAll, s3ReadBytes } from './s3.ts';

export type Compression = 'none' | 'gzip' | 'zstd';

/** Read size: 1 MiB chunks read several times faster than the 64 KiB default. */
export const CHUNK_BYTES = 1 << 20;

/** Compression by file name: `.gz` → gzip, `.zst`/`.zstd` → zstd, otherwise none. */
export function compressionOf(name: string): Compression {
  if (/\.gz$/i.test(name)) return 'gzip';
  if (/\.zstd?$/i.test(name)) return 'zstd';
  return 'none';
}

/** Compression by magic number, for stdin. */
export function sniffCompression(head: Uint8Array): Compression {
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return 'zstd';
  return 'none';
}

async function* unzstd(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let out: Buffer[] = [];
  const d = new Decompress((data) => {
    out.push(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  });
  let any = false;
  for await (const c of chunks) {
    any = true;
    d.push(c);
    if (out.length) {
      const ready = out;
      out = [];
      yield* ready;
    }
  }
  if (!any) throw new Error('empty zstd stream');
  try {
    d.push(new Uint8Array(0), true);
  } catch (e) {
    throw new Error(`zstd stream ended early (${e instanceof Error ? e.message : String(e)})`);
  }
  yield* out;
}

/** Raw bytes of a file (in CHUNK_BYTES pieces), of stdin (`-`) or of an S3 object. */
function rawBytes(path: string): AsyncIterable<Buffer> {
  if (path === '-') return process.stdin as Readable & AsyncIterable<Buffer>;
  if (isS3Uri(path)) return s3ReadBytes(path);
  return createReadStream(path, { highWaterMark: CHUNK_BYTES }) as Readable & AsyncIterable<Buffer>;
}

/** Puts back a chunk read ahead (for sniffing). */
async function* prepend(first: Buffer, rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  yield first;
  for (let r = await rest.next(); !r.done; r = await rest.next()) yield r.value;
}

/**
 * Decompressed bytes of a shard. Errors (missing file, corrupt or truncated stream) surface as
 * a rejection of the iteration, after every byte that could be decoded was yielded.
 */
export async function* openBytes(path: string, compression?: Compression): AsyncGenerator<Buffer> {
  let source: AsyncIterable<Buffer> = rawBytes(path);
  let kind = compression ?? compressionOf(path);
  if (path === '-' && compression === undefined) {
    const it = source[Symbol.asyncIterator]();
    const first = await it.next();
    if (first.done) return;
    kind = sniffCompression(first.value);
    source = prepend(first.value, it);
  }
  if (kind === 'gzip') yield* gunzipStream(source, CHUNK_BYTES);
  else if (kind === 'zstd') yield* unzstd(source);
  else yield* source;
}

/** A whole small file or S3 object, undecoded (configs, vocabularies, stats). */
export function readBytes(path: string): Promise<Buffer> {
  return isS3Uri(path) ? s3ReadAll(path) : readFile(path);
}
