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

// Character classes for the scanner, per code point, filled on first sight from the same regular
// expressions featureWords uses: 1 separator, 2 letter / mark / number, 3 decimal digit.
const CLASS = new Uint8Array(0x10000);
const ASTRAL_CLASS = new Map<number, number>();
const WORD_CP = /^[\p{L}\p{M}\p{N}]$/u;
const DIGIT_CP = /^\p{Nd}$/u;
function classify(cp: number): number {
  const ch = String.fromCodePoint(cp);
  return DIGIT_CP.test(ch) ? 3 : WORD_CP.test(ch) ? 2 : 1;
}
function classOf(cp: number): number {
  if (cp < 0x10000) {
    let c = CLASS[cp]!;
    if (c === 0) CLASS[cp] = c = classify(cp);
    return c;
  }
  let c = ASTRAL_CLASS.get(cp);
  if (c === undefined) ASTRAL_CLASS.set(cp, (c = classify(cp)));
  return c;
}
const ZERO = 0x30;

/**
 * Calls `visit(bucket)` for every unigram and bigram occurrence of `text`, in text order (each
 * word's unigram, then its bigram with the word before). The same features as hashing
 * featureWords' words, computed in one pass over the normalised text without building strings;
 * test/train/features.test.ts checks the two agree.
 */
export function scanFeatures(text: string, mask: number, visit: (bucket: number) => void): void {
  const s = text.normalize('NFKC').toLowerCase();
  let inWord = false;
  let hasPrev = false;
  let prev = 0;
  let hu = 0; // FNV-1a of the current word
  let hb = 0; // FNV-1a of "<previous word> <current word>"
  const end = () => {
    const h = hu >>> 0;
    visit(h & mask);
    if (hasPrev) visit((hb >>> 0) & mask);
    prev = h;
    hasPrev = true;
    inWord = false;
  };
  for (let i = 0; i < s.length; i++) {
    const cu = s.charCodeAt(i);
    let cp = cu;
    let lo = -1;
    if (cu >= 0xd800 && cu <= 0xdbff && i + 1 < s.length) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        lo = next;
        cp = ((cu - 0xd800) << 10) + (next - 0xdc00) + 0x10000;
      }
    }
    const c = classOf(cp);
    if (lo >= 0) i++;
    if (c === 1) {
      if (inWord) end();
      continue;
    }
    if (!inWord) {
      inWord = true;
      hu = FNV_OFFSET;
      hb = Math.imul(prev ^ SPACE, FNV_PRIME);
    }
    if (c === 3) {
      hu = Math.imul(hu ^ ZERO, FNV_PRIME);
      hb = Math.imul(hb ^ ZERO, FNV_PRIME);
    } else {
      hu = Math.imul(hu ^ cu, FNV_PRIME);
      hb = Math.imul(hb ^ cu, FNV_PRIME);
      if (lo >= 0) {
        hu = Math.imul(hu ^ lo, FNV_PRIME);
        hb = Math.imul(hb ^ lo, FNV_PRIME);
      }
    }
  }
  if (inWord) end();
}

/** Per-bucket scratch counts, one table per bucket count, reset after each use through `touched`. */
const SCRATCH = new Map<number, { counts: Int32Array; touched: number[] }>();
function scratch(buckets: number): { counts: Int32Array; touched: number[] } {
  let sc = SCRATCH.get(buckets);
  if (!sc) SCRATCH.set(buckets, (sc = { counts: new Int32Array(buckets), touched: [] }));
  return sc;
}

/** Hashed unigram and bigram counts of `text` (bucket → count), steps 1–3 above. */
export function countFeatures(text: string, buckets: number): Map<number, number> {
  const { counts, touched } = scratch(buckets);
  scanFeatures(text, buckets - 1, (b) => {
    if (counts[b]!++ === 0) touched.push(b);
  });
  const out = new Map<number, number>();
  for (const b of touched) {
    out.set(b, counts[b]!);
    counts[b] = 0;
  }
  touched.length = 0;
  return out;
}

/**
 * b + Σ_j w_j c_j / ‖c‖₂ over the text's bucket counts c: the linear score of a model with dense
 * weights `w` (one per bucket) and intercept b, without building the sparse vector.
 */
export function linearScore(text: string, w: Float32Array, b: number): number {
  const { counts, touched } = scratch(w.length);
  let dot = 0;
  let norm = 0;
  scanFeatures(text, w.length - 1, (j) => {
    const c = counts[j]!;
    if (c === 0) touched.push(j);
    counts[j] = c + 1;
    norm += 2 * c + 1; // (c+1)² − c²
    dot += w[j]!;
  });
  for (const j of touched) counts[j] = 0;
  touched.length = 0;
  return b + (norm > 0 ? dot / Math.sqrt(norm) : 0);
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
  if (
    !Number.isInteger(buckets) ||
    buckets < 16 ||
    buckets > 1 << 26 ||
    (buckets & (buckets - 1)) !== 0
  ) {
    throw new RangeError(
      `Expected \`buckets\` to be a power of two from 16 to 2^26, got ${buckets}`,
    );
  }
}
