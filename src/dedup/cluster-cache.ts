/**
 * Loading the clusters that `minhash` filters name, at the edges: `preloadClusterIndexes` (async,
 * local or s3://) before filters are built, and `clusterIndexFor` (sync) when they are, which
 * reads a local folder itself if nothing was preloaded. One cache per thread.
 */
import { readFileSync } from 'node:fs';
import type { FilterConfig } from '../config/config.ts';
import { isS3Uri } from '../io/s3.ts';
import { parseClusterIndex, type ClusterIndex } from './cluster-index.ts';
import { minhashLayout } from './layout.ts';
import { readWhole } from './store.ts';

const cache = new Map<string, ClusterIndex>();

const clustersDirs = (config: FilterConfig): string[] =>
  config.filters.filter((f) => f.name === 'minhash' && typeof f.options.clusters === 'string').map((f) => f.options.clusters as string);

/** Reads the clusters of every `minhash` filter of the config into this thread's cache. */
export async function preloadClusterIndexes(config: FilterConfig): Promise<void> {
  for (const dir of clustersDirs(config)) {
    if (cache.has(dir)) continue;
    const path = minhashLayout(dir).clusters;
    cache.set(dir, parseClusterIndex(await readClusters(path, () => readWhole(path)), path));
  }
}

async function readClusters(path: string, read: () => Promise<Buffer>): Promise<Buffer> {
  try {
    return await read();
  } catch (e) {
    throw new Error(`Cannot read ${path} (the clusters of \`winnow dedup minhash\`): ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** The clusters under `dir` (cached; a local folder is read on first use). */
export function clusterIndexFor(dir: string): ClusterIndex {
  const have = cache.get(dir);
  if (have) return have;
  const path = minhashLayout(dir).clusters;
  if (isS3Uri(dir)) throw new Error(`${path} was not loaded before the filters were built (preloadClusterIndexes)`);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new TypeError(`Cannot read ${path} (the clusters of \`winnow dedup minhash\`; run it first): ${e instanceof Error ? e.message : String(e)}`);
  }
  const index = parseClusterIndex(bytes, path);
  cache.set(dir, index);
  return index;
}
