/**
 * clusters.bin in memory, for the `minhash` filter: for each shard (by name) the clustered lines,
 * sorted, with their cluster id, cluster size and whether they are removed. Plain typed arrays,
 * so it can be handed to worker threads as it is.
 */
import { parseMinhashFile, wordsOf } from '../formats/minhash.ts';
import type { ExactIndex } from '../formats/exact.ts';

export interface ShardClusters {
  readonly lines: Uint32Array;
  readonly clusters: Uint32Array;
  readonly sizes: Uint32Array;
  readonly removed: Uint8Array;
}

export interface ClusterIndex {
  readonly config: string;
  /** Every shard of the dedup run, clustered or not (a document of another shard is unknown). */
  readonly names: ReadonlySet<string>;
  readonly shards: Readonly<Record<string, ShardClusters>>;
}

export interface ClusterEntry {
  readonly cluster: number;
  readonly size: number;
  readonly removed: boolean;
}

/** Parses and checks clusters.bin (its config must be `config` when given). */
export function parseClusterIndex(bytes: Buffer, source: string, config?: string): ClusterIndex {
  const head = bytes.subarray(14, 14 + bytes.readUInt32LE(10));
  const declared = (JSON.parse(head.toString('utf8')) as { config?: unknown }).config;
  const { header, body } = parseMinhashFile(bytes, source, {
    kind: 'clusters',
    config: config ?? String(declared),
  });
  const names = header.shards as string[];
  const w = wordsOf(body);
  const n = w.length / 5;
  const shards: Record<string, ShardClusters> = {};
  for (let i = 0; i < n;) {
    const shard = w[5 * i]!;
    let j = i;
    while (j < n && w[5 * j] === shard) j++;
    const entry: ShardClusters = {
      lines: new Uint32Array(j - i),
      clusters: new Uint32Array(j - i),
      sizes: new Uint32Array(j - i),
      removed: new Uint8Array(j - i),
    };
    for (let k = i; k < j; k++) {
      entry.lines[k - i] = w[5 * k + 1]!;
      entry.clusters[k - i] = w[5 * k + 2]!;
      entry.sizes[k - i] = w[5 * k + 3]!;
      entry.removed[k - i] = w[5 * k + 4]! & 1;
    }
    shards[names[shard]!] = entry;
    i = j;
  }
  return { config: header.config, names: new Set(names), shards };
}

/** The cluster of a document (shard name, 1-based line), or null when it is in none. */
export function lookupCluster(
  index: ClusterIndex,
  shard: string,
  line: number,
): ClusterEntry | null {
  const s = Object.hasOwn(index.shards, shard) ? index.shards[shard] : undefined;
  if (!s) return null;
  let lo = 0;
  let hi = s.lines.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = s.lines[mid]!;
    if (v < line) lo = mid + 1;
    else if (v > line) hi = mid - 1;
    else return { cluster: s.clusters[mid]!, size: s.sizes[mid]!, removed: s.removed[mid] === 1 };
  }
  return null;
}

/**
 * What a dedup filter reads, loaded at the edge by the folder it names (one registry per thread):
 * scoring only looks it up, and an Error says the caller did not load it first.
 */
function loadedAtEdge<T>(what: string) {
  const loaded = new Map<string, T>();
  return {
    register: (dir: string, index: T): void => void loaded.set(dir, index),
    has: (dir: string): boolean => loaded.has(dir),
    get(dir: string): T {
      const index = loaded.get(dir);
      if (!index)
        throw new Error(
          `the ${what} of ${dir} were not loaded before scoring (preloadClusterIndexes at the edge)`,
        );
      return index;
    },
  };
}

const CLUSTERS = loadedAtEdge<ClusterIndex>('clusters');
const EXACT = loadedAtEdge<ExactIndex>('exact-dedup findings');

/** Makes `index` the clusters of `dir` for minhash filters in this thread. */
export const registerClusterIndex = CLUSTERS.register;
/** True when the clusters of `dir` were loaded in this thread. */
export const hasClusterIndex = CLUSTERS.has;
/** The clusters of `dir`; an Error when the caller did not load them first. */
export const clusterIndexFor = CLUSTERS.get;

export const registerExactIndex = EXACT.register;
export const hasExactIndex = EXACT.has;
/** The findings of `dir`; an Error when the caller did not load them first. */
export const exactIndexFor = EXACT.get;
