/**
 * Running many shards: in worker threads (one tokenizer each), at most `workers` at a time
 * (p-limit), each shard whole in one worker. Shards that already have completion markers are
 * skipped. Results come back in any order; callers sort by shard name.
 */
import { readFileSync, statSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import pLimit from 'p-limit';
import type { ShardInput } from '../io/reader.ts';
import { parseStats, type Stats } from '../stats/stats.ts';
import type { ShardTaskSetup } from './context.ts';
import { shardDone } from './shard-dir.ts';
import { shareRanks } from '../tokenize/tokenizer.ts';

export interface PoolOptions {
  workers: number;
  /** Documents read by the workers since the last call, and their bytes. */
  onProgress?: (bytes: number, docs: number) => void;
  onShardDone?: (shard: string, skipped: boolean) => void;
}

const fromSource = import.meta.url.endsWith('.ts');
/** The worker script beside this module: `.ts` when running from source (tsx), `.js` when built. */
const workerModule = new URL(`./worker${fromSource ? '.ts' : '.js'}`, import.meta.url);

/**
 * The worker entry a thread starts from: the single-file bundle `npm run build` makes of
 * worker.js and everything it imports (dist/worker/worker.js, esbuild), when it is at least as
 * new as every module it was built from (esbuild's metafile lists them), else worker.js itself:
 * after `tsc --watch` rewrote one module, or a module of an installed package was patched, the
 * bundle holds old code. Each thread loads its modules afresh; from ~100 files that cost every
 * thread ~55 CPU-ms more than from one.
 */
export function workerEntry(module: URL = workerModule): URL {
  if (module.pathname.endsWith('.ts')) return module;
  const bundle = new URL('../worker/worker.js', module);
  try {
    const built = statSync(bundle).mtimeMs;
    const meta = JSON.parse(readFileSync(new URL('../worker/meta.json', module), 'utf8')) as {
      inputs?: Record<string, unknown>;
    };
    // The metafile's paths are relative to the package root, where the build ran.
    const root = new URL('../../', module);
    const inputs = Object.keys(meta.inputs ?? {});
    if (inputs.length > 0 && inputs.every((f) => statSync(new URL(f, root)).mtimeMs <= built))
      return bundle;
  } catch {
    // no bundle or no metafile: run the modules as tsc wrote them
  }
  return module;
}

// Chosen at the first spawn, not at import (it reads the metafile and stats ~100 modules).
let workerUrl: URL | undefined;

/**
 * A worker thread running the module at `url` (a `.ts` or `.js` beside its caller, by `fromSource`).
 * From source (tests, `node --import tsx`), Node 20 does not apply the parent's `--import tsx` to a
 * worker's entry module, so a tiny eval'd entry registers tsx first and then imports the module.
 * Every such thread is stopped by terminateWorkers.
 */
export function spawnWorker(url: URL, workerData: unknown): Worker {
  const w = url.pathname.endsWith('.ts')
    ? new Worker(fromSourceEntry(url), { eval: true, workerData })
    : new Worker(url, { workerData });
  LIVE.add(w);
  w.once('exit', () => LIVE.delete(w));
  return w;
}

const spawn = (workerData: unknown): Worker =>
  spawnWorker((workerUrl ??= workerEntry()), workerData);

function fromSourceEntry(url: URL): string {
  const tsx = import.meta.resolve('tsx/esm/api');
  return `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(url.href)}); })`;
}

/** Worker threads of this process that have not exited. */
const LIVE = new Set<Worker>();

/**
 * Stops every worker thread at once (an interruption): afterwards none can start another
 * temporary file, so sweeping them up cannot race a thread still writing.
 */
export async function terminateWorkers(): Promise<void> {
  await Promise.all([...LIVE].map((w) => w.terminate().catch(() => 0)));
}

interface WorkerHandle {
  worker: Worker;
  /** Set when the thread has exited (a crash between shards included): it takes no more work. */
  exited: boolean;
  run(input: ShardInput): Promise<Stats>;
}

function startWorker(setup: ShardTaskSetup, opts: PoolOptions): WorkerHandle {
  const worker = spawn(setup);
  let current: { resolve: (s: Stats) => void; reject: (e: Error) => void } | null = null;
  worker.on(
    'message',
    (m: {
      kind: string;
      bytes?: number;
      docs?: number;
      stats?: string;
      error?: { message: string; name?: string; exitCode?: number };
    }) => {
      if (m.kind === 'progress') opts.onProgress?.(m.bytes ?? 0, m.docs ?? 0);
      else if (m.kind === 'done') current?.resolve(parseStats(m.stats!));
      else if (m.kind === 'error') {
        const e = Object.assign(new Error(m.error!.message), {
          name: m.error!.name ?? 'Error',
          exitCode: m.error!.exitCode,
        });
        current?.reject(e);
      }
    },
  );
  worker.on('error', (e) => current?.reject(e));
  let exitCode: number | null = null;
  worker.on('exit', (code) => {
    exitCode = code;
    handle.exited = true;
    current?.reject(new Error(`worker exited with code ${code}`));
  });
  const handle: WorkerHandle = {
    worker,
    exited: false,
    run(input) {
      // A thread that died while idle would never answer: fail the shard instead of waiting.
      if (handle.exited)
        return Promise.reject(
          new Error(`worker exited with code ${exitCode} before ${input.name}`),
        );
      return new Promise<Stats>((resolve, reject) => {
        current = {
          resolve: (s) => {
            current = null;
            resolve(s);
          },
          reject: (e) => {
            current = null;
            reject(e);
          },
        };
        worker.postMessage({ kind: 'shard', input });
      });
    },
  };
  return handle;
}

/** `fn` over `items` with at most `concurrency` calls in flight; results in input order. */
export function mapLimit<T, R>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const limit = pLimit(concurrency);
  return Promise.all(items.map((x) => limit(() => fn(x))));
}

/** Marker checks in flight at once: one HEAD each on S3, an existsSync locally. */
const DONE_CHECKS = 16;

/**
 * Filters every shard without a completion marker. Returns the stats of the shards it ran;
 * the first failure stops the pool (other workers finish their current shard) and rethrows.
 */
export async function runShards(
  shards: readonly ShardInput[],
  setup: ShardTaskSetup,
  opts: PoolOptions,
): Promise<Stats[]> {
  const done = await mapLimit(shards, DONE_CHECKS, (s) => shardDone(setup.dir, s.name));
  const todo = shards.filter((s, i) => {
    if (done[i]) opts.onShardDone?.(s.name, true);
    return !done[i];
  });
  if (!todo.length) return [];
  const n = Math.max(1, Math.min(opts.workers, todo.length));
  // Tokenizing workers share the rank tables, built once here instead of once in every worker
  // (~55 ms each). They do not share a piece cache: two workers
  // tokenizing the pages' four shards side by side spent a median 3.9 CPU-s with a private cache
  // each against 4.4 with a shared one (14 alternating rounds): a shared lookup costs an
  // Atomics.load per probe, a call V8 does not inline, and that outweighs the merges it saves.
  const tokenizer = setup.config.tokenizer;
  const shared =
    n > 1 && tokenizer !== 'none' && !setup.shares
      ? { ...setup, shares: { ranks: shareRanks(tokenizer) } }
      : setup;
  const idle = Array.from({ length: n }, () => startWorker(shared, opts));
  const all = [...idle];
  const limit = pLimit(n);
  let failed = false;
  try {
    // allSettled: after a failure the other workers finish the shard they are on (queued shards
    // stop at once) before any is told to exit, so no shard is cut off mid-write.
    const settled = await Promise.allSettled(
      todo.map((input) =>
        limit(async () => {
          if (failed) throw new Error('stopped after an earlier failure');
          const w = idle.pop()!;
          try {
            const s = await w.run(input);
            opts.onShardDone?.(input.name, false);
            return s;
          } catch (e) {
            failed = true;
            throw e;
          } finally {
            idle.push(w);
          }
        }),
      ),
    );
    const rejected = settled.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (rejected.length)
      throw (
        rejected.find((r) => !String(r.reason).includes('stopped after an earlier failure')) ??
        rejected[0]!
      ).reason;
    return settled.map((r) => (r as PromiseFulfilledResult<Stats>).value);
  } finally {
    await Promise.all(
      all.map(
        (w) =>
          new Promise<void>((res) => {
            if (w.exited) return res(); // already gone: no 'exit' event will come
            w.worker.removeAllListeners('exit');
            w.worker.once('exit', () => res());
            w.worker.postMessage({ kind: 'exit' });
          }),
      ),
    );
  }
}
