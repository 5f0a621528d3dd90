/**
 * `winnow slurm --dedup minhash -i URI.. -o URI --tasks N`: the MinHash stages as four Slurm
 * jobs chained with afterok (signatures array of N ranks → buckets array → cluster parts array
 * → merge); `--dedup exact`: three (hashes array of N ranks → merge array of --parts hash
 * partitions → collect). Writes the scripts into --slurm-dir, submits them in order and prints the job ids;
 * --dry-run prints the scripts. Called by the slurm command when --dedup is given.
 */
import { UsageError } from '../../errors.ts';
import {
  OWN_FLAGS,
  planSlurmDedup,
  previewScript,
  submitSlurmDedup,
} from '../../flows/slurm-dedup.ts';
import { absoluteLocation } from '../config-flags.ts';
import type { Io } from '../io.ts';
import { readTaskFlags, type ReadFlags } from '../options.ts';

export interface SlurmDedupArgs extends ReadFlags {
  dedup: string;
  input: string[];
  out: string;
  tasks: number;
  ranges?: number;
  parts?: number;
  hash?: string;
  minParagraph?: number;
  memoryMb?: number;
  tmp?: string;
  cpus: number;
  partition?: string;
  time?: string;
  mem?: string;
  sbatch?: string[];
  jobName: string;
  slurmDir: string;
  dryRun: boolean;
  s3PathStyle?: boolean;
}

const DEDUP_FLAGS = { parts: '--parts', ...OWN_FLAGS.minhash, ...OWN_FLAGS.exact } as const;

/** A `winnow slurm` without --dedup: the dedup flags would be silently ignored, so they are refused. */
export function refuseDedupFlags(a: Partial<Record<keyof typeof DEDUP_FLAGS, unknown>>): void {
  const given = Object.entries(DEDUP_FLAGS).filter(
    ([k]) => a[k as keyof typeof DEDUP_FLAGS] !== undefined,
  );
  if (given.length)
    throw new UsageError(
      `Expected ${given.map(([, f]) => `\`${f}\``).join(', ')} only with \`--dedup\``,
    );
}

export async function slurmDedup(a: SlurmDedupArgs, io: Io): Promise<number> {
  if (a.dedup !== 'minhash' && a.dedup !== 'exact')
    throw new UsageError(
      `Expected \`--dedup minhash\` or \`exact\`, got ${JSON.stringify(a.dedup)}`,
    );
  const jobs = planSlurmDedup({
    method: a.dedup,
    input: a.input.map(absoluteLocation),
    out: absoluteLocation(a.out),
    tasks: a.tasks,
    ranges: a.ranges,
    parts: a.parts,
    hash: a.hash,
    minParagraph: a.minParagraph,
    memoryMb: a.memoryMb,
    tmp: a.tmp,
    readArgs: readTaskFlags(a),
    resources: { partition: a.partition, time: a.time, mem: a.mem, cpus: a.cpus, extra: a.sbatch },
    jobName: a.jobName,
    slurmDir: a.slurmDir,
    s3PathStyle: a.s3PathStyle,
  });
  if (a.dryRun) {
    for (const s of jobs.scripts) io.out(`# ---- ${s.name} ----\n${previewScript(s)}\n`);
    return 0;
  }
  const ids = await submitSlurmDedup(jobs, (s, id, after) =>
    io.out(
      `${s.stage} ${id}${s.tasks ? ` tasks 0-${s.tasks - 1}` : ''}${after ? ` afterok:${after}` : ''}\n`,
    ),
  );
  io.err(
    `winnow: watch with: squeue -j ${ids.join(',')}; scripts and logs in ${jobs.logDir}/; ${a.dedup === 'exact' ? 'exact.jsonl' : 'clusters'} in ${a.out} when the ${a.dedup === 'exact' ? 'collect' : 'merge'} is done\n`,
  );
  return 0;
}
