import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  arrayChunks,
  arrayScript,
  arraySpec,
  DEFAULT_MAX_ARRAY_SIZE,
  incompleteRanks,
  mergeScript,
  parseJobId,
  parseMaxArraySize,
  shellQuote,
  type SlurmPlan,
} from '../../src/exec/slurm.ts';
import { loadConfig } from '../../src/cli/config-flags.ts';
import { cli } from '../cli/_run.ts';
import { repoRoot, tempDir } from '../_helpers.ts';

const plan = (over: Partial<SlurmPlan> = {}): SlurmPlan => ({
  jobName: 'winnow',
  world: 2500,
  resources: { partition: 'cpu', time: '4:00:00', mem: '8G', cpus: 4, extra: ['--account=data'] },
  node: '/opt/node/bin/node',
  winnow: '/opt/winnow/bin/winnow.js',
  runArgs: [
    '--preset',
    'fineweb',
    '--unaudited',
    '--workers',
    '4',
    '-o',
    's3://b/out',
    '-i',
    's3://b/shards/*.jsonl.gz',
  ],
  mergeArgs: ['s3://b/out'],
  logDir: '/shared/logs',
  ...over,
});

test('incompleteRanks: a rank is complete when every shard i with i mod world = rank has a marker', () => {
  const shards = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
  assert.equal(incompleteRanks(shards, 3, new Set()), [0, 1, 2]);
  assert.equal(incompleteRanks(shards, 3, new Set(['a', 'd', 'g', 'b'])), [1, 2]);
  assert.equal(incompleteRanks(shards, 3, new Set(shards)), []);
  assert.equal(
    incompleteRanks(['a'], 4, new Set()),
    [0],
    'ranks without shards are never incomplete',
  );
});

test('arrayChunks: split at MaxArraySize with offsets; arraySpec collapses runs', () => {
  assert.equal(arrayChunks([0, 1, 2], DEFAULT_MAX_ARRAY_SIZE), [{ offset: 0, indices: [0, 1, 2] }]);
  const ranks = Array.from({ length: 2500 }, (_, i) => i);
  const chunks = arrayChunks(ranks, 1001);
  assert.equal(
    chunks.map((c) => [c.offset, c.indices[0], c.indices.at(-1), c.indices.length]),
    [
      [0, 0, 1000, 1001],
      [1001, 0, 1000, 1001],
      [2002, 0, 497, 498],
    ],
  );
  assert.equal(
    chunks.map((c) => arraySpec(c.indices)),
    ['0-1000', '0-1000', '0-497'],
  );
  assert.equal(arrayChunks([3, 7, 1005], 1001), [
    { offset: 0, indices: [3, 7] },
    { offset: 1001, indices: [4] },
  ]);
  assert.is(arraySpec([3, 7]), '3,7');
  assert.is(arraySpec([0, 1, 2, 5, 7, 8]), '0-2,5,7-8');
  assert.is(arraySpec([4]), '4');
  assert.throws(() => arrayChunks([0], 0), /MaxArraySize/);
});

test('parse helpers: MaxArraySize from scontrol, job ids from sbatch --parsable, shell quoting', () => {
  assert.is(
    parseMaxArraySize(
      'MailProg                = /bin/mail\nMaxArraySize            = 40001\nMaxJobCount = 10000\n',
    ),
    40001,
  );
  assert.is(parseMaxArraySize('nothing here'), null);
  assert.is(parseJobId('1234\n'), '1234');
  assert.is(parseJobId('1234;cluster\n'), '1234');
  assert.throws(() => parseJobId('sbatch: error: Batch job submission failed'), /job id/);
  assert.is(shellQuote('s3://b/out'), 's3://b/out');
  assert.is(shellQuote('s3://b/*.jsonl.gz'), "'s3://b/*.jsonl.gz'");
  assert.is(shellQuote("it's"), "'it'\\''s'");
  assert.is(shellQuote('$HOME'), "'$HOME'");
});

test('arrayScript: sparse array, OFFSET, explicit world, resources, the absolute node and winnow', () => {
  const s = arrayScript(plan(), { offset: 1001, indices: [3, 7] }, 1, 3);
  assert.ok(s.startsWith('#!/bin/bash\n'));
  for (const line of [
    '#SBATCH --job-name=winnow-run',
    '#SBATCH --array=3,7',
    '#SBATCH --cpus-per-task=4',
    '#SBATCH --partition=cpu',
    '#SBATCH --time=4:00:00',
    '#SBATCH --mem=8G',
    '#SBATCH --account=data',
    '#SBATCH --output=/shared/logs/run-%A_%a.out',
    'OFFSET=1001',
    'RANK=$((SLURM_ARRAY_TASK_ID + OFFSET))',
  ])
    assert.ok(s.split('\n').includes(line), `missing: ${line}\n${s}`);
  assert.match(
    s,
    `exec /opt/node/bin/node /opt/winnow/bin/winnow.js run --rank "$RANK" --world 2500 --preset fineweb --unaudited --workers 4 -o s3://b/out -i 's3://b/shards/*.jsonl.gz'`,
  );
  assert.match(s, 'ranks 1004,1008 of world 2500');
  // sbatch reads #SBATCH lines only before the first command.
  const lines = s.split('\n');
  const firstCommand = lines.findIndex((l) => l && !l.startsWith('#'));
  assert.ok(lines.slice(firstCommand).every((l) => !l.startsWith('#SBATCH')));
});

test('arrayScript runs under bash: each task gets rank SLURM_ARRAY_TASK_ID + OFFSET and the same world', () => {
  const dir = tempDir();
  const file = join(dir, 'run.sbatch');
  writeFileSync(
    file,
    arrayScript(plan({ node: '/bin/echo' }), { offset: 2002, indices: [0, 5] }, 2, 3),
  );
  const r = spawnSync('bash', [file], {
    env: { ...process.env, SLURM_ARRAY_TASK_ID: '5', SLURMD_NODENAME: 'n1' },
    encoding: 'utf8',
  });
  assert.is(r.status, 0, r.stderr);
  assert.is(
    r.stdout.trim(),
    '/opt/winnow/bin/winnow.js run --rank 2007 --world 2500 --preset fineweb --unaudited --workers 4 -o s3://b/out -i s3://b/shards/*.jsonl.gz',
  );
  assert.match(r.stderr, 'winnow: rank 2007 of 2500 on n1');
});

test('mergeScript: afterok on every array, cancelled when one fails, one CPU', () => {
  const s = mergeScript(plan(), ['11', '12']);
  assert.ok(
    s.includes('#SBATCH --dependency=afterok:11:12\n#SBATCH --kill-on-invalid-dep=yes\n'),
    s,
  );
  assert.ok(s.includes('#SBATCH --cpus-per-task=1\n'));
  assert.ok(s.includes('#SBATCH --output=/shared/logs/merge-%j.out\n'));
  assert.ok(
    s.trimEnd().endsWith('exec /opt/node/bin/node /opt/winnow/bin/winnow.js merge s3://b/out'),
  );
  assert.not.match(mergeScript(plan(), []), '--dependency');
});

// ---- the command, without Slurm (--dry-run) ----

const dir = tempDir();
const shards = join(dir, 'shards');
mkdirSync(shards);
for (const f of ['part-0000.jsonl', 'part-0001.jsonl', 'part-0002.jsonl.gz', 'part-0003.jsonl.zst'])
  copyFileSync(join(repoRoot, 'fixtures/shards', f), join(shards, f));
const out = join(dir, 'out');
const base = [
  '--preset',
  'fineweb',
  '--tokenizer',
  'none',
  '-i',
  shards,
  '-o',
  out,
  '--slurm-dir',
  join(dir, 'slurm'),
];
const arrays = (text: string) => [...text.matchAll(/^#SBATCH --array=(.*)$/gm)].map((m) => m[1]);
const offsets = (text: string) => [...text.matchAll(/^OFFSET=(\d+)$/gm)].map((m) => Number(m[1]));

test('slurm --dry-run: all ranks, the gate flag passed on, this node and winnow, nothing submitted', async () => {
  const r = await cli('slurm', ...base, '--tasks', '3', '--unaudited', '--dry-run', '--mem', '4G');
  assert.is(r.code, 0, r.err);
  assert.equal(arrays(r.out), ['0-2']);
  assert.equal(offsets(r.out), [0]);
  assert.match(
    r.out,
    `exec ${process.execPath} ${join(repoRoot, 'bin/winnow.js')} run --rank "$RANK" --world 3 --preset fineweb --tokenizer none --unaudited --workers 1 -o ${out} -i ${shards}`,
  );
  assert.match(r.out, `--dependency=afterok:<run-0>`);
  assert.match(r.out, `winnow.js merge ${out}`);
  assert.match(r.err, '3 of 3 ranks to run');
});

test('slurm --dry-run: reading flags not at their defaults go to every run task', async () => {
  const read = ['--id-field', 'url', '--on-error', 'fail'];
  const r = await cli('slurm', ...base, '--tasks', '3', '--unaudited', '--dry-run', ...read);
  assert.is(r.code, 0, r.err);
  assert.match(
    r.out,
    '--preset fineweb --tokenizer none --id-field url --on-error fail --unaudited',
  );
});

test('slurm: the audit gate is checked before submitting (exit 3), and the audit goes to every task', async () => {
  const none = await cli('slurm', ...base, '--tasks', '3', '--dry-run');
  assert.is(none.code, 3);
  assert.is(none.out, '');
  const missing = await cli(
    'slurm',
    ...base,
    '--tasks',
    '3',
    '--dry-run',
    '--audit',
    join(dir, 'missing.json'),
  );
  assert.is(missing.code, 3);
  // A bare verdict is no audit (the gate parses the whole record): a real one, of this filter.
  const { fingerprint } = await loadConfig({ preset: 'fineweb', tokenizer: 'none' });
  const bare = join(dir, 'bare.json');
  writeFileSync(
    bare,
    JSON.stringify({ fingerprint, verdict: { fingerprint, metric: 'fdr', fdr_upper: 0.05 } }),
  );
  assert.is((await cli('slurm', ...base, '--tasks', '3', '--dry-run', '--audit', bare)).code, 3);
  const audit = join(dir, 'audit.json');
  const made = await cli(
    'audit',
    '--preset',
    'fineweb',
    '--tokenizer',
    'none',
    '--labels',
    join(repoRoot, 'fixtures/labels/labels.jsonl'),
    '-o',
    audit,
  );
  assert.is(made.code, 0, made.err);
  const ok = await cli('slurm', ...base, '--tasks', '3', '--dry-run', '--audit', audit);
  assert.is(ok.code, 0, ok.err);
  assert.match(ok.out, `--audit ${audit} --workers 1`);
});

test('slurm: complete ranks are left out (sparse --array), split over arrays with offsets at --max-array-size', async () => {
  const rank = await cli(
    'run',
    '--preset',
    'fineweb',
    '--tokenizer',
    'none',
    '-i',
    shards,
    '-o',
    out,
    '--unaudited',
    '--workers',
    '1',
    '--rank',
    '1',
    '--world',
    '3',
  );
  assert.is(rank.code, 0, rank.err);
  const sparse = await cli('slurm', ...base, '--tasks', '3', '--unaudited', '--dry-run');
  assert.equal(arrays(sparse.out), ['0,2']);
  assert.match(sparse.err, '2 of 3 ranks to run (1 complete)');
  const split = await cli(
    'slurm',
    ...base,
    '--tasks',
    '3',
    '--unaudited',
    '--dry-run',
    '--max-array-size',
    '2',
  );
  assert.equal(arrays(split.out), ['0', '0']);
  assert.equal(offsets(split.out), [0, 2]);
  assert.match(split.out, '--dependency=afterok:<run-0>:<run-1>');
});

test('slurm: with every rank complete, only the merge is left; with stats.json too, nothing', async () => {
  for (const rank of ['0', '2']) {
    const r = await cli(
      'run',
      '--preset',
      'fineweb',
      '--tokenizer',
      'none',
      '-i',
      shards,
      '-o',
      out,
      '--unaudited',
      '--workers',
      '1',
      '--rank',
      rank,
      '--world',
      '3',
    );
    assert.is(r.code, 0, r.err);
  }
  const mergeOnly = await cli('slurm', ...base, '--tasks', '3', '--unaudited', '--dry-run');
  assert.is(mergeOnly.code, 0, mergeOnly.err);
  assert.match(mergeOnly.err, 'no ranks left');
  assert.equal(arrays(mergeOnly.out), []);
  assert.match(mergeOnly.out, 'merge.sbatch');
  assert.not.match(mergeOnly.out, '--dependency');
  const m = await cli('merge', out);
  assert.is(m.code, 0, m.err);
  const nothing = await cli('slurm', ...base, '--tasks', '3', '--unaudited', '--dry-run');
  assert.is(nothing.code, 0);
  assert.is(nothing.out, '');
  assert.match(nothing.err, 'nothing to submit');
});

test('slurm: usage errors', async () => {
  const zero = await cli('slurm', ...base, '--tasks', '0', '--unaudited', '--dry-run');
  assert.is(zero.code, 2);
  assert.match(zero.err, '--tasks');
  const size = await cli(
    'slurm',
    ...base,
    '--tasks',
    '2',
    '--unaudited',
    '--dry-run',
    '--max-array-size',
    '0',
  );
  assert.is(size.code, 2);
  rmSync(out, { recursive: true, force: true });
});

test.run();
