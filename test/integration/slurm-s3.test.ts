/**
 * winnow on a real Slurm cluster (3 emulated nodes) over S3 (moto), as `.ci/services.sh` starts
 * them: fixture shards uploaded to a bucket, `winnow slurm` submits an array of `run` tasks and a
 * dependent merge, and the merged stats in S3 must equal a local single-process run byte for
 * byte. Then: resubmitting finds no ranks left, a lost marker reruns only its rank (a sparse
 * array), and a failing task cancels the merge instead of leaving it pending.
 *
 * The tasks run bin/winnow.js, that is dist/: `npm run build` first (.ci/run does).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  configureS3,
  s3CreateBucket,
  s3Delete,
  s3List,
  s3Put,
  s3ReadAll,
} from '../../src/io/s3.ts';
import { cli } from '../cli/_run.ts';
import { repoRoot, tempDir, testIf } from '../_helpers.ts';
import { haveS3, haveSlurm } from './_services.ts';
import { states, waitFor } from './_slurm.ts';

/** Every test here needs the Slurm cluster and the S3 server: reported as skipped without them. */
const clusterTest = testIf(
  test,
  haveSlurm('Slurm + S3 integration') && (await haveS3('Slurm + S3 integration')),
);

const fixtures = join(repoRoot, 'fixtures/shards');
const bucket = `winnow-it-${process.pid}`;
const dir = tempDir('winnow-slurm-');
const local = join(dir, 'local');
const out = `s3://${bucket}/out`;
const flags = ['--preset', 'fineweb', '--tokenizer', 'none', '--unaudited', '--s3-path-style'];
const submit = (...extra: string[]) =>
  cli(
    'slurm',
    ...flags,
    '-i',
    `s3://${bucket}/shards/*.jsonl*`,
    '-o',
    out,
    '--tasks',
    '3',
    '--slurm-dir',
    join(dir, 'slurm'),
    ...extra,
  );

let ready: Promise<boolean> | null = null;

/**
 * Uploads the fixture shards and makes the local reference run, once; false (after a SKIP line)
 * without Slurm or S3. Called by each test rather than from a hook, whose errors uvu does not print.
 */
const setup = (): Promise<boolean> => (ready ??= prepare());

/** Job ids printed by `winnow slurm`: `array <id> ...` lines, then `merge <id> ...`. */
function jobIds(stdout: string): { arrays: string[]; merge: string | undefined } {
  const arrays = [...stdout.matchAll(/^array (\d+) /gm)].map((m) => m[1]!);
  return { arrays, merge: /^merge (\d+)/m.exec(stdout)?.[1] };
}

/** Every log the jobs wrote, for a failure message. */
const logs = (): string =>
  existsSync(join(dir, 'slurm'))
    ? readdirSync(join(dir, 'slurm'))
        .filter((f) => f.endsWith('.out'))
        .map((f) => `--- ${f}\n${readFileSync(join(dir, 'slurm', f), 'utf8')}`)
        .join('\n')
    : '(no logs)';

/** Relative path → bytes of every file of a local run directory, timings aside. */
function localTree(): Map<string, Buffer> {
  const files = readdirSync(local, { recursive: true, withFileTypes: true }).filter((e) =>
    e.isFile(),
  );
  const m = new Map<string, Buffer>();
  for (const e of files) {
    const rel = join(e.parentPath, e.name).slice(local.length + 1);
    if (!rel.startsWith('timings/')) m.set(rel, readFileSync(join(local, rel)));
  }
  return new Map([...m].sort((a, b) => (a[0] < b[0] ? -1 : 1)));
}

async function assertSameAsLocal(): Promise<void> {
  const want = localTree();
  const keys = (await s3List(`${out}/`))
    .map((o) => o.key.slice('out/'.length))
    .filter((k) => !k.startsWith('timings/'));
  assert.equal(
    keys,
    [...want.keys()],
    'the same files as the local run (kept, dropped, errors, stats, done, stats.json)',
  );
  for (const [k, bytes] of want)
    assert.ok((await s3ReadAll(`${out}/${k}`)).equals(bytes), `${k} differs from the local run`);
}

async function prepare(): Promise<boolean> {
  assert.ok(
    existsSync(join(repoRoot, 'dist/cli/main.js')),
    'the Slurm tasks run bin/winnow.js → dist/: run `npm run build` first',
  );
  configureS3({ endpoint: undefined, maxAttempts: undefined, pathStyle: true });
  await s3CreateBucket(bucket);
  for (const f of readdirSync(fixtures))
    await s3Put(`s3://${bucket}/shards/${f}`, readFileSync(join(fixtures, f)));
  const r = await cli(
    'run',
    '--preset',
    'fineweb',
    '--tokenizer',
    'none',
    '--unaudited',
    '-i',
    fixtures,
    '-o',
    local,
    '--workers',
    '1',
  );
  assert.is(r.code, 0, r.err);
  return true;
}

clusterTest(
  '3 ranks over S3 in two arrays (MaxArraySize 2) plus the merge equal one local run, byte for byte',
  async () => {
    await setup();
    const r = await submit('--max-array-size', '2');
    assert.is(r.code, 0, r.err);
    const { arrays, merge } = jobIds(r.out);
    assert.is(arrays.length, 2, r.out);
    assert.ok(merge, r.out);
    assert.match(r.out, `afterok:${arrays.join(':')}`);
    await waitFor([...arrays, merge!]);
    assert.equal(states(merge!), ['-:COMPLETED:0:0'], logs());
    for (const id of arrays)
      assert.ok(
        states(id).every((s) => s.endsWith(':COMPLETED:0:0')),
        `${states(id)}\n${logs()}`,
      );
    const merged = await s3ReadAll(`${out}/stats.json`);
    assert.ok(
      merged.equals(readFileSync(join(local, 'stats.json'))),
      'merged stats.json equals the local run',
    );
    await assertSameAsLocal();
  },
);

clusterTest(
  'resubmitting finds no ranks left; a lost marker reruns only its rank, as a sparse array',
  async () => {
    await setup();
    const again = await submit();
    assert.is(again.code, 0, again.err);
    assert.is(again.out, '', 'nothing submitted');
    assert.match(again.err, 'no ranks left');

    // Shard i belongs to rank i mod 3: part-0000 → rank 0, part-0002 → rank 2 (part-0003, rank 0, stays done).
    await s3Delete(`${out}/done/part-0000.jsonl`);
    await s3Delete(`${out}/done/part-0002.jsonl.gz`);
    await s3Delete(`${out}/stats.json`);
    const r = await submit();
    assert.is(r.code, 0, r.err);
    const { arrays, merge } = jobIds(r.out);
    assert.is(arrays.length, 1);
    assert.match(r.out, /^array \d+ ranks 0,2 offset 0$/m);
    assert.match(
      readFileSync(join(dir, 'slurm', 'run-0.sbatch'), 'utf8'),
      /^#SBATCH --array=0,2$/m,
    );
    await waitFor([...arrays, merge!]);
    assert.equal(states(merge!), ['-:COMPLETED:0:0'], logs());
    const rank0 = readFileSync(join(dir, 'slurm', `run-${arrays[0]}_0.out`), 'utf8');
    assert.match(
      rank0,
      '1 shard(s) already complete',
      'rank 0 skipped part-0003, whose marker survived',
    );
    await assertSameAsLocal();
  },
);

clusterTest(
  'a failing task (bad input with --on-error fail: exit 1) cancels the merge instead of leaving it pending',
  async () => {
    await setup();
    await s3Put(
      `s3://${bucket}/bad/part-0000.jsonl`,
      readFileSync(join(fixtures, 'part-0000.jsonl')),
    );
    await s3Put(
      `s3://${bucket}/bad/part-0001.jsonl`,
      readFileSync(join(repoRoot, 'fixtures/bad/bad-input.jsonl')),
    );
    const r = await cli(
      'slurm',
      ...flags,
      '-i',
      `s3://${bucket}/bad/`,
      '-o',
      `s3://${bucket}/out-bad`,
      '--tasks',
      '2',
      '--on-error',
      'fail',
      '--slurm-dir',
      join(dir, 'slurm'),
    );
    assert.is(r.code, 0, r.err);
    const { arrays, merge } = jobIds(r.out);
    await waitFor([...arrays, merge!]);
    assert.equal(states(arrays[0]!).sort(), ['0:COMPLETED:0:0', '1:FAILED:1:0'], logs());
    assert.equal(
      states(merge!).map((s) => s.split(':')[1]),
      ['CANCELLED'],
      logs(),
    );
    const failed = readFileSync(join(dir, 'slurm', `run-${arrays[0]}_1.out`), 'utf8');
    assert.match(failed, 'part-0001.jsonl:');
    assert.equal(
      (await s3List(`s3://${bucket}/out-bad/done/`)).map((o) => o.key),
      ['out-bad/done/part-0000.jsonl'],
    );
  },
);

clusterTest(
  'a missing audit is refused at submission (exit 3): nothing reaches the queue',
  async () => {
    await setup();
    const r = await cli(
      'slurm',
      '--preset',
      'fineweb',
      '--tokenizer',
      'none',
      '--s3-path-style',
      '-i',
      `s3://${bucket}/shards/`,
      '-o',
      `s3://${bucket}/out-audit`,
      '--tasks',
      '2',
      '--audit',
      join(dir, 'no-audit.json'),
      '--slurm-dir',
      join(dir, 'slurm'),
    );
    assert.is(r.code, 3);
    assert.is(r.out, '');
    assert.match(r.err, 'no-audit.json');
  },
);

test.run();
