/**
 * The `run` flow: many shards into a run directory (DIR/kept, dropped, errors, stats, timings,
 * done per shard, DIR/run.json), in worker threads or in this thread, resumable (shards with a
 * completion marker are skipped), a rank's share with `rank`/`world`, and DIR/stats.json merged
 * at the end when one process covered every shard. Directory mode lives here once: `filter -o`
 * is this with the shards read in-process. Inputs and DIR may be on S3.
 */
import type { FilterConfig } from '../config/config.ts';
import { UsageError } from '../errors.ts';
import { openShardContext, type ShardTaskSetup } from '../exec/context.ts';
import { checkGate, type GateOptions, type GateResult } from '../exec/gate.ts';
import { writeMergedStats } from '../exec/merge.ts';
import { runShards } from '../exec/pool.ts';
import { claimRunDir, filterShardToDir, runSettings, shardDone } from '../exec/shard-dir.ts';
import type { QualityModel } from '../formats/model.ts';
import { refuseOutputsOverInputs } from '../io/overlap.ts';
import type { ReadOptions, ShardInput } from '../io/reader.ts';
import { resolveShards, shardsOfRank } from '../io/shards.ts';
import type { Stats } from '../stats/stats.ts';
import type { Vocabulary } from '../vocab/vocabulary.ts';
import { noProgress, type StartProgress } from './progress.ts';

export { DEFAULT_MAX_FDR, type GateOptions, type GateResult } from '../exec/gate.ts';
export type { ReadOptions } from '../io/reader.ts';

/** What filter and run share: the filter, the gate, reading and what the run writes. */
export interface FilterRunOptions {
  config: FilterConfig;
  vocabulary?: Vocabulary | null;
  models?: Map<string, QualityModel>;
  fingerprint: string;
  /** The audit gate (dropping needs an audit within budget, or `unaudited`). */
  gate: GateOptions;
  read: ReadOptions;
  onError?: 'skip' | 'fail';
  /** Write dropped records (default) or discard them. */
  keepDropped?: boolean;
  /** gzip outputs (true/false), or follow the input (unset). */
  compress?: boolean | undefined;
  /** Told what the gate allowed, before anything is written (its notes are for stderr). */
  onGate?: (gate: GateResult) => void;
  /** Told of a shard with no lines (not an error, never silent). */
  onEmptyShard?: (shard: string) => void;
  /** Warnings about the run directory (an earlier run's settings), as lines for stderr. */
  log?: (text: string) => void;
  progress?: StartProgress;
}

export interface RunFlowOptions extends FilterRunOptions {
  /** Shards: files, directories, globs or s3:// prefixes (not stdin). */
  input: readonly string[];
  /** The run directory or s3:// prefix. */
  out: string;
  /** Worker threads (one tokenizer each). */
  workers: number;
  rank?: number;
  world?: number;
}

export interface RunFlowResult {
  /** The merged DIR/stats.json; null in rank mode (world > 1), which `merge` completes. */
  stats: Stats | null;
  /** Stats of the shards this process filtered (skipped ones not included). */
  ran: Stats[];
  /** This rank's shards, and how many of them were complete already. */
  shards: number;
  skipped: number;
}

/** The gate's answer, told to the caller; refuses (GateError) when dropping is not allowed. */
export async function openGate(
  o: Pick<FilterRunOptions, 'gate' | 'fingerprint' | 'onGate'>,
): Promise<GateResult> {
  const gate = await checkGate(o.gate, o.fingerprint);
  o.onGate?.(gate);
  return gate;
}

/** The plain data every thread that filters a shard sets up from. */
export const taskSetup = (o: FilterRunOptions, gate: GateResult, dir: string): ShardTaskSetup => ({
  config: o.config,
  vocabulary: o.vocabulary ?? null,
  ...(o.models && { models: o.models }),
  fingerprint: o.fingerprint,
  audited: gate.audited,
  gateMaxFdr: gate.maxFdr,
  acceptedForeign: gate.acceptedForeign,
  read: o.read,
  onError: o.onError ?? 'skip',
  dir,
  dirOptions: {
    keepDropped: o.keepDropped ?? true,
    ...(o.compress !== undefined && { compress: o.compress }),
  },
});

/**
 * Directory mode: claims DIR (run.json), filters `mine` (of `all`) that have no completion
 * marker, in `workers` threads or, without, in this thread, and merges DIR/stats.json when
 * `merge` (this process covered every shard).
 */
export async function runDirectory(
  all: readonly ShardInput[],
  mine: readonly ShardInput[],
  setup: ShardTaskSetup,
  o: FilterRunOptions,
  how: { workers?: number; merge: boolean },
): Promise<RunFlowResult> {
  const dir = setup.dir;
  const log = o.log ?? (() => {});
  await claimRunDir(
    dir,
    runSettings(setup.fingerprint, setup.read, setup.dirOptions),
    all.map((s) => s.name),
    log,
  );
  const progress = (o.progress ?? noProgress)(mine.length);
  let skipped = 0;
  let ran: Stats[] = [];
  try {
    if (how.workers === undefined) {
      const { ctx, close } = openShardContext(setup);
      ctx.onDoc = (b) => progress.doc(b);
      try {
        for (const s of mine) {
          const complete = await shardDone(dir, s.name);
          if (complete) skipped++;
          else {
            const st = await filterShardToDir(s, dir, ctx, setup.dirOptions);
            if (st.lines === 0 && !Object.keys(st.failed).length) o.onEmptyShard?.(s.name);
            ran.push(st);
          }
          progress.shardDone(complete);
        }
      } finally {
        close();
      }
    } else {
      ran = await runShards(mine, setup, {
        workers: how.workers,
        onProgress: (bytes, docs) => progress.docs?.(docs, bytes),
        onShardDone: (_, wasSkipped) => {
          if (wasSkipped) skipped++;
          progress.shardDone(wasSkipped);
        },
      });
      for (const s of ran)
        if (s.lines === 0 && !Object.keys(s.failed).length) o.onEmptyShard?.(s.shards[0] ?? '?');
    }
  } finally {
    progress.end();
  }
  const stats = how.merge
    ? await writeMergedStats(
        dir,
        all.map((s) => s.name),
      )
    : null;
  return { stats, ran, shards: mine.length, skipped };
}

export async function run(o: RunFlowOptions): Promise<RunFlowResult> {
  if (!Number.isInteger(o.workers) || o.workers < 1)
    throw new UsageError(`Expected \`--workers\` to be an integer >= 1, got ${o.workers}`);
  const gate = await openGate(o);
  const all = await resolveShards(o.input);
  if (all.some((s) => s.path === '-'))
    throw new UsageError('run reads files, not stdin; use filter - for a pipe');
  refuseOutputsOverInputs(o.input, all, [{ flag: '-o', path: o.out, dir: true }]);
  const world = o.world ?? 1;
  const mine = shardsOfRank(all, o.rank ?? 0, world);
  return runDirectory(all, mine, taskSetup(o, gate, o.out), o, {
    workers: o.workers,
    merge: world === 1,
  });
}
