/**
 * Talking to Slurm: `sbatch --parsable` to submit a script, `scontrol show config` for
 * MaxArraySize, and where this build's bin is, so every task runs the same build.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../errors.ts';
import { DEFAULT_MAX_ARRAY_SIZE, parseJobId, parseMaxArraySize } from './slurm.ts';

/** The package's bin (bin/winnow.js runs dist/), so tasks run the same build as this process. */
export function winnowBin(): string {
  return fileURLToPath(new URL('../../bin/winnow.js', import.meta.url));
}

/** MaxArraySize: `flag` when given, else `scontrol show config`, else Slurm's default. */
export function maxArraySize(flag: number | undefined): number {
  if (flag !== undefined) return flag;
  const r = spawnSync('scontrol', ['show', 'config'], { encoding: 'utf8', timeout: 20_000 });
  return (r.status === 0 && parseMaxArraySize(r.stdout)) || DEFAULT_MAX_ARRAY_SIZE;
}

/** Submits `script`; returns the job id. `after` names the job it depends on, for the message. */
export function sbatch(
  script: string,
  o: { extra?: readonly string[]; after?: string | null } = {},
): string {
  const r = spawnSync('sbatch', ['--parsable', ...(o.extra ?? []), script], { encoding: 'utf8' });
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
      `sbatch ${script}${o.after ? ` (after ${o.after})` : ''} failed (exit ${r.status}): ${(r.stderr || r.stdout).trim()}`,
    );
  return parseJobId(r.stdout);
}
