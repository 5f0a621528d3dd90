/**
 * MinHash dedup on a real Slurm cluster over S3, as `.ci/services.sh` starts them: planted
 * near-duplicate shards in a bucket, `winnow slurm --dedup minhash` submits the four stages as
 * jobs chained with afterok (3 signature ranks, 14 bucket tasks, 3 cluster parts, merge),
 * and the clusters in S3 must equal a local single-process run byte for byte. Resubmitting
 * changes nothing: every task finds its marker.
 *
 * The tasks run bin/winnow.js, that is dist/: `npm run build` first (.ci/run does).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { minhashLayout } from '../../src/dedup/layout.ts';
import { plantedCorpus } from '../../src/dedup/planted.ts';
import { dedupMinhash } from '../../src/flows/dedup.ts';
import { configureS3, s3CreateBucket, s3Put, s3ReadAll } from '../../src/io/s3.ts';
import { cli } from '../cli/_run.ts';
import { repoRoot, tempDir } from '../_helpers.ts';
import { haveS3, haveSlurm } from './_services.ts';
import { states, waitFor } from './_slurm.ts';

const bucket = `winnow-dedup-it-${process.pid}`;
const dir = tempDir('winnow-slurm-dedup-');
const local = join(dir, 'in');
const out = `s3://${bucket}/dd`;

const logs = (): string =>
  existsSync(join(dir, 'slurm'))
    ? readdirSync(join(dir, 'slurm'))
        .filter((f) => f.endsWith('.out'))
        .map((f) => `--- ${f}\n${readFileSync(join(dir, 'slurm', f), 'utf8')}`)
        .join('\n')
    : '(no logs)';

const submit = () =>
  cli(
    'slurm',
    '--dedup',
    'minhash',
    '-i',
    `s3://${bucket}/in/*.jsonl`,
    '-o',
    out,
    '--tasks',
    '3',
    '--parts',
    '3',
    '--s3-path-style',
    '--slurm-dir',
    join(dir, 'slurm'),
  );

/** Job ids in submission order, from `<stage> <id> ...` lines. */
const ids = (stdout: string): string[] =>
  [...stdout.matchAll(/^(signatures|buckets|clusters|merge) (\d+)/gm)].map((m) => m[2]!);

test('four chained stages on Slurm over S3 give the clusters of one local process, byte for byte; a resubmission changes nothing', async () => {
  if (!haveSlurm('Slurm + S3 dedup integration') || !(await haveS3('Slurm + S3 dedup integration')))
    return;
  assert.ok(
    existsSync(join(repoRoot, 'dist/cli/main.js')),
    'the Slurm tasks run bin/winnow.js → dist/: run `npm run build` first',
  );
  configureS3({ endpoint: undefined, maxAttempts: undefined, pathStyle: true });
  await s3CreateBucket(bucket);
  const { docs } = plantedCorpus({
    levels: [0.95, 0.75, 0.2],
    perLevel: 20,
    singles: 20,
    words: 60,
    seed: 17,
  });
  mkdirSync(local, { recursive: true });
  for (let s = 0; s < 3; s++) {
    const text =
      docs
        .filter((_, i) => i % 3 === s)
        .map((t, i) => JSON.stringify({ id: `${s}-${i}`, text: t }))
        .join('\n') + '\n';
    writeFileSync(join(local, `p${s}.jsonl`), text);
    await s3Put(`s3://${bucket}/in/p${s}.jsonl`, text);
  }
  const ref = join(dir, 'ref');
  await dedupMinhash({ inputs: [local], out: ref });

  const r = await submit();
  assert.is(r.code, 0, r.err);
  const jobs = ids(r.out);
  assert.is(jobs.length, 4, r.out);
  assert.match(r.out, new RegExp(`^buckets ${jobs[1]} tasks 0-13 afterok:${jobs[0]}$`, 'm'));
  await waitFor(jobs, 4);
  for (const id of jobs)
    assert.ok(
      states(id).every((s) => s.endsWith(':COMPLETED:0:0')),
      `${id}: ${states(id)}\n${logs()}`,
    );
  const clusters = await s3ReadAll(`${out}/clusters.bin`);
  assert.ok(
    clusters.equals(readFileSync(minhashLayout(ref).clusters)),
    'clusters.bin equals the local run',
  );

  const again = await submit();
  assert.is(again.code, 0, again.err);
  const rerun = ids(again.out);
  await waitFor(rerun);
  for (const id of rerun)
    assert.ok(
      states(id).every((s) => s.endsWith(':COMPLETED:0:0')),
      `${id}: ${states(id)}\n${logs()}`,
    );
  assert.ok((await s3ReadAll(`${out}/clusters.bin`)).equals(clusters));
  assert.match(
    readFileSync(join(dir, 'slurm', `dedup-signatures-${rerun[0]}_1.out`), 'utf8'),
    'signatures rank 1/3: already done',
  );
});

test.run();
