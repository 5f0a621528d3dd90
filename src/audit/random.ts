/**
 * A small seeded generator for resampling and simulation: the same seed gives the same draws on
 * every machine (Math.random cannot be seeded).
 */

/** mulberry32: a 32-bit-state generator returning floats in [0, 1). Good enough for resampling, not for cryptography. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A uniform integer in [0, n) from a generator. */
export function randomIndex(random: () => number, n: number): number {
  return Math.floor(random() * n);
}
