import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { cli } from './_run.ts';
import { repoRoot, tempDir } from '../_helpers.ts';

const bad = join(repoRoot, 'fixtures/bad');
const expected = JSON.parse(readFileSync(join(bad, 'expected.json'), 'utf8'));

test('the bad-input shard: every line is accounted for, each error names shard:line and what was expected', async () => {
  const out = join(tempDir(), 'out');
  const r = await cli(
    'filter',
    join(bad, 'bad-input.jsonl'),
    '--preset',
    'gopher',
    '-o',
    out,
    '--unaudited',
    '--tokenizer',
    'none',
  );
  assert.is(r.code, 0, r.err);
  const stats = JSON.parse(readFileSync(join(out, 'stats.json'), 'utf8'));
  const want = expected['bad-input.jsonl'];
  assert.is(stats.lines, want.lines);
  assert.is(stats.docs.kept + stats.docs.dropped + stats.docs.errors + stats.blank, want.lines);
  assert.equal(
    [stats.docs.kept + stats.docs.dropped, stats.docs.errors, stats.blank],
    [want.counts.doc, want.counts.error, want.counts.blank],
  );
  const errors = readFileSync(join(out, 'errors/bad-input.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  const byLine = new Map(errors.map((e) => [e.line, e]));
  for (const o of want.outcomes.filter((x: { outcome: string }) => x.outcome === 'error')) {
    const e = byLine.get(o.line);
    assert.ok(e, `line ${o.line} is in errors`);
    assert.is(e.shard, 'bad-input.jsonl');
    assert.match(e.error, o.error);
    assert.ok(typeof e.raw === 'string');
  }
});

test('--on-error fail stops at the first bad line with exit 1 and shard:line', async () => {
  const r = await cli(
    'count',
    join(bad, 'bad-input.jsonl'),
    '--on-error',
    'fail',
    '--tokenizer',
    'none',
  );
  assert.is(r.code, 1);
  assert.match(r.err, 'bad-input.jsonl:2: malformed JSON');
});

test('a truncated gzip and an empty shard do not stop the run; the failure is reported with the lines read, and the exit code is 1', async () => {
  const r = await cli(
    'count',
    join(bad, 'truncated.jsonl.gz'),
    join(bad, 'empty.jsonl'),
    join(repoRoot, 'fixtures/shards/part-0000.jsonl'),
    '--json',
    '--tokenizer',
    'none',
  );
  assert.is(r.code, 1, r.err);
  assert.match(r.err, '1 shard(s) FAILED part-way');
  const j = JSON.parse(r.out);
  const t = j.shards.find((s: { shard: string }) => s.shard.endsWith('truncated.jsonl.gz'));
  assert.match(t.failed, 'truncated');
  assert.is(t.docs, expected['truncated.jsonl.gz'].complete_lines_before_cut);
  assert.is(t.errors, 1, 'the cut line is an error');
  assert.is(j.shards.find((s: { shard: string }) => s.shard.endsWith('empty.jsonl')).docs, 0);
  assert.match(r.err, 'empty.jsonl: empty shard (no lines; expected one JSON document per line)');
  assert.is(j.shards.find((s: { shard: string }) => s.shard.endsWith('part-0000.jsonl')).docs, 500);
  assert.match(r.err, 'FAILED after');
});

test('filter -o: a shard that failed part-way gets no completion marker, exits 1, and is redone once it is fixed', async () => {
  const dir = tempDir();
  const inputs = join(dir, 'in');
  const out = join(dir, 'out');
  mkdirSync(inputs);
  copyFileSync(join(bad, 'truncated.jsonl.gz'), join(inputs, 'a.jsonl.gz'));
  copyFileSync(join(repoRoot, 'fixtures/shards/part-0000.jsonl'), join(inputs, 'b.jsonl'));
  const args = ['--preset', 'gopher', '-o', out, '--unaudited', '--tokenizer', 'none'];
  const first = await cli('filter', inputs, ...args);
  assert.is(first.code, 1, first.err);
  assert.match(first.err, 'FAILED a.jsonl.gz');
  assert.not.ok(existsSync(join(out, 'done/a.jsonl.gz')), 'no marker for the failed shard');
  assert.ok(existsSync(join(out, 'done/b.jsonl')));
  // The fixed shard is redone on the rerun; the complete one is not.
  writeFileSync(join(inputs, 'a.jsonl.gz'), gzipSync('{"id":"x","text":"one short line"}\n'));
  const again = await cli('filter', inputs, ...args);
  assert.is(again.code, 0, again.err);
  assert.ok(existsSync(join(out, 'done/a.jsonl.gz')));
  const stats = JSON.parse(readFileSync(join(out, 'stats.json'), 'utf8'));
  assert.equal(stats.failed, {});
  assert.is(stats.docs.in, 501);
});

test('run --rank/--world names a shard that failed part-way in its own log (no merged summary there)', async () => {
  const dir = tempDir();
  const inputs = join(dir, 'in');
  mkdirSync(inputs);
  copyFileSync(join(bad, 'truncated.jsonl.gz'), join(inputs, 'a.jsonl.gz'));
  copyFileSync(join(repoRoot, 'fixtures/shards/part-0000.jsonl'), join(inputs, 'b.jsonl'));
  const r = await cli(
    'run',
    '--preset',
    'gopher',
    '--tokenizer',
    'none',
    '-i',
    inputs,
    '-o',
    join(dir, 'out'),
    '--unaudited',
    '--workers',
    '1',
    '--rank',
    '0',
    '--world',
    '2',
  );
  assert.is(r.code, 1, r.err);
  assert.match(r.err, 'rank 0/2: 1 of 1 shard(s) failed');
  assert.match(r.err, 'FAILED a.jsonl.gz: truncated compressed stream');
  assert.not.match(r.err, 'merge with');
});

test.run();
