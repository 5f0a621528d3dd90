// Tests whose inputs are absent are reported as skipped, not passed (issue 16, item 19): uvu's
// summary counts them under Skipped and leaves them out of Total (so .ci/run's failed = total - passed).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { repoRoot } from './_helpers.ts';

const summary = (env: Record<string, string>) => {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'node_modules/uvu/bin.js', 'test/io', 'roundtrip\\.test\\.ts$'],
    {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { ...process.env, ...env, FORCE_COLOR: '0', NO_COLOR: '1' },
    },
  );
  const plain = (r.stdout + r.stderr).replace(/\x1b\[[0-9;]*m/g, '');
  const num = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(plain)?.[1]);
  return {
    code: r.status,
    total: num('Total'),
    passed: num('Passed'),
    skipped: num('Skipped'),
    plain,
  };
};

test('with ../shared absent, a test that needs it is counted as skipped, with its SKIP line; under CI=true it fails', () => {
  const s = summary({ WINNOW_SHARED: '/nonexistent-shared', CI: '' });
  assert.is(s.code, 0, s.plain);
  assert.is(s.skipped, 1, s.plain);
  assert.is(s.passed, s.total, s.plain);
  assert.match(s.plain, 'SKIP: web-pages round trip: ../shared/corpora/web-pages is absent');
  const ci = summary({ WINNOW_SHARED: '/nonexistent-shared', CI: 'true' });
  assert.is.not(ci.code, 0, ci.plain);
});

test.run();
