/** Shared test helpers: temp dirs, collecting async iterables, the shared/ folder. */
import { mkdtempSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** `../shared` beside the repository (docs, goldens, corpora), or `$WINNOW_SHARED` when set. */
export const sharedDir = resolve(repoRoot, process.env.WINNOW_SHARED ?? '../shared');

/** A fresh temporary directory. */
export const tempDir = (prefix = 'winnow-test-'): string => mkdtempSync(join(tmpdir(), prefix));

export async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

export async function* from<T>(xs: Iterable<T>): AsyncGenerator<T> {
  yield* xs;
}

/**
 * True when `../shared/<rel>` exists. Otherwise prints a visible SKIP line and returns false —
 * or throws under CI=true, where the shared folder must be present.
 */
export function haveShared(rel: string, what: string): boolean {
  if (existsSync(join(sharedDir, rel))) return true;
  const msg = `SKIP: ${what}: ../shared/${rel} is absent`;
  if (process.env.CI === 'true') throw new Error(`${msg} (CI=true requires it)`);
  console.log(msg);
  return false;
}

import type { Test } from 'uvu';

/** How uvu registers a test: `test`, or `test.skip`, which its summary counts under Skipped. */
type Register = (name: string, fn: () => void | Promise<void>) => void;

/**
 * `t` when `available`, else `t.skip`: a test whose inputs are absent is reported as skipped
 * (uvu's "Skipped: N"), not as passed. Call the availability checks below (haveShared, haveS3,
 * haveSlurm) for `available`: they print the SKIP line, and throw under CI=true.
 */
export const testIf = (t: Test, available: boolean): Register => (available ? t : t.skip);

/** Six varied English sentences: passes the Gopher, C4 and FineWeb heuristics (no repetition). */
export const PROSE_SENTENCES: readonly string[] = [
  'The garden of the old house was quiet in the morning, and the birds sang in the apple trees.',
  'We walked to the river after breakfast and talked about the weather, the market and our plans.',
  'My sister had brought a basket of bread with cheese, which we shared with two hungry cyclists.',
  'Later that afternoon the council announced that the library would open again next spring.',
  'Everyone in the village seemed pleased, although some worried about the cost of new windows.',
  'By evening the light had turned golden over the harbour and the fishing boats came home.',
];

/**
 * True when the command is on PATH. Otherwise prints a visible SKIP line and returns false — or
 * throws under CI=true, where `.ci/run` installs it.
 */
export function haveCommand(cmd: string, what: string): boolean {
  const found = (process.env.PATH ?? '').split(':').some((d) => d && existsSync(join(d, cmd)));
  if (found) return true;
  const msg = `SKIP: ${what}: \`${cmd}\` is not installed`;
  if (process.env.CI === 'true') throw new Error(`${msg} (CI=true requires it)`);
  console.log(msg);
  return false;
}
