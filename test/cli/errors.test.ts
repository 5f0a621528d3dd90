import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { cli, cliArgs } from './_run.ts';
import { tempDir } from '../_helpers.ts';

test('an unreachable S3 endpoint is one line naming the URI and the endpoint, not a stack trace', () => {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AWS_ENDPOINT_URL: 'http://127.0.0.1:1',
    AWS_MAX_ATTEMPTS: '1',
    AWS_ACCESS_KEY_ID: 'x',
    AWS_SECRET_ACCESS_KEY: 'y',
    AWS_REGION: 'us-east-1',
  };
  delete env.AWS_ENDPOINT_URL_S3;
  const r = spawnSync(
    process.execPath,
    cliArgs('count', 's3://bucket/shards/', '--tokenizer', 'none'),
    { env, cwd: tempDir(), encoding: 'utf8', timeout: 60_000 },
  );
  assert.is(r.status, 1, r.stderr);
  assert.match(
    r.stderr,
    'winnow: s3://bucket/shards/: connect ECONNREFUSED 127.0.0.1:1 (S3 endpoint from AWS_ENDPOINT_URL: http://127.0.0.1:1)',
  );
  assert.not.match(r.stderr, /\n\s+at /, 'no stack trace');
});

test('a mistyped flag gets a "did you mean" (--dryrun → --dry-run), exit 2', async () => {
  const r = await cli('filter', 'x.jsonl', '--preset', 'gopher', '--dryrun');
  assert.is(r.code, 2);
  assert.match(r.err, 'Unknown argument: dryrun (--dryrun: did you mean --dry-run?)');
  const far = await cli('count', 'x.jsonl', '--frobnicate');
  assert.is(far.code, 2);
  assert.not.match(far.err, 'did you mean');
});

test.run();
