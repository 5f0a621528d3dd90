import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { cli } from './_run.ts';
import { tempDir } from '../_helpers.ts';

const dir = tempDir('winnow-slurm-dedup-cli-');
const base = ['-i', '/data/in/*.jsonl', '-o', '/data/dd', '--tasks', '2', '--parts', '3'];
const slurmDir = ['--slurm-dir', join(dir, 'slurm')];

/** The task line (the exec …) of each script a dry run prints, by script name. */
const taskLines = (out: string): Record<string, string> =>
  Object.fromEntries(
    [...out.matchAll(/^# ---- (\S+) ----\n[\s\S]*?^(exec .*)$/gm)].map((m) => [m[1]!, m[2]!]),
  );

test('slurm --dedup exact --dry-run: --min-paragraph goes to the hashes tasks, the sort budget to hashes and merge', async () => {
  const tmp = join(dir, 'local');
  const r = await cli(
    ...['slurm', '--dedup', 'exact', ...base, ...slurmDir, '--dry-run'],
    ...['--min-paragraph', '40', '--memory-mb', '64', '--tmp', tmp],
  );
  assert.is(r.code, 0, r.err);
  const lines = taskLines(r.out);
  assert.equal(Object.keys(lines), [
    'dedup-exact-hashes.sbatch',
    'dedup-exact-merge.sbatch',
    'dedup-exact-collect.sbatch',
  ]);
  const hashes = lines['dedup-exact-hashes.sbatch']!;
  const merge = lines['dedup-exact-merge.sbatch']!;
  const collect = lines['dedup-exact-collect.sbatch']!;
  assert.match(
    hashes,
    `--stage hashes --world 2 --parts 3 --min-paragraph 40 --memory-mb 64 --tmp ${tmp} -o /data/dd`,
  );
  assert.match(merge, `--stage merge --memory-mb 64 --tmp ${tmp} -o /data/dd`);
  assert.not.match(merge, '--min-paragraph');
  assert.match(collect, '--stage collect -o /data/dd');
  assert.not.match(collect, /--memory-mb|--tmp|--min-paragraph/);
  assert.not.ok(existsSync(join(dir, 'slurm')), 'a dry run writes no scripts');
});

test('slurm --dedup exact without them: the tasks get none, so they use their own defaults', async () => {
  const r = await cli('slurm', '--dedup', 'exact', ...base, ...slurmDir, '--dry-run');
  assert.is(r.code, 0, r.err);
  assert.not.match(r.out, /--min-paragraph|--memory-mb|--tmp/);
});

test('reading flags reach the stage that reads the shards (hashes, signatures), no other', async () => {
  const read = ['--text-field', 'content.body', '--on-error', 'fail', '--max-line-bytes', '4096'];
  const flags = '--text-field content.body --max-line-bytes 4096 --on-error fail';
  const exact = taskLines(
    (await cli('slurm', '--dedup', 'exact', ...base, ...slurmDir, '--dry-run', ...read)).out,
  );
  assert.match(exact['dedup-exact-hashes.sbatch']!, `--parts 3 ${flags} -o /data/dd`);
  const minhash = taskLines(
    (await cli('slurm', '--dedup', 'minhash', ...base, ...slurmDir, '--dry-run', ...read)).out,
  );
  assert.match(minhash['dedup-signatures.sbatch']!, `--stage signatures --world 2 ${flags} -o`);
  const others = [exact['dedup-exact-merge.sbatch'], minhash['dedup-buckets.sbatch']];
  assert.not.match(others.join('\n'), '--text-field');
  const bad = await cli('slurm', '--dedup', 'exact', ...base, '--dry-run', '--max-line-bytes', '0');
  assert.is(bad.code, 2);
  assert.match(bad.err, '`--max-line-bytes` to be an integer >= 1');
});

test('a relative --tmp reaches the tasks as an absolute path', async () => {
  const r = await cli(
    'slurm',
    '--dedup',
    'exact',
    ...base,
    ...slurmDir,
    '--dry-run',
    '--tmp',
    'spill',
  );
  assert.is(r.code, 0, r.err);
  assert.match(r.out, ` --tmp ${join(process.cwd(), 'spill')} `);
});

test("exit 2: a method's flags with the other, a bad value, dedup flags without --dedup", async () => {
  const minhash = await cli(
    ...['slurm', '--dedup', 'minhash', ...base, ...slurmDir, '--dry-run'],
    ...['--min-paragraph', '40', '--tmp', '/x'],
  );
  assert.is(minhash.code, 2);
  assert.match(minhash.err, 'Expected `--min-paragraph`, `--tmp` only with `--dedup exact`');
  assert.is(minhash.out, '');
  const exact = await cli(
    ...['slurm', '--dedup', 'exact', ...base, ...slurmDir, '--dry-run'],
    ...['--hash', 'sha1', '--ranges', '2'],
  );
  assert.is(exact.code, 2);
  assert.match(exact.err, 'Expected `--ranges`, `--hash` only with `--dedup minhash`');
  const small = await cli(
    'slurm',
    '--dedup',
    'exact',
    ...base,
    '--dry-run',
    '--memory-mb',
    '0.001',
  );
  assert.is(small.code, 2);
  assert.match(small.err, 'Expected `--memory-mb` of at least 4 KiB');
  const zero = await cli('slurm', '--dedup', 'exact', ...base, '--dry-run', '--min-paragraph', '0');
  assert.is(zero.code, 2);
  assert.match(zero.err, '`--min-paragraph` to be an integer from 1');
  const run = await cli('slurm', '--preset', 'fineweb', ...base, '--dry-run', '--memory-mb', '64');
  assert.is(run.code, 2);
  assert.match(run.err, 'Expected `--parts`, `--memory-mb` only with `--dedup`');
});

test.run();
