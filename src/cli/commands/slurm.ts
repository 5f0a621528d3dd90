/**
 * `winnow slurm (-c FILE | --preset NAME) -i URI -o URI --tasks N [...]`: writes sbatch scripts
 * for an array job of `winnow run --rank R --world N` tasks and a merge job that depends on it,
 * submits them and prints the job ids. Ranks whose shards all have completion markers are left
 * out; `--dry-run` prints the scripts instead. The audit gate is checked here, before anything
 * is submitted, and again by every task.
 */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ArgumentsCamelCase, Argv } from 'yargs';
import { UsageError } from '../../errors.ts';
import { checkGate } from '../../exec/gate.ts';
import { gateNotes, gateOptions } from '../gate-flags.ts';
import { checkOutputNames, checkRunDir, runSettings, within } from '../../exec/shard-dir.ts';
import * as store from '../../io/store.ts';
import {
  arrayChunks, arrayScript, arraySpec, DEFAULT_MAX_ARRAY_SIZE, incompleteRanks, mergeScript, parseJobId, parseMaxArraySize, type SlurmPlan,
} from '../../exec/slurm.ts';
import { resolveShards } from '../../io/shards.ts';
import { absoluteLocation, loadConfig, withConfigFlags, type ConfigFlags } from '../config-flags.ts';
import { readOptions, withReadFlags, type ReadFlags } from '../options.ts';
import type { Io } from '../io.ts';
import { withRunTaskFlags, type RunTaskFlags } from './run.ts';
import { slurmDedup, type SlurmDedupArgs } from './slurm-dedup.ts';

interface SlurmArgs extends ReadFlags, ConfigFlags, RunTaskFlags, Partial<Pick<SlurmDedupArgs, 'dedup' | 'ranges' | 'parts' | 'hash'>> {
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
    .option('input', { alias: 'i', type: 'string', array: true, demandOption: true, describe: 'Shards: files, directories, globs, or s3://bucket/prefix (or a glob)' })
    .option('out', { alias: ['o', 'output'], type: 'string', demandOption: true, describe: 'Output directory or s3://bucket/prefix, visible to every node' })
    .option('tasks', { type: 'number', demandOption: true, describe: 'Number of ranks (array tasks); shard i goes to rank i mod tasks' })
    .option('partition', { type: 'string', describe: 'Slurm partition' })
    .option('time', { type: 'string', describe: 'Time limit per task (sbatch --time, e.g. 4:00:00)' })
    .option('mem', { type: 'string', describe: 'Memory per task (sbatch --mem, e.g. 8G)' })
    .option('cpus', { type: 'number', default: 1, describe: 'CPUs per task; each task runs that many worker threads' })
    .option('max-array-size', { type: 'number', describe: "Largest array (Slurm's MaxArraySize; default: from scontrol, else 1001)" })
    .option('sbatch', { type: 'string', array: true, describe: 'Extra sbatch option for every job, e.g. --sbatch=--account=proj (repeatable)' })
    .option('job-name', { type: 'string', default: 'winnow', describe: 'Job name prefix (<name>-run, <name>-merge)' })
    .option('slurm-dir', { type: 'string', default: 'winnow-slurm', describe: 'Folder for the scripts and task logs (on a filesystem the nodes share)' })
    .option('dry-run', { type: 'boolean', default: false, describe: 'Print the scripts; submit nothing' })
    .option('dedup', { choices: ['minhash', 'exact'], describe: 'Submit the dedup stages (MinHash or exact) instead of a run (--tasks signature/hash ranks; no config needed)' })
    .option('ranges', { type: 'number', describe: 'With --dedup: hash ranges per bucket (buckets stage tasks = 14 × ranges)' })
    .option('parts', { type: 'number', describe: 'With --dedup: cluster parts (default 14)' })
    .option('hash', { choices: ['xxhash', 'sha1'], describe: 'With --dedup: the shingle hash (default xxhash)' })
    .example('$0 slurm --preset fineweb -i "s3://corpus/shards/*.jsonl.gz" -o s3://corpus/runs/r1 --tasks 64 --audit audit.json', '64 ranks and a merge job')
    .example('$0 slurm --preset fineweb -i shards/ -o /shared/out --tasks 8 --unaudited --dry-run', 'print the scripts only');

/** The package's bin (bin/winnow.js runs dist/), so tasks run the same build as this process. */
function winnowBin(): string {
  return fileURLToPath(new URL('../../../bin/winnow.js', import.meta.url));
}

/** MaxArraySize: the flag, else `scontrol show config`, else Slurm's default. */
function maxArraySize(flag: number | undefined): number {
  if (flag !== undefined) return flag;
  const r = spawnSync('scontrol', ['show', 'config'], { encoding: 'utf8', timeout: 20_000 });
  return (r.status === 0 && parseMaxArraySize(r.stdout)) || DEFAULT_MAX_ARRAY_SIZE;
}

function sbatch(script: string, extra: string[] = []): string {
  const r = spawnSync('sbatch', ['--parsable', ...extra, script], { encoding: 'utf8' });
  if (r.error) {
    const missing = (r.error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new UsageError(missing ? 'sbatch is not on the PATH: run this on a Slurm login node, or use --dry-run to see the scripts' : `sbatch failed: ${r.error.message}`);
  }
  if (r.status !== 0) throw new Error(`sbatch ${script} failed (exit ${r.status}): ${(r.stderr || r.stdout).trim()}`);
  return parseJobId(r.stdout);
}

/** `winnow run` flags every task repeats: absolute locations, and only what differs from the defaults. */
function runFlags(a: SlurmArgs, inputs: string[], out: string): string[] {
  const f: string[] = [];
  if (a.config) f.push('-c', absoluteLocation(a.config));
  else f.push('--preset', a.preset!);
  if (a.tokenizer) f.push('--tokenizer', a.tokenizer);
  if (a.vocabulary) f.push('--vocabulary', absoluteLocation(a.vocabulary));
  if (a.s3PathStyle) f.push('--s3-path-style');
  if (a['text-field'] !== 'text') f.push('--text-field', a['text-field']);
  if (a['id-field'] !== 'id') f.push('--id-field', a['id-field']);
  if (a['max-line-bytes'] !== 16 * 1024 * 1024) f.push('--max-line-bytes', String(a['max-line-bytes']));
  if (a['on-error'] !== 'skip') f.push('--on-error', a['on-error']);
  if (a.audit) f.push('--audit', resolve(a.audit));
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
  const read = readOptions(a);
  if (!Number.isInteger(a.tasks) || a.tasks < 1) throw new UsageError(`Expected \`--tasks\` to be an integer >= 1, got ${a.tasks}`);
  if (!Number.isInteger(a.cpus) || a.cpus < 1) throw new UsageError(`Expected \`--cpus\` to be an integer >= 1, got ${a.cpus}`);
  if (a.maxArraySize !== undefined && (!Number.isInteger(a.maxArraySize) || a.maxArraySize < 1)) {
    throw new UsageError(`Expected \`--max-array-size\` to be an integer >= 1, got ${a.maxArraySize}`);
  }
  const { fingerprint } = await loadConfig(a);
  io.err(gateNotes((await checkGate(gateOptions(a), fingerprint)).notes)); // refuse here rather than in every task
  const inputs = a.input.map(absoluteLocation);
  const out = absoluteLocation(a.out);
  const shards = await resolveShards(inputs);
  if (shards.some((s) => s.path === '-')) throw new UsageError('slurm reads files or S3 objects, not stdin');
  const world = a.tasks;
  const names = shards.map((s) => s.name);
  checkOutputNames(names, a.compress);
  const settings = runSettings(fingerprint, read, { keepDropped: !a.discardDropped, ...(a.compress !== undefined && { compress: a.compress }) });
  const ranks = incompleteRanks(names, world, (await checkRunDir(out, settings, names)).done);
  const logDir = resolve(a.slurmDir);
  const plan: SlurmPlan = {
    jobName: a.jobName,
    world,
    resources: { partition: a.partition, time: a.time, mem: a.mem, cpus: a.cpus, extra: a.sbatch },
    node: process.execPath,
    winnow: winnowBin(),
    runArgs: runFlags(a, inputs, out),
    mergeArgs: [out, ...(a.s3PathStyle ? ['--s3-path-style'] : [])],
    logDir,
  };
  const idle = world - new Set(shards.map((_, i) => i % world)).size;
  if (idle > 0) io.err(`winnow: ${shards.length} shard(s) for ${world} tasks: ${idle} rank(s) have no shard\n`);

  if (!ranks.length) {
    const merged = await store.exists(within(out, 'stats.json'));
    io.err(`winnow: no ranks left: all ${world} ranks are complete (markers in ${within(out, 'done')}/)` +
      (merged ? `, and ${within(out, 'stats.json')} exists; nothing to submit\n` : '; submitting only the merge\n'));
    if (merged) return 0;
    const script = mergeScript(plan, []);
    if (a.dryRun) {
      io.out(`# ---- merge.sbatch ----\n${script}`);
      return 0;
    }
    await store.writeAtomic(join(logDir, 'merge.sbatch'), script);
    io.out(`merge ${sbatch(join(logDir, 'merge.sbatch'))}\n`);
    return 0;
  }

  const chunks = arrayChunks(ranks, maxArraySize(a.maxArraySize));
  const scripts = chunks.map((c, k) => ({ name: `run-${k}.sbatch`, text: arrayScript(plan, c, k, chunks.length), chunk: c }));
  const done = world - ranks.length;
  io.err(`winnow: ${ranks.length} of ${world} ranks to run (${done} complete) over ${shards.length} shard(s), in ${chunks.length} array job(s)\n`);
  if (a.dryRun) {
    for (const s of scripts) io.out(`# ---- ${s.name} ----\n${s.text}\n`);
    io.out(`# ---- merge.sbatch ----\n${mergeScript(plan, scripts.map((_, k) => `<run-${k}>`))}`);
    return 0;
  }
  const ids: string[] = [];
  for (const s of scripts) {
    await store.writeAtomic(join(logDir, s.name), s.text);
    try {
      ids.push(sbatch(join(logDir, s.name)));
    } catch (e) {
      if (ids.length) io.err(`winnow: submitted ${ids.join(', ')} before this failure; their ranks complete on their own (scancel to stop them)\n`);
      throw e;
    }
    io.out(`array ${ids.at(-1)} ranks ${arraySpec(s.chunk.indices.map((i) => i + s.chunk.offset))} offset ${s.chunk.offset}\n`);
  }
  const merge = mergeScript(plan, ids);
  await store.writeAtomic(join(logDir, 'merge.sbatch'), merge);
  const mergeId = sbatch(join(logDir, 'merge.sbatch'));
  io.out(`merge ${mergeId} afterok:${ids.join(':')}\n`);
  io.err(`winnow: watch with: squeue -j ${[...ids, mergeId].join(',')}; scripts and logs in ${logDir}/ (run-<job>_<task>.out, merge-<job>.out)\n` +
    `winnow: when the merge is done: ${within(out, 'stats.json')}; a failed task cancels the merge, and resubmitting runs only the incomplete ranks\n`);
  return 0;
}
