/**
 * Seeded, order-free randomness for sampling: a document's random key is a hash of the seed and
 * its place (shard, line), so the sample does not depend on how shards are split across processes.
 */

/** 32-bit FNV-1a over a string's UTF-16 units, continuing from `h`. */
function fnv(s: string, h: number): number {
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A 32-bit avalanche (murmur3's finaliser), so nearby inputs give unrelated outputs. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A uniform number in [0, 1) fixed by (seed, shard, line): 53 random bits from two hashes. */
export function uniformKey(seed: number, shard: string, line: number): number {
  const base = fnv(shard, fnv(String(seed), 0x811c9dc5));
  const hi = mix(fnv(`:${line}:a`, base)) >>> 5; // 27 bits
  const lo = mix(fnv(`:${line}:b`, base)) >>> 6; // 26 bits
  return (hi * 67108864 + lo) / 9007199254740992;
}
