/**
 * MinHash signatures as datatrove's `MinhashDedupSignature` computes them: `simplify_text`, the
 * spaCy-English words, every n-gram of consecutive words joined with " " and hashed (UTF-8
 * bytes), then for each of the num_buckets × hashes_per_bucket permutations the minimum of
 * `(h·a + b) mod 2^64 mod (2^61 − 1)` (kernel.ts). A text with fewer than n words has no
 * shingles and no signature.
 */
import { createHash } from 'node:crypto';
import { splitWords } from '../text/words.ts';
import { checkConfig, type MinhashConfig } from './config.ts';
import { MinhashKernel } from './kernel.ts';
import { permutationParameters } from './permutations.ts';
import { simplifyText } from './simplify.ts';
import { loadXxhash64, type Hash64 } from './xxhash.ts';

/** The words a text is shingled from, and the UTF-8 bytes of the words joined by single spaces. */
export interface ShingleText {
  readonly words: readonly string[];
  readonly bytes: Uint8Array;
  /** Byte offset where word i starts in `bytes` (word i ends one byte before word i + 1 starts). */
  readonly starts: Uint32Array;
}

/** `word_tokenize(simplify_text(text))`, laid out so that each n-gram is one byte range. */
export function shingleText(text: string): ShingleText {
  const words = splitWords(simplifyText(text));
  const joined = words.join(' ');
  const bytes = Buffer.from(joined, 'utf8');
  const starts = new Uint32Array(words.length + 1);
  if (bytes.length === joined.length) {
    for (let i = 0; i < words.length; i++) starts[i + 1] = starts[i]! + words[i]!.length + 1;
  } else {
    for (let i = 0; i < words.length; i++)
      starts[i + 1] = starts[i]! + Buffer.byteLength(words[i]!, 'utf8') + 1;
  }
  return { words, bytes, starts };
}

/** Computes signatures for one config; holds a WebAssembly kernel, so make one per thread. */
export class Signer {
  readonly config: MinhashConfig;
  private readonly kernel: MinhashKernel;
  private readonly hash64: Hash64 | null;

  private constructor(config: MinhashConfig, hash64: Hash64 | null) {
    this.config = checkConfig(config);
    const { a, b } = permutationParameters(config.seed, config.numBuckets * config.hashesPerBucket);
    this.kernel = new MinhashKernel(a, b);
    this.hash64 = hash64;
  }

  static async open(config: MinhashConfig): Promise<Signer> {
    return new Signer(config, config.hash === 'xxhash' ? await loadXxhash64() : null);
  }

  /** Number of shingles (n-gram positions, repeats included) of a shingled text. */
  shingleCount(s: ShingleText): number {
    return Math.max(0, s.words.length - this.config.nGrams + 1);
  }

  /**
   * The signature of a text: num_buckets × hashes_per_bucket unsigned 64-bit values as
   * little-endian bytes (a fresh copy), or null when the text has fewer than n_grams words.
   */
  sign(text: string): Uint8Array | null {
    return this.signShingles(shingleText(text));
  }

  signShingles(s: ShingleText): Uint8Array | null {
    const n = this.shingleCount(s);
    if (n === 0) return null;
    const { bytes, starts } = s;
    const span = this.config.nGrams;
    if (this.hash64) {
      const out = this.kernel.shingles(n);
      const h = this.hash64;
      for (let i = 0; i < n; i++) out[i] = h(bytes.subarray(starts[i]!, starts[i + span]! - 1));
    } else {
      const out = this.kernel.shingleBytes(n);
      for (let i = 0; i < n; i++) {
        const digest = createHash('sha1')
          .update(bytes.subarray(starts[i]!, starts[i + span]! - 1))
          .digest();
        out.set(digest.subarray(0, 8), 8 * i);
      }
    }
    return this.kernel.minima(n).slice();
  }
}

/** A signature's value at hash index j (0 ≤ j < num_buckets × hashes_per_bucket). */
export const signatureValue = (sig: Uint8Array, j: number): bigint =>
  new DataView(sig.buffer, sig.byteOffset, sig.byteLength).getBigUint64(8 * j, true);
