import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MinhashKernel } from '../../src/dedup/kernel.ts';

const P = (1n << 61n) - 1n;
const M64 = (1n << 64n) - 1n;
/** numpy uint64: (h * a + b) wraps modulo 2^64, then % (2^61 - 1). */
const permuted = (h: bigint, a: bigint, b: bigint): bigint => ((((h * a) & M64) + b) & M64) % P;

/** A seeded stream of 64-bit values (splitmix64), biased to the edges now and then. */
function values(seed: bigint, n: number): bigint[] {
  let s = seed;
  const out: bigint[] = [];
  for (let i = 0; i < n; i++) {
    s = (s + 0x9e3779b97f4a7c15n) & M64;
    let z = s;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & M64;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & M64;
    z ^= z >> 31n;
    out.push(i % 17 === 0 ? M64 - BigInt(i) : i % 19 === 0 ? BigInt(i) : z);
  }
  return out;
}

const minima = (k: MinhashKernel, shingles: bigint[]): bigint[] => {
  k.shingles(shingles.length).set(shingles);
  const bytes = k.minima(shingles.length);
  return Array.from(new BigUint64Array(bytes.buffer, bytes.byteOffset, k.hashes));
};

test('each minimum equals BigInt arithmetic with numpy uint64 wrap-around', () => {
  const a = values(1n, 40).map((v) => (v % (P - 1n)) + 1n);
  const b = values(2n, 40).map((v) => v % P);
  const kernel = new MinhashKernel(a, b);
  for (const n of [1, 2, 7, 300]) {
    const h = values(BigInt(n) + 3n, n);
    const want = a.map((aj, j) =>
      h.reduce((m, x) => (permuted(x, aj, b[j]!) < m ? permuted(x, aj, b[j]!) : m), M64),
    );
    assert.equal(minima(kernel, h), want, `n=${n}`);
  }
});

test('the reduction handles sums that land exactly on 2^61 - 1 and above 2^64', () => {
  // h·a + b = p exactly → 0; h·a + b = 2^64 - 1 → (2^64 - 1) mod p = 7; h·a + b wraps past 2^64 → small.
  const kernel = new MinhashKernel([1n, 1n, 1n], [0n, 0n, 5n]);
  assert.equal(minima(kernel, [P]), [0n, 0n, 5n]);
  assert.equal(minima(kernel, [M64]), [7n, 7n, 4n]);
});

test('a shingle array larger than the initial memory grows it', () => {
  const kernel = new MinhashKernel([3n], [1n]);
  const h = values(9n, 20000);
  assert.equal(minima(kernel, h), [
    h.reduce((m, x) => (permuted(x, 3n, 1n) < m ? permuted(x, 3n, 1n) : m), M64),
  ]);
});

test('mismatched or too many parameters are refused', () => {
  assert.throws(() => new MinhashKernel([1n], []), /equal length/);
  assert.throws(
    () => new MinhashKernel(new Array(257).fill(1n), new Array(257).fill(1n)),
    /1 to 256/,
  );
});

test.run();
