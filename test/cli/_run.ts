/** Runs the CLI in-process and captures what it prints. */
import { join } from 'node:path';
import { main } from '../../src/cli/main.ts';
import { repoRoot } from '../_helpers.ts';

export async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (s) => void (out += s), err: (s) => void (err += s) });
  return { code, out, err };
}

/** node's arguments that run the CLI from source in a real process (signals, stdin, exit codes). */
export const cliArgs = (...argv: string[]): string[] => [
  join(repoRoot, 'node_modules/tsx/dist/cli.mjs'),
  join(repoRoot, 'test/cli/_main.ts'),
  ...argv,
];
