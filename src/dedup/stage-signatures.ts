/**
 * Stage 1 of MinHash dedup: one rank signs its shards (shard i belongs to rank i mod world) and
 * writes, per bucket, its records sorted by (hashes, shard, line) with a checksummed header.
 * Documents are numbered by (shard index in the manifest, line), not by position in a rank, so
 * any split into ranks yields the same pairs and the same clusters.
 *
 * Memory: the rank's records are held until they are sorted, 8·(hashes + 1) bytes per bucket
 * and signed document (1 KiB with the defaults); more ranks mean smaller ranks.
 */
import { DataError } from '../errors.ts';
import type { ShardInput } from '../io/reader.ts';
import type { ReadOptions } from '../io/reader.ts';
import { documentsOf } from './documents.ts';
import { parseManifest, serializeManifest } from '../formats/minhash-manifest.ts';
import {
  compareSignatureRecords,
  serializeMinhashFile,
  signatureRecordBytes,
  wordsOf,
} from '../formats/minhash.ts';
import { configName, type MinhashConfig } from './config.ts';
import { minhashLayout } from './layout.ts';
import { Signer } from './signature.ts';
import { exists, markDone, readWhole, writeWhole } from './store.ts';

export interface SignaturesOptions {
  /** Every input shard, sorted by name (the same list on every rank). */
  readonly shards: readonly ShardInput[];
  readonly dir: string;
  readonly config: MinhashConfig;
  readonly rank: number;
  readonly world: number;
  readonly read?: Partial<ReadOptions>;
  /** Called per document with its line's size in bytes (progress). */
  readonly onDoc?: (bytes: number) => void;
}

export interface SignaturesResult {
  readonly rank: number;
  /** True when the rank's marker existed and nothing was done. */
  readonly skipped: boolean;
  readonly shards: number;
  readonly docs: number;
  /** Documents with a signature (the others have fewer than n_grams words). */
  readonly signed: number;
  /** Lines that were not documents (malformed, oversize): counted, not signed. */
  readonly errors: number;
}

/** A growable byte buffer of fixed-size records. */
class Records {
  private buf: Buffer;
  length = 0;
  constructor(private readonly size: number) {
    this.buf = Buffer.alloc(size * 1024);
  }
  push(sig: Uint8Array, from: number, hashes: number, shard: number, line: number): void {
    if (this.length + this.size > this.buf.length) {
      const next = Buffer.alloc(this.buf.length * 2);
      this.buf.copy(next, 0, 0, this.length);
      this.buf = next;
    }
    this.buf.set(sig.subarray(from, from + 8 * hashes), this.length);
    this.buf.writeUInt32LE(shard, this.length + 8 * hashes);
    this.buf.writeUInt32LE(line, this.length + 8 * hashes + 4);
    this.length += this.size;
  }
  /** The records sorted by (hashes, shard, line). */
  sorted(hashes: number): Buffer {
    const n = this.length / this.size;
    const words = wordsOf(this.buf.subarray(0, this.length));
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    order.sort((i, j) => compareSignatureRecords(words, i, words, j, hashes));
    const out = Buffer.alloc(this.length);
    for (let k = 0; k < n; k++)
      this.buf.copy(out, k * this.size, order[k]! * this.size, (order[k]! + 1) * this.size);
    return out;
  }
}

/** Writes the manifest, or checks that the one there describes the same run. */
export async function ensureManifest(
  dir: string,
  config: MinhashConfig,
  world: number,
  shards: readonly ShardInput[],
): Promise<void> {
  const layout = minhashLayout(dir);
  const text = serializeManifest({
    config: configName(config),
    minhash: config,
    world,
    shards: shards.map((s) => s.name),
  });
  if (await exists(layout.manifest)) {
    const have = parseManifest(
      (await readWhole(layout.manifest)).toString('utf8'),
      layout.manifest,
    );
    if (serializeManifest(have) !== text) {
      throw new DataError(
        `this folder holds a MinHash run of other inputs, config or world (${have.shards.length} shards, world ${have.world}, ${have.config}); use a new output folder`,
        layout.manifest,
        1,
      );
    }
    return;
  }
  await writeWhole(layout.manifest, text);
}

/** Runs stage 1 for one rank (skipped when its marker exists). */
export async function signRank(o: SignaturesOptions): Promise<SignaturesResult> {
  const layout = minhashLayout(o.dir);
  const mine = o.shards
    .map((s, index) => ({ s, index }))
    .filter(({ index }) => index % o.world === o.rank);
  await ensureManifest(o.dir, o.config, o.world, o.shards);
  if (await exists(layout.signaturesDone(o.rank))) {
    const done = JSON.parse(
      (await readWhole(layout.signaturesDone(o.rank))).toString('utf8'),
    ) as SignaturesResult;
    return { ...done, skipped: true };
  }
  const signer = await Signer.open(o.config);
  const { numBuckets, hashesPerBucket } = o.config;
  const size = signatureRecordBytes(hashesPerBucket);
  const buckets = Array.from({ length: numBuckets }, () => new Records(size));
  let docs = 0;
  let signed = 0;
  let errors = 0;
  for (const { s, index } of mine) {
    for await (const doc of documentsOf(s, o.read, () => errors++)) {
      docs++;
      o.onDoc?.(doc.raw.length + 1);
      const sig = signer.sign(doc.text);
      if (!sig) continue;
      signed++;
      for (let b = 0; b < numBuckets; b++)
        buckets[b]!.push(sig, 8 * hashesPerBucket * b, hashesPerBucket, index, doc.line);
    }
  }
  const name = configName(o.config);
  for (let b = 0; b < numBuckets; b++) {
    const body = buckets[b]!.sorted(hashesPerBucket);
    await writeWhole(
      layout.signature(b, o.rank),
      serializeMinhashFile('signatures', name, size, body, {
        bucket: b,
        rank: o.rank,
        world: o.world,
      }),
    );
  }
  const result: SignaturesResult = {
    rank: o.rank,
    skipped: false,
    shards: mine.length,
    docs,
    signed,
    errors,
  };
  await markDone(layout.signaturesDone(o.rank), result);
  return result;
}
