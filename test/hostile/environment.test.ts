// Hostile environment and values (issue 16, items 13 and 14): a missing S3 credential is one
// line naming what to set, not a stack; a value with a control character never reaches a job
// script (a newline in --job-name would put a command of its own into the sbatch script).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { cli } from '../cli/_run.ts';
import { repoRoot, tempDir } from '../_helpers.ts';

test('S3 without credentials: one line naming the variables to set, exit 1, no stack', () => {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: tempDir(),
    AWS_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  for (const args of [
    ['count', 's3://bucket/in/'],
    [
      'slurm',
      '--preset',
      'gopher',
      '--unaudited',
      '-i',
      's3://bucket/in/',
      '-o',
      's3://bucket/out',
      '--tasks',
      '2',
      '--dry-run',
    ],
  ]) {
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(repoRoot, 'test/cli/_main.ts'), ...args],
      { cwd: repoRoot, env, encoding: 'utf8', timeout: 60_000 },
    );
    assert.is(r.status, 1, r.stderr);
    const lines = r.stderr.trim().split('\n');
    assert.is(lines.length, 1, r.stderr);
    assert.match(lines[0]!, 's3://bucket/in/');
    assert.match(lines[0]!, 'set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY');
    assert.not.match(r.stderr, '    at ');
  }
});

for (const [flag, value] of [
  ['--job-name', 'w\ntouch x\n#'],
  ['--partition', 'cpu\rx'],
  ['--sbatch', '--account=a\n#SBATCH --wrap=x'],
  ['--mem', '8G\u2028x'],
] as const) {
  test(`slurm ${flag} with a control character is refused (exit 2) before any script is written`, async () => {
    const dir = tempDir();
    const r = await cli(
      'slurm',
      '--preset',
      'gopher',
      '--tokenizer',
      'none',
      '--unaudited',
      '-i',
      join(repoRoot, 'fixtures/shards'),
      '-o',
      join(dir, 'out'),
      '--tasks',
      '2',
      '--slurm-dir',
      join(dir, 'slurm'),
      '--dry-run',
      `${flag}=${value}`,
    );
    assert.is(r.code, 2, r.err);
    assert.match(r.err, `${flag}: got ${JSON.stringify(value)}`);
    assert.is(r.out, '');
    assert.not.ok(existsSync(join(dir, 'slurm')));
  });
}

test.run();
