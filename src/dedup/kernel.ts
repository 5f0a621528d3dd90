/**
 * The MinHash permutation kernel: for each of k hash functions j, the minimum over a document's
 * shingles h of `((h·a_j + b_j) mod 2^64) mod (2^61 − 1)`, in exact unsigned 64-bit arithmetic
 * as numpy's uint64 does it (the product and the sum wrap modulo 2^64 *before* the reduction).
 * JS numbers cannot do this and BigInt is far too slow for ~100 products per shingle, so the
 * loop is a tiny WebAssembly function (WASM has native i64), assembled below byte by byte:
 * there is no WAT toolchain in the build. The reduction by the Mersenne prime p = 2^61 − 1 uses
 * 2^61 ≡ 1 (mod p): x mod p = (x & p) + (x >> 61), minus p once if that is ≥ p.
 *
 * Memory layout (one exported memory, grown on demand):
 *   [0, 4096)        a_j at 16·j, b_j at 16·j + 8 (k ≤ 256)
 *   [4096, 6144)     the k minima, 8 bytes each (the output)
 *   [8192, ...)      the shingles, n uint64 little-endian (the input)
 */

// This project's tsconfig has no DOM lib and @types/node 20 does not declare WebAssembly: the
// little used here, declared locally (no code is emitted for it).
declare namespace WebAssembly {
  class Module {
    constructor(bytes: Uint8Array);
  }
  class Instance {
    constructor(module: Module);
    readonly exports: Record<string, unknown>;
  }
  class Memory {
    readonly buffer: ArrayBuffer;
    grow(pages: number): number;
  }
}

const PARAMS = 0;
const MINS = 4096;
/** Byte offset where the caller writes shingles. */
export const SHINGLES = 8192;
const MAX_HASHES = 256;

// WebAssembly opcodes used here (spec §5.4).
const OP = {
  block: 0x02,
  loop: 0x03,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  select: 0x1b,
  localGet: 0x20,
  localSet: 0x21,
  i64Load: 0x29,
  i64Store: 0x37,
  i32Const: 0x41,
  i64Const: 0x42,
  i32GeU: 0x4f,
  i64LtU: 0x54,
  i64GeU: 0x5a,
  i32Add: 0x6a,
  i32Shl: 0x74,
  i64Add: 0x7c,
  i64Sub: 0x7d,
  i64Mul: 0x7e,
  i64And: 0x83,
  i64ShrU: 0x88,
} as const;
const VOID = 0x40;
const I32 = 0x7f;
const I64 = 0x7e;

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n) byte |= 0x80;
    out.push(byte);
  } while (n);
  return out;
}

function sleb(n: bigint): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = Number(n & 0x7fn);
    n >>= 7n;
    if ((n === 0n && !(byte & 0x40)) || (n === -1n && byte & 0x40)) return [...out, byte];
    out.push(byte | 0x80);
  }
}

const name = (s: string): number[] => [...uleb(s.length), ...Buffer.from(s, 'ascii')];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];

// Locals: 0 n (i32), 1 k (i32) are the parameters; then j (i32); a, b, m, v (i64); ptr, end (i32).
const [N, K, J, A, B, MIN, V, PTR, END] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
const get = (l: number): number[] => [OP.localGet, l];
const set = (l: number): number[] => [OP.localSet, l];
const i32c = (n: number): number[] => [OP.i32Const, ...sleb(BigInt(n))];
const i64c = (n: bigint): number[] => [OP.i64Const, ...sleb(BigInt.asIntN(64, n))];
const P = (1n << 61n) - 1n;

// prettier-ignore
const body: number[] = [
  ...vec([
    [1, I32],
    [4, I64],
    [2, I32],
  ]),
  // end = SHINGLES + 8·n
  ...get(N), ...i32c(3), OP.i32Shl, ...i32c(SHINGLES), OP.i32Add, ...set(END),
  OP.block, VOID,
  OP.loop, VOID,
  ...get(J), ...get(K), OP.i32GeU, OP.brIf, 1,
  ...get(J), ...i32c(4), OP.i32Shl, OP.i64Load, 3, ...uleb(PARAMS), ...set(A),
  ...get(J), ...i32c(4), OP.i32Shl, OP.i64Load, 3, ...uleb(PARAMS + 8), ...set(B),
  ...i64c(-1n), ...set(MIN),
  ...i32c(SHINGLES), ...set(PTR),
  OP.block, VOID,
  OP.loop, VOID,
  ...get(PTR), ...get(END), OP.i32GeU, OP.brIf, 1,
  // v = h·a + b (wrapping)
  ...get(PTR), OP.i64Load, 3, 0, ...get(A), OP.i64Mul, ...get(B), OP.i64Add, ...set(V),
  // v = (v & p) + (v >> 61); then v − p if v ≥ p
  ...get(V), ...i64c(P), OP.i64And, ...get(V), ...i64c(61n), OP.i64ShrU, OP.i64Add, ...set(V),
  ...get(V), ...i64c(P), OP.i64Sub, ...get(V), ...get(V), ...i64c(P), OP.i64GeU, OP.select, ...set(V),
  // m = v < m ? v : m
  ...get(V), ...get(MIN), ...get(V), ...get(MIN), OP.i64LtU, OP.select, ...set(MIN),
  ...get(PTR), ...i32c(8), OP.i32Add, ...set(PTR),
  OP.br, 0,
  OP.end,
  OP.end,
  ...get(J), ...i32c(3), OP.i32Shl, ...get(MIN), OP.i64Store, 3, ...uleb(MINS),
  ...get(J), ...i32c(1), OP.i32Add, ...set(J),
  OP.br, 0,
  OP.end,
  OP.end,
  OP.end,
];

// prettier-ignore
const MODULE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  ...section(1, vec([[0x60, ...vec([[I32], [I32]]), 0]])), // type 0: (i32, i32) → ()
  ...section(3, vec([[0]])), // function 0 has type 0
  ...section(5, vec([[0, 1]])), // one memory, at least 1 page
  ...section(7, vec([[...name('memory'), 2, 0], [...name('minhash'), 0, 0]])),
  ...section(10, vec([[...uleb(body.length), ...body]])),
]);

/** A compiled kernel with its own memory, holding one set of permutation parameters. */
export class MinhashKernel {
  private readonly memory: WebAssembly.Memory;
  private readonly run: (n: number, k: number) => void;
  readonly hashes: number;

  constructor(a: readonly bigint[], b: readonly bigint[]) {
    if (a.length !== b.length || a.length < 1 || a.length > MAX_HASHES) {
      throw new RangeError(
        `Expected 1 to ${MAX_HASHES} (a, b) pairs of equal length, got ${a.length} and ${b.length}`,
      );
    }
    const instance = new WebAssembly.Instance(new WebAssembly.Module(MODULE));
    this.memory = instance.exports.memory as WebAssembly.Memory;
    this.run = instance.exports.minhash as (n: number, k: number) => void;
    this.hashes = a.length;
    const params = new BigUint64Array(this.memory.buffer, PARAMS, 2 * a.length);
    a.forEach((v, j) => {
      params[2 * j] = v;
      params[2 * j + 1] = b[j]!;
    });
  }

  /** A view where n shingles go (valid until the next call of `shingles` or `minima`). */
  shingles(n: number): BigUint64Array {
    const need = SHINGLES + 8 * n;
    const have = this.memory.buffer.byteLength;
    if (need > have) this.memory.grow(Math.ceil((need - have) / 65536));
    return new BigUint64Array(this.memory.buffer, SHINGLES, n);
  }

  /** The raw bytes of the shingle area (for hashes written as bytes, like sha1's first 8). */
  shingleBytes(n: number): Uint8Array {
    this.shingles(n);
    return new Uint8Array(this.memory.buffer, SHINGLES, 8 * n);
  }

  /** Runs the kernel over the first n shingles; returns the minima's bytes (a view, copy it to keep it). */
  minima(n: number): Uint8Array {
    this.run(n, this.hashes);
    return new Uint8Array(this.memory.buffer, MINS, 8 * this.hashes);
  }
}
