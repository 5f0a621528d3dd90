/**
 * minhash: near-duplicate removal from the clusters `winnow dedup minhash -o DIR` found. Every
 * cluster keeps one document, datatrove's union–find root, and the others fire
 * `minhash/duplicate`. Attributes: `cluster_size` (1 for a document in no cluster) and
 * `is_duplicate` (1 for a removed member). A document is known by its shard and line, so the
 * filter must see the same shards under the same names as the dedup run did; a document of
 * another shard (a labeled sample, stdin) is not scored, so the rule cannot fire on it.
 */
import { lookupCluster, type ClusterIndex } from '../dedup/cluster-index.ts';
import { whereOf } from './context.ts';
import type { DocContext, Scored } from './types.ts';
import { type Filter, type FilterResources, type OptionKind, resolveOptions, thresholdRule } from './registry.ts';

export type MinhashOptions = {
  /** The output folder (or s3:// prefix) of `winnow dedup minhash`. */
  clusters: string;
};

const KINDS: { [K in keyof MinhashOptions]: OptionKind } = { clusters: 'string' };
const NAME = 'minhash';
const NOT_SCORED: Scored = { attrs: {}, spans: {} };

/** The attributes of the document at (shard, line) under the clusters of `index`. */
export function scoreMinhash(index: ClusterIndex, shard: string, line: number): Scored {
  if (!index.names.has(shard)) return NOT_SCORED;
  const c = lookupCluster(index, shard, line);
  return { attrs: { cluster_size: c ? c.size : 1, is_duplicate: c?.removed ? 1 : 0 }, spans: {} };
}

export function minhash(options: Readonly<Record<string, unknown>> = {}, resources: FilterResources = {}): Filter {
  const o = resolveOptions(NAME, { clusters: '' }, KINDS, options);
  if (!o.clusters) throw new TypeError('Expected `clusters` of filter minhash: the output folder of `winnow dedup minhash`');
  // Looked up on first use: configs are also resolved (and filters built) where nothing is scored.
  let index: ClusterIndex | undefined;
  const clusters = (): ClusterIndex => {
    if (!resources.clusterIndex) throw new TypeError('filter minhash needs its clusters loaded by the caller (FilterResources.clusterIndex)');
    return (index ??= resources.clusterIndex(o.clusters));
  };
  return {
    name: NAME,
    options: o,
    scorer: {
      name: NAME,
      score: (ctx: DocContext) => {
        const where = whereOf(ctx);
        return where ? scoreMinhash(clusters(), where.shard, where.line) : NOT_SCORED;
      },
    },
    rules: [thresholdRule(`${NAME}/duplicate`, `${NAME}.is_duplicate`, '>', 0)],
    keys: ['cluster_size', 'is_duplicate'],
    spanKeys: [],
  };
}
