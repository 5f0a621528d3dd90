/**
 * MinHash and exact dedup on a real Slurm cluster over S3, as `.ci/services.sh` starts them:
 * planted near-duplicate shards in a bucket, `winnow slurm --dedup minhash` submits the four
 * stages as jobs chained with afterok (3 signature ranks, 14 bucket tasks, 3 cluster parts,
 * merge), and the clusters in S3 must equal a local single-process run byte for byte.
 * Resubmitting changes nothing: every task finds its marker. `winnow slurm --dedup exact`
 * submits its three (3 hash ranks, 4 merge partitions, collect) on shards with exact copies
 * and repeated paragraphs; exact.jsonl in S3 equals a local run's.
 *
 * The tasks run bin/winnow.js, that is dist/: `npm run build` first (.ci/run does).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { exactLayout, minhashLayout } from '../../src/dedup/layout.ts';
import { plantedCorpus } from '../../src/dedup/planted.ts';
import { dedupExact, dedupMinhash } from '../../src/flows/dedup.ts';
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

/** Every task of every job finished with exit 0 (else the logs are shown). */
const allCompleted = (jobs: readonly string[]): void => {
  for (const id of jobs)
    assert.ok(
      states(id).every((s) => s.endsWith(':COMPLETED:0:0')),
      `${id}: ${states(id)}\n${logs()}`,
    );
};

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
  allCompleted(jobs);
  const clusters = await s3ReadAll(`${out}/clusters.bin`);
  assert.ok(
    clusters.equals(readFileSync(minhashLayout(ref).clusters)),
    'clusters.bin equals the local run',
  );

  const again = await submit();
  assert.is(again.code, 0, again.err);
  const rerun = ids(again.out);
  await waitFor(rerun);
  allCompleted(rerun);
  assert.ok((await s3ReadAll(`${out}/clusters.bin`)).equals(clusters));
  assert.match(
    readFileSync(join(dir, 'slurm', `dedup-signatures-${rerun[0]}_1.out`), 'utf8'),
    'signatures rank 1/3: already done',
  );
});

test('exact dedup: three chained stages on Slurm over S3 give exact.jsonl of one local process; a resubmission changes nothing', async () => {
  if (!haveSlurm('Slurm + S3 dedup integration') || !(await haveS3('Slurm + S3 dedup integration')))
    return;
  configureS3({ endpoint: undefined, maxAttempts: undefined, pathStyle: true });
  await s3CreateBucket(bucket);
  const { docs } = plantedCorpus({ levels: [0.9], perLevel: 15, singles: 15, words: 40, seed: 5 });
  const footer = 'All rights reserved by the publisher of this page';
  // Every fifth page copied (re-spaced) into the next shard; every third ends with the footer.
  const texts = docs.map((t, i) => (i % 3 ? t : `${t}\n${footer}`));
  const copies = texts.filter((_, i) => i % 5 === 0).map((t) => t.replace(/ /g, '  '));
  const local3 = join(dir, 'in-exact');
  mkdirSync(local3, { recursive: true });
  const shardTexts = [0, 1, 2].map((s) => [
    ...texts.filter((_, i) => i % 3 === s),
    ...copies.filter((_, i) => i % 3 === (s + 2) % 3),
  ]);
  for (const [s, ts] of shardTexts.entries()) {
    const text = ts.map((t, i) => JSON.stringify({ id: `e${s}-${i}`, text: t })).join('\n') + '\n';
    writeFileSync(join(local3, `e${s}.jsonl`), text);
    await s3Put(`s3://${bucket}/in-exact/e${s}.jsonl`, text);
  }
  const ref = join(dir, 'ref-exact');
  const local = await dedupExact({ inputs: [local3], out: ref });
  assert.is(local.summary!.duplicates, copies.length);
  assert.ok(local.summary!.duplicate_paragraphs > 10);
  const exactOut = `s3://${bucket}/dd-exact`;
  const submitExact = () =>
    cli(
      'slurm',
      '--dedup',
      'exact',
      '-i',
      `s3://${bucket}/in-exact/*.jsonl`,
      '-o',
      exactOut,
      '--tasks',
      '3',
      '--parts',
      '4',
      '--s3-path-style',
      '--slurm-dir',
      join(dir, 'slurm'),
    );
  const stageIds = (stdout: string): string[] =>
    [...stdout.matchAll(/^(hashes|merge|collect) (\d+)/gm)].map((m) => m[2]!);
  const r = await submitExact();
  assert.is(r.code, 0, r.err);
  const jobs = stageIds(r.out);
  assert.is(jobs.length, 3, r.out);
  assert.match(r.out, new RegExp(`^merge ${jobs[1]} tasks 0-3 afterok:${jobs[0]}$`, 'm'));
  assert.match(r.out, new RegExp(`^collect ${jobs[2]} afterok:${jobs[1]}$`, 'm'));
  await waitFor(jobs, 4);
  allCompleted(jobs);
  const found = await s3ReadAll(`${exactOut}/exact.jsonl`);
  assert.ok(
    found.equals(readFileSync(exactLayout(ref).findings)),
    'exact.jsonl equals the local run',
  );

  const again = await submitExact();
  assert.is(again.code, 0, again.err);
  const rerun = stageIds(again.out);
  await waitFor(rerun);
  allCompleted(rerun);
  assert.ok((await s3ReadAll(`${exactOut}/exact.jsonl`)).equals(found));
  assert.match(
    readFileSync(join(dir, 'slurm', `dedup-exact-hashes-${rerun[0]}_1.out`), 'utf8'),
    'hashes rank 1/3: already done',
  );
});

test.run();
