/**
 * Every output of filter, run, sample, audit and report on the fixtures is byte-identical to the
 * outputs recorded by scripts/record-outputs.ts before the architecture refactor (issue 15).
 * A change that means to alter outputs re-records them and says why in its commit.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { record } from '../../scripts/record-outputs.ts';
import { repoRoot } from '../_helpers.ts';

test('filter, run, sample, audit and report write the recorded bytes', async () => {
  const want = JSON.parse(readFileSync(join(repoRoot, 'test/recorded/fixtures.json'), 'utf8'));
  const got = await record();
  const differ = (a: Record<string, unknown>, b: Record<string, unknown>) =>
    [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k])).sort();
  assert.equal(differ(got.steps, want.steps), [], 'steps whose exit code or stdout changed');
  assert.equal(differ(got.files, want.files), [], 'output files that changed, appeared or vanished');
});

test.run();
