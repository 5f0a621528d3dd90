import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startProgress } from '../../src/cli/progress.ts';

/** A TTY-like stream that keeps the last line drawn, and a clock the test moves. */
function screen() {
  let line = '';
  let t = 0;
  return {
    stream: { isTTY: true, write: (s: string) => ((line = s.replace(/^\r\x1b\[2K/, '')), true) },
    line: () => line,
    tick: (ms: number) => void (t += ms),
    now: () => t,
  };
}

test("documents reported in batches (as run's workers send them) count one by one in docs/s", () => {
  const s = screen();
  const p = startProgress(4, s.stream, s.now);
  s.tick(2000);
  p.docs(500, 4e6);
  p.docs(300, 2e6);
  s.tick(2000); // 4 s in: 800 docs, 6 MB
  p.shardDone();
  assert.is(s.line(), '1/4 shards  200 docs/s  1.5 MB/s  ETA 12s');
});

test('a resumed run: shards found complete count as done but not for the rate or the ETA', () => {
  const s = screen();
  const p = startProgress(5, s.stream, s.now);
  p.shardDone(true);
  p.shardDone(true);
  p.shardDone(true);
  assert.is(s.line(), '3/5 shards  0 docs/s  0.0 MB/s', 'no "ETA 0s" before a shard has run');
  s.tick(10_000);
  p.docs(1000, 1e7);
  p.shardDone();
  assert.is(s.line(), '4/5 shards  100 docs/s  1.0 MB/s  ETA 10s');
});

test('not a TTY: nothing is drawn', () => {
  let wrote = false;
  const p = startProgress(1, { isTTY: false, write: () => (wrote = true) });
  p.doc(10);
  p.shardDone();
  p.end();
  assert.not.ok(wrote);
});

test.run();
