import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { threadCpuSeconds } from '../../src/io/thread-cpu.ts';

const linux = existsSync('/proc/thread-self/stat');

/** A fixed amount of work (~0.3 CPU-s here), not a wall time: on a crowded machine a wall-time spin got too little CPU. */
function spin(): void {
  let x = 0;
  for (let i = 0; i < 3e8; i++) x = (x * 31 + 7) | 0;
  if (x === 42) console.log(x);
}

test('a thread that spins is charged for it', () => {
  if (!linux) return console.log('SKIP: no /proc/thread-self (not Linux)');
  const before = process.cpuUsage();
  const a = threadCpuSeconds()!;
  spin();
  const b = threadCpuSeconds()!;
  const c = process.cpuUsage(before);
  const all = (c.user + c.system) / 1e6;
  // The spin is most of what the whole process did meanwhile (V8's helper threads add a little).
  assert.ok(all >= 0.05, `process ${all}`);
  assert.ok(b - a >= 0.7 * all && b - a <= all + 0.02, `thread ${b - a}, process ${all}`);
});

test("another thread's work is not this thread's", async () => {
  if (!linux) return console.log('SKIP: no /proc/thread-self (not Linux)');
  const a = threadCpuSeconds()!;
  const before = process.cpuUsage();
  // The worker does a fixed amount of work while this thread waits for it without working.
  const w = new Worker(
    'let x = 0; for (let i = 0; i < 3e8; i++) x = (x * 31 + 7) | 0; if (x === 42) console.log(x);',
    { eval: true },
  );
  await new Promise((resolve) => w.on('exit', resolve));
  const process_ = process.cpuUsage(before);
  const mine = threadCpuSeconds()! - a;
  const all = (process_.user + process_.system) / 1e6;
  // The process was charged the worker's spin; this thread was not.
  assert.ok(all - mine >= 0.05 && mine < 0.5 * (all - mine), `process ${all}, thread ${mine}`);
});

test.run();
