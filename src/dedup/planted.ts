/**
 * A corpus with planted near-duplicates of known 5-gram Jaccard similarity, for testing MinHash
 * against the LSH S-curve and for benchmarks. Words are random lowercase letter strings (so the
 * simplified text and the spaCy words are the words themselves, and no two documents share a
 * shingle by chance). A pair is a base document of L words and a copy that keeps the base's
 * first k words and continues with fresh ones: they share k − n + 1 of their L − n + 1 shingles
 * each, so J = S / (2(L − n + 1) − S) with S = k − n + 1.
 */
import { mulberry32 } from '../audit/random.ts';
import { splitWords } from '../text/words.ts';

export interface PlantedPair {
  /** Index of the base and the copy in `docs`. */
  readonly a: number;
  readonly b: number;
  /** The exact n-gram Jaccard similarity of the pair. */
  readonly jaccard: number;
}

export interface PlantedCorpus {
  readonly docs: string[];
  readonly pairs: PlantedPair[];
}

/** A random word of 4 to 9 lowercase letters that spaCy keeps whole ("cant" would be "ca" "nt"). */
function word(rand: () => number): string {
  for (;;) {
    const n = 4 + Math.floor(rand() * 6);
    let w = '';
    for (let i = 0; i < n; i++) w += String.fromCharCode(97 + Math.floor(rand() * 26));
    const split = splitWords(w);
    if (split.length === 1 && split[0] === w) return w;
  }
}

/** Shared shingles that give Jaccard closest to j for documents of `shingles` shingles each. */
export const sharedFor = (j: number, shingles: number): number =>
  Math.round((2 * j * shingles) / (1 + j));

/**
 * `perLevel` pairs at each Jaccard level (and `singles` unrelated documents), documents of
 * `words` words, shuffled by `seed`. Levels are met as closely as whole shingles allow; each
 * pair records its exact Jaccard.
 */
export function plantedCorpus(o: {
  levels: readonly number[];
  perLevel: number;
  words?: number;
  singles?: number;
  seed?: number;
  n?: number;
}): PlantedCorpus {
  const rand = mulberry32(o.seed ?? 1);
  const L = o.words ?? 120;
  const n = o.n ?? 5;
  const shingles = L - n + 1;
  const docs: string[][] = [];
  const raw: { a: number; b: number; jaccard: number }[] = [];
  const fresh = (count: number): string[] => Array.from({ length: count }, () => word(rand));
  for (const level of o.levels) {
    const shared = sharedFor(level, shingles);
    const keep = shared > 0 ? shared + n - 1 : 0;
    for (let i = 0; i < o.perLevel; i++) {
      const base = fresh(L);
      const copy = [...base.slice(0, keep), ...fresh(L - keep)];
      raw.push({ a: docs.length, b: docs.length + 1, jaccard: shared / (2 * shingles - shared) });
      docs.push(base, copy);
    }
  }
  for (let i = 0; i < (o.singles ?? 0); i++) docs.push(fresh(L));
  // Shuffle document positions (Fisher–Yates) so pairs are not neighbours.
  const order = docs.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const where = new Array<number>(order.length);
  order.forEach((d, pos) => (where[d] = pos));
  return {
    docs: order.map((d) => docs[d]!.join(' ')),
    pairs: raw.map((p) => ({ a: where[p.a]!, b: where[p.b]!, jaccard: p.jaccard })),
  };
}
