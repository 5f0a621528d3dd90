/**
 * The `filter` flow, in three modes:
 *   dry run     decisions (and stats) only; drops nothing, needs no audit
 *   `out` DIR   directory mode (src/flows/run.ts's, in this thread)
 *   pipe        kept lines on stdout; dropped records to `dropped`, or discarded when asked
 * Dropping data needs the audit gate (an audit within budget, or `unaudited`).
 */
import { UsageError } from '../errors.ts';
import { openShardContext } from '../exec/context.ts';
import { filterShard, type Sinks } from '../exec/filter-shard.ts';
import type { GateResult } from '../exec/gate.ts';
import { hasEarlierFile, openErrorSink } from '../io/error-sink.ts';
import { refuseOutputsOverInputs } from '../io/overlap.ts';
import type { ShardInput } from '../io/reader.ts';
import { resolveShards } from '../io/shards.ts';
import { LineWriter, openOutput, stdoutOutput, writeFileAtomic } from '../io/writer.ts';
import { mergeAll, statsJson, type Stats } from '../stats/stats.ts';
import { noProgress } from './progress.ts';
import { openGate, runDirectory, taskSetup, type FilterRunOptions } from './run.ts';

export interface FilterFlowOptions extends FilterRunOptions {
  /** Files, directories, globs, or `-` for stdin. */
  shards: readonly string[];
  /** Directory mode: the run directory or s3:// prefix. */
  out?: string | undefined;
  /** Decisions and stats only; drops nothing, needs no audit. */
  dryRun?: boolean;
  /** Dry run: the decisions file (default: stdout). */
  decisions?: string | undefined;
  /** Pipe mode: the file for dropped records. */
  dropped?: string | undefined;
  /** Pipe mode: throw dropped records away (must be asked for). */
  discardDropped?: boolean;
  /** Pipe mode and dry runs: the errors file (created only if a line is bad). */
  errors: string;
  /** Pipe mode and dry runs: where the stats JSON goes. */
  stats?: string | undefined;
}

export interface FilterFlowResult {
  stats: Stats;
  /** Pipe mode and dry runs: bad lines written to the errors file. */
  errors: number;
  /** Pipe mode and dry runs had no bad line, but an errors file from an earlier run is at its path. */
  earlierErrorsFile: boolean;
}

/** Flags of the other modes would be ignored without a word. */
function checkMode(o: FilterFlowOptions): void {
  if (!o.dryRun && !o.out && !o.dropped && !o.discardDropped) {
    throw new UsageError(
      'Pipe mode needs --dropped FILE (dropped records) or an explicit --discard-dropped',
    );
  }
  if (o.dropped && o.discardDropped)
    throw new UsageError('Expected either --dropped FILE or --discard-dropped, not both');
  if (o.decisions !== undefined && !o.dryRun)
    throw new UsageError(
      '--decisions goes with --dry-run (with -o DIR, the dropped records carry their reasons)',
    );
  if (o.dryRun && (o.out || o.dropped || o.discardDropped)) {
    throw new UsageError(
      '--dry-run drops nothing, so it takes no -o, --dropped or --discard-dropped (it writes --decisions and --stats)',
    );
  }
  if (o.out && !o.dryRun) {
    for (const [flag, v] of [
      ['--stats', o.stats],
      ['--dropped', o.dropped],
    ] as const) {
      if (v !== undefined)
        throw new UsageError(
          `${flag} is for pipe mode and dry runs; with -o DIR it goes to DIR (stats.json, dropped/)`,
        );
    }
  }
}

export async function filter(o: FilterFlowOptions): Promise<FilterFlowResult> {
  const gate: GateResult = o.dryRun
    ? { audited: false, maxFdr: null, acceptedForeign: false, notes: [] }
    : await openGate(o);
  checkMode(o);
  const shards = await resolveShards(o.shards);
  refuseOutputsOverInputs(o.shards, shards, [
    { flag: '-o', path: o.out, dir: true },
    { flag: '--decisions', path: o.decisions },
    { flag: '--stats', path: o.stats },
    { flag: '--dropped', path: o.dropped },
    { flag: '--errors', path: o.out ? undefined : o.errors },
  ]);
  // Discarding dropped records, asked for either way, holds in directory mode too.
  const keep = o.discardDropped ? { ...o, keepDropped: false } : o;
  if (o.out && !o.dryRun) {
    const r = await runDirectory(shards, shards, taskSetup(keep, gate, o.out), keep, {
      merge: true,
    });
    return { stats: r.stats!, errors: 0, earlierErrorsFile: false };
  }
  return filterToStreams(shards, o, gate);
}

/** Pipe mode and dry runs: every shard into one set of sinks. */
async function filterToStreams(
  shards: readonly ShardInput[],
  o: FilterFlowOptions,
  gate: GateResult,
): Promise<FilterFlowResult> {
  const { ctx, close } = openShardContext(taskSetup(o, gate, ''));
  const progress = (o.progress ?? noProgress)(shards.length);
  ctx.onDoc = (b) => progress.doc(b);
  try {
    const errors = await openErrorSink(o.errors, true);
    const sinks: Sinks = o.dryRun
      ? { kept: null, dropped: null, errors, decisions: await openOutput(o.decisions ?? '-') }
      : {
          kept: new LineWriter(stdoutOutput()),
          dropped: o.dropped ? new LineWriter(await openOutput(o.dropped)) : null,
          errors,
          decisions: null,
        };
    const list: Stats[] = [];
    for (const s of shards) {
      const st = await filterShard(s, sinks, ctx);
      if (st.lines === 0 && !Object.keys(st.failed).length) o.onEmptyShard?.(s.name);
      list.push(st);
      progress.shardDone();
    }
    await Promise.all([
      sinks.kept?.close(),
      sinks.dropped?.close(),
      sinks.decisions?.close(),
      errors.close(),
    ]);
    const stats = mergeAll(list);
    if (o.stats) await writeFileAtomic(o.stats, statsJson(stats));
    return {
      stats,
      errors: errors.count,
      earlierErrorsFile: !errors.count && hasEarlierFile(errors, o.errors),
    };
  } finally {
    progress.end();
    close();
  }
}
