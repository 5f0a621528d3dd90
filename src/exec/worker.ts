/**
 * A worker thread of `run`: opens its own tokenizer (tiktoken is synchronous WASM, one per
 * thread) and filters the shards the main thread sends it, one at a time.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openShardContext, type ShardTaskSetup } from './context.ts';
import { filterShardToDir } from './shard-dir.ts';
import { statsJson } from '../stats/stats.ts';
import type { ShardInput } from '../io/reader.ts';
import { preloadClusterIndexes } from '../dedup/cluster-cache.ts';

const setup = workerData as ShardTaskSetup;
await preloadClusterIndexes(setup.config); // the minhash filter's clusters (S3 cannot be read synchronously)
const { ctx, close } = openShardContext(setup);
let pending = 0;
ctx.onDoc = (b) => {
  pending += b;
  if (pending > 4e6) {
    parentPort!.postMessage({ kind: 'progress', bytes: pending });
    pending = 0;
  }
};

parentPort!.on('message', async (msg: { kind: 'shard'; input: ShardInput } | { kind: 'exit' }) => {
  if (msg.kind === 'exit') {
    close();
    parentPort!.close();
    return;
  }
  try {
    const stats = await filterShardToDir(msg.input, setup.dir, ctx, setup.dirOptions);
    parentPort!.postMessage({ kind: 'progress', bytes: pending });
    pending = 0;
    parentPort!.postMessage({ kind: 'done', stats: statsJson(stats) });
  } catch (e) {
    const err = e instanceof Error ? { message: e.message, name: e.name, exitCode: (e as { exitCode?: number }).exitCode } : { message: String(e) };
    parentPort!.postMessage({ kind: 'error', error: err });
  }
});
