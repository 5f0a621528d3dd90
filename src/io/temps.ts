/**
 * Temporary files of unfinished outputs: their names (host, pid, random part), removing this
 * process's own on interruption, and removing those a killed process left behind.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { isS3Uri } from './s3.ts';

/** This host, as it appears in temporary names. */
const HOST = hostname().replace(/[^A-Za-z0-9-]/g, '_');

/** A temporary file of another host's process, or of a live one here, counts as stale after this. */
export const STALE_TEMP_MS = 60 * 60 * 1000;

/**
 * True when process `pid` of this host is alive (EPERM: alive, but another user's). A zombie
 * (killed, not yet reaped: state Z or X in /proc/<pid>/stat) answers signal 0 but writes nothing
 * more, so it counts as dead.
 */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    // "pid (comm) S ...": comm may hold spaces and parentheses, so the state follows the last ")".
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return true; // no /proc (not Linux): signal 0 is all there is
  }
}

/**
 * The writer of a temporary name's suffix (after `.tmp-`): `<host>.<pid>.<hex>` (a host never
 * holds a ".", see HOST), or the older `<pid>`, `<pid>-<hex>` and `<pid>.<hex>` of this host.
 * Parsed from fixed fields, so a random part of digits only is never read as the pid.
 */
export function parseTempName(suffix: string): { host: string; pid: number } | null {
  const m = /^([A-Za-z0-9_-]+)\.(\d+)\.[0-9a-f]+$/.exec(suffix);
  if (m) return { host: m[1]!, pid: Number(m[2]) };
  const old = /^(\d+)(?:[.-][0-9a-f]+)?$/.exec(suffix);
  return old ? { host: HOST, pid: Number(old[1]) } : null;
}

/**
 * Removes temporary files a killed process left beside `path` (`<path>.tmp-<host>.<pid>.<hex>`):
 * at once when that process was on this host and is gone, else only after STALE_TEMP_MS, so a
 * task still writing the same shard (a job resubmitted while the old one runs, another host on
 * shared storage) keeps its file. S3 has none: an interrupted multipart upload is invisible (a
 * bucket lifecycle rule reclaims its parts).
 */
export async function removeStaleTemps(path: string): Promise<void> {
  if (isS3Uri(path)) return;
  const { readdir, stat } = await import('node:fs/promises');
  const { basename } = await import('node:path');
  const prefix = `${basename(path)}.tmp-`;
  let names: string[];
  try {
    names = await readdir(dirname(path));
  } catch {
    return;
  }
  const stale = async (name: string): Promise<boolean> => {
    const w = parseTempName(name.slice(prefix.length));
    if (w && w.host === HOST && !alive(w.pid)) return true;
    try {
      return Date.now() - (await stat(`${dirname(path)}/${name}`)).mtimeMs > STALE_TEMP_MS;
    } catch {
      return false;
    }
  };
  await Promise.all(
    names
      .filter((n) => n.startsWith(prefix))
      .map(async (n) => {
        if (await stale(n)) await rm(`${dirname(path)}/${n}`, { force: true });
      }),
  );
}

/**
 * A temporary name beside `final`, removed by `removeOwnTemps` on interruption until `forget` is
 * called. Host and pid say whose file it is (removeStaleTemps); random bytes keep two writers apart.
 */
export function trackedTemp(final: string): { tmp: string; forget: () => void } {
  const tmp = `${final}.tmp-${HOST}.${process.pid}.${randomBytes(4).toString('hex')}`;
  OPEN_TEMPS.add(tmp);
  return { tmp, forget: () => void OPEN_TEMPS.delete(tmp) };
}

/** Temporary files this thread has open, and folders whose temporaries of this process (any thread) go on interruption. */
const OPEN_TEMPS = new Set<string>();
const TEMP_ROOTS = new Set<string>();

/** Scratch folders of this thread (an external sort's runs), removed whole on interruption. */
const OWN_DIRS = new Set<string>();

/**
 * On interruption, `removeOwnTemps` also removes the folder `dir` with everything in it, until
 * the returned function is called (when its owner has removed it, or kept it on purpose). For a
 * local scratch folder only this process uses: it is not an unfinished output, so it is not
 * named among them.
 */
export function removeDirOnExit(dir: string): () => void {
  OWN_DIRS.add(dir);
  return () => void OWN_DIRS.delete(dir);
}

/** On interruption, `removeOwnTemps` also sweeps `dir` (recursively) for this process's temporaries: worker threads write there. */
export function sweepTempsOnExit(dir: string): void {
  if (!isS3Uri(dir)) TEMP_ROOTS.add(dir);
}

/**
 * Removes, synchronously (a signal handler or a closed pipe is ending the process), the
 * temporary files of unfinished outputs: this thread's, and those of this process under the
 * folders given to `sweepTempsOnExit`; and the scratch folders given to `removeDirOnExit`.
 * Returns the final paths that were left unwritten.
 */
export function removeOwnTemps(): string[] {
  const unfinished: string[] = [];
  const mine = `.tmp-${HOST}.${process.pid}.`;
  const drop = (tmp: string) => {
    try {
      rmSync(tmp, { force: true });
      unfinished.push(tmp.slice(0, tmp.lastIndexOf('.tmp-')));
    } catch {
      // gone already, or not ours to remove
    }
  };
  for (const tmp of OPEN_TEMPS) drop(tmp);
  OPEN_TEMPS.clear();
  for (const dir of OWN_DIRS) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // not ours to remove after all: leave it
    }
  }
  OWN_DIRS.clear();
  for (const root of TEMP_ROOTS) {
    let names: string[];
    try {
      names = readdirSync(root, { recursive: true, encoding: 'utf8' });
    } catch {
      continue;
    }
    for (const n of names)
      if (
        n.includes(mine) &&
        parseTempName(n.slice(n.lastIndexOf('.tmp-') + 5))?.pid === process.pid
      )
        drop(join(root, n));
  }
  return unfinished;
}
