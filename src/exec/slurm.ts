/**
 * Slurm job scripts for `winnow slurm`, as pure functions: a plan in, sbatch script text out.
 * Slurm is the engine; winnow has no scheduler. Each array task runs
 * `winnow run --rank $((SLURM_ARRAY_TASK_ID + OFFSET)) --world W`, with the world always
 * explicit, so a sparse resubmission (`--array=3,7`) or an array split at MaxArraySize still
 * gives every task the shards it had the first time. A merge job waits for every array with
 * `afterok` and is cancelled (`--kill-on-invalid-dep=yes`) instead of pending forever when a
 * task fails.
 */

import { UsageError } from '../errors.ts';

/** Slurm's default MaxArraySize (man slurm.conf): array indices 0..1000. */
export const DEFAULT_MAX_ARRAY_SIZE = 1001;

/** What every generated script asks Slurm for. */
export interface SlurmResources {
  partition?: string | undefined;
  time?: string | undefined;
  mem?: string | undefined;
  cpus: number;
  /** Extra sbatch options, one per `#SBATCH` line (e.g. `--account=proj`). */
  extra?: readonly string[] | undefined;
}

/** One array job: task i runs rank `offset + i`. */
export interface ArrayChunk {
  offset: number;
  indices: number[];
}

export interface SlurmPlan {
  jobName: string;
  /** Number of ranks (`--world`). */
  world: number;
  resources: SlurmResources;
  /** Absolute path of node (process.execPath) and of winnow's bin, so tasks run this build. */
  node: string;
  winnow: string;
  /** `winnow run` arguments after `--rank/--world` (inputs, output, config, gate…), already absolute. */
  runArgs: readonly string[];
  /** `winnow merge` arguments (the output, flags). */
  mergeArgs: readonly string[];
  /** Absolute folder for the task logs. */
  logDir: string;
}

/** Ranks 0..world-1 that still have a shard without a completion marker (shard i belongs to rank i mod world). */
export function incompleteRanks(
  shards: readonly string[],
  world: number,
  done: ReadonlySet<string>,
): number[] {
  const open = new Set<number>();
  shards.forEach((s, i) => {
    if (!done.has(s)) open.add(i % world);
  });
  return [...open].sort((a, b) => a - b);
}

/**
 * Splits ranks (sorted, distinct) over arrays of at most `maxArraySize` indices: rank r goes to
 * the array with offset `k × maxArraySize`, k = floor(r / maxArraySize), as index r − offset.
 */
export function arrayChunks(ranks: readonly number[], maxArraySize: number): ArrayChunk[] {
  if (!Number.isInteger(maxArraySize) || maxArraySize < 1)
    throw new RangeError(`Expected MaxArraySize >= 1, got ${maxArraySize}`);
  const byOffset = new Map<number, number[]>();
  for (const r of ranks) {
    const offset = Math.floor(r / maxArraySize) * maxArraySize;
    let list = byOffset.get(offset);
    if (!list) byOffset.set(offset, (list = []));
    list.push(r - offset);
  }
  return [...byOffset]
    .sort((a, b) => a[0] - b[0])
    .map(([offset, indices]) => ({ offset, indices }));
}

/** `--array` value for sorted, distinct indices, with runs collapsed: [0,1,2,5,7,8] → `0-2,5,7-8`. */
export function arraySpec(indices: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < indices.length;) {
    let j = i;
    while (j + 1 < indices.length && indices[j + 1] === indices[j]! + 1) j++;
    parts.push(j === i ? String(indices[i]) : `${indices[i]}-${indices[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

/** One word for bash: left bare when safe, otherwise in single quotes. */
export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** MaxArraySize from `scontrol show config` output, or null when absent. */
export function parseMaxArraySize(scontrolConfig: string): number | null {
  const m = /^\s*MaxArraySize\s*=\s*(\d+)\s*$/m.exec(scontrolConfig);
  return m ? Number(m[1]) : null;
}

/** Job id from `sbatch --parsable` output (`123` or `123;cluster`). */
export function parseJobId(sbatchOutput: string): string {
  const id = sbatchOutput.trim().split('\n').pop()!.split(';')[0]!.trim();
  if (!/^\d+$/.test(id))
    throw new Error(
      `Expected a job id from sbatch --parsable, got ${JSON.stringify(sbatchOutput.trim())}`,
    );
  return id;
}

/** C0 and C1 controls, DEL and the Unicode line and paragraph separators: a new line in a script, or worse. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/**
 * Refuses (UsageError, exit 2) a plan with a control character in any value written into a
 * script: a newline in `--job-name` would end the `#SBATCH` line and put a command of its own
 * into the script. Each value is named by the flag it came from.
 */
export function checkScriptValues(plan: SlurmPlan): void {
  const r = plan.resources;
  const values: [string, string | undefined][] = [
    ['--job-name', plan.jobName],
    ['--partition', r.partition],
    ['--time', r.time],
    ['--mem', r.mem],
    ...(r.extra ?? []).map((x): [string, string] => ['--sbatch', x]),
    ['--slurm-dir', plan.logDir],
    ['node', plan.node],
    ['winnow', plan.winnow],
    ...plan.runArgs.map((x): [string, string] => ['a run argument', x]),
    ...plan.mergeArgs.map((x): [string, string] => ['a merge argument', x]),
  ];
  for (const [flag, v] of values) {
    const m = v === undefined ? null : CONTROL.exec(v);
    if (m) {
      const code = `U+${m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
      throw new UsageError(
        `${flag}: got ${JSON.stringify(v)}, which holds a control character (${code}); a value that goes into a job script cannot`,
      );
    }
  }
}

function header(plan: SlurmPlan, name: string, lines: string[], cpus: number): string[] {
  checkScriptValues(plan);
  const r = plan.resources;
  return [
    '#!/bin/bash',
    `#SBATCH --job-name=${shellQuote(name)}`,
    ...lines,
    '#SBATCH --ntasks=1',
    `#SBATCH --cpus-per-task=${cpus}`,
    ...(r.partition ? [`#SBATCH --partition=${shellQuote(r.partition)}`] : []),
    ...(r.time ? [`#SBATCH --time=${shellQuote(r.time)}`] : []),
    ...(r.mem ? [`#SBATCH --mem=${shellQuote(r.mem)}`] : []),
    ...(r.extra ?? []).map((o) => `#SBATCH ${o}`),
  ];
}

const command = (plan: SlurmPlan, args: readonly string[]): string =>
  ['exec', plan.node, plan.winnow, ...args].map(shellQuote).join(' ');

/**
 * The sbatch script of array chunk `index` of `count`: `--array` lists this chunk's indices;
 * OFFSET turns an index into a rank.
 */
export function arrayScript(
  plan: SlurmPlan,
  chunk: ArrayChunk,
  index: number,
  count: number,
): string {
  const ranks = chunk.indices.map((i) => i + chunk.offset);
  return [
    ...header(
      plan,
      `${plan.jobName}-run`,
      [
        `#SBATCH --array=${arraySpec(chunk.indices)}`,
        `#SBATCH --output=${shellQuote(`${plan.logDir}/run-%A_%a.out`)}`,
      ],
      plan.resources.cpus,
    ),
    `# winnow slurm: array ${index + 1} of ${count}, ranks ${arraySpec(ranks)} of world ${plan.world}.`,
    '# Rank = SLURM_ARRAY_TASK_ID + OFFSET; shard i (sorted by name) belongs to rank i mod world.',
    '# A task skips shards that already have completion markers (OUT/done/<shard>).',
    'set -eu',
    `OFFSET=${chunk.offset}`,
    'RANK=$((SLURM_ARRAY_TASK_ID + OFFSET))',
    'echo "winnow: rank $RANK of ' + plan.world + ' on ${SLURMD_NODENAME:-$(hostname)}" >&2',
    // `$RANK` must stay unquoted-by-us so bash expands it: append it after quoting the rest.
    `${command(plan, ['run'])} --rank "$RANK" ${['--world', String(plan.world), ...plan.runArgs].map(shellQuote).join(' ')}`,
    '',
  ].join('\n');
}

/**
 * The merge job's script: runs after every array succeeded (`afterok` on all of them), and is
 * cancelled when one failed. `arrayJobIds` may be placeholders for a dry run.
 */
export function mergeScript(plan: SlurmPlan, arrayJobIds: readonly string[]): string {
  return [
    ...header(
      plan,
      `${plan.jobName}-merge`,
      [
        ...(arrayJobIds.length
          ? [
              `#SBATCH --dependency=afterok:${arrayJobIds.join(':')}`,
              '#SBATCH --kill-on-invalid-dep=yes',
            ]
          : []),
        `#SBATCH --output=${shellQuote(`${plan.logDir}/merge-%j.out`)}`,
      ],
      1,
    ),
    `# winnow slurm: merge the per-shard stats of all ${plan.world} ranks into OUT/stats.json.`,
    'set -eu',
    command(plan, ['merge', ...plan.mergeArgs]),
    '',
  ].join('\n');
}
