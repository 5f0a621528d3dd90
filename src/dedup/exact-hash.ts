/**
 * Stage 1 of exact dedup: one rank (shard i belongs to rank i mod world) hashes every document's
 * normalised text and every paragraph of at least min_paragraph code points, sorts the records
 * in bounded memory (ExternalSorter: spills runs to local disk past `memory` bytes) and streams
 * them out split by hash partition, one sorted file per partition. Documents are known by
 * (shard index in the manifest, line), so any split into ranks yields the same findings.
 */
import { createHash } from 'node:crypto';
import { DataError } from '../errors.ts';
import * as store from '../io/store.ts';
import {
  exactFileFoot,
  exactFileHead,
  HASH_RECORD_BYTES,
  KIND_DOCUMENT,
  KIND_PARAGRAPH,
  parseExactManifest,
  partitionOf,
  serializeExactManifest,
  writeHashRecord,
  type ExactFileKind,
} from '../formats/exact-hashes.ts';
import { documentsOf } from './documents.ts';
import { hash128Bytes, normaliseDocument, paragraphs } from './exact.ts';
import { ExternalSorter } from './external-sort.ts';
import { exactLayout } from './layout.ts';
import type { SignaturesOptions } from './stage-signatures.ts';
import { exists, markDone, readWhole, writeWhole } from './store.ts';

/** Default sort memory per task: 256 MiB. */
export const DEFAULT_EXACT_MEMORY = 256 * 1024 * 1024;

/** A signature rank's options without the MinHash config, plus the exact-dedup settings. */
export interface HashRankOptions extends Omit<SignaturesOptions, 'config'> {
  readonly minParagraph: number;
  readonly parts: number;
  /** Sort memory in bytes (default DEFAULT_EXACT_MEMORY). */
  readonly memory?: number;
  /** Local folder for spilled runs (default the OS temporary folder). */
  readonly tmp?: string;
}

export interface HashRankResult {
  readonly rank: number;
  readonly skipped: boolean;
  readonly shards: number;
  readonly documents: number;
  /** Lines that were not documents (malformed, oversize): counted, not hashed. */
  readonly errors: number;
  readonly records: number;
  /** Sorted runs written to disk (0: the rank fitted in memory). */
  readonly spills: number;
}

/** Writes the manifest, or checks that the one there describes the same run. */
export async function ensureExactManifest(
  dir: string,
  m: { min_paragraph: number; world: number; parts: number; shards: readonly string[] },
): Promise<void> {
  const path = exactLayout(dir).manifest;
  const text = serializeExactManifest(m);
  if (await exists(path)) {
    const have = parseExactManifest((await readWhole(path)).toString('utf8'), path);
    if (serializeExactManifest(have) !== text)
      throw new DataError(
        `this folder holds an exact-dedup run of other inputs or settings (${have.shards.length} ` +
          `shards, world ${have.world}, parts ${have.parts}, min_paragraph ` +
          `${have.min_paragraph}); use a new output folder`,
        path,
        1,
      );
    return;
  }
  await writeWhole(path, text);
}

/** Streams `records` (chunks of whole records) into a stage file with header and footer. */
export async function writeExactFile(
  path: string,
  kind: ExactFileKind,
  fields: Readonly<Record<string, unknown>>,
  records: AsyncIterable<Buffer> | readonly Buffer[],
  recordBytes: number,
): Promise<number> {
  const out = await store.open(path);
  const hash = createHash('sha256');
  let n = 0;
  try {
    await out.write(exactFileHead(kind, fields));
    for await (const chunk of records) {
      hash.update(chunk);
      n += chunk.length / recordBytes;
      await out.write(chunk);
    }
    await out.write(exactFileFoot(n, hash.digest()));
  } catch (e) {
    await out.abort();
    throw e;
  }
  await out.close();
  return n;
}

/** Runs stage 1 for one rank (skipped when its marker exists). */
export async function hashRank(o: HashRankOptions): Promise<HashRankResult> {
  const layout = exactLayout(o.dir);
  await ensureExactManifest(o.dir, {
    min_paragraph: o.minParagraph,
    world: o.world,
    parts: o.parts,
    shards: o.shards.map((s) => s.name),
  });
  if (await exists(layout.hashesDone(o.rank))) {
    const done = JSON.parse((await readWhole(layout.hashesDone(o.rank))).toString('utf8'));
    return { ...(done as HashRankResult), skipped: true };
  }
  const mine = o.shards
    .map((s, index) => ({ s, index }))
    .filter(({ index }) => index % o.world === o.rank);
  const sorter = new ExternalSorter(HASH_RECORD_BYTES, o.memory ?? DEFAULT_EXACT_MEMORY, o.tmp);
  const rec = Buffer.alloc(HASH_RECORD_BYTES);
  let documents = 0;
  let errors = 0;
  for (const { s, index } of mine) {
    for await (const doc of documentsOf(s, o.read, () => errors++)) {
      documents++;
      o.onDoc?.(doc.raw.length + 1);
      const h = hash128Bytes(normaliseDocument(doc.text));
      // push returns a promise only when it spills a run: no await per record otherwise.
      const spilled = sorter.push(writeHashRecord(rec, h, KIND_DOCUMENT, index, doc.line));
      if (spilled) await spilled;
      for (const p of paragraphs(doc.text, o.minParagraph)) {
        const h = Buffer.from(p.hash, 'hex');
        const spilled = sorter.push(
          writeHashRecord(rec, h, KIND_PARAGRAPH, index, doc.line, p.start, p.end),
        );
        if (spilled) await spilled;
      }
    }
  }
  const records = sorter.count;
  // The sorted records run through the partitions in order: one file each, empty ones too.
  const sorted = sorter.sorted()[Symbol.asyncIterator]();
  let carry: Buffer | null = null;
  try {
    for (let part = 0; part < o.parts; part++) {
      async function* ofPart(): AsyncGenerator<Buffer> {
        for (;;) {
          const chunk = carry ?? (await nextChunk());
          carry = null;
          if (!chunk) return;
          let cut = 0;
          while (cut < chunk.length && partitionOf(chunk.subarray(cut), o.parts) === part)
            cut += HASH_RECORD_BYTES;
          if (cut) yield chunk.subarray(0, cut);
          if (cut < chunk.length) {
            carry = chunk.subarray(cut);
            return;
          }
        }
      }
      await writeExactFile(
        layout.hashes(part, o.rank),
        'hashes',
        { part, parts: o.parts, rank: o.rank, world: o.world },
        ofPart(),
        HASH_RECORD_BYTES,
      );
    }
  } finally {
    await sorted.return?.(undefined); // removes spilled runs when a write failed
  }
  async function nextChunk(): Promise<Buffer | null> {
    const r = await sorted.next();
    return r.done ? null : r.value;
  }
  const result: HashRankResult = {
    rank: o.rank,
    skipped: false,
    shards: mine.length,
    documents,
    errors,
    records,
    spills: sorter.spills,
  };
  await markDone(layout.hashesDone(o.rank), result);
  return result;
}
