/**
 * `winnow slurm (-c FILE | --preset NAME) -i URI -o URI --tasks N [...]`: writes sbatch scripts
 * for an array job of `winnow run --rank R --world N` tasks and a merge job that depends on it,
 * submits them and prints the job ids. Ranks whose shards all have completion markers are left
 * out; `--dry-run` prints the scripts instead. The audit gate is checked here, before anything
 * is submitted, and again by every task.
 */
import type { ArgumentsCamelCase, Argv } from 'yargs';
import { arraySpecOf, mergeJobScript, planSlurm, submitSlurm } from '../../flows/slurm.ts';
import { filterRunOptions } from '../gate-flags.ts';
import {
  absoluteLocation,
  loadConfig,
  withConfigFlags,
  within,
  type ConfigFlags,
} from '../config-flags.ts';
import { readOptions, readTaskFlags, withReadFlags, type ReadFlags } from '../options.ts';
import type { Io } from '../io.ts';
import { withRunTaskFlags, type RunTaskFlags } from './run.ts';
import { refuseDedupFlags, slurmDedup, type SlurmDedupArgs } from './slurm-dedup.ts';

interface SlurmArgs
  extends
    ReadFlags,
    ConfigFlags,
    RunTaskFlags,
    Partial<
      Pick<
        SlurmDedupArgs,
        'dedup' | 'ranges' | 'parts' | 'hash' | 'minParagraph' | 'memoryMb' | 'tmp'
      >
    > {
  input: string[];
  out: string;
  tasks: number;
  partition?: string;
  time?: string;
  mem?: string;
  cpus: number;
  maxArraySize?: number;
  sbatch?: string[];
  jobName: string;
  slurmDir: string;
  dryRun: boolean;
}

export const command = 'slurm';

export const builder = (y: Argv) =>
  withRunTaskFlags(withConfigFlags(withReadFlags(y)))
    .option('input', {
      alias: 'i',
      type: 'string',
      array: true,
      demandOption: true,
      describe: 'Shards: files, directories, globs, or s3://bucket/prefix (or a glob)',
    })
    .option('out', {
      alias: ['o', 'output'],
      type: 'string',
      demandOption: true,
      describe: 'Output directory or s3://bucket/prefix, visible to every node',
    })
    .option('tasks', {
      type: 'number',
      demandOption: true,
      describe: 'Number of ranks (array tasks); shard i goes to rank i mod tasks',
    })
    .option('partition', { type: 'string', describe: 'Slurm partition' })
    .option('time', {
      type: 'string',
      describe: 'Time limit per task (sbatch --time, e.g. 4:00:00)',
    })
    .option('mem', { type: 'string', describe: 'Memory per task (sbatch --mem, e.g. 8G)' })
    .option('cpus', {
      type: 'number',
      default: 1,
      describe: 'CPUs per task; each task runs that many worker threads',
    })
    .option('max-array-size', {
      type: 'number',
      describe: "Largest array (Slurm's MaxArraySize; default: from scontrol, else 1001)",
    })
    .option('sbatch', {
      type: 'string',
      array: true,
      describe: 'Extra sbatch option for every job, e.g. --sbatch=--account=proj (repeatable)',
    })
    .option('job-name', {
      type: 'string',
      default: 'winnow',
      describe: 'Job name prefix (<name>-run, <name>-merge)',
    })
    .option('slurm-dir', {
      type: 'string',
      default: 'winnow-slurm',
      describe: 'Folder for the scripts and task logs (on a filesystem the nodes share)',
    })
    .option('dry-run', {
      type: 'boolean',
      default: false,
      describe: 'Print the scripts; submit nothing',
    })
    .option('dedup', {
      choices: ['minhash', 'exact'],
      describe:
        'Submit the dedup stages (MinHash or exact) instead of a run (--tasks signature/hash ranks; no config needed)',
    })
    .option('ranges', {
      type: 'number',
      describe: 'With --dedup: hash ranges per bucket (buckets stage tasks = 14 × ranges)',
    })
    .option('parts', { type: 'number', describe: 'With --dedup: cluster parts (default 14)' })
    .option('hash', {
      choices: ['xxhash', 'sha1'],
      describe: 'With --dedup: the shingle hash (default xxhash)',
    })
    .option('min-paragraph', {
      type: 'number',
      describe: 'With --dedup exact: shortest paragraph compared, in characters (default 20)',
    })
    .option('memory-mb', {
      type: 'number',
      describe: 'With --dedup exact: sort memory per task before runs spill to --tmp (default 256)',
    })
    .option('tmp', {
      type: 'string',
      describe:
        "With --dedup exact: each node's local folder for spilled runs (default: its TMPDIR)",
    })
    .example(
      '$0 slurm --preset fineweb -i "s3://corpus/shards/*.jsonl.gz" -o s3://corpus/runs/r1 --tasks 64 --audit audit.json',
      '64 ranks and a merge job',
    )
    .example(
      '$0 slurm --preset fineweb -i shards/ -o /shared/out --tasks 8 --unaudited --dry-run',
      'print the scripts only',
    );

/** `winnow run` flags every task repeats: absolute locations, and only what differs from the defaults. */
function runFlags(a: SlurmArgs, inputs: string[], out: string): string[] {
  const f: string[] = [];
  if (a.config) f.push('-c', absoluteLocation(a.config));
  else f.push('--preset', a.preset!);
  if (a.tokenizer) f.push('--tokenizer', a.tokenizer);
  if (a.vocabulary) f.push('--vocabulary', absoluteLocation(a.vocabulary));
  if (a.s3PathStyle) f.push('--s3-path-style');
  f.push(...readTaskFlags(a));
  if (a.audit) f.push('--audit', absoluteLocation(a.audit));
  if (a.unaudited) f.push('--unaudited');
  if (a.acceptForeignAudit) f.push('--accept-foreign-audit');
  if (a.maxFdr !== 0.1) f.push('--max-fdr', String(a.maxFdr));
  if (a.discardDropped) f.push('--discard-dropped');
  if (a.compress !== undefined) f.push(a.compress ? '--compress' : '--no-compress');
  f.push('--workers', String(a.cpus), '-o', out, '-i', ...inputs);
  return f;
}

export async function run(a: ArgumentsCamelCase<SlurmArgs>, io: Io): Promise<number> {
  if (a.dedup) return slurmDedup({ ...a, dedup: a.dedup }, io);
  refuseDedupFlags(a);
  const read = readOptions(a);
  const inputs = a.input.map(absoluteLocation);
  const out = absoluteLocation(a.out);
  const jobs = await planSlurm({
    ...filterRunOptions(a, await loadConfig(a), read, io),
    input: inputs,
    out,
    tasks: a.tasks,
    maxArraySize: a.maxArraySize,
    resources: { partition: a.partition, time: a.time, mem: a.mem, cpus: a.cpus, extra: a.sbatch },
    jobName: a.jobName,
    slurmDir: a.slurmDir,
    runArgs: runFlags(a, inputs, out),
    mergeArgs: [out, ...(a.s3PathStyle ? ['--s3-path-style'] : [])],
  });
  const { world, logDir } = jobs.plan;
  if (jobs.idle > 0)
    io.err(
      `winnow: ${jobs.shards} shard(s) for ${world} tasks: ${jobs.idle} rank(s) have no shard\n`,
    );
  if (!jobs.ranks.length) {
    io.err(
      `winnow: no ranks left: all ${world} ranks are complete (markers in ${within(out, 'done')}/)` +
        (jobs.merged
          ? `, and ${within(out, 'stats.json')} exists; nothing to submit\n`
          : '; submitting only the merge\n'),
    );
    if (jobs.merged) return 0;
    if (a.dryRun) io.out(`# ---- merge.sbatch ----\n${mergeJobScript(jobs, [])}`);
    else io.out(`merge ${(await submitSlurm(jobs)).merge}\n`);
    return 0;
  }
  const done = world - jobs.ranks.length;
  io.err(
    `winnow: ${jobs.ranks.length} of ${world} ranks to run (${done} complete) over ${jobs.shards} shard(s), in ${jobs.arrays.length} array job(s)\n`,
  );
  if (a.dryRun) {
    for (const s of jobs.arrays) io.out(`# ---- ${s.name} ----\n${s.text}\n`);
    io.out(
      `# ---- merge.sbatch ----\n${mergeJobScript(
        jobs,
        jobs.arrays.map((_, k) => `<run-${k}>`),
      )}`,
    );
    return 0;
  }
  const ids = await submitSlurm(jobs, {
    array: (id, chunk) =>
      io.out(`array ${id} ranks ${arraySpecOf(chunk)} offset ${chunk.offset}\n`),
    arrayFailed: (submitted) =>
      io.err(
        `winnow: submitted ${submitted.join(', ')} before this failure; their ranks complete on their own (scancel to stop them)\n`,
      ),
  });
  io.out(`merge ${ids.merge} afterok:${ids.arrays.join(':')}\n`);
  io.err(
    `winnow: watch with: squeue -j ${[...ids.arrays, ids.merge].join(',')}; scripts and logs in ${logDir}/ (run-<job>_<task>.out, merge-<job>.out)\n` +
      `winnow: when the merge is done: ${within(out, 'stats.json')}; a failed task cancels the merge, and resubmitting runs only the incomplete ranks\n`,
  );
  return 0;
}
