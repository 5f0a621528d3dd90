// Hostile resources (issue 16's held cases, kept here so they stay held): a YAML alias bomb in a
// config is refused (exit 2) without expanding; a full disk is one line naming the cause (exit 1).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli } from '../cli/_run.ts';
import { repoRoot, tempDir, testIf } from '../_helpers.ts';

test('a YAML alias bomb ("billion laughs") in a config is refused with exit 2, not expanded', async () => {
  const dir = tempDir();
  const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
  for (let i = 1; i < 8; i++)
    levels.push(
      `l${i}: &l${i} [${Array(9)
        .fill(i === 1 ? '*a' : `*l${i - 1}`)
        .join(',')}]`,
    );
  writeFileSync(join(dir, 'bomb.yaml'), `${levels.join('\n')}\nfilters: [gopher_quality]\n`);
  const r = await cli('config', 'show', join(dir, 'bomb.yaml'));
  assert.is(r.code, 2, r.err);
  assert.match(r.err, 'resource exhaustion');
});

testIf(test, existsSync('/dev/full'))(
  'a full disk (/dev/full) is one line naming the cause, exit 1',
  async () => {
    const r = await cli(
      'filter',
      join(repoRoot, 'fixtures/shards'),
      '--preset',
      'gopher',
      '--tokenizer',
      'none',
      '--dry-run',
      '--decisions',
      '/dev/full',
    );
    assert.is(r.code, 1, r.err);
    assert.is(r.err.trim().split('\n').length, 1, r.err);
    assert.match(r.err, "ENOSPC: no space left on device, write: the output's disk is full");
  },
);

test.run();
