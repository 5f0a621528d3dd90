/**
 * Records what filter, run, sample, audit and report write on the fixtures, as one sha256 per
 * output file plus what each step printed on stdout, so `test/recorded/outputs.test.ts` can prove
 * a refactor leaves every byte as it was. Run it on the commit whose behaviour is the reference:
 *
 *   node --import tsx scripts/record-outputs.ts            # rewrites test/recorded/fixtures.json
 *   node --import tsx scripts/record-outputs.ts --print    # prints the record instead
 *
 * timings/ (wall-clock) is left out; everything else must be byte-stable.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../src/cli/main.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** One step: the argv (with `@` standing for the output folder), and the exit code it must give. */
export interface Step {
  name: string;
  argv: string[];
  code?: number;
  /** Pipe mode writes kept lines to the process's stdout: run it in a child process to capture them. */
  subprocess?: boolean;
}

const shards = join(root, 'fixtures/shards');
const labels = join(root, 'fixtures/labels/labels.jsonl');

/** The flow on the fixtures; tokenizer none keeps it fast, one step with cl100k keeps tokens in. */
export const STEPS: Step[] = [
  {
    name: 'filter-dry',
    argv: [
      'filter',
      shards,
      '--preset',
      'fineweb',
      '--dry-run',
      '--decisions',
      '@/decisions.jsonl',
      '--stats',
      '@/dry.json',
      '--errors',
      '@/dry-errors.jsonl',
    ],
  },
  {
    name: 'filter-dry-gopher-stdout',
    argv: [
      'filter',
      join(shards, 'part-0000.jsonl'),
      '--preset',
      'gopher',
      '--dry-run',
      '--tokenizer',
      'none',
    ],
    subprocess: true,
  },
  {
    name: 'filter-unaudited',
    argv: [
      'filter',
      shards,
      '--preset',
      'c4',
      '--unaudited',
      '-o',
      '@/filter-c4',
      '--tokenizer',
      'none',
    ],
  },
  {
    name: 'filter-pipe',
    argv: [
      'filter',
      join(shards, 'part-0001.jsonl'),
      '--preset',
      'gopher',
      '--unaudited',
      '--dropped',
      '@/pipe-dropped.jsonl',
      '--stats',
      '@/pipe-stats.json',
      '--tokenizer',
      'none',
    ],
    subprocess: true,
  },
  {
    name: 'run',
    argv: [
      'run',
      '--preset',
      'fineweb',
      '-i',
      shards,
      '-o',
      '@/run',
      '--unaudited',
      '--workers',
      '1',
      '--tokenizer',
      'none',
    ],
  },
  {
    name: 'sample',
    argv: [
      'sample',
      shards,
      '--preset',
      'fineweb',
      '-n',
      '200',
      '-o',
      '@/to-label.jsonl',
      '--seed',
      '1',
    ],
  },
  {
    name: 'sample-token',
    argv: [
      'sample',
      shards,
      '--preset',
      'gopher',
      '-n',
      '60',
      '--design',
      'token',
      '-o',
      '@/to-label-token.jsonl',
      '--seed',
      '3',
    ],
  },
  {
    name: 'audit',
    argv: [
      'audit',
      '--preset',
      'fineweb',
      '--labels',
      labels,
      '--second-label-field',
      'label_b',
      '--stats',
      '@/dry.json',
      '-o',
      '@/audit.json',
    ],
  },
  {
    name: 'audit-plain',
    argv: [
      'audit',
      '--preset',
      'gopher',
      '--labels',
      labels,
      '--tokenizer',
      'none',
      '-o',
      '@/audit-plain.json',
    ],
  },
  {
    name: 'filter-gated',
    argv: ['filter', shards, '--preset', 'fineweb', '--audit', '@/audit.json', '-o', '@/filtered'],
  },
  {
    name: 'filter-refused',
    argv: ['filter', shards, '--preset', 'fineweb', '-o', '@/refused'],
    code: 3,
  },
  {
    name: 'report',
    argv: [
      'report',
      '@/filtered',
      '--audit',
      '@/audit.json',
      '-o',
      '@/report.html',
      '-o',
      '@/report.md',
      '-o',
      '@/report.json',
      '--now',
      '2026-01-01T00:00:00Z',
    ],
  },
  {
    name: 'report-run',
    argv: ['report', '@/run', '-o', '@/report-run.md', '--now', '2026-01-01T00:00:00Z'],
  },
];

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

function files(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out.filter((f) => !f.split('/').includes('timings')).sort();
}

/** Runs every step into a fresh folder; returns step → {code, stdout sha}, and file → sha. */
export async function record(): Promise<{
  steps: Record<string, { code: number; stdout: string }>;
  files: Record<string, string>;
}> {
  const dir = mkdtempSync(join(tmpdir(), 'winnow-record-'));
  const cwd = process.cwd();
  try {
    process.chdir(dir);
    const steps: Record<string, { code: number; stdout: string }> = {};
    for (const s of STEPS) {
      let out = '';
      let err = '';
      const argv = s.argv.map((a) => a.replace(/^@/, dir));
      let code: number;
      if (s.subprocess) {
        const r = spawnSync(
          process.execPath,
          [join(root, 'node_modules/tsx/dist/cli.mjs'), join(root, 'test/cli/_main.ts'), ...argv],
          { encoding: 'utf8', maxBuffer: 1 << 28 },
        );
        code = r.status ?? -1;
        out = r.stdout;
        err = r.stderr;
      } else code = await main(argv, { out: (t) => void (out += t), err: (t) => void (err += t) });
      if (code !== (s.code ?? 0))
        throw new Error(`${s.name}: exit ${code}, expected ${s.code ?? 0}\n${err}`);
      // Paths of this temporary folder may appear in what is printed; they are not part of the record.
      steps[s.name] = { code, stdout: sha(out.split(dir).join('@').split(root).join('<root>')) };
    }
    const record: Record<string, string> = {};
    for (const f of files(dir))
      record[f] = sha(
        readFileSync(join(dir, f), 'utf8').split(dir).join('@').split(root).join('<root>'),
      );
    return { steps, files: record };
  } finally {
    process.chdir(cwd);
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const r = JSON.stringify(await record(), null, 1) + '\n';
  if (process.argv.includes('--print')) process.stdout.write(r);
  else writeFileSync(join(root, 'test/recorded/fixtures.json'), r);
}
