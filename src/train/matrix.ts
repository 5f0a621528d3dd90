/**
 * The training design matrix in compressed rows: each document's hashed features, with the hash
 * buckets that occur in training renumbered 0..p−1 (columns), so the optimiser works over the
 * buckets seen rather than all 2^20.
 */
import type { SparseVector } from './features.ts';

export interface DesignMatrix {
  /** Documents. */
  readonly rows: number;
  /** Distinct buckets seen. */
  readonly cols: number;
  /** Row i's entries are offsets[i]..offsets[i+1] (Int32: V8 keeps them small integers). */
  readonly offsets: Int32Array;
  readonly colIndex: Int32Array;
  readonly values: Float32Array;
  /** Column j < buckets.length is hash bucket `buckets[j]` (most frequent first); the rest are attributes. */
  readonly buckets: Uint32Array;
}

/**
 * Builds the matrix from per-document sparse vectors (and optionally `dense` extra columns per
 * document), keeping the buckets that occur in at least
 * `minDocs` documents, and of those at most `maxColumns`, the most frequent (by document count;
 * ties to the lower bucket). A dropped bucket's weight is fixed at 0 (it still counts in each
 * document's norm, exactly as at scoring time): a bucket seen in one document only fits that
 * document's label, and the optimiser's cost grows with the columns it carries. The choice uses
 * document counts only, never labels.
 *
 * Columns are numbered most frequent first, so the weights the hot loops touch most sit together
 * in memory; `buckets[j]` names column j's bucket.
 */
export function buildMatrix(
  docs: readonly SparseVector[],
  minDocs = 1,
  maxColumns = Number.POSITIVE_INFINITY,
  dense?: readonly Float64Array[],
): DesignMatrix {
  // Dense per-bucket tables (4 bytes a bucket: 4 MB at 2^20) are far faster than Maps at 10^7 entries.
  let size = 0;
  for (const d of docs) if (d.index.length) size = Math.max(size, d.index[d.index.length - 1]! + 1);
  const df = new Uint32Array(size);
  for (const d of docs) for (const b of d.index) df[b]!++;
  const candidates: number[] = [];
  for (let b = 0; b < size; b++) if (df[b]! >= Math.max(1, minDocs)) candidates.push(b);
  candidates.sort((a, b) => df[b]! - df[a]! || a - b);
  if (candidates.length > maxColumns) candidates.length = maxColumns;
  const column = new Int32Array(size).fill(-1);
  candidates.forEach((b, j) => (column[b] = j));
  // Dense per-document columns (standardised attributes) follow the buckets; zeros are not stored.
  const p = candidates.length;
  let nnz = 0;
  for (const d of docs) for (const b of d.index) if (column[b]! >= 0) nnz++;
  for (const a of dense ?? []) for (const v of a) if (v !== 0) nnz++;
  if (nnz > 0x7fffffff)
    throw new RangeError(`the training matrix has ${nnz} entries, more than 2^31 − 1`);
  // In shared memory, so the fold threads (src/train/folds.ts) read it without a copy each.
  const offsets = new Int32Array(new SharedArrayBuffer(4 * (docs.length + 1)));
  const colIndex = new Int32Array(new SharedArrayBuffer(4 * nnz));
  const values = new Float32Array(new SharedArrayBuffer(4 * nnz));
  let k = 0;
  docs.forEach((d, i) => {
    for (let e = 0; e < d.index.length; e++) {
      const j = column[d.index[e]!]!;
      if (j < 0) continue;
      colIndex[k] = j;
      values[k++] = d.value[e]!;
    }
    dense?.[i]!.forEach((v, a) => {
      if (v !== 0) ((colIndex[k] = p + a), (values[k++] = v));
    });
    offsets[i + 1] = k;
  });
  return {
    rows: docs.length,
    cols: p + (dense?.[0]?.length ?? 0),
    offsets,
    colIndex,
    values,
    buckets: Uint32Array.from(candidates),
  };
}

/** z_i = x_i·w + b for the listed rows (w has `cols` entries). */
export function linearScores(
  X: DesignMatrix,
  rows: Uint32Array,
  w: Float64Array,
  b: number,
  out: Float64Array,
): void {
  const { offsets, colIndex, values } = X;
  for (let r = 0; r < rows.length; r++) {
    const i = rows[r]!;
    let z = b;
    for (let k = offsets[i]!, end = offsets[i + 1]!; k < end; k++)
      z += values[k]! * w[colIndex[k]!]!;
    out[r] = z;
  }
}
