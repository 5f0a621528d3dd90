/**
 * Pairs for the dedup audit, pure: every cluster contributes (kept representative, removed
 * member) pairs; each pair gets the exact 5-gram Jaccard of its texts and MinHash's estimate;
 * strata are cluster size × estimated Jaccard; a seeded draw takes a proportional share of each
 * stratum (at least 2 where there are 2), the pairs with the smallest keys.
 */
import { uniformKey } from '../sampling/keys.ts';
import { shingleText } from './signature.ts';

/** A document of a cluster, with its text. */
export interface ClusteredDoc {
  readonly id: string;
  readonly shard: string;
  readonly line: number;
  readonly text: string;
  readonly cluster: number;
  readonly size: number;
  readonly removed: boolean;
}

export interface CandidatePair {
  readonly a: ClusteredDoc;
  readonly b: ClusteredDoc;
}

/** (kept, removed) pairs of every cluster, clusters in id order, members in the order given. */
export function pairsOfClusters(docs: readonly ClusteredDoc[]): CandidatePair[] {
  const byCluster = new Map<number, { kept?: ClusteredDoc; removed: ClusteredDoc[] }>();
  for (const d of docs) {
    const c = byCluster.get(d.cluster) ?? { removed: [] };
    if (d.removed) c.removed.push(d);
    else c.kept = d;
    byCluster.set(d.cluster, c);
  }
  const out: CandidatePair[] = [];
  for (const [, c] of [...byCluster].sort((x, y) => x[0] - y[0]))
    if (c.kept) for (const b of c.removed) out.push({ a: c.kept, b });
  return out;
}

/** The set of n-grams of a text's words, joined with " " (as MinHash shingles them). */
export function shingleSet(text: string, n = 5): Set<string> {
  const w = shingleText(text).words;
  const out = new Set<string>();
  for (let i = 0; i + n <= w.length; i++) out.add(w.slice(i, i + n).join(' '));
  return out;
}

/** Exact Jaccard similarity of two sets (1 for two empty sets). */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  const union = a.size + b.size - shared;
  return union === 0 ? 1 : shared / union;
}

/** MinHash's Jaccard estimate: the share of positions where two signatures agree. */
export function signatureAgreement(a: Uint8Array, b: Uint8Array): number {
  const n = a.length / 8;
  let same = 0;
  for (let j = 0; j < n; j++) {
    let eq = true;
    for (let k = 8 * j; k < 8 * j + 8; k++) if (a[k] !== b[k]) eq = false;
    if (eq) same++;
  }
  return same / n;
}

const SIZE_CLASSES: readonly [number, string][] = [
  [2, '2'],
  [5, '3-5'],
  [20, '6-20'],
  [Infinity, '21+'],
];
const JACCARD_BINS: readonly [number, string][] = [
  [0.7, '<0.7'],
  [0.8, '0.7-0.8'],
  [0.9, '0.8-0.9'],
  [1, '0.9-1'],
  [Infinity, '1'],
];

/** `size=<class>|est=<bin>`: cluster size class and bin of MinHash's Jaccard estimate. */
export function pairStratum(clusterSize: number, estimate: number): string {
  const size = SIZE_CLASSES.find(([max]) => clusterSize <= max)![1];
  const bin = JACCARD_BINS.find(([max]) => estimate < max)![1];
  return `size=${size}|est=${bin}`;
}

/** How many to draw from each stratum: a proportional share of n, at least min(2, size), at most size. */
export function allocate(sizes: ReadonlyMap<string, number>, n: number): Map<string, number> {
  let total = 0;
  for (const s of sizes.values()) total += s;
  const out = new Map<string, number>();
  for (const [k, size] of sizes)
    out.set(
      k,
      Math.min(size, Math.max(Math.min(2, size), Math.round((n * size) / Math.max(total, 1)))),
    );
  return out;
}

/** The chosen items of each stratum: the `take` with the smallest keys (seeded by (seed, b's shard, line)). */
export function drawStratified<T extends { stratum: string; b: { shard: string; line: number } }>(
  items: readonly T[],
  n: number,
  seed: number,
): { chosen: T[]; sizes: Map<string, number>; take: Map<string, number> } {
  const groups = new Map<string, { item: T; key: number }[]>();
  for (const item of items) {
    const g = groups.get(item.stratum) ?? [];
    g.push({ item, key: uniformKey(seed, item.b.shard, item.b.line) });
    groups.set(item.stratum, g);
  }
  const sizes = new Map(
    [...groups].sort((x, y) => (x[0] < y[0] ? -1 : 1)).map(([k, g]) => [k, g.length]),
  );
  const take = allocate(sizes, n);
  const chosen: T[] = [];
  for (const [k] of sizes)
    chosen.push(
      ...groups
        .get(k)!
        .sort((x, y) => x.key - y.key)
        .slice(0, take.get(k)!)
        .map((x) => x.item),
    );
  return { chosen, sizes, take };
}
