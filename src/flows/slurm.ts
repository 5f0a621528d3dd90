/**
 * The `slurm` flow: sbatch scripts for an array job of `winnow run --rank R --world N` tasks and
 * a merge job that depends on it. `planSlurm` checks the gate (here rather than in every task),
 * lists the shards, leaves out ranks whose shards all have completion markers and writes the
 * scripts' text; `submitSlurm` writes them beside the task logs and submits them in order.
 */
import { join, resolve } from 'node:path';
import type { ReadOptions } from '../io/reader.ts';
import { UsageError } from '../errors.ts';
import { maxArraySize, sbatch, winnowBin } from '../exec/sbatch.ts';
import { checkOutputNames, checkRunDir, runSettings } from '../exec/shard-dir.ts';
import {
  arrayChunks,
  arrayScript,
  arraySpec,
  incompleteRanks,
  mergeScript,
  type ArrayChunk,
  type SlurmPlan,
  type SlurmResources,
} from '../exec/slurm.ts';
import { resolveShards } from '../io/shards.ts';
import * as store from '../io/store.ts';
import { openGate, type FilterRunOptions } from './run.ts';

export interface SlurmFlowOptions extends Pick<
  FilterRunOptions,
  'fingerprint' | 'gate' | 'onGate' | 'keepDropped' | 'compress'
> {
  read: ReadOptions;
  /** Shards (absolute paths or s3://), as every node sees them. */
  input: readonly string[];
  /** The run directory (absolute, or s3://), visible to every node. */
  out: string;
  /** Ranks (array tasks); shard i goes to rank i mod tasks. */
  tasks: number;
  resources: SlurmResources;
  /** MaxArraySize (default: from scontrol, else Slurm's 1001). */
  maxArraySize?: number | undefined;
  jobName: string;
  /** Folder for the scripts and task logs (on a filesystem the nodes share). */
  slurmDir: string;
  /** `winnow run` arguments each task adds after `--rank/--world`. */
  runArgs: readonly string[];
  /** `winnow merge` arguments of the merge job. */
  mergeArgs: readonly string[];
}

export interface SlurmJobs {
  plan: SlurmPlan;
  shards: number;
  /** Ranks without a shard (more tasks than shards). */
  idle: number;
  /** Ranks with a shard still to filter. */
  ranks: number[];
  /** No rank is left and DIR/stats.json exists: nothing to submit. */
  merged: boolean;
  /** The array jobs' scripts (none when no rank is left). */
  arrays: { name: string; text: string; chunk: ArrayChunk }[];
}

function checkCount(v: number | undefined, flag: string): void {
  if (v !== undefined && (!Number.isInteger(v) || v < 1))
    throw new UsageError(`Expected \`${flag}\` to be an integer >= 1, got ${v}`);
}

export async function planSlurm(o: SlurmFlowOptions): Promise<SlurmJobs> {
  checkCount(o.tasks, '--tasks');
  checkCount(o.resources.cpus, '--cpus');
  checkCount(o.maxArraySize, '--max-array-size');
  await openGate(o);
  const shards = await resolveShards(o.input);
  if (shards.some((s) => s.path === '-'))
    throw new UsageError('slurm reads files or S3 objects, not stdin');
  const world = o.tasks;
  const names = shards.map((s) => s.name);
  checkOutputNames(names, o.compress);
  const settings = runSettings(o.fingerprint, o.read, {
    keepDropped: o.keepDropped ?? true,
    ...(o.compress !== undefined && { compress: o.compress }),
  });
  const ranks = incompleteRanks(names, world, (await checkRunDir(o.out, settings, names)).done);
  const plan: SlurmPlan = {
    jobName: o.jobName,
    world,
    resources: o.resources,
    node: process.execPath,
    winnow: winnowBin(),
    runArgs: o.runArgs,
    mergeArgs: o.mergeArgs,
    logDir: resolve(o.slurmDir),
  };
  const idle = world - new Set(shards.map((_, i) => i % world)).size;
  const jobs: SlurmJobs = { plan, shards: shards.length, idle, ranks, merged: false, arrays: [] };
  if (!ranks.length)
    return { ...jobs, merged: await store.exists(store.join(o.out, 'stats.json')) };
  const chunks = arrayChunks(ranks, maxArraySize(o.maxArraySize));
  return {
    ...jobs,
    arrays: chunks.map((c, k) => ({
      name: `run-${k}.sbatch`,
      text: arrayScript(plan, c, k, chunks.length),
      chunk: c,
    })),
  };
}

/** The ranks of an array job as sbatch writes them (`0-3,7`). */
export const arraySpecOf = (chunk: ArrayChunk): string =>
  arraySpec(chunk.indices.map((i) => i + chunk.offset));

/** The merge job's script, after the given array jobs (placeholders in a dry run). */
export const mergeJobScript = (jobs: SlurmJobs, arrayIds: readonly string[]): string =>
  mergeScript(jobs.plan, arrayIds);

export interface SlurmSubmitEvents {
  /** An array job was submitted. */
  array?(id: string, chunk: ArrayChunk): void;
  /** Submitting an array failed after `submitted` were (they run on their own). */
  arrayFailed?(submitted: readonly string[]): void;
}

/** Writes the scripts into the log folder and submits the arrays, then the merge after them. */
export async function submitSlurm(
  jobs: SlurmJobs,
  events: SlurmSubmitEvents = {},
): Promise<{ arrays: string[]; merge: string | null }> {
  if (jobs.merged) return { arrays: [], merge: null };
  const { logDir } = jobs.plan;
  const ids: string[] = [];
  for (const s of jobs.arrays) {
    await store.writeAtomic(join(logDir, s.name), s.text);
    try {
      ids.push(sbatch(join(logDir, s.name)));
    } catch (e) {
      if (ids.length) events.arrayFailed?.(ids);
      throw e;
    }
    events.array?.(ids.at(-1)!, s.chunk);
  }
  await store.writeAtomic(join(logDir, 'merge.sbatch'), mergeJobScript(jobs, ids));
  return { arrays: ids, merge: sbatch(join(logDir, 'merge.sbatch')) };
}
