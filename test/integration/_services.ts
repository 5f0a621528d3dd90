/**
 * What the integration tests need from outside: an S3 endpoint (moto in CI) and a Slurm cluster,
 * both started by `.ci/services.sh`. Absent, a test prints a visible SKIP line and passes —
 * or fails under CI=true, where .ci/run must have started them.
 */
import { spawnSync } from 'node:child_process';

const HOW = 'start them with: . .ci/services.sh && services_start';

function skip(what: string, why: string): false {
  const msg = `SKIP: ${what}: ${why} (${HOW})`;
  if (process.env.CI === 'true') throw new Error(`${msg}; CI=true requires it`);
  console.log(msg);
  return false;
}

/** The S3 endpoint the tests use (AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL), or undefined. */
export const s3Endpoint = (): string | undefined =>
  process.env.AWS_ENDPOINT_URL_S3 || process.env.AWS_ENDPOINT_URL || undefined;

let s3Answer: Promise<string | null> | null = null;

/** True when an S3 endpoint is configured and answers HTTP; otherwise SKIP (or throw under CI). */
export async function haveS3(what: string): Promise<boolean> {
  const url = s3Endpoint();
  if (!url) return skip(what, 'no S3 endpoint (AWS_ENDPOINT_URL is unset)');
  s3Answer ??= fetch(url, { signal: AbortSignal.timeout(5000) }).then(
    () => null,
    (e: unknown) => String(e instanceof Error ? (e.cause ?? e.message) : e),
  );
  const problem = await s3Answer;
  return problem === null
    ? true
    : skip(what, `the S3 endpoint ${url} does not answer (${problem})`);
}

/** True when sbatch is on the PATH and the cluster answers `sinfo`; otherwise SKIP (or throw under CI). */
export function haveSlurm(what: string): boolean {
  const v = spawnSync('sbatch', ['--version'], { encoding: 'utf8' });
  if (v.error) return skip(what, 'sbatch is not on the PATH');
  const last = (text: string | undefined) => (text ?? '').trim().split('\n').pop() || undefined;
  if (v.status !== 0)
    return skip(what, `sbatch does not run: ${last(v.stderr) ?? `exit ${v.status}`}`);
  const s = spawnSync('sinfo', ['-h', '-o', '%a'], { encoding: 'utf8', timeout: 15_000 });
  if (s.status !== 0)
    return skip(
      what,
      `the Slurm cluster does not answer sinfo: ${last(s.stderr) ?? `exit ${s.status}`}`,
    );
  return true;
}

/**
 * Dummy credentials when none are set (S3 clones and fake servers accept any, but the SDK wants
 * some); returns a function that puts the environment back.
 */
export function withS3Credentials(): () => void {
  const set = !process.env.AWS_ACCESS_KEY_ID && !process.env.AWS_PROFILE;
  if (set) {
    process.env.AWS_ACCESS_KEY_ID = 'winnow-test';
    process.env.AWS_SECRET_ACCESS_KEY = 'winnow-test';
  }
  return () => {
    if (!set) return;
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
  };
}
