/**
 * Slurm scripts for `winnow slurm --dedup minhash|exact`, as pure functions: the stages as job
 * arrays chained with `afterok`, each task a `winnow dedup METHOD --stage …` call. MinHash:
 * signatures → buckets → cluster parts → merge; exact: hashes → merge (per hash partition) →
 * collect. A failed task cancels what depends on it
 * (`--kill-on-invalid-dep=yes`); resubmitting reruns only tasks without completion markers,
 * since every task checks its own marker first.
 */
import { shellQuote, type SlurmResources } from '../exec/slurm.ts';

export interface DedupSlurmPlan {
  readonly method: 'minhash' | 'exact';
  readonly jobName: string;
  readonly resources: SlurmResources;
  readonly node: string;
  readonly winnow: string;
  /** Signature ranks. */
  readonly world: number;
  /** MinHash: buckets stage tasks (num_buckets × ranges) and the ranges per bucket. */
  readonly bucketTasks: number;
  readonly ranges: number;
  /** MinHash: cluster parts; exact: hash partitions (merge tasks). */
  readonly parts: number;
  /** Flags every stage repeats: -i inputs, -o out, --hash, --s3-path-style, read flags. */
  readonly args: readonly string[];
  readonly logDir: string;
}

export interface DedupScript {
  readonly stage: 'signatures' | 'buckets' | 'clusters' | 'merge' | 'hashes' | 'collect';
  /** The stage this one waits for (null for the first). */
  readonly after: DedupScript['stage'] | null;
  readonly name: string;
  /** Array size (0 for the single merge job). */
  readonly tasks: number;
  /** The script, with `{{DEPENDENCY}}` where the previous job's id goes. */
  readonly text: string;
}

/** The scripts in submission order; each but the first waits for the one before. */
export function dedupScripts(plan: DedupSlurmPlan): DedupScript[] {
  const r = plan.resources;
  const run = (stage: string, extra: string[]): string =>
    ['exec', plan.node, plan.winnow, 'dedup', plan.method, '--stage', stage, ...extra, ...plan.args]
      .map(shellQuote)
      .join(' ');
  // MinHash's names predate exact dedup's; exact's stage names overlap (merge), so they differ.
  const prefix = plan.method === 'minhash' ? 'dedup' : 'dedup-exact';
  let after: DedupScript['stage'] | null = null;
  const script = (
    stage: DedupScript['stage'],
    tasks: number,
    first: boolean,
    body: string,
  ): DedupScript => {
    const previous = after;
    after = stage;
    return { ...scriptText(stage, tasks, first, body), after: previous };
  };
  const scriptText = (
    stage: DedupScript['stage'],
    tasks: number,
    first: boolean,
    body: string,
  ): Omit<DedupScript, 'after'> => ({
    stage,
    name: `${prefix}-${stage}.sbatch`,
    tasks,
    text: [
      '#!/bin/bash',
      `#SBATCH --job-name=${shellQuote(`${plan.jobName}-${prefix}-${stage}`)}`,
      ...(tasks ? [`#SBATCH --array=0-${tasks - 1}`] : []),
      ...(first
        ? []
        : ['#SBATCH --dependency=afterok:{{DEPENDENCY}}', '#SBATCH --kill-on-invalid-dep=yes']),
      `#SBATCH --output=${shellQuote(`${plan.logDir}/${prefix}-${stage}-${tasks ? '%A_%a' : '%j'}.out`)}`,
      '#SBATCH --ntasks=1',
      `#SBATCH --cpus-per-task=${r.cpus}`,
      ...(r.partition ? [`#SBATCH --partition=${shellQuote(r.partition)}`] : []),
      ...(r.time ? [`#SBATCH --time=${shellQuote(r.time)}`] : []),
      ...(r.mem ? [`#SBATCH --mem=${shellQuote(r.mem)}`] : []),
      ...(r.extra ?? []).map((o) => `#SBATCH ${o}`),
      `# winnow slurm --dedup ${plan.method}: stage ${stage}${tasks ? `, ${tasks} tasks` : ''}. A task whose marker exists exits at once.`,
      'set -eu',
      body,
      '',
    ].join('\n'),
  });
  // The task index is appended unquoted so that bash expands it.
  if (plan.method === 'exact')
    return [
      script(
        'hashes',
        plan.world,
        true,
        `${run('hashes', ['--world', String(plan.world), '--parts', String(plan.parts)])} --rank "$SLURM_ARRAY_TASK_ID"`,
      ),
      script('merge', plan.parts, false, `${run('merge', [])} --task "$SLURM_ARRAY_TASK_ID"`),
      script('collect', 0, false, run('collect', [])),
    ];
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
