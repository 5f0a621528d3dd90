// Hostile conditions: Ctrl-C, a kill, a closed pipe (issue 16, item 10). No temporary file is
// left behind; an interruption says how to go on and ends as killed by its signal.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROSE_SENTENCES, repoRoot, tempDir } from '../_helpers.ts';

const MAIN = join(repoRoot, 'test/cli/_main.ts');
const docLine = (i: number) =>
  JSON.stringify({ id: `d${i}`, text: `${PROSE_SENTENCES.join(' ')} ${i}` }) + '\n';
const temps = (d: string) =>
  readdirSync(d, { recursive: true, encoding: 'utf8' }).filter((n) => n.includes('.tmp-'));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function start(
  args: string[],
  stdout: 'pipe' | 'ignore' = 'ignore',
): {
  child: ChildProcess;
  err: () => string;
  exit: Promise<{ code: number | null; signal: string | null }>;
} {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    cwd: repoRoot,
    stdio: ['pipe', stdout, 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (b) => (err += b));
  const exit = new Promise<{ code: number | null; signal: string | null }>((res) =>
    child.on('exit', (code, signal) => res({ code, signal })),
  );
  return { child, err: () => err, exit };
}

async function until(what: string, cond: () => boolean, ms = 60_000): Promise<void> {
  for (let t = 0; t < ms; t += 50) {
    if (cond()) return;
    await sleep(50);
  }
  throw new Error(`timed out waiting for ${what}`);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  test(`${signal} during a pipe-mode filter: temporary files removed, "rerun" message, killed by ${signal}`, async () => {
    const d = tempDir();
    const p = start([
      'filter',
      '-',
      '--preset',
      'gopher',
      '--tokenizer',
      'none',
      '--unaudited',
      '--dropped',
      join(d, 'dropped.jsonl'),
      '--stats',
      join(d, 's.json'),
    ]);
    p.child.stdin!.write(docLine(1) + '{"id":"x","text":"short"}\n');
    await until('the temporary file', () => temps(d).length > 0);
    p.child.kill(signal);
    const r = await p.exit;
    assert.is(r.signal, signal, p.err());
    assert.match(p.err(), 'interrupted');
    assert.match(p.err(), 'rerun the same command to resume');
    assert.equal(temps(d), []);
    assert.equal(readdirSync(d), []);
  });
}

test("SIGINT during run: the worker threads' temporary files go too", async () => {
  const d = tempDir();
  mkdirSync(join(d, 'in'));
  for (let s = 0; s < 2; s++) {
    let body = '';
    for (let i = 0; i < 6000; i++) body += docLine(i);
    writeFileSync(join(d, `in/p${s}.jsonl`), body);
  }
  const p = start([
    'run',
    '--preset',
    'gopher',
    '--tokenizer',
    'none',
    '--unaudited',
    '-i',
    join(d, 'in'),
    '-o',
    join(d, 'out'),
    '--workers',
    '2',
  ]);
  await until('a temporary file in out/', () => {
    try {
      return temps(join(d, 'out')).length > 0;
    } catch {
      return false;
    }
  });
  p.child.kill('SIGINT');
  const r = await p.exit;
  assert.is(r.signal, 'SIGINT', p.err());
  assert.match(p.err(), 'rerun the same command to resume');
  assert.equal(temps(join(d, 'out')), []);
});

test('a closed stdout (| head -1): exit 0, no temporary file, and the unwritten outputs are named', async () => {
  const d = tempDir();
  const p = start(
    [
      'filter',
      '-',
      '--preset',
      'gopher',
      '--tokenizer',
      'none',
      '--unaudited',
      '--dropped',
      join(d, 'd.jsonl'),
      '--stats',
      join(d, 's.json'),
    ],
    'pipe',
  );
  p.child.stdout!.once('data', () => p.child.stdout!.destroy());
  // Keep feeding until the writer meets the closed pipe.
  const feed = setInterval(() => {
    if (p.child.stdin!.writable)
      p.child.stdin!.write(Array.from({ length: 200 }, (_, i) => docLine(i)).join(''));
  }, 10);
  p.child.stdin!.on('error', () => {});
  const r = await p.exit;
  clearInterval(feed);
  assert.is(r.code, 0, p.err());
  assert.equal(temps(d), []);
  assert.match(p.err(), `not written: ${join(d, 'd.jsonl')}`);
});

test('SIGTERM (a Slurm kill) during dedup exact: the spilled sort runs under --tmp go', async () => {
  const d = tempDir();
  const fifo = join(d, 'p.jsonl');
  execFileSync('mkfifo', [fifo]); // a shard that is never finished: the hashes stage waits on it
  mkdirSync(join(d, 'tmp'));
  const tmp = join(d, 'tmp');
  const out = join(d, 'out');
  const p = start(['dedup', 'exact', '-i', fifo, '-o', out, '--memory-mb', '0.004', '--tmp', tmp]);
  const feed = createWriteStream(fifo);
  feed.on('error', () => {});
  for (let i = 0; i < 500; i++) feed.write(docLine(i));
  const runs = () =>
    readdirSync(tmp, { recursive: true, encoding: 'utf8' }).filter((n) => n.includes('run-'));
  await until('spilled runs', () => runs().length > 2);
  p.child.kill('SIGTERM');
  const r = await p.exit;
  feed.destroy();
  assert.is(r.signal, 'SIGTERM', p.err());
  assert.match(p.err(), 'rerun the same command to resume');
  assert.equal(readdirSync(tmp), []);
});

test.run();
