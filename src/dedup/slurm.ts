/**
 * Slurm scripts for `winnow slurm --dedup minhash`, as pure functions: the four MinHash stages
 * as job arrays chained with `afterok` (signatures → buckets → cluster parts → merge), each task
 * a `winnow dedup minhash --stage …` call. A failed task cancels what depends on it
 * (`--kill-on-invalid-dep=yes`); resubmitting reruns only tasks without completion markers,
 * since every task checks its own marker first.
 */
import { shellQuote, type SlurmResources } from '../exec/slurm.ts';

export interface DedupSlurmPlan {
  readonly jobName: string;
  readonly resources: SlurmResources;
  readonly node: string;
  readonly winnow: string;
  /** Signature ranks. */
  readonly world: number;
  /** Buckets stage tasks (num_buckets × ranges) and the ranges per bucket. */
  readonly bucketTasks: number;
  readonly ranges: number;
  /** Cluster parts. */
  readonly parts: number;
  /** Flags every stage repeats: -i inputs, -o out, --hash, --s3-path-style, read flags. */
  readonly args: readonly string[];
  readonly logDir: string;
}

export interface DedupScript {
  readonly stage: 'signatures' | 'buckets' | 'clusters' | 'merge';
  readonly name: string;
  /** Array size (0 for the single merge job). */
  readonly tasks: number;
  /** The script, with `{{DEPENDENCY}}` where the previous job's id goes. */
  readonly text: string;
}

/** The four scripts in submission order; each but the first waits for the one before. */
export function dedupScripts(plan: DedupSlurmPlan): DedupScript[] {
  const r = plan.resources;
  const run = (stage: string, extra: string[]): string =>
    ['exec', plan.node, plan.winnow, 'dedup', 'minhash', '--stage', stage, ...extra, ...plan.args]
      .map(shellQuote)
      .join(' ');
  const script = (
    stage: DedupScript['stage'],
    tasks: number,
    first: boolean,
    body: string,
  ): DedupScript => ({
    stage,
    name: `dedup-${stage}.sbatch`,
    tasks,
    text: [
      '#!/bin/bash',
      `#SBATCH --job-name=${shellQuote(`${plan.jobName}-dedup-${stage}`)}`,
      ...(tasks ? [`#SBATCH --array=0-${tasks - 1}`] : []),
      ...(first
        ? []
        : ['#SBATCH --dependency=afterok:{{DEPENDENCY}}', '#SBATCH --kill-on-invalid-dep=yes']),
      `#SBATCH --output=${shellQuote(`${plan.logDir}/dedup-${stage}-${tasks ? '%A_%a' : '%j'}.out`)}`,
      '#SBATCH --ntasks=1',
      `#SBATCH --cpus-per-task=${r.cpus}`,
      ...(r.partition ? [`#SBATCH --partition=${shellQuote(r.partition)}`] : []),
      ...(r.time ? [`#SBATCH --time=${shellQuote(r.time)}`] : []),
      ...(r.mem ? [`#SBATCH --mem=${shellQuote(r.mem)}`] : []),
      ...(r.extra ?? []).map((o) => `#SBATCH ${o}`),
      `# winnow slurm --dedup minhash: stage ${stage}${tasks ? `, ${tasks} tasks` : ''}. A task whose marker exists exits at once.`,
      'set -eu',
      body,
      '',
    ].join('\n'),
  });
  // The task index is appended unquoted so that bash expands it.
  return [
    script(
      'signatures',
      plan.world,
      true,
      `${run('signatures', ['--world', String(plan.world)])} --rank "$SLURM_ARRAY_TASK_ID"`,
    ),
    script(
      'buckets',
      plan.bucketTasks,
      false,
      `${run('buckets', ['--ranges', String(plan.ranges)])} --task "$SLURM_ARRAY_TASK_ID"`,
    ),
    script(
      'clusters',
      plan.parts,
      false,
      `${run('clusters', ['--ranges', String(plan.ranges), '--parts', String(plan.parts)])} --task "$SLURM_ARRAY_TASK_ID"`,
    ),
    script('merge', 0, false, run('merge', ['--parts', String(plan.parts)])),
  ];
}
