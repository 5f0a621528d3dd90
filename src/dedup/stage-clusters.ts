/**
 * Stage 3 of MinHash dedup, in two steps that replace datatrove's one serial task:
 *
 * - parts (parallel): each task takes a group of buckets and keeps, in order, only the pairs
 *   that join two components not already joined by the group's earlier pairs. A dropped pair
 *   joins documents that every earlier pair already connected, so it is a no-op for the whole
 *   run too, and the kept pairs, replayed in order, give exactly the same union–find.
 * - merge (one task, small): replays the parts in bucket order with datatrove's union by size
 *   (the smaller set joins the larger, a tie keeps the first document's root), then walks the
 *   documents in (shard, line) order, numbering each root the first time it is met. Every
 *   member but the root is removed, as datatrove removes them.
 */
import {
  CLUSTER_BYTES,
  PAIR_BYTES,
  parseMinhashFile,
  serializeMinhashFile,
  wordsOf,
} from '../formats/minhash.ts';
import { minhashLayout } from './layout.ts';
import { checkSignaturesDone, readManifest } from './stage-buckets.ts';
import { exists, markDone, readWhole, writeWhole } from './store.ts';
import { NodeIndex, UnionFind } from './union-find.ts';
import { fileDataError } from '../errors.ts';

/** Buckets of part p of `parts`: [from, to). */
export const partBuckets = (p: number, parts: number, buckets: number): [number, number] => [
  Math.floor((p * buckets) / parts),
  Math.floor(((p + 1) * buckets) / parts),
];

async function readPairs(
  path: string,
  config: string,
  fields: Record<string, unknown>,
  kind = 'pairs' as const,
): Promise<Uint32Array> {
  const { body } = parseMinhashFile(await readWhole(path), path, { kind, config, fields });
  return wordsOf(body);
}

/** The pairs of `pairs` (in order) that join two components of the pairs before them. */
export function joiningPairs(pairs: readonly Uint32Array[]): Uint32Array {
  const nodes = NodeIndex.fromPairs(pairs);
  const uf = new UnionFind(nodes.size);
  let n = 0;
  for (const p of pairs) n += p.length;
  const out = new Uint32Array(n);
  let k = 0;
  for (const p of pairs) {
    for (let i = 0; i < p.length; i += 4) {
      if (uf.union(nodes.id(p[i]!, p[i + 1]!), nodes.id(p[i + 2]!, p[i + 3]!))) {
        out.set(p.subarray(i, i + 4), k);
        k += 4;
      }
    }
  }
  return out.slice(0, k);
}

export interface PartTask {
  readonly dir: string;
  readonly part: number;
  readonly parts: number;
  /** How many hash ranges stage 2 split each bucket into. */
  readonly ranges?: number;
}

/** Runs one part (skipped when its marker exists); returns how many pairs it kept of how many. */
export async function reducePart(
  t: PartTask,
): Promise<{ kept: number; read: number; skipped: boolean }> {
  const layout = minhashLayout(t.dir);
  const done = layout.partDone(t.part);
  if (await exists(done))
    return {
      ...(JSON.parse((await readWhole(done)).toString('utf8')) as { kept: number; read: number }),
      skipped: true,
    };
  const m = await readManifest(t.dir);
  const ranges = t.ranges ?? 1;
  const [from, to] = partBuckets(t.part, t.parts, m.minhash.numBuckets);
  const pairs: Uint32Array[] = [];
  for (let b = from; b < to; b++) {
    for (let g = 0; g < ranges; g++) {
      if (!(await exists(layout.pairsDone(b, g))))
        throw fileDataError(
          layout.pairsDone(b, g),
          `bucket ${b} range ${g} is not complete: run the buckets stage first`,
        );
      pairs.push(await readPairs(layout.pairs(b, g), m.config, { bucket: b, range: g, ranges }));
    }
  }
  const kept = joiningPairs(pairs);
  const read = pairs.reduce((s, p) => s + p.length / 4, 0);
  const body = Buffer.from(kept.buffer, kept.byteOffset, kept.byteLength);
  await writeWhole(
    layout.part(t.part),
    serializeMinhashFile('pairs', m.config, PAIR_BYTES, body, { part: t.part, parts: t.parts }),
  );
  await markDone(done, { part: t.part, parts: t.parts, kept: kept.length / 4, read });
  return { kept: kept.length / 4, read, skipped: false };
}

/** One document of a cluster. */
export interface ClusterMember {
  readonly shard: number;
  readonly line: number;
  readonly cluster: number;
  readonly size: number;
  readonly removed: boolean;
}

export interface ClusterSummary {
  readonly config: string;
  readonly documents: number;
  readonly clusters: number;
  readonly removed: number;
  /** Cluster size → number of clusters, sizes ascending. */
  readonly sizes: Readonly<Record<string, number>>;
  readonly pairs_read: number;
}

/** The clusters of pairs replayed in order: records sorted by (shard, line), as clusters.bin holds them. */
export function clusterPairs(pairs: readonly Uint32Array[]): {
  body: Buffer;
  summary: Omit<ClusterSummary, 'config' | 'pairs_read'>;
} {
  const nodes = NodeIndex.fromPairs(pairs);
  const uf = new UnionFind(nodes.size);
  for (const p of pairs) unionPairs(nodes, uf, p);
  return clustersOf(nodes, uf);
}

/** Replays pair records into `uf` in order. */
function unionPairs(nodes: NodeIndex, uf: UnionFind, p: Uint32Array): void {
  for (let i = 0; i < p.length; i += 4)
    uf.union(nodes.id(p[i]!, p[i + 1]!), nodes.id(p[i + 2]!, p[i + 3]!));
}

/** clusters.bin's records and the counts of a finished union–find, documents in (shard, line) order. */
function clustersOf(
  nodes: NodeIndex,
  uf: UnionFind,
): { body: Buffer; summary: Omit<ClusterSummary, 'config' | 'pairs_read'> } {
  const ids = new Int32Array(nodes.size).fill(-1);
  const body = Buffer.alloc(nodes.size * CLUSTER_BYTES);
  const sizes = new Map<number, number>();
  let clusters = 0;
  let removed = 0;
  for (let node = 0; node < nodes.size; node++) {
    const root = uf.find(node);
    if (ids[root] === -1) {
      ids[root] = clusters++;
      sizes.set(uf.size[root]!, (sizes.get(uf.size[root]!) ?? 0) + 1);
    }
    const o = node * CLUSTER_BYTES;
    body.writeUInt32LE(nodes.shardOf(node), o);
    body.writeUInt32LE(nodes.lineOf(node), o + 4);
    body.writeUInt32LE(ids[root]!, o + 8);
    body.writeUInt32LE(uf.size[root]!, o + 12);
    body.writeUInt32LE(node === root ? 0 : 1, o + 16);
    if (node !== root) removed++;
  }
  const sorted = [...sizes].sort((a, b) => a[0] - b[0]);
  return {
    body,
    summary: {
      documents: nodes.size,
      clusters,
      removed,
      sizes: Object.fromEntries(sorted.map(([s, c]) => [String(s), c])),
    },
  };
}

/** Runs the merge (skipped when clusters.bin exists); returns the summary. */
export async function mergeClusters(t: {
  dir: string;
  parts: number;
}): Promise<ClusterSummary & { skipped: boolean }> {
  const layout = minhashLayout(t.dir);
  if (await exists(layout.clusters))
    return {
      ...(JSON.parse((await readWhole(layout.summary)).toString('utf8')) as ClusterSummary),
      skipped: true,
    };
  const m = await readManifest(t.dir);
  await checkSignaturesDone(t.dir, m);
  // Two passes over the parts, one part in memory at a time: the first numbers every clustered
  // document (sorted runs merged), the second replays the pairs in part order into one union–find.
  // Replaying all pairs equals replaying only the joining ones (the others are no-ops), and each
  // part is sorted once, where folding parts into a forest re-sorted the growing forest each time.
  const readPart = async (p: number): Promise<Uint32Array> => {
    if (!(await exists(layout.partDone(p))))
      throw fileDataError(
        layout.partDone(p),
        `cluster part ${p} of ${t.parts} is not complete: run it first`,
      );
    return readPairs(layout.part(p), m.config, { part: p, parts: t.parts });
  };
  let nodes = NodeIndex.fromPairs([]);
  for (let p = 0; p < t.parts; p++) nodes = nodes.union(NodeIndex.fromPairs([await readPart(p)]));
  const uf = new UnionFind(nodes.size);
  let read = 0;
  for (let p = 0; p < t.parts; p++) {
    const part = await readPart(p);
    read += part.length / 4;
    unionPairs(nodes, uf, part);
  }
  const { body, summary } = clustersOf(nodes, uf);
  const full: ClusterSummary = { config: m.config, ...summary, pairs_read: read };
  // The summary first: clusters.bin is the stage's completion mark.
  await writeWhole(layout.summary, `${JSON.stringify(full, null, 1)}\n`);
  await writeWhole(
    layout.clusters,
    serializeMinhashFile('clusters', m.config, CLUSTER_BYTES, body, {
      shards: m.shards,
      clusters: summary.clusters,
      removed: summary.removed,
    }),
  );
  return { ...full, skipped: false };
}
