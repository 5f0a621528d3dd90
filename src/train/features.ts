/**
 * Text features of the learned quality screen: hashed word unigrams and bigrams (fastText-style),
 * counted per document and scaled to unit L2 norm, so long and short documents weigh alike.
 *
 * The definition is part of the model file (`FEATURE_SPEC_VERSION`); changing any step below
 * changes what a stored model means, so bump the version.
 *
 * 1. Normalise: Unicode NFKC, then lower case (`String.prototype.toLowerCase`, locale-independent).
 * 2. Split: a word is a maximal run of letters, combining marks and digits (`[\p{L}\p{M}\p{N}]+`);
 *    everything else (spaces, punctuation, symbols) separates words. Each decimal digit becomes `0`,
 *    so "1999" and "2024" share a feature.
 * 3. Hash: FNV-1a 32-bit over the word's UTF-16 code units; a bigram is the FNV-1a of `w1 + " " + w2`.
 *    The bucket is hash mod `buckets` (a power of two).
 */

/** Bumped when the word split, the normalisation, the hash or the scaling changes. */
export const FEATURE_SPEC_VERSION = 1;

/** Default number of hash buckets (2^20). */
export const DEFAULT_BUCKETS = 1 << 20;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const SPACE = 0x20;

/** FNV-1a 32-bit of `s` (UTF-16 code units), continuing from `h`; unsigned. */
export function fnv1a(s: string, h = FNV_OFFSET): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h >>> 0;
}

const WORD = /[\p{L}\p{M}\p{N}]+/gu;
const DIGIT = /\p{Nd}/gu;
const HAS_DIGIT = /\p{Nd}/u;

/** The normalised words of a text (steps 1–2 above); empty for a text without letters or digits. */
export function featureWords(text: string): string[] {
  const norm = text.normalize('NFKC').toLowerCase();
  const words = norm.match(WORD) ?? [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (HAS_DIGIT.test(w)) words[i] = w.replace(DIGIT, '0');
  }
  return words;
}

/** One document's features: sorted distinct bucket ids and their L2-normalised counts. */
export interface SparseVector {
  readonly index: Uint32Array;
  readonly value: Float32Array;
}

/** Hashed unigram and bigram counts of `text` (bucket → count), steps 1–3 above. */
export function countFeatures(text: string, buckets: number): Map<number, number> {
  const mask = buckets - 1;
  const counts = new Map<number, number>();
  let prev = -1;
  for (const w of featureWords(text)) {
    const h = fnv1a(w);
    const u = h & mask;
    counts.set(u, (counts.get(u) ?? 0) + 1);
    if (prev >= 0) {
      const b = fnv1a(w, Math.imul(prev ^ SPACE, FNV_PRIME)) & mask;
      counts.set(b, (counts.get(b) ?? 0) + 1);
    }
    prev = h;
  }
  return counts;
}

/**
 * Hashed unigram and bigram counts of `text`, scaled to unit L2 norm. A text without words gives
 * the empty vector (the model then scores it by its intercept alone).
 */
export function hashFeatures(text: string, buckets: number = DEFAULT_BUCKETS): SparseVector {
  const counts = countFeatures(text, buckets);
  const index = Uint32Array.from(counts.keys()).sort();
  const value = new Float32Array(index.length);
  let norm = 0;
  for (const c of counts.values()) norm += c * c;
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (let i = 0; i < index.length; i++) value[i] = counts.get(index[i]!)! * scale;
  return { index, value };
}

/** Checks a bucket count: a power of two from 2^4 to 2^26. */
export function checkBuckets(buckets: number): void {
  if (!Number.isInteger(buckets) || buckets < 16 || buckets > 1 << 26 || (buckets & (buckets - 1)) !== 0) {
    throw new RangeError(`Expected \`buckets\` to be a power of two from 16 to 2^26, got ${buckets}`);
  }
}
