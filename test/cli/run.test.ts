import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { cli, cliArgs } from './_run.ts';
import { repoRoot, tempDir } from '../_helpers.ts';

const dir = tempDir();
const shards = join(dir, 'shards');
mkdirSync(join(shards, 'a'), { recursive: true });
mkdirSync(join(shards, 'b'), { recursive: true });
// Six shards in two folders, including same-named files (names are relative to the common root).
for (const sub of ['a', 'b']) {
  copyFileSync(join(repoRoot, 'fixtures/shards/part-0000.jsonl'), join(shards, sub, 'p0.jsonl'));
  copyFileSync(
    join(repoRoot, 'fixtures/shards/part-0002.jsonl.gz'),
    join(shards, sub, 'p1.jsonl.gz'),
  );
  copyFileSync(
    join(repoRoot, 'fixtures/shards/part-0003.jsonl.zst'),
    join(shards, sub, 'p2.jsonl.zst'),
  );
}
const base = ['--preset', 'fineweb', '-i', shards, '--unaudited', '--tokenizer', 'none'];

/** Every file under `root` except timings/, as relative path → bytes. */
function snapshot(root: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((x, y) =>
      x.name < y.name ? -1 : 1,
    )) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(relative(root, p), readFileSync(p));
    }
  };
  walk(root);
  for (const k of [...out.keys()]) if (k.startsWith('timings/')) out.delete(k);
  return out;
}
function assertSameTree(a: string, b: string) {
  const x = snapshot(a),
    y = snapshot(b);
  assert.equal([...x.keys()], [...y.keys()]);
  for (const [k, v] of x) assert.ok(v.equals(y.get(k)!), `${k} differs`);
}

const one = join(dir, 'one');

test('run: shards mirror their folders; stats reconcile; a rerun skips completed shards', async () => {
  const r = await cli('run', ...base, '-o', one, '--workers', '1');
  assert.is(r.code, 0, r.err);
  assert.ok(
    existsSync(join(one, 'kept/a/p0.jsonl')) && existsSync(join(one, 'kept/b/p2.jsonl.gz')),
  );
  const stats = JSON.parse(readFileSync(join(one, 'stats.json'), 'utf8'));
  assert.is(stats.shards.length, 6);
  assert.is(stats.docs.in, 3000);
  assert.ok(stats.conservation.ok);
  const again = await cli('run', ...base, '-o', one, '--workers', '1');
  assert.match(again.err, '6 shard(s) already complete');
});

test('an output directory made with another filter is refused (exit 2), not resumed as if done', async () => {
  const before = snapshot(one);
  const r = await cli(
    'run',
    '--preset',
    'gopher',
    '-i',
    shards,
    '--unaudited',
    '--tokenizer',
    'none',
    '-o',
    one,
    '--workers',
    '1',
  );
  assert.is(r.code, 2, r.err);
  assert.match(r.err, 'holds a run of another filter');
  assert.match(r.err, '6 completed shard(s)');
  const after = snapshot(one);
  assert.equal([...after.keys()], [...before.keys()], 'nothing written');
  // filter -o guards the same directories
  const f = await cli(
    'filter',
    shards,
    '--preset',
    'c4',
    '--unaudited',
    '--tokenizer',
    'none',
    '-o',
    one,
  );
  assert.is(f.code, 2, f.err);
  assert.match(f.err, 'holds a run of another filter');
});

test('a directory without completed shards (an interrupted or failed first attempt) may be reused with another config', async () => {
  const out = join(dir, 'retry');
  const truncated = join(repoRoot, 'fixtures/bad/truncated.jsonl.gz');
  const first = await cli(
    'filter',
    truncated,
    '--preset',
    'gopher',
    '--unaudited',
    '--tokenizer',
    'none',
    '-o',
    out,
  );
  assert.is(first.code, 1, 'the only shard failed: no marker');
  const other = await cli(
    'filter',
    truncated,
    '--preset',
    'c4',
    '--unaudited',
    '--tokenizer',
    'none',
    '-o',
    out,
  );
  assert.is(other.code, 1, other.err);
  assert.not.match(other.err, 'another filter');
  assert.match(
    readFileSync(join(out, 'run.json'), 'utf8'),
    JSON.parse(readFileSync(join(out, 'stats.json'), 'utf8')).fingerprint,
  );
});

test('resuming with other output options (--discard-dropped, --text-field, ...) is refused too', async () => {
  const r = await cli('run', ...base, '-o', one, '--workers', '1', '--discard-dropped');
  assert.is(r.code, 2, r.err);
  assert.match(r.err, 'keep_dropped true there, false here');
  const t = await cli('run', ...base, '-o', one, '--workers', '1', '--text-field', 'body');
  assert.is(t.code, 2, t.err);
  assert.match(t.err, 'text_field "text" there, "body" here');
});

test('--compress is compared by what it writes for these inputs: following the input equals --no-compress on plain shards, --compress on gzipped ones', async () => {
  const flags = ['--preset', 'fineweb', '--unaudited', '--tokenizer', 'none'];
  const plain = join(shards, 'a', 'p0.jsonl');
  const gz = join(shards, 'a', 'p1.jsonl.gz');
  const cases: [string, string, string[], string[], string][] = [
    // input, directory, first flags, equivalent flags, a genuinely different flag and its message
    [plain, 'follow-plain', [], ['--no-compress'], 'compress null there, true here'],
    [plain, 'plain-plain', ['--no-compress'], [], 'compress false there, true here'],
    [gz, 'follow-gz', [], ['--compress'], 'compress null there, false here'],
    [gz, 'gz-gz', ['--compress'], [], 'compress true there, false here'],
  ];
  for (const [input, name, first, same, message] of cases) {
    const out = join(dir, name);
    const r = await cli('filter', input, ...flags, '-o', out, ...first);
    assert.is(r.code, 0, r.err);
    const before = snapshot(out);
    const again = await cli('filter', input, ...flags, '-o', out, ...same);
    assert.is(again.code, 0, `${name} ${same}: ${again.err}`);
    const after = snapshot(out);
    assert.equal([...after.keys()], [...before.keys()], `${name}: no output under another name`);
    for (const [k, v] of before) assert.ok(v.equals(after.get(k)!), `${name}: ${k} changed`);
    const other = await cli(
      'filter',
      input,
      ...flags,
      '-o',
      out,
      message.endsWith('true here') ? '--compress' : '--no-compress',
    );
    assert.is(other.code, 2, `${name}: ${other.err}`);
    assert.match(other.err, message);
  }
  // Among mixed inputs some shard's outputs would change either way: both flags are refused.
  for (const [flag, message] of [
    ['--no-compress', 'compress null there, false here'],
    ['--compress', 'compress null there, true here'],
  ]) {
    const r = await cli('run', ...base, '-o', one, '--workers', '1', flag!);
    assert.is(r.code, 2, r.err);
    assert.match(r.err, message!);
  }
});

test("a run.json from an earlier version ({fingerprint} only) is not relabelled with a resuming run's options", async () => {
  const legacy = readFileSync(join(one, 'run.json'), 'utf8');
  const fp = JSON.parse(legacy).fingerprint;
  writeFileSync(join(one, 'run.json'), JSON.stringify({ fingerprint: fp }) + '\n');
  const r = await cli('run', ...base, '-o', one, '--workers', '1', '--compress');
  assert.is(r.code, 0, r.err);
  assert.equal(JSON.parse(readFileSync(join(one, 'run.json'), 'utf8')), { fingerprint: fp });
  writeFileSync(join(one, 'run.json'), legacy);
});

test('completed shards of other inputs in the directory are named in a warning', async () => {
  const flags = [
    '--preset',
    'fineweb',
    '--unaudited',
    '--tokenizer',
    'none',
    '-o',
    join(dir, 'mixed'),
  ];
  const r = await cli(
    'filter',
    join(shards, 'a', 'p0.jsonl'),
    join(shards, 'b', 'p0.jsonl'),
    ...flags,
  );
  assert.is(r.code, 0, r.err);
  const again = await cli(
    'filter',
    join(shards, 'a', 'p0.jsonl'),
    join(shards, 'b', 'p1.jsonl.gz'),
    ...flags,
  );
  assert.is(again.code, 0, again.err);
  assert.match(
    again.err,
    /also holds 1 completed shard\(s\) that are not among these inputs \(e\.g\. b\/p0\.jsonl\)/,
  );
});

test('run twice, and with 1 or 2 workers: byte-identical outputs (timings aside)', async () => {
  const two = join(dir, 'two');
  const r = await cli('run', ...base, '-o', two, '--workers', '2');
  assert.is(r.code, 0, r.err);
  assertSameTree(one, two);
});

test('filter -o (directory mode in this thread) writes what run writes in worker threads', async () => {
  const inProcess = join(dir, 'in-process');
  const r = await cli(
    'filter',
    shards,
    '--preset',
    'fineweb',
    '--unaudited',
    '--tokenizer',
    'none',
    '-o',
    inProcess,
  );
  assert.is(r.code, 0, r.err);
  assertSameTree(one, inProcess);
});

test('W ranks + merge equal one run', async () => {
  const ranks = join(dir, 'ranks');
  for (const rank of ['0', '1', '2']) {
    const r = await cli(
      'run',
      ...base,
      '-o',
      ranks,
      '--workers',
      '1',
      '--rank',
      rank,
      '--world',
      '3',
    );
    assert.is(r.code, 0, r.err);
  }
  assert.not.ok(existsSync(join(ranks, 'stats.json')));
  const m = await cli('merge', ranks);
  assert.is(m.code, 0, m.err);
  assertSameTree(one, ranks);
});

test('a run killed with SIGKILL mid-way, then rerun, gives the same bytes as an uninterrupted run', async () => {
  const crash = join(dir, 'crash');
  const args = cliArgs('run', ...base, '-o', crash, '--workers', '1');
  const child = spawn(process.execPath, args, { stdio: 'ignore' });
  const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
  // Kill as soon as the first shard is complete (or its kept file is being written).
  const started = Date.now();
  while (Date.now() - started < 60_000) {
    if (
      existsSync(join(crash, 'done')) &&
      readdirSync(join(crash, 'done'), { recursive: true }).length >= 2
    )
      break;
    await new Promise((r) => setTimeout(r, 20));
  }
  child.kill('SIGKILL');
  await exited;
  const doneAfterKill = existsSync(join(crash, 'done'))
    ? readdirSync(join(crash, 'done'), { recursive: true }).filter((f) =>
        statSync(join(crash, 'done', String(f))).isFile(),
      ).length
    : 0;
  assert.ok(doneAfterKill < 6, `killed before the end (${doneAfterKill} shards done)`);
  const r = await cli('run', ...base, '-o', crash, '--workers', '1');
  assert.is(r.code, 0, r.err);
  assertSameTree(one, crash);
  rmSync(crash, { recursive: true, force: true });
});

test('two inputs whose outputs would share a file (x.jsonl and x.json) are refused before anything is written', async () => {
  const d = join(dir, 'clash');
  mkdirSync(join(d, 'in'), { recursive: true });
  writeFileSync(join(d, 'in', 'x.jsonl'), '{"id":"a","text":"one"}\n');
  writeFileSync(join(d, 'in', 'x.json'), '[{"id":"b","text":"two"},{"id":"c","text":"three"}]');
  for (const verb of [
    ['filter', join(d, 'in')],
    ['run', '-i', join(d, 'in')],
  ]) {
    const r = await cli(
      ...verb,
      '--preset',
      'c4',
      '--tokenizer',
      'none',
      '--unaudited',
      '-o',
      join(d, 'out'),
    );
    assert.is(r.code, 2, r.err);
    assert.match(r.err, 'x.json and x.jsonl would both be written as x.jsonl');
  }
  assert.not.ok(existsSync(join(d, 'out')));
});

test('--rank outside the world is a usage error', async () => {
  const r = await cli('run', ...base, '-o', join(dir, 'x'), '--rank', '3', '--world', '3');
  assert.is(r.code, 2);
  assert.match(r.err, '--rank');
});

test.run();
