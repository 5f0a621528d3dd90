/**
 * Output files: written under a temporary name and renamed when complete, so a crash never
 * leaves a partial file that looks finished. gzip by extension or by request. `s3://` outputs
 * are streamed to their final key and appear only when complete (see s3.ts): S3 has no
 * atomic rename, and needs none.
 */
import { createWriteStream, lstatSync, realpathSync, statSync, type WriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createGzip } from 'node:zlib';
import type { Writable } from 'node:stream';
import { UsageError } from '../errors.ts';
import { compressionOf } from './source.ts';
import { trackedTemp } from './temps.ts';
import { isS3Uri, openS3Upload, s3Put, s3PutIfAbsent } from './s3.ts';

/** Buffered writes: one syscall per ~256 KiB instead of one per line. */
const FLUSH_BYTES = 256 * 1024;

/**
 * zlib compresses on libuv's thread pool, but each step's completion is handled on this thread's
 * event loop, and only then is the next step started. Scoring runs synchronously between input
 * chunks, so the loop turns rarely: compression crept forward a step per turn, the queue filled
 * up to the high-water mark, and then the scoring thread sat idle until zlib had drained it.
 * So each flush that does not have to wait for a drain yields one turn (see `flush`), and a
 * 1 MiB chunk lets one pool job compress a whole 256 KiB flush. Up to 4 MiB may still queue
 * before backpressure. (`run` fineweb on web-pages, one worker: event-loop idle time in the
 * worker 1.1-1.2 s → 0.04 s, wall 11.2 → 9.1-9.6 s.)
 */
const GZIP_OPTIONS = { level: 6, chunkSize: 1024 * 1024, writableHighWaterMark: 4 * 1024 * 1024 };

/** One turn of the event loop: lets pending I/O completions (zlib, fs) run and start their next step. */
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export interface Output {
  /** Appends bytes; resolves when the stream can take more (backpressure). */
  write(data: Buffer | string): Promise<void>;
  /** Flushes, closes and (for files) renames the temporary file into place. */
  close(): Promise<void>;
  /** Closes and removes the temporary file (nothing appears at the final path). */
  abort(): Promise<void>;
}

function waitDrain(s: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const onErr = (e: Error) => {
      s.off('drain', onDrain);
      reject(e);
    };
    const onDrain = () => {
      s.off('error', onErr);
      resolve();
    };
    s.once('drain', onDrain);
    s.once('error', onErr);
  });
}

function finished(s: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    s.once('error', reject);
    s.once('finish', resolve);
    s.once('close', resolve);
  });
}

/** An Output over any writable (stdout, a file stream, a gzip stream); `done` runs after close. */
function bufferedOutput(
  sink: Writable,
  ends: boolean,
  onClose: () => Promise<void>,
  onAbort: () => Promise<void>,
): Output {
  let parts: Buffer[] = [];
  let size = 0;
  let failure: Error | null = null;
  sink.on('error', (e) => {
    failure = e;
  });
  const flush = async () => {
    if (failure) throw failure;
    if (!size) return;
    const data = parts.length === 1 ? parts[0]! : Buffer.concat(parts, size);
    parts = [];
    size = 0;
    if (!sink.write(data)) await waitDrain(sink);
    else await turn();
  };
  return {
    async write(data) {
      const b = typeof data === 'string' ? Buffer.from(data) : data;
      parts.push(b);
      size += b.length;
      if (size >= FLUSH_BYTES) await flush();
    },
    async close() {
      await flush();
      if (ends) {
        const done = finished(sink);
        sink.end();
        await done;
      }
      if (failure) throw failure;
      await onClose();
    },
    async abort() {
      parts = [];
      size = 0;
      if (ends) sink.destroy();
      await onAbort();
    },
  };
}

/** Writes to `path` atomically; gzip when `gzip` is true (default: when the name ends in `.gz`). */
export async function openOutput(path: string, options: { gzip?: boolean } = {}): Promise<Output> {
  if (path === '-') return stdoutOutput();
  const gzip = options.gzip ?? compressionOf(path) === 'gzip';
  if (isS3Uri(path)) return openS3Output(path, gzip);
  // path.join turns `s3://b/k` into `s3:/b/k`: refuse rather than write a local folder named `s3:`.
  if (/^s3:\/(?!\/)/.test(path))
    throw new UsageError(
      `Cannot write ${path}: this output does not support S3 yet (write to a folder)`,
    );
  const target = outputTarget(path);
  // A device or a pipe is written into: renaming a temporary file onto it would replace it
  // (it replaced /dev/null once).
  if (target.direct)
    return fileOutput(
      createWriteStream(path, { flags: 'a' }),
      gzip,
      async () => {},
      async () => {},
    );
  const final = target.path;
  await mkdir(dirname(final), { recursive: true });
  const { tmp, forget } = trackedTemp(final);
  return fileOutput(
    createWriteStream(tmp),
    gzip,
    () => rename(tmp, final).finally(forget),
    async () => {
      await rm(tmp, { force: true }).finally(forget);
    },
  );
}

/** An Output into a file stream, gzipped or not; `done` runs once the file is complete. */
function fileOutput(
  file: WriteStream,
  gzip: boolean,
  done: () => Promise<void>,
  aborted: () => Promise<void>,
): Output {
  if (!gzip) return bufferedOutput(file, true, done, aborted);
  const gz = createGzip(GZIP_OPTIONS);
  gz.pipe(file);
  const fileDone = finished(file);
  return bufferedOutput(
    gz,
    true,
    async () => {
      await fileDone;
      await done();
    },
    async () => {
      file.destroy();
      await aborted();
    },
  );
}

const SYSTEM = /^\/(dev|proc)\//;

/**
 * How to write `path`. Files go under a temporary name and are renamed into place, but a rename
 * replaces whatever is at the path: devices and pipes (/dev/null, a FIFO), anything under /dev
 * or /proc (/dev/stdout is a symlink to the shell's redirect) and dangling symlinks are written
 * into directly instead; a symlink to a regular file is renamed onto its target, so the link
 * stays.
 */
function outputTarget(path: string): { direct: boolean; path: string } {
  if (SYSTEM.test(path)) return { direct: true, path };
  let link;
  try {
    link = lstatSync(path);
  } catch {
    return { direct: false, path }; // a new file
  }
  if (!link.isSymbolicLink()) return { direct: !link.isFile() && !link.isDirectory(), path };
  let real: string;
  try {
    real = realpathSync(path);
  } catch {
    return { direct: true, path };
  }
  const s = statSync(real);
  return s.isFile() && !SYSTEM.test(real) ? { direct: false, path: real } : { direct: true, path };
}

/** An S3 object streamed through lib-storage; nothing is visible at the key until `close()` completes. */
async function openS3Output(uri: string, gzip: boolean): Promise<Output> {
  const up = await openS3Upload(uri);
  const head: Writable = gzip ? createGzip(GZIP_OPTIONS) : up.body;
  if (gzip) head.pipe(up.body);
  // A failed upload stops consuming its body: fail the next write instead of waiting forever.
  up.done.catch((e: Error) => head.destroy(e));
  return bufferedOutput(
    head,
    true,
    () => up.done,
    async () => {
      head.destroy();
      await up.abort();
    },
  );
}

/** Standard output's reader went away (`winnow … | head`): the CLI ends quietly, exit 0. */
export class StdoutClosed extends Error {
  override name = 'StdoutClosed';
  readonly exitCode = 0;
}

/** Standard output, with backpressure; closing does not end the process's stdout. */
export function stdoutOutput(): Output {
  const out = bufferedOutput(
    process.stdout,
    false,
    async () => {},
    async () => {},
  );
  // Only a closed stdout is quiet: EPIPE from any other output (a FIFO, a socket) is a failure.
  const closed = (e: unknown): never => {
    if (e instanceof Error && (e as NodeJS.ErrnoException).code === 'EPIPE')
      throw new StdoutClosed('stdout closed');
    throw e;
  };
  return {
    write: (data) => out.write(data).catch(closed),
    close: () => out.close().catch(closed),
    abort: () => out.abort(),
  };
}

/**
 * Writes lines as their input bytes and terminators. A last input line without a newline is
 * written without one, unless another line follows it in the same output (then `\n` is added),
 * so a shard round-trips byte for byte and concatenations stay line-delimited.
 */
export class LineWriter {
  private owesNewline = false;
  constructor(readonly out: Output) {}
  async line(raw: Buffer | string, eol = '\n'): Promise<void> {
    if (this.owesNewline) await this.out.write('\n');
    await this.out.write(raw);
    if (eol) await this.out.write(eol);
    this.owesNewline = eol === '';
  }
  close(): Promise<void> {
    return this.out.close();
  }
  abort(): Promise<void> {
    return this.out.abort();
  }
}

/** Writes a whole small file atomically (temporary name, then rename; on S3 one PUT). */
export async function writeFileAtomic(path: string, data: string | Buffer): Promise<void> {
  if (isS3Uri(path)) return s3Put(path, data);
  const out = await openOutput(path, { gzip: false });
  await out.write(data);
  await out.close();
}

/**
 * Writes a completion marker. Locally atomically (a rerun that redid the shard may replace it).
 * On S3 only if absent (`If-None-Match: *`); 'exists' means another task completed the shard
 * first, which counts as done: outputs are deterministic, so both wrote the same bytes.
 */
export async function writeMarker(path: string, data: string): Promise<'written' | 'exists'> {
  if (isS3Uri(path)) return s3PutIfAbsent(path, data);
  await writeFileAtomic(path, data);
  return 'written';
}

/** Removes a local file if it is there (an output this run has nothing for); S3 keys are left alone. */
export async function removeLocalFile(path: string): Promise<void> {
  if (!isS3Uri(path)) await rm(path, { force: true });
}
