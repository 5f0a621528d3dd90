/**
 * File access of the dedup stages, through the shared store (io/store.ts): local paths and
 * `s3://` alike. Kept as the dedup stages' names for the store's calls.
 */
import * as store from '../io/store.ts';
import { writeMarker } from '../io/writer.ts';

/** `base/part/...` for a folder or an S3 prefix. */
export const joinPath = store.join;

/** A whole file or object. */
export const readWhole = store.read;

/** A file's bytes in chunks (no decompression). */
export const streamBytes = (path: string): AsyncIterable<Buffer> => store.stream(path, 'none');

/** Writes a whole file so that it appears complete or not at all. */
export const writeWhole = store.writeAtomic;

export const exists = store.exists;

/** Writes a completion marker (on S3 only if absent: a task that finished first counts). */
export const markDone = (path: string, summary: unknown): Promise<'written' | 'exists'> =>
  writeMarker(path, `${JSON.stringify(summary)}\n`);
