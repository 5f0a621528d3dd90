/**
 * Stages 2 and 3 of exact dedup.
 *
 * merge (one task per hash partition): the k-way merge of every rank's sorted file of the
 * partition brings equal texts together, ordered by (shard, line, start): the first is the
 * original, every later one a finding (a duplicate document naming the first, or a duplicate
 * paragraph span). Findings are sorted by (shard, line) in bounded memory and written out.
 *
 * collect (one task): the k-way merge of the partitions' findings, grouped by document, is
 * `DIR/exact.jsonl` (formats/exact.ts), streamed out, with the counts in its header.
 *
 * Memory: the sort budget plus one read buffer per input file (ranks, then partitions).
 */
import { fileDataError } from '../errors.ts';
import * as store from '../io/store.ts';
import {
  DUP_RECORD_BYTES,
  HASH_GROUP_BYTES,
  HASH_RECORD_BYTES,
  KIND_DOCUMENT,
  parseExactManifest,
  readDupRecord,
  readExactFile,
  readHashRecord,
  writeDupRecord,
  type ExactManifest,
} from '../formats/exact-hashes.ts';
import {
  parseExactHeader,
  serializeExactHeader,
  serializeExactRow,
  type ExactHeader,
} from '../formats/exact.ts';
import { ExternalSorter, mergeSorted } from './external-sort.ts';
import { DEFAULT_EXACT_MEMORY, writeExactFile, type HashRankResult } from './exact-hash.ts';
import { exactLayout } from './layout.ts';
import { exists, markDone, readWhole, streamBytes } from './store.ts';

export async function readExactManifest(dir: string): Promise<ExactManifest> {
  const path = exactLayout(dir).manifest;
  if (!(await exists(path)))
    throw fileDataError(path, 'no exact-dedup manifest: run the hashes stage first');
  return parseExactManifest((await readWhole(path)).toString('utf8'), path);
}

/** The markers of `count` tasks, refusing to go on while any is missing. */
async function markers<T>(count: number, path: (i: number) => string, what: string): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < count; i++) {
    if (!(await exists(path(i))))
      throw fileDataError(path(i), `${what} ${i} of ${count} is not complete: run it first`);
    out.push(JSON.parse((await readWhole(path(i))).toString('utf8')) as T);
  }
  return out;
}

export interface MergePartResult {
  readonly part: number;
  readonly skipped: boolean;
  readonly duplicates: number;
  readonly duplicate_paragraphs: number;
  readonly spills: number;
}

/** Runs stage 2 for one partition (skipped when its marker exists). */
export async function mergePart(o: {
  dir: string;
  part: number;
  memory?: number;
  tmp?: string;
}): Promise<MergePartResult> {
  const layout = exactLayout(o.dir);
  if (await exists(layout.dupsDone(o.part))) {
    const done = JSON.parse((await readWhole(layout.dupsDone(o.part))).toString('utf8'));
    return { ...(done as MergePartResult), skipped: true };
  }
  const m = await readExactManifest(o.dir);
  await markers(m.world, layout.hashesDone, 'hashes rank');
  const inputs = Array.from({ length: m.world }, (_, rank) =>
    readExactFile(streamBytes(layout.hashes(o.part, rank)), layout.hashes(o.part, rank), {
      kind: 'hashes',
      fields: { part: o.part, parts: m.parts, rank, world: m.world },
    }),
  );
  const sorter = new ExternalSorter(DUP_RECORD_BYTES, o.memory ?? DEFAULT_EXACT_MEMORY, o.tmp);
  const dup = Buffer.alloc(DUP_RECORD_BYTES);
  const group = Buffer.alloc(HASH_GROUP_BYTES);
  let first: ReturnType<typeof readHashRecord> | null = null;
  let duplicates = 0;
  let paragraphs = 0;
  try {
    for await (const chunk of mergeSorted(inputs, HASH_RECORD_BYTES)) {
      for (let at = 0; at < chunk.length; at += HASH_RECORD_BYTES) {
        const r = chunk.subarray(at, at + HASH_RECORD_BYTES);
        const f = readHashRecord(r);
        if (first && r.compare(group, 0, HASH_GROUP_BYTES, 0, HASH_GROUP_BYTES) === 0) {
          if (f.kind === KIND_DOCUMENT) {
            writeDupRecord(dup, f.shard, f.line, f.kind, first.shard, first.line);
            duplicates++;
          } else {
            writeDupRecord(dup, f.shard, f.line, f.kind, f.start, f.end);
            paragraphs++;
          }
          const spilled = sorter.push(dup);
          if (spilled) await spilled;
        } else {
          first = f;
          r.copy(group, 0, 0, HASH_GROUP_BYTES);
        }
      }
    }
    await writeExactFile(
      layout.dups(o.part),
      'duplicates',
      { part: o.part, parts: m.parts },
      sorter.sorted(),
      DUP_RECORD_BYTES,
    );
  } finally {
    await sorter.discard(); // the spilled runs, also when a hash file was refused
  }
  const result: MergePartResult = {
    part: o.part,
    skipped: false,
    duplicates,
    duplicate_paragraphs: paragraphs,
    spills: sorter.spills,
  };
  await markDone(layout.dupsDone(o.part), result);
  return result;
}

export interface CollectResult {
  readonly skipped: boolean;
  readonly documents: number;
  readonly duplicates: number;
  readonly duplicate_paragraphs: number;
}

/**
 * The counts of a finished exact-dedup run under `dir` (exact.jsonl's header), or null when
 * collect has not run: for the report.
 */
export async function readExactSummary(
  dir: string,
): Promise<Pick<ExactHeader, 'documents' | 'duplicates' | 'duplicate_paragraphs'> | null> {
  const path = exactLayout(dir).findings;
  if (!(await exists(path))) return null;
  const head = (await readWhole(path)).toString('utf8').split('\n', 1)[0]!;
  const h = parseExactHeader(head, path);
  return {
    documents: h.documents,
    duplicates: h.duplicates,
    duplicate_paragraphs: h.duplicate_paragraphs,
  };
}

/** Runs stage 3: `DIR/exact.jsonl` from every partition's findings (skipped when it exists). */
export async function collectFindings(o: { dir: string }): Promise<CollectResult> {
  const layout = exactLayout(o.dir);
  const done = await readExactSummary(o.dir);
  if (done) return { skipped: true, ...done };
  const m = await readExactManifest(o.dir);
  const ranks = await markers<HashRankResult>(m.world, layout.hashesDone, 'hashes rank');
  const parts = await markers<MergePartResult>(m.parts, layout.dupsDone, 'merge part');
  const summary = {
    documents: ranks.reduce((s, r) => s + r.documents, 0),
    duplicates: parts.reduce((s, p) => s + p.duplicates, 0),
    duplicate_paragraphs: parts.reduce((s, p) => s + p.duplicate_paragraphs, 0),
  };
  const inputs = Array.from({ length: m.parts }, (_, part) =>
    readExactFile(streamBytes(layout.dups(part)), layout.dups(part), {
      kind: 'duplicates',
      fields: { part, parts: m.parts },
    }),
  );
  const out = await store.open(layout.findings);
  try {
    await out.write(
      serializeExactHeader({ min_paragraph: m.min_paragraph, shards: m.shards, ...summary }),
    );
    type Row = { shard: number; line: number; dup: [number, number] | null; p: [number, number][] };
    let doc: Row | null = null;
    const flush = async (): Promise<void> => {
      if (doc) await out.write(serializeExactRow(doc.shard, doc.line, doc.dup, doc.p));
    };
    for await (const chunk of mergeSorted(inputs, DUP_RECORD_BYTES)) {
      for (let at = 0; at < chunk.length; at += DUP_RECORD_BYTES) {
        const r = readDupRecord(chunk.subarray(at, at + DUP_RECORD_BYTES));
        if (!doc || doc.shard !== r.shard || doc.line !== r.line) {
          await flush();
          doc = { shard: r.shard, line: r.line, dup: null, p: [] };
        }
        if (r.kind === KIND_DOCUMENT) doc.dup = [r.a, r.b];
        else doc.p.push([r.a, r.b]);
      }
    }
    await flush();
  } catch (e) {
    await out.abort();
    throw e;
  }
  await out.close();
  return { skipped: false, ...summary };
}
