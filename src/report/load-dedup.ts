/**
 * Reads the dedup section's inputs from the clusters folder a `minhash` filter names (a folder or
 * an s3:// prefix): clusters.json's counts and size distribution, the MinHash config of the
 * manifest, and from clusters.bin the largest clusters and the document each keeps. The kept
 * documents' texts come from the shards the dedup run read, when the report is given them; the
 * detected share per Jaccard level from a planted-duplicates truth file, when there is one.
 */
import { lookupCluster, parseClusterIndex, type ClusterIndex } from '../dedup/cluster-index.ts';
import { documentsOf } from '../dedup/documents.ts';
import { minhashLayout } from '../dedup/layout.ts';
import { readManifest } from '../dedup/stage-buckets.ts';
import type { ClusterSummary } from '../dedup/stage-clusters.ts';
import { readWhole } from '../dedup/store.ts';
import { DataError, UsageError } from '../errors.ts';
import { parsePlantedPairs, type PlantedPairRecord } from '../formats/planted-pairs.ts';
import { resolveShards } from '../io/shards.ts';
import type { DedupInput } from './dedup.ts';

/** Clusters listed in the report. */
export const LARGEST_CLUSTERS = 5;
/** Code points of a kept document's excerpt. */
export const DEDUP_EXCERPT_CHARS = 300;

type Rep = { cluster: number; size: number; shard: string; line: number };

/** The kept document of each of the `n` largest clusters, largest first (ties: lower cluster id). */
export function largestClusters(index: ClusterIndex, n: number): Rep[] {
  const reps: Rep[] = [];
  for (const [shard, s] of Object.entries(index.shards))
    for (let i = 0; i < s.lines.length; i++)
      if (!s.removed[i])
        reps.push({ cluster: s.clusters[i]!, size: s.sizes[i]!, shard, line: s.lines[i]! });
  return reps.sort((a, b) => b.size - a.size || a.cluster - b.cluster).slice(0, n);
}

const excerpt = (text: string, chars: number): string => {
  const cps = Array.from(text);
  return cps.length > chars ? `${cps.slice(0, chars).join('')}…` : text;
};

/**
 * Per planted level, the pairs planted at it and how many of them MinHash put in one cluster
 * (both documents in the same cluster), levels ascending. Texts identical by chance are left out.
 */
export function plantedDetection(
  index: ClusterIndex,
  truth: readonly PlantedPairRecord[],
): NonNullable<DedupInput['detected']> {
  const levels = new Map<number, { pairs: number; detected: number }>();
  for (const t of truth) {
    if (!t.planted) continue;
    const a = lookupCluster(index, t.a.shard, t.a.line);
    const b = lookupCluster(index, t.b.shard, t.b.line);
    const l = levels.get(t.level) ?? { pairs: 0, detected: 0 };
    l.pairs++;
    if (a && b && a.cluster === b.cluster) l.detected++;
    levels.set(t.level, l);
  }
  return [...levels].sort((x, y) => x[0] - y[0]).map(([jaccard, l]) => ({ jaccard, ...l }));
}

/**
 * The dedup section's input for the clusters under `dir`; `inputs`: the shards the dedup run read
 * (for excerpts); `planted`: a truth file of planted near-duplicates (formats/planted-pairs.ts).
 */
export async function readDedup(
  dir: string,
  inputs: readonly string[] = [],
  planted?: string,
): Promise<DedupInput> {
  const layout = minhashLayout(dir);
  let manifest, summary: ClusterSummary, index: ClusterIndex;
  try {
    manifest = await readManifest(dir);
    summary = JSON.parse((await readWhole(layout.summary)).toString('utf8')) as ClusterSummary;
    index = parseClusterIndex(await readWhole(layout.clusters), layout.clusters, manifest.config);
  } catch (e) {
    if (e instanceof DataError) throw e;
    throw new UsageError(
      `Cannot read the clusters of ${dir} (winnow dedup minhash -o ${dir}): ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  let detected: DedupInput['detected'];
  if (planted) {
    let text: string;
    try {
      text = (await readWhole(planted)).toString('utf8');
    } catch (e) {
      throw new UsageError(
        `Cannot read the planted pairs ${planted}: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
    detected = plantedDetection(index, parsePlantedPairs(text, planted));
  }
  const reps = largestClusters(index, LARGEST_CLUSTERS);
  const texts = new Map<string, string>();
  if (inputs.length) {
    const wanted = new Map<string, Set<number>>();
    for (const r of reps)
      (wanted.get(r.shard) ?? wanted.set(r.shard, new Set()).get(r.shard)!).add(r.line);
    for (const s of await resolveShards(inputs)) {
      const lines = wanted.get(s.name);
      if (!lines) continue;
      for await (const doc of documentsOf(s)) {
        if (lines.has(doc.line))
          texts.set(`${s.name}\n${doc.line}`, excerpt(doc.text, DEDUP_EXCERPT_CHARS));
        if (texts.size === reps.length) break;
      }
    }
  }
  return {
    source: dir,
    config: manifest.config,
    buckets: manifest.minhash.numBuckets,
    hashes_per_bucket: manifest.minhash.hashesPerBucket,
    documents: summary.documents,
    clusters: summary.clusters,
    removed: summary.removed,
    sizes: summary.sizes,
    largest: reps.map((r) => ({ ...r, excerpt: texts.get(`${r.shard}\n${r.line}`) ?? null })),
    ...(detected && { detected }),
  };
}
