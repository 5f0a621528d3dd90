/**
 * The MinHash configuration, datatrove's `MinhashConfig()` by default: 5-word shingles, 14
 * buckets of 8 hashes, permutation seed 1, 64-bit xxHash shingles ("sha1": the first 8 bytes of
 * SHA-1, little-endian, the variant FineWeb used). Text normalisation is always datatrove's
 * default `TextNormConfig` and words are spaCy-English (see simplify.ts).
 */

export type ShingleHash = 'xxhash' | 'sha1';

export interface MinhashConfig {
  readonly nGrams: number;
  readonly numBuckets: number;
  readonly hashesPerBucket: number;
  readonly seed: number;
  readonly hash: ShingleHash;
}

export const DEFAULT_MINHASH: MinhashConfig = {
  nGrams: 5,
  numBuckets: 14,
  hashesPerBucket: 8,
  seed: 1,
  hash: 'xxhash',
};

/**
 * The name every stage file carries, so a file made under another config is refused: datatrove's
 * `str(MinhashConfig)` plus the seed, the text normalisation and the word splitter.
 */
export function configName(c: MinhashConfig): string {
  return `${c.nGrams}ng_${c.numBuckets}bs_${c.hashesPerBucket}hs_seed${c.seed}_${c.hash}64_textnorm-default_words-spacy-en`;
}

/** Checks the numbers of a config (TypeError naming the field). */
export function checkConfig(c: MinhashConfig): MinhashConfig {
  const int = (v: number, lo: number, hi: number, field: string): void => {
    if (!Number.isInteger(v) || v < lo || v > hi)
      throw new TypeError(`Expected \`${field}\` to be an integer from ${lo} to ${hi}, got ${v}`);
  };
  int(c.nGrams, 1, 64, 'n_grams');
  int(c.numBuckets, 1, 256, 'num_buckets');
  int(c.hashesPerBucket, 1, 256, 'hashes_per_bucket');
  int(c.seed, 0, 0xffffffff, 'seed');
  if (c.numBuckets * c.hashesPerBucket > 256)
    throw new TypeError(
      `Expected num_buckets × hashes_per_bucket ≤ 256, got ${c.numBuckets * c.hashesPerBucket}`,
    );
  if (c.hash !== 'xxhash' && c.hash !== 'sha1')
    throw new TypeError(
      `Expected \`hash\` to be "xxhash" or "sha1", got ${JSON.stringify(c.hash)}`,
    );
  return c;
}
