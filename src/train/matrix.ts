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
  /** Row i's entries are offsets[i]..offsets[i+1]. */
  readonly offsets: Float64Array;
  readonly colIndex: Uint32Array;
  readonly values: Float32Array;
  /** Column j is hash bucket `buckets[j]` (ascending). */
  readonly buckets: Uint32Array;
}

/**
 * Builds the matrix from per-document sparse vectors, keeping the buckets that occur in at least
 * `minDocs` documents. A dropped bucket's weight is fixed at 0 (it still counts in each document's
 * norm, exactly as at scoring time): a bucket seen in one document only fits that document's label
 * and nothing else, and leaving it out shrinks the problem and the model file severalfold.
 */
export function buildMatrix(docs: readonly SparseVector[], minDocs = 1): DesignMatrix {
  const df = new Map<number, number>();
  for (const d of docs) for (const b of d.index) df.set(b, (df.get(b) ?? 0) + 1);
  const kept: number[] = [];
  for (const [b, n] of df) if (n >= minDocs) kept.push(b);
  const buckets = Uint32Array.from(kept).sort();
  const column = new Map<number, number>();
  buckets.forEach((b, j) => column.set(b, j));
  let nnz = 0;
  for (const d of docs) for (const b of d.index) if (column.has(b)) nnz++;
  const offsets = new Float64Array(docs.length + 1);
  const colIndex = new Uint32Array(nnz);
  const values = new Float32Array(nnz);
  let k = 0;
  docs.forEach((d, i) => {
    for (let e = 0; e < d.index.length; e++) {
      const j = column.get(d.index[e]!);
      if (j === undefined) continue;
      colIndex[k] = j;
      values[k++] = d.value[e]!;
    }
    offsets[i + 1] = k;
  });
  return { rows: docs.length, cols: buckets.length, offsets, colIndex, values, buckets };
}

/** z_i = x_i·w + b for the listed rows (w has `cols` entries). */
export function linearScores(X: DesignMatrix, rows: Uint32Array, w: Float64Array, b: number, out: Float64Array): void {
  const { offsets, colIndex, values } = X;
  for (let r = 0; r < rows.length; r++) {
    const i = rows[r]!;
    let z = b;
    for (let k = offsets[i]!, end = offsets[i + 1]!; k < end; k++) z += values[k]! * w[colIndex[k]!]!;
    out[r] = z;
  }
}

/** g += Σ_r coef[r]·x_{rows[r]} (the transpose product of the gradient). */
export function addTransposed(X: DesignMatrix, rows: Uint32Array, coef: Float64Array, g: Float64Array): void {
  const { offsets, colIndex, values } = X;
  for (let r = 0; r < rows.length; r++) {
    const c = coef[r]!;
    if (c === 0) continue;
    const i = rows[r]!;
    for (let k = offsets[i]!, end = offsets[i + 1]!; k < end; k++) g[colIndex[k]!]! += c * values[k]!;
  }
}
