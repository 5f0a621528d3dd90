/**
 * fastText's stored matrices (`Matrix::save`, `QuantMatrix::save`): a reader over the model's
 * bytes, dense rows, and product-quantized rows (codes into 256 centroids per sub-vector, with
 * optional quantized norms), each summed into or dotted with a float32 vector as fastText does.
 */

const KSUB = 256;

/** Thrown for a file that is not a fastText model this reader understands; names the file. */
export class ModelFormatError extends Error {}

/** A row source: dense rows or product-quantized codes, as fastText stores either matrix. */
export interface Matrix {
  rows: number;
  cols: number;
  /** `x += row i` in float32. */
  addRow(x: Float32Array, i: number): void;
  /** `row i · x` in float32. */
  dotRow(x: Float32Array, i: number): number;
}

/** Little-endian reads over a model file; a short read is a ModelFormatError naming the file. */
export class Reader {
  pos = 0;
  private readonly view: DataView;
  constructor(
    readonly bytes: Uint8Array,
    readonly source: string,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  need(n: number): void {
    if (this.pos + n > this.bytes.length) {
      throw new ModelFormatError(
        `${this.source}: truncated fastText model (needed ${n} bytes at offset ${this.pos}, file has ${this.bytes.length})`,
      );
    }
  }
  i32(): number {
    this.need(4);
    const v = this.view.getInt32(this.pos, true);
    this.pos += 4;
    return v;
  }
  i64(): number {
    this.need(8);
    const v = this.view.getBigInt64(this.pos, true);
    this.pos += 8;
    if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < 0n)
      throw new ModelFormatError(
        `${this.source}: implausible count ${v} at offset ${this.pos - 8}`,
      );
    return Number(v);
  }
  f64(): number {
    this.need(8);
    const v = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }
  u8(): number {
    this.need(1);
    return this.bytes[this.pos++]!;
  }
  bytesOf(n: number): Uint8Array {
    this.need(n);
    const out = this.bytes.slice(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
  floats(n: number): Float32Array {
    this.need(4 * n);
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = this.view.getFloat32(this.pos + 4 * i, true);
    this.pos += 4 * n;
    return out;
  }
  cstring(): Uint8Array {
    const end = this.bytes.indexOf(0, this.pos);
    if (end < 0)
      throw new ModelFormatError(
        `${this.source}: truncated fastText model (unterminated word at offset ${this.pos})`,
      );
    const out = this.bytes.slice(this.pos, end);
    this.pos = end + 1;
    return out;
  }
}

/** A dense `rows × cols` float32 matrix (`Matrix::save`). */
export function denseMatrix(r: Reader): Matrix {
  const rows = r.i64();
  const cols = r.i64();
  const data = r.floats(rows * cols);
  return {
    rows,
    cols,
    addRow(x, i) {
      const o = i * cols;
      for (let j = 0; j < cols; j++) x[j]! += data[o + j]!;
    },
    dotRow(x, i) {
      const o = i * cols;
      let d = 0;
      for (let j = 0; j < cols; j++) d = Math.fround(d + Math.fround(data[o + j]! * x[j]!));
      return d;
    },
  };
}

interface PQ {
  dim: number;
  nsubq: number;
  dsub: number;
  lastdsub: number;
  centroids: Float32Array;
}

function productQuantizer(r: Reader): PQ {
  const dim = r.i32();
  const nsubq = r.i32();
  const dsub = r.i32();
  const lastdsub = r.i32();
  if (
    dim <= 0 ||
    nsubq <= 0 ||
    dsub <= 0 ||
    lastdsub <= 0 ||
    (nsubq - 1) * dsub + lastdsub !== dim
  ) {
    throw new ModelFormatError(
      `${r.source}: bad product quantizer (dim ${dim}, nsubq ${nsubq}, dsub ${dsub}, lastdsub ${lastdsub})`,
    );
  }
  return { dim, nsubq, dsub, lastdsub, centroids: r.floats(dim * KSUB) };
}

/** Offset of centroid `i` of sub-quantizer `m` (the last one has `lastdsub` values per centroid). */
const centroidAt = (pq: PQ, m: number, i: number): number =>
  m === pq.nsubq - 1 ? m * KSUB * pq.dsub + i * pq.lastdsub : (m * KSUB + i) * pq.dsub;

/** A product-quantized matrix (`QuantMatrix::save`). */
export function quantMatrix(r: Reader): Matrix {
  const qnorm = r.u8() !== 0;
  const rows = r.i64();
  const cols = r.i64();
  const codesize = r.i32();
  const codes = r.bytesOf(codesize);
  const pq = productQuantizer(r);
  let norms: Float32Array | null = null;
  if (qnorm) {
    const normCodes = r.bytesOf(rows);
    const npq = productQuantizer(r);
    norms = new Float32Array(rows);
    for (let i = 0; i < rows; i++) norms[i] = npq.centroids[centroidAt(npq, 0, normCodes[i]!)]!;
  }
  if (pq.dim !== cols || codesize !== rows * pq.nsubq)
    throw new ModelFormatError(
      `${r.source}: quantized matrix ${rows}×${cols} does not fit its ${codesize} codes`,
    );
  const { nsubq, dsub, lastdsub, centroids } = pq;
  const pairs = dsub === 2 && lastdsub === 2;
  return {
    rows,
    cols,
    addRow(x, i) {
      // fastText's addcode; the common layout (every sub-vector of 2) without the general loop.
      const alpha = norms ? norms[i]! : 1;
      const code = i * nsubq;
      if (pairs) {
        for (let m = 0; m < nsubq; m++) {
          const c = (m * KSUB + codes[code + m]!) * 2;
          x[2 * m]! += Math.fround(alpha * centroids[c]!);
          x[2 * m + 1]! += Math.fround(alpha * centroids[c + 1]!);
        }
        return;
      }
      for (let m = 0; m < nsubq; m++) {
        const d = m === nsubq - 1 ? lastdsub : dsub;
        const c = centroidAt(pq, m, codes[code + m]!);
        for (let n = 0; n < d; n++) x[m * dsub + n]! += Math.fround(alpha * centroids[c + n]!);
      }
    },
    dotRow(x, i) {
      const alpha = norms ? norms[i]! : 1;
      const code = i * nsubq;
      let res = 0;
      for (let m = 0; m < nsubq; m++) {
        const d = m === nsubq - 1 ? lastdsub : dsub;
        const c = centroidAt(pq, m, codes[code + m]!);
        for (let n = 0; n < d; n++)
          res = Math.fround(res + Math.fround(x[m * dsub + n]! * centroids[c + n]!));
      }
      return Math.fround(res * alpha);
    },
  };
}
