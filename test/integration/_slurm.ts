/** Waiting for Slurm jobs and reading their states, for the integration tests. */
import { spawnSync } from 'node:child_process';

/** Polls squeue until none of the jobs is queued or running (at most `minutes`). */
export async function waitFor(ids: readonly string[], minutes = 3): Promise<void> {
  const until = Date.now() + minutes * 60_000;
  while (Date.now() < until) {
    const q = spawnSync('squeue', ['-h', '-j', ids.join(',')], { encoding: 'utf8' });
    if (q.status === 0 && !q.stdout.trim()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(
    `jobs ${ids.join(',')} still queued after ${minutes} minutes:\n${spawnSync('squeue', [], { encoding: 'utf8' }).stdout}`,
  );
}

/** `<task>:<JobState>:<ExitCode>` of every record of a job (one per array task), from scontrol (kept MinJobAge, 300 s). */
export function states(id: string): string[] {
  const r = spawnSync('scontrol', ['show', 'job', '-o', id], { encoding: 'utf8' });
  return r.stdout
    .split('\n')
    .filter(Boolean)
    .map(
      (l) =>
        `${/ArrayTaskId=(\S+)/.exec(l)?.[1] ?? '-'}:${/JobState=(\S+)/.exec(l)?.[1]}:${/ExitCode=(\S+)/.exec(l)?.[1]}`,
    );
}
