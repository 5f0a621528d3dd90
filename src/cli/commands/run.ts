/**
 * `winnow run (-c FILE | --preset NAME) --input GLOB -o DIR [--workers N] [--rank R --world W]`:
 * many shards in worker threads, resumable (shards with completion markers are skipped), with
 * DIR/stats.json merged at the end when this process covered every shard. Inputs and DIR may be
 * on S3 (`s3://bucket/prefix`).
 */
import { availableParallelism } from 'node:os';
import type { ArgumentsCamelCase, Argv } from 'yargs';
import { run as runFlow } from '../../flows/run.ts';
import { filterRunOptions, withGateFlags, type GateFlags } from '../gate-flags.ts';
import { loadConfig, withConfigFlags, within, type ConfigFlags } from '../config-flags.ts';
import { readOptions, withReadFlags, type ReadFlags } from '../options.ts';
import { startProgress } from '../progress.ts';
import { renderSummary } from '../summary.ts';
import { emptyShardLine, failedShardsExit } from '../failed.ts';
import type { Io } from '../io.ts';

/** The gate and output flags of a run, which `slurm` passes on to its tasks. */
export interface RunTaskFlags extends GateFlags {
  discardDropped: boolean;
  compress?: boolean;
}

interface RunArgs extends ReadFlags, ConfigFlags, RunTaskFlags {
  input: string[];
  out: string;
  workers: number;
  rank: number;
  world: number;
}

/** Adds the RunTaskFlags to a command. */
export function withRunTaskFlags<T>(y: Argv<T>) {
  return withGateFlags(y)
    .option('discard-dropped', {
      type: 'boolean',
      default: false,
      describe: 'Do not write DIR/dropped/ (must be asked for)',
    })
    .option('compress', {
      type: 'boolean',
      describe: 'gzip outputs (default: when the input is compressed)',
    });
}

export const command = 'run';

export const builder = (y: Argv) =>
  withRunTaskFlags(withConfigFlags(withReadFlags(y)))
    .option('input', {
      alias: 'i',
      type: 'string',
      array: true,
      demandOption: true,
      describe: 'Shards: files, directories or globs, or s3://bucket/prefix (or a glob)',
    })
    .option('out', {
      alias: 'o',
      type: 'string',
      demandOption: true,
      describe: 'Output directory or s3://bucket/prefix (same layout as filter -o)',
    })
    .option('workers', {
      type: 'number',
      default: availableParallelism(),
      describe: 'Worker threads, one tokenizer each',
    })
    .option('rank', {
      type: 'number',
      default: 0,
      describe: 'This task takes shards i (sorted) with i mod world = rank',
    })
    .option('world', { type: 'number', default: 1, describe: 'Number of tasks sharing the inputs' })
    .example(
      '$0 run --preset fineweb -i "shards/*.jsonl.gz" -o out/ --unaudited',
      'all shards, all cores',
    )
    .example(
      '$0 run --preset fineweb -i shards/ -o out/ --rank 3 --world 8 --unaudited',
      'one task of a cluster job',
    )
    .example(
      '$0 run --preset fineweb -i "s3://corpus/shards/*.jsonl.gz" -o s3://corpus/runs/r1 --unaudited',
      'from and to S3',
    );

export async function run(a: ArgumentsCamelCase<RunArgs>, io: Io): Promise<number> {
  const read = readOptions(a);
  const r = await runFlow({
    ...filterRunOptions(a, await loadConfig(a), read, io),
    input: a.input,
    out: a.out,
    workers: a.workers,
    rank: a.rank,
    world: a.world,
    progress: startProgress,
    onEmptyShard: (s) => io.err(emptyShardLine(s)),
  });
  const failed = r.ran.flatMap((s) =>
    Object.entries(s.failed).map(([shard, why]) => `  FAILED ${shard}: ${why}\n`),
  );
  if (r.skipped)
    io.err(
      `winnow: ${r.skipped} shard(s) already complete (markers in ${within(a.out, 'done')}/), skipped\n`,
    );
  if (r.stats) {
    io.err(renderSummary(r.stats, `run: ${within(a.out, 'stats.json')}`));
  } else if (failed.length) {
    // No merged summary in rank mode: name the failed shards here (a Slurm task's log is read for them).
    io.err(
      `winnow: rank ${a.rank}/${a.world}: ${failed.length} of ${r.shards} shard(s) failed; fix them and rerun this rank\n${failed.sort().join('')}`,
    );
  } else {
    io.err(
      `winnow: rank ${a.rank}/${a.world} done (${r.shards} shards); merge with: winnow merge ${a.out}\n`,
    );
  }
  return failedShardsExit(failed.length, io);
}
