/**
 * The MinHash permutation parameters datatrove draws: with `gen = np.random.RandomState(seed)`,
 * `a = gen.randint(1, 2**61 - 1, dtype=np.uint64, size=(1, n))`, then
 * `b = gen.randint(0, 2**61 - 1, dtype=np.uint64, size=(1, n))`.
 *
 * Reproduced from the published algorithms rather than stored as a table, so any seed and any
 * number of hashes work: numpy's legacy `RandomState` is MT19937 seeded by `init_genrand(seed)`,
 * a 64-bit draw is two 32-bit outputs (high word first), and a bounded uint64 in `[low, high)`
 * is `low + v` where `v` is drawn by masked rejection: `v = next64 & mask` until `v <= high - 1
 * - low`, `mask` being the smallest `2^k - 1` covering that range. Checked against numpy's own
 * values in test/dedup/permutations.test.ts and, end to end, by datatrove's signatures.
 */

const N = 624;
const M = 397;

/** MT19937 (Matsumoto & Nishimura 1998), 32-bit outputs. */
class MersenneTwister {
  private readonly mt = new Uint32Array(N);
  private index = N;

  constructor(seed: number) {
    this.mt[0] = seed >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = this.mt[i - 1]!;
      this.mt[i] = (Math.imul(1812433253, prev ^ (prev >>> 30)) + i) >>> 0;
    }
  }

  next32(): number {
    if (this.index >= N) this.twist();
    let y = this.mt[this.index++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  private twist(): void {
    const mt = this.mt;
    for (let k = 0; k < N; k++) {
      const y = (mt[k]! & 0x80000000) | (mt[(k + 1) % N]! & 0x7fffffff);
      mt[k] = mt[(k + M) % N]! ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
    }
    this.index = 0;
  }

  next64(): bigint {
    const hi = BigInt(this.next32());
    return (hi << 32n) | BigInt(this.next32());
  }
}

/** numpy's legacy `randint(low, high, size=n, dtype=uint64)` for a range wider than 32 bits. */
function boundedUint64(rng: MersenneTwister, low: bigint, high: bigint, n: number): bigint[] {
  const range = high - 1n - low;
  if (range <= 0xffffffffn)
    throw new RangeError(
      'only ranges wider than 32 bits are implemented (numpy draws those differently)',
    );
  let mask = range;
  for (const shift of [1n, 2n, 4n, 8n, 16n, 32n]) mask |= mask >> shift;
  const out: bigint[] = [];
  for (let i = 0; i < n; i++) {
    let v: bigint;
    do v = rng.next64() & mask;
    while (v > range);
    out.push(low + v);
  }
  return out;
}

/** The Mersenne prime 2^61 − 1 that datatrove reduces permuted hashes by. */
export const MERSENNE_61 = (1n << 61n) - 1n;

/** datatrove's `(a, b)` for `n` hashes drawn with `seed` (each value in [0, 2^61 − 1)). */
export function permutationParameters(seed: number, n: number): { a: bigint[]; b: bigint[] } {
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new RangeError(`Expected a seed from 0 to 2^32 - 1, got ${seed}`);
  }
  const rng = new MersenneTwister(seed);
  const a = boundedUint64(rng, 1n, MERSENNE_61, n);
  const b = boundedUint64(rng, 0n, MERSENNE_61, n);
  return { a, b };
}
