/**
 * `winnow filter <shards..|-> (-c FILE | --preset NAME)`:
 *   --dry-run          decisions (and stats) only; drops nothing, needs no audit
 *   -o DIR             DIR/kept, dropped, errors, stats, timings, done per shard, and DIR/stats.json
 *   (pipe mode)        kept lines on stdout; dropped to --dropped FILE or --discard-dropped
 * Dropping data needs the audit gate: --audit FILE or --unaudited.
 */
import type { ArgumentsCamelCase, Argv } from 'yargs';
import { UsageError } from '../../errors.ts';
import { hasEarlierFile, openErrorSink } from '../../io/error-sink.ts';
import { resolveShards } from '../../io/shards.ts';
import { refuseOutputsOverInputs } from '../../io/overlap.ts';
import { LineWriter, openOutput, stdoutOutput, writeFileAtomic } from '../../io/writer.ts';
import { openShardContext } from '../../exec/context.ts';
import { filterShard, type Sinks } from '../../exec/filter-shard.ts';
import { checkGate } from '../../exec/gate.ts';
import { gateNotes, gateOptions, withGateFlags, type GateFlags } from '../gate-flags.ts';
import { writeMergedStats } from '../../exec/merge.ts';
import { claimRunDir, filterShardToDir, runSettings, shardDone } from '../../exec/shard-dir.ts';
import { mergeAll, statsJson, type Stats } from '../../stats/stats.ts';
import { loadConfig, withConfigFlags, type ConfigFlags } from '../config-flags.ts';
import { readOptions, withReadFlags, type ReadFlags } from '../options.ts';
import { startProgress } from '../progress.ts';
import { renderSummary } from '../summary.ts';
import { earlierErrorsLine, emptyShardLine, failedShardsExit } from '../failed.ts';
import type { Io } from '../io.ts';

interface FilterArgs extends GateFlags, ReadFlags, ConfigFlags {
  shards: string[];
  out?: string;
  dryRun: boolean;
  decisions?: string;
  dropped?: string;
  discardDropped: boolean;
  errors: string;
  stats?: string;
  compress?: boolean;
}

export const command = 'filter <shards..>';

export const builder = (y: Argv) =>
  withGateFlags(withConfigFlags(withReadFlags(y)))
    .positional('shards', { type: 'string', array: true, describe: 'Files, directories, globs, or - for stdin' })
    .option('out', { alias: 'o', type: 'string', describe: 'Directory mode: DIR/{kept,dropped,errors,stats,timings,done}/<shard> and DIR/stats.json' })
    .option('dry-run', { type: 'boolean', default: false, describe: 'Write decisions and stats only; drop nothing (needs no audit)' })
    .option('decisions', { type: 'string', describe: 'With --dry-run: {"id","shard","line","keep","reasons"} per document (default: stdout)' })
    .option('dropped', { type: 'string', describe: 'Pipe mode: file for dropped records (with their "winnow" field)' })
    .option('discard-dropped', { type: 'boolean', default: false, describe: 'Pipe mode: throw dropped records away (must be asked for)' })
    .option('errors', { type: 'string', default: 'winnow-errors.jsonl', describe: 'Pipe mode and dry runs: errors file (created only if a line is bad)' })
    .option('stats', { type: 'string', describe: 'Pipe mode and dry runs: write the stats JSON here' })
    .option('compress', { type: 'boolean', describe: 'gzip outputs (default: when the input is compressed)' })
    .example('$0 filter shards/ --preset fineweb --dry-run --decisions d.jsonl', 'what would go, and why')
    .example('$0 filter shards/ --preset fineweb --unaudited -o out/', 'drop, recorded as unaudited')
    .example('zcat p0.jsonl.gz | $0 filter - --preset c4 --unaudited --dropped dropped.jsonl > kept.jsonl', 'pipe mode');

export async function run(a: ArgumentsCamelCase<FilterArgs>, io: Io): Promise<number> {
  const read = readOptions(a);
  const { config, vocabulary, fingerprint: fp, models } = await loadConfig(a);
  const { audited, maxFdr: gateMaxFdr, acceptedForeign, notes } = a.dryRun
    ? { audited: false, maxFdr: null, acceptedForeign: false, notes: [] }
    : await checkGate(gateOptions(a), fp);
  io.err(gateNotes(notes));
  if (!a.dryRun && !a.out && !a.dropped && !a.discardDropped) {
    throw new UsageError('Pipe mode needs --dropped FILE (dropped records) or an explicit --discard-dropped');
  }
  if (a.dropped && a.discardDropped) throw new UsageError('Expected either --dropped FILE or --discard-dropped, not both');
  // Flags of the other modes would be ignored without a word.
  if (a.decisions !== undefined && !a.dryRun) throw new UsageError('--decisions goes with --dry-run (with -o DIR, the dropped records carry their reasons)');
  if (a.dryRun && (a.out || a.dropped || a.discardDropped)) {
    throw new UsageError('--dry-run drops nothing, so it takes no -o, --dropped or --discard-dropped (it writes --decisions and --stats)');
  }
  if (a.out && !a.dryRun) {
    for (const [flag, v] of [['--stats', a.stats], ['--dropped', a.dropped]] as const) {
      if (v !== undefined) throw new UsageError(`${flag} is for pipe mode and dry runs; with -o DIR it goes to DIR (stats.json, dropped/)`);
    }
  }
  const shards = await resolveShards(a.shards);
  refuseOutputsOverInputs(a.shards, shards, [
    { flag: '-o', path: a.out, dir: true }, { flag: '--decisions', path: a.decisions }, { flag: '--stats', path: a.stats },
    { flag: '--dropped', path: a.dropped }, { flag: '--errors', path: a.out ? undefined : a.errors },
  ]);
  const setup = {
    config, vocabulary, models, fingerprint: fp, audited, gateMaxFdr, acceptedForeign, read, onError: a.onError, dir: a.out ?? '',
    dirOptions: { keepDropped: !a.discardDropped, ...(a.compress !== undefined && { compress: a.compress }) },
  };
  const { ctx, close } = openShardContext(setup);
  const progress = startProgress(shards.length);
  ctx.onDoc = (b) => progress.doc(b);
  let stats: Stats;
  try {
    if (a.out && !a.dryRun) {
      await claimRunDir(a.out, runSettings(fp, read, setup.dirOptions), shards.map((s) => s.name), io.err);
      for (const s of shards) {
        const complete = await shardDone(a.out, s.name);
        if (!complete) {
          const st = await filterShardToDir(s, a.out, ctx, setup.dirOptions);
          if (st.lines === 0 && !Object.keys(st.failed).length) io.err(emptyShardLine(s.name));
        }
        progress.shardDone(complete);
      }
      stats = await writeMergedStats(a.out, shards.map((s) => s.name));
    } else {
      const errors = await openErrorSink(a.errors, true);
      const sinks: Sinks = a.dryRun
        ? { kept: null, dropped: null, errors, decisions: await openOutput(a.decisions ?? '-') }
        : { kept: new LineWriter(stdoutOutput()), dropped: a.dropped ? new LineWriter(await openOutput(a.dropped)) : null, errors, decisions: null };
      const list: Stats[] = [];
      for (const s of shards) {
        const st = await filterShard(s, sinks, ctx);
        if (st.lines === 0 && !Object.keys(st.failed).length) io.err(emptyShardLine(s.name));
        list.push(st);
        progress.shardDone();
      }
      await Promise.all([sinks.kept?.close(), sinks.dropped?.close(), sinks.decisions?.close(), errors.close()]);
      stats = mergeAll(list);
      if (a.stats) await writeFileAtomic(a.stats, statsJson(stats));
      if (errors.count) io.err(`winnow: ${errors.count} bad line(s) written to ${a.errors}\n`);
      else if (hasEarlierFile(errors, a.errors)) io.err(earlierErrorsLine(a.errors));
    }
  } finally {
    progress.end();
    close();
  }
  io.err(renderSummary(stats, a.dryRun ? 'dry run, nothing dropped' : 'filter'));
  return failedShardsExit(Object.keys(stats.failed).length, io);
}
