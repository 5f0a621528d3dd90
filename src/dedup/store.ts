/**
 * File access of the dedup stages, local paths and `s3://` alike: the shared store
 * (`io/store.ts`) under the names these stages use, plus completion markers.
 */
import * as store from '../io/store.ts';
import { writeMarker } from '../io/writer.ts';

/** `base/part/...` for a folder or an S3 prefix. */
export const joinPath = (base: string, ...parts: string[]): string => store.join(base, ...parts);

/** A whole file or object. */
export const readWhole = (path: string): Promise<Buffer> => store.read(path);

/** A file's bytes in chunks (stage files are never compressed). */
export const streamBytes = (path: string): AsyncIterable<Buffer> => store.stream(path, 'none');

/** Writes a whole file so that it appears complete or not at all. */
export const writeWhole = (path: string, data: string | Buffer): Promise<void> =>
  store.writeAtomic(path, data);

export const exists = (path: string): Promise<boolean> => store.exists(path);

/** Writes a completion marker (on S3 only if absent: a task that finished first counts). */
export const markDone = (path: string, summary: unknown): Promise<'written' | 'exists'> =>
  writeMarker(path, `${JSON.stringify(summary)}\n`);
