/**
 * File access of the dedup stages, local paths and `s3://` alike, in one small place (to be
 * switched to the shared store once it exists): whole-file reads and atomic writes, streamed
 * reads, existence, and completion markers (conditional writes on S3).
 */
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { isS3Uri, s3Exists, s3Join, s3ReadBytes } from '../io/s3.ts';
import { CHUNK_BYTES, readBytes } from '../io/source.ts';
import { writeFileAtomic, writeMarker } from '../io/writer.ts';
import { createReadStream } from 'node:fs';

/** `base/part/...` for a folder or an S3 prefix. */
export const joinPath = (base: string, ...parts: string[]): string =>
  isS3Uri(base) ? s3Join(base, ...parts) : join(base, ...parts);

/** A whole file or object. */
export const readWhole = (path: string): Promise<Buffer> => readBytes(path);

/** A file's bytes in chunks (no decompression). */
export function streamBytes(path: string): AsyncIterable<Buffer> {
  return isS3Uri(path)
    ? s3ReadBytes(path)
    : (createReadStream(path, { highWaterMark: CHUNK_BYTES }) as AsyncIterable<Buffer> &
        NodeJS.ReadableStream);
}

/** Writes a whole file so that it appears complete or not at all. */
export const writeWhole = (path: string, data: string | Buffer): Promise<void> =>
  writeFileAtomic(path, data);

export async function exists(path: string): Promise<boolean> {
  if (isS3Uri(path)) return s3Exists(path);
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/** Writes a completion marker (on S3 only if absent: a task that finished first counts). */
export const markDone = (path: string, summary: unknown): Promise<'written' | 'exists'> =>
  writeMarker(path, `${JSON.stringify(summary)}\n`);
