/**
 * `winnow demo [DIR]`: the flow on the bundled fixtures, end to end, each step printed as the
 * command a user would type and run through the same CLI.
 */
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ArgumentsCamelCase, Argv } from 'yargs';
import type { Io } from '../io.ts';
import * as store from '../../io/store.ts';

interface DemoArgs {
  dir: string;
}

/** fixtures/ ships beside src/ and dist/. */
const fixtures = resolve(dirname(fileURLToPath(import.meta.url)), '../../../fixtures');

export const command = 'demo [dir]';

export const builder = (y: Argv) =>
  y.positional('dir', { type: 'string', default: 'winnow-demo', describe: 'Folder for the demo outputs (replaced)' });

export async function run(a: ArgumentsCamelCase<DemoArgs>, io: Io, main: (argv: string[], io: Io) => Promise<number>): Promise<number> {
  const dir = resolve(a.dir);
  await store.removeFolder(dir);
  const shards = relative(process.cwd(), join(fixtures, 'shards')) || '.';
  const rel = (p: string) => relative(process.cwd(), join(dir, p));
  const labels = relative(process.cwd(), join(fixtures, 'labels', 'labels.jsonl'));
  const steps: { say: string; argv: string[]; out?: string; expect?: number }[] = [
    { say: 'How big is the corpus?', argv: ['count', shards], out: 'count.txt' },
    {
      say: 'What would the FineWeb stack (Gopher repetition + quality, C4, FineWeb quality) drop, and why? A dry run drops nothing.',
      argv: ['filter', shards, '--preset', 'fineweb', '--dry-run', '--decisions', rel('decisions.jsonl'), '--stats', rel('dry-run-stats.json'), '--errors', rel('errors.jsonl')],
    },
    { say: 'Dropping without an audit is refused (exit 3):', argv: ['filter', shards, '--preset', 'fineweb', '-o', rel('refused')], expect: 3 },
    {
      say: 'Draw a stratified sample to label (flag status × rule signature), with every stratum\'s size recorded',
      argv: ['sample', shards, '--preset', 'fineweb', '-n', '200', '-o', rel('to-label.jsonl'), '--seed', '1'],
    },
    {
      say: 'Audit the filter on hand labels (here: the fixtures\' labels, two annotators), projected onto the corpus counts',
      argv: ['audit', '--preset', 'fineweb', '--labels', labels, '--second-label-field', 'label_b', '--stats', rel('dry-run-stats.json'), '-o', rel('audit.json')],
      out: 'audit.txt',
    },
    {
      say: 'The audit bounds the FDR within the 10 % budget, so the gate lets the filter drop',
      argv: ['filter', shards, '--preset', 'fineweb', '--audit', rel('audit.json'), '-o', rel('filtered')],
    },
    {
      say: 'The pruning report: funnel, rules and their overlaps, histograms with thresholds, the audit, dropped documents with their spans (open report.html in a browser; report.md reads in a terminal)',
      argv: ['report', rel('filtered'), '--audit', rel('audit.json'), '-o', rel('report.html'), '-o', rel('report.md')],
    },
  ];
  for (const s of steps) {
    io.err(`\n# ${s.say}\n$ winnow ${s.argv.join(' ')}\n`);
    let captured = '';
    const stepIo: Io = s.out ? { out: (t) => void (captured += t), err: io.err } : io;
    const code = await main(s.argv, stepIo);
    if (s.out) {
      io.err(captured);
      await store.writeAtomic(join(dir, s.out), captured);
    }
    const expected = s.expect ?? 0;
    if (code !== expected) {
      io.err(`winnow demo: step exited ${code}, expected ${expected}\n`);
      return code || 1;
    }
  }
  io.err(
    `\nDemo outputs are in ${relative(process.cwd(), dir) || '.'}/: count.txt, decisions.jsonl, dry-run-stats.json, ` +
      'to-label.jsonl (+ .strata.json), audit.json, audit.txt, filtered/ (kept, dropped, errors, stats per shard, stats.json), ' +
      'report.html (open it in a browser: works offline, no JavaScript) and report.md\n',
  );
  return 0;
}
