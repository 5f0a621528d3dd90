/**
 * Fitting the k fold models at one λ, each warm-started from its own fit at another λ (never from
 * a model that saw its held-out rows): in this thread, or spread over worker threads
 * (src/train/fold-worker.ts) that share the design matrix's memory. A fold's arithmetic is the
 * same wherever it runs, so the threads change the time, never the model bytes.
 */
import { spawnWorker } from '../exec/pool.ts';
import { fitLogistic, predict, type Fit, type FitOptions } from './logistic.ts';
import type { DesignMatrix } from './matrix.ts';

export interface FoldSplit {
  fold: number;
  train: Uint32Array;
  test: Uint32Array;
}

/** One fold's fit at a λ and its p_bad on the held-out rows (in `test` order). */
export interface FoldResult {
  fold: number;
  fit: Fit;
  heldOut: Float64Array;
}

export type FoldLimits = Omit<FitOptions, 'lambda'>;

/** Fits the given folds at λ index `li`, each from its fit at index `from` (−1: from zero). */
export interface FoldRunner {
  run(li: number, lambda: number, from: number): Promise<FoldResult[]>;
  close(): Promise<void>;
}

/** The folds' fits by λ index, kept for warm starts; one per thread. */
export function foldFitter(
  X: DesignMatrix,
  y: Uint8Array,
  splits: readonly FoldSplit[],
  limits: FoldLimits,
) {
  const fits = new Map<string, Fit>();
  return (li: number, lambda: number, from: number): FoldResult[] =>
    splits.map(({ fold, train, test }) => {
      const fit = fitLogistic(X, train, y, { lambda, ...limits }, fits.get(`${fold}:${from}`));
      fits.set(`${fold}:${li}`, fit);
      return { fold, fit, heldOut: predict(X, test, fit) };
    });
}

/** What a fold worker is started with: the matrix (shared memory), labels, its folds and limits. */
export interface FoldWorkerData {
  X: Omit<DesignMatrix, 'buckets'>;
  y: Uint8Array;
  splits: FoldSplit[];
  limits: FoldLimits;
}

const workerUrl = new URL(
  `./fold-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`,
  import.meta.url,
);

/**
 * Folds dealt round-robin to `threads` workers (one thread: here, no worker). The matrix must live
 * in SharedArrayBuffers (buildMatrix allocates it so) or each worker would copy it.
 */
export function foldRunner(
  X: DesignMatrix,
  y: Uint8Array,
  splits: readonly FoldSplit[],
  limits: FoldLimits,
  threads: number,
): FoldRunner {
  if (threads <= 1) {
    const fit = foldFitter(X, y, splits, limits);
    return { run: async (li, lambda, from) => fit(li, lambda, from), close: async () => {} };
  }
  const { rows, cols, offsets, colIndex, values } = X;
  const workers = Array.from({ length: Math.min(threads, splits.length) }, (_, t) => {
    const data: FoldWorkerData = {
      X: { rows, cols, offsets, colIndex, values },
      y,
      splits: splits.filter((_, i) => i % threads === t),
      limits,
    };
    return spawnWorker(workerUrl, data);
  });
  const ask = (w: (typeof workers)[number], msg: unknown) =>
    new Promise<FoldResult[]>((resolve, reject) => {
      const onExit = (code: number) =>
        reject(new Error(`a training thread exited with code ${code}`));
      w.once('error', reject);
      w.once('exit', onExit);
      w.once('message', (m: { results?: FoldResult[]; error?: string }) => {
        w.off('error', reject);
        w.off('exit', onExit);
        if (m.error !== undefined) reject(new Error(m.error));
        else resolve(m.results!);
      });
      w.postMessage(msg);
    });
  return {
    async run(li, lambda, from) {
      const parts = await Promise.all(workers.map((w) => ask(w, { li, lambda, from })));
      return parts.flat().sort((a, b) => a.fold - b.fold);
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
