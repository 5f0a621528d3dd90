/**
 * One store for local paths and `s3://` objects alike, chosen by the location: the only place that
 * branches on S3 for the rest of winnow. Read a whole file, stream a shard's (decompressed) bytes,
 * write atomically, create only if absent, list a folder or prefix, ask whether something exists.
 *
 * Local writes go to a temporary name and are renamed into place; an S3 object appears whole when
 * its upload completes. `putIfAbsent` is `O_EXCL`-like locally (link, which fails on an existing
 * name) and `If-None-Match: *` on S3.
 */
import { closeSync, existsSync, fsyncSync, openSync, statSync, writeSync } from 'node:fs';
import { link, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join as joinPath, relative, resolve, sep } from 'node:path';
import { UsageError } from '../errors.ts';
import {
  configureS3,
  isS3Uri,
  s3Exists,
  s3Join,
  s3List,
  s3PutIfAbsent,
  s3ReadAll,
  takeReadFailure,
} from './s3.ts';
import { openBytes, type Compression } from './source.ts';
import { openOutput, writeFileAtomic, type Output } from './writer.ts';
import { trackedTemp } from './temps.ts';

/** True for an `s3://` location; for io/ and for messages only, never to branch on elsewhere. */
export const isRemote = (location: string): boolean => isS3Uri(location);

/** A whole file or object, undecoded (configs, vocabularies, stats, audits, labels). */
export const read = (location: string): Promise<Buffer> =>
  isS3Uri(location) ? s3ReadAll(location) : readFile(location);

/** A whole file or object as UTF-8 text, a leading byte-order mark removed. */
export const readText = async (location: string): Promise<string> =>
  (await read(location)).toString('utf8').replace(/^\uFEFF/, '');

/** A shard's bytes, decompressed by its name (or `compression`), as they arrive; `-` is stdin. */
export const stream = (location: string, compression?: Compression): AsyncGenerator<Buffer> =>
  openBytes(location, compression);

/** Writes a whole small file atomically (a temporary name, then rename; on S3 one PUT). */
export const writeAtomic = (location: string, data: string | Buffer): Promise<void> =>
  writeFileAtomic(location, data);

/** An output written as it goes and visible only once closed (gzip by name unless `gzip` says). */
export const open = (location: string, options: { gzip?: boolean } = {}): Promise<Output> =>
  openOutput(location, options);

/**
 * Writes `data` only if nothing is at `location` yet: 'exists' when something is (whoever wrote
 * it first wins). Locally the file is complete before it is linked into place, so a reader never
 * sees half of it.
 */
export async function putIfAbsent(
  location: string,
  data: string | Buffer,
): Promise<'written' | 'exists'> {
  if (isS3Uri(location)) return s3PutIfAbsent(location, data);
  await mkdir(dirname(location), { recursive: true });
  // A tracked temporary name, so an interruption (SIGINT, a closed pipe) removes it like any other.
  const { tmp, forget } = trackedTemp(location);
  try {
    await writeFile(tmp, data);
    await link(tmp, location);
    return 'written';
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return 'exists';
    throw e;
  } finally {
    await rm(tmp, { force: true });
    forget();
  }
}

/** True when a file, a folder or an S3 object exists. */
export const exists = (location: string): Promise<boolean> =>
  isS3Uri(location) ? s3Exists(location) : Promise.resolve(existsSync(location));

/** True for a local folder, or an S3 prefix with at least one object under `<prefix>/`. */
export async function isFolder(location: string): Promise<boolean> {
  if (isS3Uri(location)) return (await s3List(`${location.replace(/\/+$/, '')}/`)).length > 0;
  try {
    return statSync(location).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Every file under a folder or S3 prefix, recursively, as names relative to it with `/`
 * separators, sorted; none when it does not exist. Temporary files of writers are left out.
 */
export async function list(location: string): Promise<string[]> {
  if (isS3Uri(location)) {
    const prefix = `${location.replace(/\/+$/, '')}/`;
    return (await s3List(prefix)).map((o) => o.uri.slice(prefix.length));
  }
  let entries;
  try {
    entries = await readdir(location, { recursive: true, withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const e of entries) {
    if (e.isFile() && !e.name.includes('.tmp-'))
      out.push(relative(location, joinPath(e.parentPath, e.name)).split(sep).join('/'));
  }
  return out.sort();
}

/** `location/part/…` for a folder or an S3 prefix. */
export const join = (location: string, ...parts: string[]): string =>
  isS3Uri(location) ? s3Join(location, ...parts) : joinPath(location, ...parts);

/** A location the way tasks elsewhere can read it: S3 URIs as they are, local paths absolute. */
export const absolute = (location: string): string =>
  isS3Uri(location) ? location : resolve(location);

/** The folder or prefix holding `location`. */
export const parentOf = (location: string): string =>
  isS3Uri(location) ? location.slice(0, location.lastIndexOf('/')) : dirname(location);

/** `rel` read beside `file` (a config's vocabulary): absolute `rel` and S3 URIs as they are. */
export function besides(file: string, rel: string): string {
  if (isS3Uri(rel)) return rel;
  if (!isS3Uri(file)) return resolve(dirname(file), rel);
  if (rel.startsWith('/')) return rel;
  return `${parentOf(file)}/${rel}`;
}

/** A location as messages show it: S3 URIs as they are, local paths relative to the working folder. */
export const shown = (location: string): string =>
  isS3Uri(location) ? location : relative(process.cwd(), location).split(sep).join('/');

/** True when a local file (not a folder) is at `location`; S3 has no such distinction (false). */
export function isFile(location: string): boolean {
  if (isS3Uri(location)) return false;
  try {
    return statSync(location).isFile();
  } catch {
    return false;
  }
}

/**
 * The storage error that ended the last read of `location` early, if any (S3 after its retries),
 * and forgets it: not a property of the data, so the caller leaves the shard for a rerun.
 */
export const storageFailure = (location: string): Error | undefined =>
  isS3Uri(location) ? takeReadFailure(location) : undefined;

/** A local file appended to record by record, each record on disk (fsync) before the next. */
export interface AppendLog {
  append(data: string | Buffer): void;
  close(): void;
}

/**
 * Opens `location` for appending (creating it, and syncing its folder so a new file's name
 * survives a crash); S3 objects cannot be appended to. Each `append` is written whole (O_APPEND,
 * so never interleaved with another) and fsync'ed before it returns.
 */
export function openAppendLog(location: string): AppendLog {
  if (isS3Uri(location))
    throw new UsageError(
      `Cannot append to ${location}: answers are saved one by one, so write them to a local file`,
    );
  const created = !existsSync(location);
  let fd = openSync(location, 'a');
  if (created) syncFolder(dirname(location));
  return {
    append(data) {
      if (fd < 0) throw new Error(`${location}: closed`);
      const buf = typeof data === 'string' ? Buffer.from(data) : data;
      let done = 0;
      while (done < buf.length) done += writeSync(fd, buf, done);
      fsyncSync(fd);
    },
    close() {
      if (fd >= 0) closeSync(fd);
      fd = -1;
    },
  };
}

/** A new file's name is durable once its folder is synced (a crash could lose it otherwise). */
function syncFolder(dir: string): void {
  let fd = -1;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Some file systems refuse fsync on a folder; the file's own fsync still holds its data.
  } finally {
    if (fd >= 0) closeSync(fd);
  }
}

/** Paths of S3-compatible servers (`--s3-path-style`, WINNOW_S3_PATH_STYLE=1). */
export const configureStore = (o: { pathStyle?: boolean }): void => configureS3(o);

/** Removes a local folder and everything in it (nothing when absent); S3 prefixes are not removed. */
export async function removeFolder(location: string): Promise<void> {
  if (isS3Uri(location))
    throw new UsageError(`Refusing to remove ${location}: only local folders are removed`);
  await rm(location, { recursive: true, force: true });
}
