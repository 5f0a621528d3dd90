/**
 * minhash: near-duplicate removal from the clusters `winnow dedup minhash -o DIR` found. Every
 * cluster keeps one document, datatrove's union–find root, and the others fire
 * `minhash/duplicate`. Attributes: `cluster_size` (1 for a document in no cluster) and
 * `is_duplicate` (1 for a removed member). A document is known by its shard and line, so the
 * filter must see the same shards under the same names as the dedup run did; a document of
 * another shard (a labeled sample, stdin) is not scored, so the rule cannot fire on it.
 *
 * The clusters are loaded at the edge (`dedup/cluster-cache.ts`); this scorer only looks them up.
 */
import type { Scored } from './types.ts';
import type { Filter } from './filter.ts';
import { defineOptions, type OptionSpec, type OptionsOf } from '../config/options.ts';
import { dedupFilter, NOT_SCORED } from './dedup-filter.ts';
import { clusterIndexFor, lookupCluster, type ClusterIndex } from '../dedup/cluster-index.ts';

const NAME = 'minhash';

/** `clusters`: the output folder (or s3:// prefix) of `winnow dedup minhash`. */
export const MINHASH_OPTIONS = defineOptions(NAME, {
  clusters: {
    default: '',
    expected: 'the output folder of `winnow dedup minhash` (a path or s3://)',
    accepts: (v: unknown) => typeof v === 'string' && v !== '',
  } as OptionSpec<string>,
});
export type MinhashOptions = OptionsOf<typeof MINHASH_OPTIONS>;

/** The attributes of the document at (shard, line) under the clusters of `index`. */
export function scoreMinhash(index: ClusterIndex, shard: string, line: number): Scored {
  if (!index.names.has(shard)) return NOT_SCORED;
  const c = lookupCluster(index, shard, line);
  return { attrs: { cluster_size: c ? c.size : 1, is_duplicate: c?.removed ? 1 : 0 }, spans: {} };
}

export function minhash(options: Readonly<Record<string, unknown>> = {}): Filter {
  const o = MINHASH_OPTIONS.resolve(options);
  return dedupFilter({
    name: NAME,
    options: o,
    index: () => clusterIndexFor(o.clusters),
    score: scoreMinhash,
    keys: ['cluster_size', 'is_duplicate'],
    spanKeys: [],
  });
}
