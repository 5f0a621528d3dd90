/**
 * The `slurm --dedup minhash|exact` flow: the MinHash stages as four Slurm jobs chained with afterok
 * (signatures array of N ranks → buckets array → cluster parts array → merge), or exact dedup's
 * three (hashes array of N ranks → merge array of hash partitions → collect). `planSlurmDedup`
 * checks the sizes and writes the scripts' text; `submitSlurmDedup` writes them into the log
 * folder and submits them in order, each after the one before.
 */
import { join, resolve } from 'node:path';
import { DEFAULT_MINHASH } from '../dedup/config.ts';
import { dedupScripts, type DedupScript, type DedupSlurmPlan } from '../dedup/slurm.ts';
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
  /** Exact dedup only (refused for MinHash): paragraphs shorter than this are not compared. */
  minParagraph?: number | undefined;
  /** Exact dedup only: sort memory per hashes or merge task, in MiB, before runs spill. */
  memoryMb?: number | undefined;
  /** Exact dedup only: each node's local folder for spilled runs (default: its TMPDIR). */
  tmp?: string | undefined;
  /** Reading flags (--text-field …) for the stage that reads the shards (signatures, hashes). */
  readArgs?: readonly string[] | undefined;
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
  if (!Number.isInteger(v) || v < 1 || v > max)
    throw new UsageError(`Expected \`${what}\` to be an integer from 1 to ${max}, got ${v}`);
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
  if (buckets * ranges > 1000)
    throw new UsageError(`Expected 14 × --ranges ≤ 1000 (one array), got ${buckets * ranges}`);
  const logDir = resolve(o.slurmDir);
  const args = [
    '-o',
    o.out,
    ...(o.input.length ? ['-i', ...o.input] : []),
    ...(o.hash && o.hash !== 'xxhash' ? ['--hash', o.hash] : []),
    ...(o.s3PathStyle ? ['--s3-path-style'] : []),
  ];
  const scripts = dedupScripts({
    method: o.method,
    jobName: o.jobName,
    resources: o.resources,
    node: process.execPath,
    winnow: winnowBin(),
    world,
    bucketTasks: buckets * ranges,
    ranges,
    parts,
    args,
    stageArgs: stageArgs(o),
    logDir,
  });
  return { scripts, logDir };
}

/** Flags only some stages take: the reading flags where the shards are read, and exact's own. */
function stageArgs(o: SlurmDedupOptions): DedupSlurmPlan['stageArgs'] {
  refuseOtherMethodFlags(o);
  const read = o.readArgs ?? [];
  if (o.method === 'minhash') return { signatures: read };
  const exact = exactStageArgs(o);
  return { hashes: [...exact.hashes, ...read], merge: exact.merge };
}

/** Each method's own flags, meaningless to the other's stages (and to a plain `slurm` run). */
export const OWN_FLAGS = {
  minhash: { ranges: '--ranges', hash: '--hash' },
  exact: { minParagraph: '--min-paragraph', memoryMb: '--memory-mb', tmp: '--tmp' },
} as const;

/** The other method's flags would be silently ignored by the tasks, so they are refused. */
function refuseOtherMethodFlags(o: SlurmDedupOptions): void {
  const other = o.method === 'exact' ? 'minhash' : 'exact';
  const given = Object.entries(OWN_FLAGS[other])
    .filter(([k]) => o[k as keyof SlurmDedupOptions] !== undefined)
    .map(([, f]) => `\`${f}\``);
  if (given.length)
    throw new UsageError(`Expected ${given.join(', ')} only with \`--dedup ${other}\``);
}

/**
 * The exact-dedup flags the tasks would otherwise take at their defaults: --min-paragraph for
 * the hashes stage, the sort budget (--memory-mb, --tmp) for hashes and merge (collect sorts
 * nothing).
 */
function exactStageArgs(o: SlurmDedupOptions): { hashes: string[]; merge: string[] } {
  if (o.minParagraph !== undefined) positive(o.minParagraph, '--min-paragraph', 1e9);
  // As the task reads it (`winnow dedup exact` rounds to bytes and wants at least 4 KiB).
  if (o.memoryMb !== undefined && !(Math.round(o.memoryMb * 1024 * 1024) >= 4096))
    throw new UsageError(`Expected \`--memory-mb\` of at least 4 KiB (0.0039), got ${o.memoryMb}`);
  const sort = [
    ...(o.memoryMb !== undefined ? ['--memory-mb', String(o.memoryMb)] : []),
    ...(o.tmp !== undefined ? ['--tmp', resolve(o.tmp)] : []),
  ];
  const min = o.minParagraph !== undefined ? ['--min-paragraph', String(o.minParagraph)] : [];
  return { hashes: [...min, ...sort], merge: sort };
}

/** A script as a dry run shows it: the job it waits for named by its stage. */
export const previewScript = (s: DedupScript): string =>
  s.text.replace('{{DEPENDENCY}}', `<${s.after}>`);

/** Writes and submits the stages in order; `submitted` is told each job id (and the one it waits for). */
export async function submitSlurmDedup(
  jobs: SlurmDedupJobs,
  submitted?: (s: DedupScript, id: string, after: string | null) => void,
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
