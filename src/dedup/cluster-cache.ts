/**
 * Loads the clusters that a config's `minhash` filters name, at the edge (once per process and
 * once per worker thread, like language models), and registers them for scoring.
 */
import type { FilterConfig } from '../config/config.ts';
import { UsageError } from '../errors.ts';
import { hasClusterIndex, parseClusterIndex, registerClusterIndex } from './cluster-index.ts';
import { minhashLayout } from './layout.ts';
import { readWhole } from './store.ts';

const clustersDirs = (config: FilterConfig): string[] =>
  config.filters
    .filter((f) => f.name === 'minhash' && typeof f.options.clusters === 'string')
    .map((f) => f.options.clusters as string);

/** Reads and registers the clusters of every `minhash` filter of the config; a missing file is a UsageError naming it. */
export async function preloadClusterIndexes(config: FilterConfig): Promise<void> {
  for (const dir of clustersDirs(config)) {
    if (hasClusterIndex(dir)) continue;
    const path = minhashLayout(dir).clusters;
    let bytes: Buffer;
    try {
      bytes = await readWhole(path);
    } catch (e) {
      throw new UsageError(
        `Cannot read ${path} (the clusters of \`winnow dedup minhash -o ${dir}\`; run it first): ${e instanceof Error ? e.message : String(e)}`,
      );
    }
    registerClusterIndex(dir, parseClusterIndex(bytes, path));
  }
}
