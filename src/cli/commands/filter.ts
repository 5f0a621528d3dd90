/**
 * `winnow filter <shards..|-> (-c FILE | --preset NAME)`:
 *   --dry-run          decisions (and stats) only; drops nothing, needs no audit
 *   -o DIR             DIR/kept, dropped, errors, stats, timings, done per shard, and DIR/stats.json
 *   (pipe mode)        kept lines on stdout; dropped to --dropped FILE or --discard-dropped
 * Dropping data needs the audit gate: --audit FILE or --unaudited.
 */
import type { ArgumentsCamelCase, Argv } from 'yargs';
import { filter } from '../../flows/filter.ts';
import { filterRunOptions, withGateFlags, type GateFlags } from '../gate-flags.ts';
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
    .positional('shards', {
      type: 'string',
      array: true,
      describe: 'Files, directories, globs, or - for stdin',
    })
    .option('out', {
      alias: 'o',
      type: 'string',
      describe:
        'Directory mode: DIR/{kept,dropped,errors,stats,timings,done}/<shard> and DIR/stats.json',
    })
    .option('dry-run', {
      type: 'boolean',
      default: false,
      describe: 'Write decisions and stats only; drop nothing (needs no audit)',
    })
    .option('decisions', {
      type: 'string',
      describe:
        'With --dry-run: {"id","shard","line","keep","reasons"} per document (default: stdout)',
    })
    .option('dropped', {
      type: 'string',
      describe: 'Pipe mode: file for dropped records (with their "winnow" field)',
    })
    .option('discard-dropped', {
      type: 'boolean',
      default: false,
      describe: 'Pipe mode: throw dropped records away (must be asked for)',
    })
    .option('errors', {
      type: 'string',
      default: 'winnow-errors.jsonl',
      describe: 'Pipe mode and dry runs: errors file (created only if a line is bad)',
    })
    .option('stats', {
      type: 'string',
      describe: 'Pipe mode and dry runs: write the stats JSON here',
    })
    .option('compress', {
      type: 'boolean',
      describe: 'gzip outputs (default: when the input is compressed)',
    })
    .example(
      '$0 filter shards/ --preset fineweb --dry-run --decisions d.jsonl',
      'what would go, and why',
    )
    .example(
      '$0 filter shards/ --preset fineweb --unaudited -o out/',
      'drop, recorded as unaudited',
    )
    .example(
      'zcat p0.jsonl.gz | $0 filter - --preset c4 --unaudited --dropped dropped.jsonl > kept.jsonl',
      'pipe mode',
    );

export async function run(a: ArgumentsCamelCase<FilterArgs>, io: Io): Promise<number> {
  const read = readOptions(a);
  const loaded = await loadConfig(a);
  const r = await filter({
    ...filterRunOptions(a, loaded, read, io),
    shards: a.shards,
    out: a.out,
    dryRun: a.dryRun,
    decisions: a.decisions,
    dropped: a.dropped,
    discardDropped: a.discardDropped,
    errors: a.errors,
    stats: a.stats,
    progress: startProgress,
    onEmptyShard: (s) => io.err(emptyShardLine(s)),
  });
  if (r.errors) io.err(`winnow: ${r.errors} bad line(s) written to ${a.errors}\n`);
  else if (r.earlierErrorsFile) io.err(earlierErrorsLine(a.errors));
  io.err(renderSummary(r.stats, a.dryRun ? 'dry run, nothing dropped' : 'filter'));
  return failedShardsExit(Object.keys(r.stats.failed).length, io);
}
