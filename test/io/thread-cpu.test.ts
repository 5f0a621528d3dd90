import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { threadCpuSeconds } from '../../src/io/thread-cpu.ts';

const linux = existsSync('/proc/thread-self/stat');

/** Keeps the calling thread busy for about `ms` of wall time. */
function spin(ms: number): void {
  const end = performance.now() + ms;
  let x = 0;
  while (performance.now() < end) x = (x * 31 + 7) | 0;
  if (x === 42) console.log(x);
}

test('a thread that spins is charged for it', () => {
  if (!linux) return console.log('SKIP: no /proc/thread-self (not Linux)');
  const a = threadCpuSeconds()!;
  spin(300);
  const b = threadCpuSeconds()!;
  // 300 ms of wall time spinning: at least a third of it on this thread, even on a crowded machine.
  assert.ok(b - a >= 0.1, `${b - a}`);
  assert.ok(b - a <= 1, `${b - a}`);
});

test("another thread's work is not this thread's", async () => {
  if (!linux) return console.log('SKIP: no /proc/thread-self (not Linux)');
  const a = threadCpuSeconds()!;
  const before = process.cpuUsage();
  // The worker spins 400 ms while this thread waits for it without working.
  const w = new Worker(
    'const end = performance.now() + 400; let x = 0; while (performance.now() < end) x = (x + 1) | 0;',
    { eval: true },
  );
  await new Promise((resolve) => w.on('exit', resolve));
  const process_ = process.cpuUsage(before);
  const mine = threadCpuSeconds()! - a;
  const all = (process_.user + process_.system) / 1e6;
  // The process was charged the worker's spin; this thread was not.
  assert.ok(all - mine >= 0.1, `process ${all}, thread ${mine}`);
});

test.run();
