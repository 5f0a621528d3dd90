/**
 * A worker thread of `run`: opens its own tokenizer (tiktoken is synchronous WASM, one per
 * thread) and filters the shards the main thread sends it, one at a time.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openShardContext, type ShardTaskSetup } from './context.ts';
import { filterShardToDir } from './shard-dir.ts';
import { statsJson } from '../stats/stats.ts';
import type { ShardInput } from '../io/reader.ts';
import { loadLanguageModels } from '../lid/models.ts';
import { preloadClusterIndexes } from '../dedup/cluster-cache.ts';

const setup = workerData as ShardTaskSetup;
// Each thread reads and parses its language model once (nothing large crosses the thread boundary).
await loadLanguageModels(setup.config);
await preloadClusterIndexes(setup.config); // the minhash filter's clusters
const { ctx, close } = openShardContext(setup);
// Documents and bytes not yet reported, sent every 256 documents or 4 MB (and at a shard's end).
let pending = 0;
let pendingDocs = 0;
const report = () => {
  parentPort!.postMessage({ kind: 'progress', bytes: pending, docs: pendingDocs });
  pending = 0;
  pendingDocs = 0;
};
ctx.onDoc = (b) => {
  pending += b;
  if (++pendingDocs >= 256 || pending > 4e6) report();
};

parentPort!.on('message', async (msg: { kind: 'shard'; input: ShardInput } | { kind: 'exit' }) => {
  if (msg.kind === 'exit') {
    close();
    parentPort!.close();
    return;
  }
  try {
    const stats = await filterShardToDir(msg.input, setup.dir, ctx, setup.dirOptions);
    report();
    parentPort!.postMessage({ kind: 'done', stats: statsJson(stats) });
  } catch (e) {
    const err =
      e instanceof Error
        ? { message: e.message, name: e.name, exitCode: (e as { exitCode?: number }).exitCode }
        : { message: String(e) };
    parentPort!.postMessage({ kind: 'error', error: err });
  }
});
