/**
 * Every file a verb reads or writes may be an s3:// object (issue 15): the audit the gate reads
 * (`filter|run --audit s3://…`), the labels and strata `audit` reads, the sample `sample -o`
 * writes. Each gives the same bytes as the same files on disk. Needs an S3 endpoint (moto in CI).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configureS3, s3CreateBucket, s3Put, s3ReadAll } from '../../src/io/s3.ts';
import { cli } from '../cli/_run.ts';
import { repoRoot, tempDir } from '../_helpers.ts';
import { haveS3, withS3Credentials } from './_services.ts';

const bucket = `winnow-verbs-${process.pid}`;
const shards = join(repoRoot, 'fixtures/shards');
const labels = join(repoRoot, 'fixtures/labels/labels.jsonl');
const dir = tempDir();
const s3 = (key: string) => `s3://${bucket}/${key}`;
let ready: boolean | null = null;

async function setUp(what: string): Promise<boolean> {
  if (!(await haveS3(what))) return false;
  if (ready === null) {
    withS3Credentials();
    configureS3({ pathStyle: true });
    await s3CreateBucket(bucket);
    await s3Put(s3('labels/labels.jsonl'), readFileSync(labels));
    ready = true;
  }
  return true;
}

const audit = ['audit', '--preset', 'gopher', '--tokenizer', 'none'];

test('audit --labels s3://… reads labels from S3 and writes the same audit as from disk', async () => {
  if (!(await setUp('audit --labels s3://'))) return;
  const local = await cli(...audit, '--labels', labels, '-o', join(dir, 'audit.json'));
  assert.is(local.code, 0, local.err);
  const remote = await cli(...audit, '--labels', s3('labels/labels.jsonl'), '-o', s3('audit.json'));
  assert.is(remote.code, 0, remote.err);
  assert.is(remote.out, local.out);
  const [a, b] = [
    JSON.parse((await s3ReadAll(s3('audit.json'))).toString()),
    JSON.parse(readFileSync(join(dir, 'audit.json'), 'utf8')),
  ];
  assert.is(a.inputs.labels, s3('labels/labels.jsonl'));
  a.inputs.labels = b.inputs.labels;
  assert.equal(a, b);
});

test('filter and run --audit s3://… pass the gate as the same audit on disk does', async () => {
  if (!(await setUp('filter|run --audit s3://'))) return;
  const flags = ['--preset', 'gopher', '--tokenizer', 'none', '--max-fdr', '0.99'];
  const f = await cli(
    'filter',
    shards,
    ...flags,
    '--audit',
    s3('audit.json'),
    '-o',
    join(dir, 'f'),
  );
  assert.is(f.code, 0, f.err);
  const r = await cli(
    'run',
    ...flags,
    '-i',
    shards,
    '--audit',
    s3('audit.json'),
    '-o',
    join(dir, 'r'),
    '--workers',
    '1',
  );
  assert.is(r.code, 0, r.err);
  const stats = JSON.parse(readFileSync(join(dir, 'r', 'stats.json'), 'utf8'));
  assert.is(stats.audited, true);
  // A missing object is refused like a missing file: exit 3, nothing written.
  const none = await cli(
    'filter',
    shards,
    ...flags,
    '--audit',
    s3('nope.json'),
    '-o',
    join(dir, 'none'),
  );
  assert.is(none.code, 3, none.err);
});

test('sample -o s3://… writes the sample and its strata file as to disk', async () => {
  if (!(await setUp('sample -o s3://'))) return;
  const flags = [
    'sample',
    shards,
    '--preset',
    'gopher',
    '--tokenizer',
    'none',
    '-n',
    '40',
    '--seed',
    '2',
  ];
  const local = await cli(...flags, '-o', join(dir, 'to-label.jsonl'));
  assert.is(local.code, 0, local.err);
  const remote = await cli(...flags, '-o', s3('to-label.jsonl'));
  assert.is(remote.code, 0, remote.err);
  assert.ok(
    (await s3ReadAll(s3('to-label.jsonl'))).equals(readFileSync(join(dir, 'to-label.jsonl'))),
  );
  assert.ok(
    (await s3ReadAll(s3('to-label.strata.json'))).equals(
      readFileSync(join(dir, 'to-label.strata.json')),
    ),
  );
});

test.run();
