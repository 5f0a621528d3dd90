/**
 * Stage 2 of MinHash dedup: for one bucket (and one range of its first hash value, so a large
 * bucket can be split over several tasks), a k-way merge of every rank's sorted signature file.
 * Consecutive records with equal hashes are a candidate pair, written in merge order, as
 * datatrove's `MinhashDedupBuckets` does: a run of k equal signatures gives the k − 1 pairs of
 * neighbours. Each input is checked while it streams (header, order, size, checksum) and the
 * output is written only after every check passed.
 */
import { DataError, fileDataError } from '../errors.ts';
import { parseManifest, type MinhashManifest } from '../formats/minhash-manifest.ts';
import {
  compareSignatureRecords,
  PAIR_BYTES,
  sameSignature,
  serializeMinhashFile,
  signatureRecordBytes,
  streamMinhashRecords,
  wordsOf,
} from '../formats/minhash.ts';
import { minhashLayout } from './layout.ts';
import { exists, markDone, readWhole, streamBytes, writeWhole } from './store.ts';

/** The high 32-bit word of a first hash is below 2^29 (hashes are below 2^61 − 1). */
const HIGH_WORDS = 2 ** 29;

/** The range of first-hash high words that hash range g of `ranges` covers: [lo, hi). */
export const hashRange = (g: number, ranges: number): [number, number] => [
  Math.floor((g * HIGH_WORDS) / ranges),
  Math.floor(((g + 1) * HIGH_WORDS) / ranges),
];

export async function readManifest(dir: string): Promise<MinhashManifest> {
  const layout = minhashLayout(dir);
  if (!(await exists(layout.manifest)))
    throw fileDataError(layout.manifest, 'no MinHash manifest: run the signatures stage first');
  return parseManifest((await readWhole(layout.manifest)).toString('utf8'), layout.manifest);
}

/** Refuses to go on unless every rank of the signature stage has its marker. */
export async function checkSignaturesDone(dir: string, m: MinhashManifest): Promise<void> {
  const layout = minhashLayout(dir);
  const missing: number[] = [];
  for (let r = 0; r < m.world; r++) if (!(await exists(layout.signaturesDone(r)))) missing.push(r);
  if (missing.length) {
    throw fileDataError(
      layout.signaturesDone(missing[0]!),
      `signature ranks ${missing.join(', ')} of ${m.world} are not complete: run them first`,
    );
  }
}

/** One sorted signature file being read: its current chunk and position. */
class SigReader {
  words: Uint32Array = new Uint32Array(0);
  index = 0;
  count = 0;
  private readonly it: AsyncIterator<Buffer>;
  private readonly last: Uint32Array;
  private hasLast = false;
  private seen = 0;

  constructor(
    readonly source: string,
    chunks: AsyncIterable<Buffer>,
    private readonly hashes: number,
  ) {
    this.it = chunks[Symbol.asyncIterator]();
    this.last = new Uint32Array(2 * hashes + 2);
  }

  /** Moves to the next record; false at the end. Refuses a record smaller than the one before. */
  async next(): Promise<boolean> {
    const words = 2 * this.hashes + 2;
    if (this.count) {
      this.last.set(this.words.subarray(this.index * words, (this.index + 1) * words));
      this.hasLast = true;
      this.index++;
    }
    while (this.index >= this.count) {
      const r = await this.it.next();
      if (r.done) return false;
      this.words = wordsOf(r.value);
      this.index = 0;
      this.count = r.value.length / signatureRecordBytes(this.hashes);
    }
    this.seen++;
    if (
      this.hasLast &&
      compareSignatureRecords(this.last, 0, this.words, this.index, this.hashes) > 0
    ) {
      throw new DataError(
        `record ${this.seen} is smaller than the one before it (the file is not sorted; rerun its signature rank)`,
        this.source,
        `records[${this.seen}]`,
      );
    }
    return true;
  }
}

export interface BucketTask {
  readonly dir: string;
  readonly bucket: number;
  /** This task's hash range and how many ranges the bucket is split into (default 0 of 1). */
  readonly range?: number;
  readonly ranges?: number;
}

/** Runs stage 2 for one bucket and hash range (skipped when its marker exists); returns the pair count. */
export async function findPairs(t: BucketTask): Promise<{ pairs: number; skipped: boolean }> {
  const range = t.range ?? 0;
  const ranges = t.ranges ?? 1;
  const layout = minhashLayout(t.dir);
  const m = await readManifest(t.dir);
  if (!Number.isInteger(t.bucket) || t.bucket < 0 || t.bucket >= m.minhash.numBuckets) {
    throw new RangeError(
      `Expected a bucket from 0 to ${m.minhash.numBuckets - 1}, got ${t.bucket}`,
    );
  }
  const done = layout.pairsDone(t.bucket, range);
  if (await exists(done))
    return {
      ...(JSON.parse((await readWhole(done)).toString('utf8')) as { pairs: number }),
      skipped: true,
    };
  await checkSignaturesDone(t.dir, m);
  const hashes = m.minhash.hashesPerBucket;
  const words = 2 * hashes + 2;
  const [lo, hi] = hashRange(range, ranges);
  const readers: SigReader[] = [];
  for (let r = 0; r < m.world; r++) {
    const path = layout.signature(t.bucket, r);
    const expect = {
      kind: 'signatures' as const,
      config: m.config,
      fields: { bucket: t.bucket, rank: r },
    };
    readers.push(
      new SigReader(path, streamMinhashRecords(streamBytes(path), path, expect), hashes),
    );
  }
  // A binary min-heap of readers by their current record.
  const heap: SigReader[] = [];
  const less = (a: SigReader, b: SigReader): boolean =>
    compareSignatureRecords(a.words, a.index, b.words, b.index, hashes) < 0;
  const push = (x: SigReader): void => {
    let i = heap.push(x) - 1;
    while (i > 0 && less(heap[i]!, heap[(i - 1) >> 1]!)) {
      [heap[i], heap[(i - 1) >> 1]] = [heap[(i - 1) >> 1]!, heap[i]!];
      i = (i - 1) >> 1;
    }
  };
  const siftDown = (): void => {
    for (let i = 0; ;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && less(heap[l]!, heap[m]!)) m = l;
      if (r < heap.length && less(heap[r]!, heap[m]!)) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m]!, heap[i]!];
      i = m;
    }
  };
  for (const r of readers) if (await r.next()) push(r);

  let out = Buffer.alloc(PAIR_BYTES * 1024);
  let pairs = 0;
  const prev = new Uint32Array(words);
  let hasPrev = false;
  while (heap.length) {
    const r = heap[0]!;
    const high = r.words[r.index * words + 1]!;
    if (high >= lo && high < hi) {
      if (hasPrev && sameSignature(prev, 0, r.words, r.index, hashes)) {
        if ((pairs + 1) * PAIR_BYTES > out.length)
          out = Buffer.concat([out, Buffer.alloc(out.length)]);
        const o = pairs * PAIR_BYTES;
        out.writeUInt32LE(prev[2 * hashes]!, o);
        out.writeUInt32LE(prev[2 * hashes + 1]!, o + 4);
        out.writeUInt32LE(r.words[r.index * words + 2 * hashes]!, o + 8);
        out.writeUInt32LE(r.words[r.index * words + 2 * hashes + 1]!, o + 12);
        pairs++;
      }
      prev.set(r.words.subarray(r.index * words, (r.index + 1) * words));
      hasPrev = true;
    }
    if (await r.next()) siftDown();
    else {
      heap[0] = heap[heap.length - 1]!;
      heap.pop();
      siftDown();
    }
  }
  const body = out.subarray(0, pairs * PAIR_BYTES);
  await writeWhole(
    layout.pairs(t.bucket, range),
    serializeMinhashFile('pairs', m.config, PAIR_BYTES, body, { bucket: t.bucket, range, ranges }),
  );
  await markDone(done, { bucket: t.bucket, range, ranges, pairs });
  return { pairs, skipped: false };
}
