/**
 * The `slurm --dedup minhash|exact` flow: the MinHash stages as four Slurm jobs chained with afterok
 * (signatures array of N ranks → buckets array → cluster parts array → merge), or exact dedup's
 * three (hashes array of N ranks → merge array of hash partitions → collect). `planSlurmDedup`
 * checks the sizes and writes the scripts' text; `submitSlurmDedup` writes them into the log
 * folder and submits them in order, each after the one before.
 */
import { join, resolve } from 'node:path';
import { DEFAULT_MINHASH } from '../dedup/config.ts';
import { dedupScripts, type DedupScript } from '../dedup/slurm.ts';
import { UsageError } from '../errors.ts';
import { sbatch, winnowBin } from '../exec/sbatch.ts';
import type { SlurmResources } from '../exec/slurm.ts';
import * as store from '../io/store.ts';

export interface SlurmDedupOptions {
  method: 'minhash' | 'exact';
  /** Shards (absolute or s3://), as every node sees them. */
  input: readonly string[];
  /** The dedup folder (absolute or s3://). */
  out: string;
  /** Signature ranks. */
  tasks: number;
  /** Hash ranges per bucket (the buckets stage has 14 × ranges tasks). */
  ranges?: number | undefined;
  /** MinHash cluster parts (default 14), or exact-dedup hash partitions (default 8). */
  parts?: number | undefined;
  hash?: string | undefined;
  resources: SlurmResources;
  jobName: string;
  slurmDir: string;
  s3PathStyle?: boolean | undefined;
}

export interface SlurmDedupJobs {
  scripts: DedupScript[];
  logDir: string;
}

const positive = (v: number, what: string, max: number): number => {
  if (!Number.isInteger(v) || v < 1 || v > max) throw new UsageError(`Expected \`${what}\` to be an integer from 1 to ${max}, got ${v}`);
  return v;
};

export function planSlurmDedup(o: SlurmDedupOptions): SlurmDedupJobs {
  const buckets = DEFAULT_MINHASH.numBuckets;
  const world = positive(o.tasks, '--tasks', 1000);
  const ranges = positive(o.ranges ?? 1, '--ranges', 64);
  const parts =
    o.method === 'exact'
      ? positive(o.parts ?? 8, '--parts', 256)
      : positive(o.parts ?? buckets, '--parts', buckets);
  positive(o.resources.cpus, '--cpus', 1024);
  if (buckets * ranges > 1000) throw new UsageError(`Expected 14 × --ranges ≤ 1000 (one array), got ${buckets * ranges}`);
  const logDir = resolve(o.slurmDir);
  const args = [
    '-o', o.out,
    ...(o.input.length ? ['-i', ...o.input] : []),
    ...(o.hash && o.hash !== 'xxhash' ? ['--hash', o.hash] : []),
    ...(o.s3PathStyle ? ['--s3-path-style'] : []),
  ];
  const scripts = dedupScripts({
    method: o.method, jobName: o.jobName, resources: o.resources, node: process.execPath, winnow: winnowBin(), world,
    bucketTasks: buckets * ranges, ranges, parts, args, logDir,
  });
  return { scripts, logDir };
}

/** A script as a dry run shows it: the job it waits for named by its stage. */
export const previewScript = (s: DedupScript): string => s.text.replace('{{DEPENDENCY}}', `<${s.after}>`);

/** Writes and submits the stages in order; `submitted` is told each job id (and the one it waits for). */
export async function submitSlurmDedup(
  jobs: SlurmDedupJobs, submitted?: (s: DedupScript, id: string, after: string | null) => void,
): Promise<string[]> {
  let previous: string | null = null;
  const ids: string[] = [];
  for (const s of jobs.scripts) {
    const path = join(jobs.logDir, s.name);
    await store.writeAtomic(path, previous ? s.text.replace('{{DEPENDENCY}}', previous) : s.text);
    const id = sbatch(path, { after: previous });
    submitted?.(s, id, previous);
    ids.push(id);
    previous = id;
  }
  return ids;
}
