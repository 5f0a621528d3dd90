/**
 * Loads the clusters that a config's `minhash` filters name, at the edge (once per process and
 * once per worker thread, like language models), and registers them for scoring.
 */
import type { FilterConfig } from '../config/config.ts';
import { UsageError } from '../errors.ts';
import {
  hasClusterIndex,
  hasExactIndex,
  parseClusterIndex,
  registerClusterIndex,
  registerExactIndex,
} from './cluster-index.ts';
import { parseExact } from '../formats/exact.ts';
import { exactLayout, minhashLayout } from './layout.ts';
import { readWhole } from './store.ts';
import { createHash } from 'node:crypto';

/** `sha256:<hex>` of clusters.bin, by the folder a minhash filter names (one per thread). */
const CLUSTER_HASHES = new Map<string, string>();

const clustersDirs = (config: FilterConfig): string[] =>
  config.filters
    .filter((f) => f.name === 'minhash' && typeof f.options.clusters === 'string')
    .map((f) => f.options.clusters as string);

const exactDirs = (config: FilterConfig): string[] =>
  config.filters
    .filter((f) => f.name === 'exact' && typeof f.options.dir === 'string')
    .map((f) => f.options.dir as string);

async function readDedupFile(path: string, what: string): Promise<Buffer> {
  try {
    return await readWhole(path);
  } catch (e) {
    throw new UsageError(
      `Cannot read ${path} (${what}; run it first): ${e instanceof Error ? e.message : String(e)}`,
    );
  }
}

/**
 * Reads and registers the clusters of every `minhash` filter and the findings of every `exact`
 * filter of the config; a missing file is a UsageError naming it. Returns clusters.bin's content
 * hash by folder, for the fingerprint (a moved folder keeps it, other clusters change it).
 */
export async function preloadClusterIndexes(config: FilterConfig): Promise<Record<string, string>> {
  // A filter built from defaults (as `config show` does) names no folder: refuse it before scoring.
  for (const f of config.filters) {
    const opt = f.name === 'minhash' ? 'clusters' : f.name === 'exact' ? 'dir' : null;
    if (opt && !f.options[opt])
      throw new UsageError(
        `filter ${f.name} needs \`${opt}\`: the output folder of \`winnow dedup ${f.name}\``,
      );
  }
  for (const dir of clustersDirs(config)) {
    if (hasClusterIndex(dir) && CLUSTER_HASHES.has(dir)) continue;
    const path = minhashLayout(dir).clusters;
    const bytes = await readDedupFile(path, `the clusters of \`winnow dedup minhash -o ${dir}\``);
    registerClusterIndex(dir, parseClusterIndex(bytes, path));
    CLUSTER_HASHES.set(dir, `sha256:${createHash('sha256').update(bytes).digest('hex')}`);
  }
  for (const dir of exactDirs(config)) {
    if (hasExactIndex(dir)) continue;
    const path = exactLayout(dir).findings;
    registerExactIndex(
      dir,
      parseExact(
        (await readDedupFile(path, `the findings of \`winnow dedup exact -o ${dir}\``)).toString(
          'utf8',
        ),
        path,
      ),
    );
  }
  return Object.fromEntries(clustersDirs(config).map((dir) => [dir, CLUSTER_HASHES.get(dir)!]));
}
