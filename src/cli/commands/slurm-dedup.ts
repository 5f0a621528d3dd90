/**
 * `winnow slurm --dedup minhash -i URI.. -o URI --tasks N`: the MinHash stages as four Slurm
 * jobs chained with afterok (signatures array of N ranks → buckets array → cluster parts array
 * → merge); `--dedup exact`: three (hashes array of N ranks → merge array of --parts hash
 * partitions → collect). Writes the scripts into --slurm-dir, submits them in order and prints the job ids;
 * --dry-run prints the scripts. Called by the slurm command when --dedup is given.
 */
import { spawnSync } from 'node:child_process';
import * as store from '../../io/store.ts';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_MINHASH } from '../../dedup/config.ts';
import { dedupScripts } from '../../dedup/slurm.ts';
import { UsageError } from '../../errors.ts';
import { parseJobId } from '../../exec/slurm.ts';
import { absoluteLocation } from '../config-flags.ts';
import type { Io } from '../io.ts';

export interface SlurmDedupArgs {
  dedup: string;
  input: string[];
  out: string;
  tasks: number;
  ranges?: number;
  parts?: number;
  hash?: string;
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

const positive = (v: number, what: string, max: number): number => {
  if (!Number.isInteger(v) || v < 1 || v > max)
    throw new UsageError(`Expected \`${what}\` to be an integer from 1 to ${max}, got ${v}`);
  return v;
};

function submit(script: string, dependency: string | null): string {
  const r = spawnSync('sbatch', ['--parsable', script], { encoding: 'utf8' });
  if (r.error) {
    const missing = (r.error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new UsageError(
      missing
        ? 'sbatch is not on the PATH: run this on a Slurm login node, or use --dry-run to see the scripts'
        : `sbatch failed: ${r.error.message}`,
    );
  }
  if (r.status !== 0)
    throw new Error(
      `sbatch ${script}${dependency ? ` (after ${dependency})` : ''} failed (exit ${r.status}): ${(r.stderr || r.stdout).trim()}`,
    );
  return parseJobId(r.stdout);
}

export async function slurmDedup(a: SlurmDedupArgs, io: Io): Promise<number> {
  if (a.dedup !== 'minhash' && a.dedup !== 'exact')
    throw new UsageError(`Expected \`--dedup minhash\` or \`exact\`, got ${JSON.stringify(a.dedup)}`);
  const method = a.dedup;
  const buckets = DEFAULT_MINHASH.numBuckets;
  const world = positive(a.tasks, '--tasks', 1000);
  const ranges = positive(a.ranges ?? 1, '--ranges', 64);
  const parts =
    method === 'exact'
      ? positive(a.parts ?? 8, '--parts', 256)
      : positive(a.parts ?? buckets, '--parts', buckets);
  positive(a.cpus, '--cpus', 1024);
  if (buckets * ranges > 1000)
    throw new UsageError(`Expected 14 × --ranges ≤ 1000 (one array), got ${buckets * ranges}`);
  const logDir = resolve(a.slurmDir);
  const args = [
    '-o',
    absoluteLocation(a.out),
    ...(a.input.length ? ['-i', ...a.input.map(absoluteLocation)] : []),
    ...(a.hash && a.hash !== 'xxhash' ? ['--hash', a.hash] : []),
    ...(a.s3PathStyle ? ['--s3-path-style'] : []),
  ];
  const scripts = dedupScripts({
    method,
    jobName: a.jobName,
    resources: { partition: a.partition, time: a.time, mem: a.mem, cpus: a.cpus, extra: a.sbatch },
    node: process.execPath,
    winnow: fileURLToPath(new URL('../../../bin/winnow.js', import.meta.url)),
    world,
    bucketTasks: buckets * ranges,
    ranges,
    parts,
    args,
    logDir,
  });
  if (a.dryRun) {
    for (const s of scripts)
      io.out(
        `# ---- ${s.name} ----\n${s.text.replace('{{DEPENDENCY}}', `<${s.after}>`)}\n`,
      );
    return 0;
  }
  let previous: string | null = null;
  const ids: string[] = [];
  for (const s of scripts) {
    const path = join(logDir, s.name);
    await store.writeAtomic(path, previous ? s.text.replace('{{DEPENDENCY}}', previous) : s.text);
    const id = submit(path, previous);
    io.out(
      `${s.stage} ${id}${s.tasks ? ` tasks 0-${s.tasks - 1}` : ''}${previous ? ` afterok:${previous}` : ''}\n`,
    );
    ids.push(id);
    previous = id;
  }
  io.err(
    `winnow: watch with: squeue -j ${ids.join(',')}; scripts and logs in ${logDir}/; ${method === 'exact' ? 'exact.jsonl' : 'clusters'} in ${a.out} when the ${method === 'exact' ? 'collect' : 'merge'} is done\n`,
  );
  return 0;
}
