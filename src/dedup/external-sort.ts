/**
 * Sorting fixed-size binary records by their bytes in bounded memory (what makes exact dedup's
 * "hash set" spill to disk): records collect in one buffer; when it is full it is sorted and
 * written to a local temporary file (a run), and the sorted output is a k-way merge of the runs.
 *
 * Memory: `budget` bytes covers the buffer, its sorted copy and 8 bytes of sort index per record
 * (so the buffer holds budget / (2·size + 8) records), plus READ_CHUNK per run while merging;
 * more than MERGE_FAN_IN runs are first merged in groups into longer runs, so the merge never
 * holds more than MERGE_FAN_IN read buffers. Runs live in a folder under `tmp` (local disk, also
 * when the stage's files are on S3) that is removed when the sorted output has been read, or by
 * `discard`, and on Ctrl-C or a kill by the CLI's sweep (removeOwnTemps).
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeDirOnExit } from '../io/temps.ts';

/** Runs merged at once. */
export const MERGE_FAN_IN = 32;
/** Bytes read from a run at a time, and the size of merged output chunks. */
export const READ_CHUNK = 64 * 1024;

/** Compares record a with record b of `size` bytes in `buf` (byte order). */
const compareAt = (buf: Buffer, a: number, b: number, size: number): number =>
  buf.compare(buf, b * size, b * size + size, a * size, a * size + size);

/** The `size`-byte records of `buf`, sorted by their bytes, as a new buffer. */
export function sortRecords(buf: Buffer, size: number): Buffer {
  const n = buf.length / size;
  const order = new Uint32Array(n);
  // The first 4 bytes decide almost every comparison (they are hash bytes or shard indexes).
  const keys = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    order[i] = i;
    keys[i] = size >= 4 ? buf.readUInt32BE(i * size) : 0;
  }
  order.sort((a, b) => keys[a]! - keys[b]! || compareAt(buf, a, b, size));
  const out = Buffer.allocUnsafe(buf.length);
  for (let k = 0; k < n; k++) buf.copy(out, k * size, order[k]! * size, order[k]! * size + size);
  return out;
}

/** Re-cuts a byte stream into chunks of whole records (a torn last record is an error). */
export async function* wholeRecords(
  chunks: AsyncIterable<Buffer>,
  size: number,
  source: string,
): AsyncGenerator<Buffer> {
  let pending: Buffer = Buffer.alloc(0);
  for await (const chunk of chunks) {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    const whole = pending.length - (pending.length % size);
    if (whole) yield pending.subarray(0, whole);
    pending = pending.subarray(whole);
  }
  if (pending.length) throw new Error(`${source}: ends inside a ${size}-byte record`);
}

/** One sorted input of a merge: its current record. */
class Cursor {
  private chunk: Buffer = Buffer.alloc(0);
  private pos = 0;
  record: Buffer = Buffer.alloc(0);
  constructor(
    private readonly it: AsyncIterator<Buffer>,
    private readonly size: number,
  ) {}
  /** Moves to the next record; false at the end. */
  async next(): Promise<boolean> {
    while (this.pos >= this.chunk.length) {
      const r = await this.it.next();
      if (r.done) return false;
      this.chunk = r.value;
      this.pos = 0;
    }
    this.record = this.chunk.subarray(this.pos, this.pos + this.size);
    this.pos += this.size;
    return true;
  }
}

/**
 * The k-way merge of sorted record streams (chunks of whole records), in byte order, as chunks
 * of up to READ_CHUNK bytes. Equal records come out in input order.
 */
export async function* mergeSorted(
  inputs: readonly AsyncIterable<Buffer>[],
  size: number,
): AsyncGenerator<Buffer> {
  const heap: { c: Cursor; i: number }[] = [];
  const less = (x: { c: Cursor; i: number }, y: { c: Cursor; i: number }): boolean => {
    const d = x.c.record.compare(y.c.record);
    return d < 0 || (d === 0 && x.i < y.i);
  };
  const down = (k: number): void => {
    for (;;) {
      const l = 2 * k + 1;
      if (l >= heap.length) return;
      const m = l + 1 < heap.length && less(heap[l + 1]!, heap[l]!) ? l + 1 : l;
      if (!less(heap[m]!, heap[k]!)) return;
      [heap[k], heap[m]] = [heap[m]!, heap[k]!];
      k = m;
    }
  };
  for (const [i, input] of inputs.entries()) {
    const c = new Cursor(input[Symbol.asyncIterator](), size);
    if (await c.next()) heap.push({ c, i });
  }
  for (let k = (heap.length >> 1) - 1; k >= 0; k--) down(k);
  const per = Math.max(1, Math.floor(READ_CHUNK / size));
  let out = Buffer.allocUnsafe(per * size);
  let used = 0;
  while (heap.length) {
    const top = heap[0]!;
    top.c.record.copy(out, used);
    used += size;
    if (used === out.length) {
      yield out;
      out = Buffer.allocUnsafe(per * size);
      used = 0;
    }
    if (!(await top.c.next())) {
      heap[0] = heap[heap.length - 1]!;
      heap.pop();
    }
    down(0);
  }
  if (used) yield out.subarray(0, used);
}

/** Sorts `size`-byte records in about `budget` bytes of memory, spilling runs to disk. */
export class ExternalSorter {
  private buf: Buffer;
  private used = 0;
  private readonly capacity: number;
  private readonly runs: string[] = [];
  private dir: string | null = null;
  /** Takes the run folder off the interruption sweep. */
  private forgetDir: () => void = () => {};
  /** Runs written to disk (0 when everything fitted in memory). */
  spills = 0;
  /** Records added. */
  count = 0;

  constructor(
    readonly size: number,
    budget: number,
    private readonly tmp: string = tmpdir(),
  ) {
    this.capacity = Math.max(1, Math.floor(budget / (2 * size + 8))) * size;
    this.buf = Buffer.allocUnsafe(Math.min(this.capacity, 64 * size));
  }

  /** Adds one record (its first `size` bytes); returns a promise only when a run is spilled. */
  push(record: Uint8Array): Promise<void> | undefined {
    if (this.used === this.buf.length && this.buf.length < this.capacity) {
      const next = Buffer.allocUnsafe(Math.min(this.capacity, 2 * this.buf.length));
      this.buf.copy(next, 0, 0, this.used);
      this.buf = next;
    }
    this.buf.set(record.subarray(0, this.size), this.used);
    this.used += this.size;
    this.count++;
    return this.used === this.capacity ? this.spill() : undefined;
  }

  private runNames = 0;

  private async newRun(): Promise<{
    path: string;
    close: () => Promise<void>;
    write: (b: Buffer) => Promise<void>;
  }> {
    if (!this.dir) {
      this.dir = await mkdtemp(join(this.tmp, 'winnow-sort-'));
      this.forgetDir = removeDirOnExit(this.dir);
    }
    const path = join(this.dir, `run-${this.runNames++}`);
    const fh = await open(path, 'w');
    return {
      path,
      write: async (b) => {
        await fh.write(b);
      },
      close: () => fh.close(),
    };
  }

  private async spill(): Promise<void> {
    if (!this.used) return;
    const run = await this.newRun();
    await run.write(sortRecords(this.buf.subarray(0, this.used), this.size));
    await run.close();
    this.runs.push(run.path);
    this.spills++;
    this.used = 0;
  }

  private readRun(path: string): AsyncIterable<Buffer> {
    return wholeRecords(createReadStream(path, { highWaterMark: READ_CHUNK }), this.size, path);
  }

  /** Every record added, in byte order, as chunks of whole records; then the runs are removed. */
  async *sorted(): AsyncGenerator<Buffer> {
    try {
      if (!this.runs.length) {
        const all = sortRecords(this.buf.subarray(0, this.used), this.size);
        const step = Math.max(1, Math.floor(READ_CHUNK / this.size)) * this.size;
        for (let at = 0; at < all.length; at += step) yield all.subarray(at, at + step);
        return;
      }
      await this.spill();
      this.buf = Buffer.alloc(0);
      while (this.runs.length > MERGE_FAN_IN) {
        const group = this.runs.splice(0, MERGE_FAN_IN);
        const run = await this.newRun();
        for await (const chunk of mergeSorted(
          group.map((p) => this.readRun(p)),
          this.size,
        ))
          await run.write(chunk);
        await run.close();
        await Promise.all(group.map((p) => rm(p, { force: true })));
        this.runs.push(run.path);
      }
      yield* mergeSorted(
        this.runs.map((p) => this.readRun(p)),
        this.size,
      );
    } finally {
      await this.discard();
    }
  }

  /** Removes the spilled runs (when a stage fails before, or while, reading the sorted output). */
  async discard(): Promise<void> {
    if (this.dir) await rm(this.dir, { recursive: true, force: true });
    this.forgetDir();
    this.dir = null;
    this.runs.length = 0;
  }
}
