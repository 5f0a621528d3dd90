/**
 * `winnow demo [DIR]`: winnow's loop on the bundled fixtures (src/flows/demo.ts): the learned
 * screen from labels to an audited run, and deduplication with its audit, each step told in a
 * few lines on stderr.
 */
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ArgumentsCamelCase, Argv } from 'yargs';
import { demo } from '../../flows/demo.ts';
import type { Io } from '../io.ts';

interface DemoArgs {
  dir: string;
  now?: string;
}

/** fixtures/ ships beside src/ and dist/. */
const fixtures = resolve(dirname(fileURLToPath(import.meta.url)), '../../../fixtures');

export const command = 'demo [dir]';

export const builder = (y: Argv) =>
  y
    .positional('dir', {
      type: 'string',
      default: 'winnow-demo',
      describe: 'Folder for the demo outputs (replaced)',
    })
    .option('now', {
      type: 'string',
      describe: 'Time stamped on the reports (ISO 8601; default: now)',
    });

export async function run(a: ArgumentsCamelCase<DemoArgs>, io: Io): Promise<number> {
  // Shown as given when outside the working directory, else relative to it.
  const shown = relative(process.cwd(), resolve(a.dir));
  const r = await demo({
    dir: shown.startsWith('..') ? resolve(a.dir) : shown || '.',
    fixtures: relative(process.cwd(), fixtures) || '.',
    log: io.err,
    ...(a.now !== undefined && { generatedAt: a.now }),
  });
  if (!r.gate.audited) {
    io.err('winnow demo: the learned run did not pass the audit gate\n');
    return 1;
  }
  return 0;
}
