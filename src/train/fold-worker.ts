/**
 * A training thread: fits its share of the folds at each λ the main thread asks for
 * (src/train/folds.ts), keeping its folds' fits for the next warm start.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { foldFitter, type FoldWorkerData } from './folds.ts';

const { X, y, splits, limits } = workerData as FoldWorkerData;
const fit = foldFitter({ ...X, buckets: new Uint32Array(0) }, y, splits, limits);
parentPort!.on('message', ({ li, lambda, from }: { li: number; lambda: number; from: number }) => {
  try {
    parentPort!.postMessage({ results: fit(li, lambda, from) });
  } catch (e) {
    parentPort!.postMessage({ error: e instanceof Error ? e.message : String(e) });
  }
});
