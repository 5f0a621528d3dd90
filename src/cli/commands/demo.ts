/**
 * `winnow demo [DIR]`: the flow on the bundled fixtures, end to end, each step printed as the
 * command a user would type and run through the same CLI.
 */
import { mkdir, rm } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ArgumentsCamelCase, Argv } from 'yargs';
import type { Io } from '../io.ts';

interface DemoArgs {
  dir: string;
}

/** fixtures/ ships beside src/ and dist/. */
const fixtures = resolve(dirname(fileURLToPath(import.meta.url)), '../../../fixtures');

export const command = 'demo [dir]';

export const builder = (y: Argv) =>
  y.positional('dir', { type: 'string', default: 'winnow-demo', describe: 'Folder for the demo outputs (replaced)' });

export async function run(a: ArgumentsCamelCase<DemoArgs>, io: Io): Promise<number> {
  const { main } = await import('../main.ts');
  const dir = resolve(a.dir);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const shards = relative(process.cwd(), join(fixtures, 'shards')) || '.';
  const rel = (p: string) => relative(process.cwd(), join(dir, p));
  const steps: { say: string; argv: string[]; out?: string }[] = [
    { say: 'How big is the corpus?', argv: ['count', shards], out: 'count.txt' },
    {
      say: 'Score every document with the FineWeb stack (Gopher repetition + quality, C4, FineWeb quality)',
      argv: ['score', shards, '--preset', 'fineweb', '-o', rel('scores')],
    },
    {
      say: 'What would the FineWeb stack drop, and why? (a dry run drops nothing)',
      argv: ['filter', shards, '--preset', 'fineweb', '--dry-run', '--decisions', rel('decisions.jsonl'), '--errors', rel('errors.jsonl')],
    },
    { say: 'Without an audit, dropping is refused (exit 3):', argv: ['filter', shards, '--preset', 'fineweb'] },
  ];
  for (const s of steps) {
    io.err(`\n# ${s.say}\n$ winnow ${s.argv.join(' ')}\n`);
    let captured = '';
    const stepIo: Io = s.out ? { out: (t) => void (captured += t), err: io.err } : io;
    const code = await main(s.argv, stepIo);
    if (s.out) {
      io.err(captured);
      const { writeFile } = await import('node:fs/promises');
      await writeFile(join(dir, s.out), captured);
    }
    const expected = s.argv[0] === 'filter' && !s.argv.includes('--dry-run') ? 3 : 0;
    if (code !== expected) {
      io.err(`winnow demo: step exited ${code}, expected ${expected}\n`);
      return code || 1;
    }
  }
  io.err(`\nDemo outputs are in ${relative(process.cwd(), dir) || '.'}/ (count.txt, scores/, decisions.jsonl)\n`);
  return 0;
}
