/**
 * The audit gate (issue 16 items 2–4): a bad --max-fdr, an edited or bare audit record and an
 * audit whose labels are not a sample of the corpus are refused before anything is written.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli } from '../cli/_run.ts';
import { repoRoot, tempDir } from '../_helpers.ts';

const dir = tempDir();
const shard = join(repoRoot, 'fixtures/shards/part-0000.jsonl');
const labels = join(repoRoot, 'fixtures/labels/labels.jsonl');
const flags = ['--preset', 'gopher', '--tokenizer', 'none'];
const audit = join(dir, 'audit.json');
let record: Record<string, any>;

test('setup: a real audit of the gopher preset on the fixtures labels', async () => {
  const r = await cli('audit', ...flags, '--labels', labels, '-o', audit);
  assert.is(r.code, 0, r.err);
  record = JSON.parse(readFileSync(audit, 'utf8'));
  assert.ok(
    record.verdict.fdr_upper > 0.05,
    'the bound is above 5 %, so lowering it by hand would matter',
  );
});

const filterWith = (file: string, ...more: string[]) => {
  const out = join(dir, `out-${Math.random().toString(36).slice(2)}`);
  return cli('filter', shard, ...flags, '--audit', file, '-o', out, ...more).then((r) => ({
    ...r,
    out,
    wrote: existsSync(out),
  }));
};
const edited = (name: string, change: (r: Record<string, any>) => unknown) => {
  const copy = JSON.parse(JSON.stringify(record));
  const next = change(copy) ?? copy;
  const f = join(dir, name);
  writeFileSync(f, JSON.stringify(next));
  return f;
};

test('--max-fdr that is not a number between 0 and 1 is a usage error (exit 2), not a gate turned off', async () => {
  for (const v of ['abc', 'NaN', '0', '1', '-0.1']) {
    const r = await filterWith(audit, '--max-fdr', v);
    assert.is(r.code, 2, `${v}: ${r.err}`);
    assert.match(r.err, 'Expected `--max-fdr` to be a number between 0 and 1');
    assert.not.ok(r.wrote);
  }
  const run = await cli(
    'run',
    ...flags,
    '-i',
    shard,
    '-o',
    join(dir, 'run-nan'),
    '--audit',
    audit,
    '--max-fdr',
    'abc',
    '--workers',
    '1',
  );
  assert.is(run.code, 2, run.err);
});

test('an audit whose verdict bound was edited is refused: the bound is recomputed from its counts', async () => {
  const r = await filterWith(
    edited('low.json', (a) => void (a.verdict.fdr_upper = 0)),
    '--max-fdr',
    '0.99',
  );
  assert.is(r.code, 3, r.err);
  assert.match(
    r.err,
    'verdict.fdr_upper: is 0, but the counts and intervals the record carries give',
  );
  assert.not.ok(r.wrote);
  const both = await filterWith(
    edited('low2.json', (a) => void (a.verdict.fdr_upper = a.metrics.fdr.upper = 0.001)),
    '--max-fdr',
    '0.99',
  );
  assert.is(both.code, 3, both.err);
  assert.match(both.err, 'metrics.fdr.upper');
});

test('a bare verdict is not an audit', async () => {
  const bare = edited('bare.json', (a) => ({
    verdict: { fingerprint: a.fingerprint, fdr_upper: 0 },
  }));
  const r = await filterWith(bare);
  assert.is(r.code, 3, r.err);
  assert.match(r.err, 'not an audit file from winnow audit');
});

test('report --audit with counts larger than n: one line naming the file and field, no stack', async () => {
  const run = join(dir, 'run');
  assert.is((await cli('filter', shard, ...flags, '--unaudited', '-o', run)).code, 0);
  const big = edited('big.json', (a) => void (a.confusion.docs.tp += 1000));
  const r = await cli('report', run, '--audit', big, '-o', join(dir, 'r.md'));
  assert.is(r.code, 1, r.err);
  assert.match(r.err, `${big}:confusion.docs: tp + fp + fn + tn`);
  assert.not.match(r.err, /RangeError|\n\s+at /);
});

test('a foreign audit (its labels not a sample of this corpus) is refused unless --accept-foreign-audit, which the stats and report record', async () => {
  // A corpus the filter drops entirely: the labels' flagged share cannot be this corpus's.
  const tiny = join(dir, 'tiny.jsonl');
  writeFileSync(
    tiny,
    Array.from({ length: 40 }, (_, i) => JSON.stringify({ id: `t${i}`, text: `short ${i}` })).join(
      '\n',
    ) + '\n',
  );
  const stats = join(dir, 'tiny-stats.json');
  assert.is(
    (
      await cli(
        'filter',
        tiny,
        ...flags,
        '--dry-run',
        '--decisions',
        join(dir, 'd.jsonl'),
        '--stats',
        stats,
      )
    ).code,
    0,
  );
  const foreign = join(dir, 'foreign.json');
  const a = await cli(
    'audit',
    ...flags,
    '--labels',
    labels,
    '--stats',
    stats,
    '-o',
    foreign,
    '--max-fdr',
    '0.9',
  );
  assert.is(a.code, 0, a.err);
  assert.is(JSON.parse(readFileSync(foreign, 'utf8')).sample_check.consistent, false);
  const refused = await cli(
    'filter',
    tiny,
    ...flags,
    '--audit',
    foreign,
    '--max-fdr',
    '0.9',
    '-o',
    join(dir, 'f1'),
  );
  assert.is(refused.code, 3, refused.err);
  assert.match(refused.err, 'not a sample of the corpus');
  assert.not.ok(existsSync(join(dir, 'f1')));
  const accepted = await cli(
    'filter',
    tiny,
    ...flags,
    '--audit',
    foreign,
    '--max-fdr',
    '0.9',
    '--accept-foreign-audit',
    '-o',
    join(dir, 'f2'),
  );
  assert.is(accepted.code, 0, accepted.err);
  assert.match(accepted.err, 'audit gate: the gate used --max-fdr 90.0 % (default 10.0 %)');
  assert.match(accepted.err, 'accepted by --accept-foreign-audit');
  assert.is(
    JSON.parse(readFileSync(join(dir, 'f2', 'stats.json'), 'utf8')).accepted_foreign_audit,
    true,
  );
  const rep = await cli('report', join(dir, 'f2'), '--audit', foreign, '-o', join(dir, 'f2.md'));
  assert.is(rep.code, 0, rep.err);
  assert.match(readFileSync(join(dir, 'f2.md'), 'utf8'), '--accept-foreign-audit');
});

test.run();
