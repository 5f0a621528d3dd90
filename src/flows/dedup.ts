/**
 * `winnow dedup minhash`: MinHash near-duplicate clustering in stages (signatures → buckets →
 * cluster parts → merge), all in this process (`stage: 'all'`) or one task of one stage, as a
 * Slurm array runs them. Every task is skipped when its completion marker exists, so a killed
 * run resumes where it stopped and gives the same bytes.
 */
import { UsageError } from '../errors.ts';
import type { ReadOptions } from '../io/reader.ts';
import { resolveShards } from '../io/shards.ts';
import { checkConfig, DEFAULT_MINHASH, type MinhashConfig } from '../dedup/config.ts';
import { findPairs } from '../dedup/stage-buckets.ts';
import { mergeClusters, reducePart, type ClusterSummary } from '../dedup/stage-clusters.ts';
import { signRank, type SignaturesResult } from '../dedup/stage-signatures.ts';
import { DEFAULT_EXACT_MEMORY, hashRank, type HashRankResult } from '../dedup/exact-hash.ts';
import {
  collectFindings,
  mergePart,
  readExactManifest,
  type CollectResult,
  type MergePartResult,
} from '../dedup/exact-merge.ts';

export const MINHASH_STAGES = ['all', 'signatures', 'buckets', 'clusters', 'merge'] as const;
export type MinhashStage = (typeof MINHASH_STAGES)[number];

export interface DedupMinhashOptions {
  /** Input shard specs (files, folders, globs, s3://). Needed by the signatures stage. */
  readonly inputs: readonly string[];
  /** Output folder or s3:// prefix. */
  readonly out: string;
  readonly config?: Partial<MinhashConfig>;
  readonly stage?: MinhashStage;
  /** Signature ranks: `world` tasks, this one `rank` (stage signatures). */
  readonly rank?: number;
  readonly world?: number;
  /** Stage buckets: task in [0, num_buckets × ranges); stage clusters: task in [0, parts). */
  readonly task?: number;
  /** Hash ranges per bucket in stage 2 (default 1). */
  readonly ranges?: number;
  /** Bucket groups of stage 3 (default num_buckets). */
  readonly parts?: number;
  readonly read?: Partial<ReadOptions>;
  readonly onDoc?: (bytes: number) => void;
  /** One line per finished task (stderr in the CLI). */
  readonly log?: (line: string) => void;
}

export interface DedupMinhashResult {
  readonly signatures: SignaturesResult[];
  readonly pairs: number;
  readonly summary: ClusterSummary | null;
}

const int = (v: number, lo: number, hi: number, what: string): number => {
  if (!Number.isInteger(v) || v < lo || v > hi)
    throw new UsageError(`Expected \`${what}\` to be an integer from ${lo} to ${hi}, got ${v}`);
  return v;
};

export async function dedupMinhash(o: DedupMinhashOptions): Promise<DedupMinhashResult> {
  let config: MinhashConfig;
  try {
    config = checkConfig({ ...DEFAULT_MINHASH, ...o.config });
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  const stage = o.stage ?? 'all';
  const world = int(o.world ?? 1, 1, 100000, '--world');
  const ranges = int(o.ranges ?? 1, 1, 64, '--ranges');
  const parts = int(o.parts ?? config.numBuckets, 1, config.numBuckets, '--parts');
  const log = o.log ?? (() => {});
  const signatures: SignaturesResult[] = [];
  let pairs = 0;
  let summary: ClusterSummary | null = null;

  if (stage === 'all' || stage === 'signatures') {
    const shards = await resolveShards(o.inputs);
    const ranks =
      stage === 'all'
        ? Array.from({ length: world }, (_, r) => r)
        : [int(o.rank ?? 0, 0, world - 1, '--rank')];
    for (const rank of ranks) {
      const r = await signRank({
        shards,
        dir: o.out,
        config,
        rank,
        world,
        ...(o.read && { read: o.read }),
        ...(o.onDoc && { onDoc: o.onDoc }),
      });
      log(
        `signatures rank ${rank}/${world}: ${r.skipped ? 'already done' : `${r.docs} docs, ${r.signed} signed`}`,
      );
      signatures.push(r);
    }
  }
  if (stage === 'all' || stage === 'buckets') {
    const tasks = config.numBuckets * ranges;
    const list =
      stage === 'all'
        ? Array.from({ length: tasks }, (_, t) => t)
        : [int(o.task ?? 0, 0, tasks - 1, '--task')];
    for (const t of list) {
      const bucket = Math.floor(t / ranges);
      const r = await findPairs({ dir: o.out, bucket, range: t % ranges, ranges });
      log(
        `buckets ${bucket} range ${t % ranges}/${ranges}: ${r.skipped ? 'already done' : `${r.pairs} pairs`}`,
      );
      pairs += r.pairs;
    }
  }
  if (stage === 'all' || stage === 'clusters') {
    const list =
      stage === 'all'
        ? Array.from({ length: parts }, (_, p) => p)
        : [int(o.task ?? 0, 0, parts - 1, '--task')];
    for (const part of list) {
      const r = await reducePart({ dir: o.out, part, parts, ranges });
      log(
        `clusters part ${part}/${parts}: ${r.skipped ? 'already done' : `kept ${r.kept} of ${r.read} pairs`}`,
      );
    }
  }
  if (stage === 'all' || stage === 'merge') {
    summary = await mergeClusters({ dir: o.out, parts });
    log(
      `merge: ${summary.documents} documents in ${summary.clusters} clusters, ${summary.removed} removed`,
    );
  }
  return { signatures, pairs, summary };
}

export const EXACT_STAGES = ['all', 'hashes', 'merge', 'collect'] as const;
export type ExactStage = (typeof EXACT_STAGES)[number];

export interface DedupExactOptions {
  /** Input shard specs (files, folders, globs, s3://). Needed by the hashes stage. */
  readonly inputs: readonly string[];
  /** Output folder or s3:// prefix. */
  readonly out: string;
  /** Paragraphs (lines) shorter than this many code points, stripped, are not compared. */
  readonly minParagraph?: number;
  readonly stage?: ExactStage;
  /** Hash ranks: `world` tasks, this one `rank` (stage hashes). */
  readonly rank?: number;
  readonly world?: number;
  /** Hash partitions (merge tasks); default 8. */
  readonly parts?: number;
  /** Stage merge: the partition. */
  readonly task?: number;
  /** Sort memory per task in bytes before runs spill to disk (default 256 MiB). */
  readonly memory?: number;
  /** Local folder for spilled runs (default the OS temporary folder). */
  readonly tmp?: string;
  readonly read?: Partial<ReadOptions>;
  readonly onDoc?: (bytes: number) => void;
  readonly log?: (line: string) => void;
}

export interface DedupExactResult {
  readonly ranks: HashRankResult[];
  readonly parts: MergePartResult[];
  /** The totals, once collect has run. */
  readonly summary: CollectResult | null;
}

/**
 * `winnow dedup exact`: exact document and paragraph duplicates in stages (hashes per rank →
 * merge per hash partition → collect into DIR/exact.jsonl), all here or one task of one stage;
 * every task is skipped when its marker exists, so a killed run resumes with the same bytes.
 */
export async function dedupExact(o: DedupExactOptions): Promise<DedupExactResult> {
  const stage = o.stage ?? 'all';
  const world = int(o.world ?? 1, 1, 100000, '--world');
  const minParagraph = int(o.minParagraph ?? 20, 1, 1e9, '--min-paragraph');
  const memory = o.memory ?? DEFAULT_EXACT_MEMORY;
  if (!(memory >= 4096))
    throw new UsageError(`Expected \`--memory\` of at least 4 KiB, got ${memory} bytes`);
  const log = o.log ?? (() => {});
  const sort = { memory, ...(o.tmp && { tmp: o.tmp }) };
  const ranks: HashRankResult[] = [];
  const partResults: MergePartResult[] = [];
  let summary: CollectResult | null = null;
  if (stage === 'all' || stage === 'hashes') {
    const parts = int(o.parts ?? 8, 1, 256, '--parts');
    const shards = await resolveShards(o.inputs);
    const list =
      stage === 'all'
        ? Array.from({ length: world }, (_, r) => r)
        : [int(o.rank ?? 0, 0, world - 1, '--rank')];
    for (const rank of list) {
      const r = await hashRank({
        ...{ shards, dir: o.out, minParagraph, rank, world, parts, ...sort },
        ...(o.read && { read: o.read }),
        ...(o.onDoc && { onDoc: o.onDoc }),
      });
      const did = `${r.documents} docs, ${r.records} hashes, ${r.spills} runs spilled`;
      log(`hashes rank ${rank}/${world}: ${r.skipped ? 'already done' : did}`);
      ranks.push(r);
    }
  }
  if (stage === 'all' || stage === 'merge') {
    const { parts } = await readExactManifest(o.out);
    const list =
      stage === 'all'
        ? Array.from({ length: parts }, (_, p) => p)
        : [int(o.task ?? 0, 0, parts - 1, '--task')];
    for (const part of list) {
      const r = await mergePart({ dir: o.out, part, ...sort });
      const did = `${r.duplicates} duplicates, ${r.duplicate_paragraphs} paragraphs`;
      log(`merge part ${part}/${parts}: ${r.skipped ? 'already done' : did}`);
      partResults.push(r);
    }
  }
  if (stage === 'all' || stage === 'collect') {
    summary = await collectFindings({ dir: o.out });
    const s = summary;
    log(
      `collect: ${s.documents} documents, ${s.duplicates} duplicates, ` +
        `${s.duplicate_paragraphs} duplicate paragraphs${s.skipped ? ' (already done)' : ''}`,
    );
  }
  return { ranks, parts: partResults, summary };
}
