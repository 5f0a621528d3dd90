/**
 * Where the MinHash stages keep their files under the output folder (or S3 prefix) DIR:
 *
 *   DIR/minhash.json                          manifest: config, world, the shards in order
 *   DIR/signatures/bucket_BBB/RRRRR.sig       rank R's sorted records of bucket B
 *   DIR/signatures/done/RRRRR                 rank R's completion marker
 *   DIR/buckets/BBBBB_GG.dups                 pairs of bucket B, hash range G
 *   DIR/buckets/done/BBBBB_GG
 *   DIR/clusters/parts/PPP.edges              pairs of bucket group P that join components
 *   DIR/clusters/done/PPP
 *   DIR/clusters.bin                          every clustered document (the final output)
 *   DIR/clusters.json                         counts and the cluster-size distribution
 *
 * A stage's task is done when its marker exists; files are written whole (atomically), the
 * marker last, so a killed task leaves nothing that looks finished.
 */
import { joinPath } from './store.ts';

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

export interface MinhashLayout {
  readonly dir: string;
  readonly manifest: string;
  signature(bucket: number, rank: number): string;
  signaturesDone(rank: number): string;
  pairs(bucket: number, range: number): string;
  pairsDone(bucket: number, range: number): string;
  part(part: number): string;
  partDone(part: number): string;
  readonly clusters: string;
  readonly summary: string;
}

export function minhashLayout(dir: string): MinhashLayout {
  const at = (...parts: string[]): string => joinPath(dir, ...parts);
  return {
    dir,
    manifest: at('minhash.json'),
    signature: (b, r) => at('signatures', `bucket_${pad(b, 3)}`, `${pad(r, 5)}.sig`),
    signaturesDone: (r) => at('signatures', 'done', pad(r, 5)),
    pairs: (b, g) => at('buckets', `${pad(b, 5)}_${pad(g, 2)}.dups`),
    pairsDone: (b, g) => at('buckets', 'done', `${pad(b, 5)}_${pad(g, 2)}`),
    part: (p) => at('clusters', 'parts', `${pad(p, 3)}.edges`),
    partDone: (p) => at('clusters', 'done', pad(p, 3)),
    clusters: at('clusters.bin'),
    summary: at('clusters.json'),
  };
}

/**
 * Where exact dedup's stages keep their files under DIR:
 *
 *   DIR/exact.json                    manifest: min_paragraph, world, parts, the shards in order
 *   DIR/exact/hashes/PPP/RRRRR.bin    rank R's sorted hash records of partition P
 *   DIR/exact/hashes/done/RRRRR       rank R's completion marker (documents, records)
 *   DIR/exact/dups/PPP.bin            partition P's findings, sorted by (shard, line)
 *   DIR/exact/dups/done/PPP
 *   DIR/exact.jsonl                   the findings the `exact` filter reads (the final output)
 */
export interface ExactLayout {
  readonly manifest: string;
  hashes(part: number, rank: number): string;
  hashesDone(rank: number): string;
  dups(part: number): string;
  dupsDone(part: number): string;
  readonly findings: string;
}

export function exactLayout(dir: string): ExactLayout {
  const at = (...parts: string[]): string => joinPath(dir, ...parts);
  return {
    manifest: at('exact.json'),
    hashes: (p, r) => at('exact', 'hashes', pad(p, 3), `${pad(r, 5)}.bin`),
    hashesDone: (r) => at('exact', 'hashes', 'done', pad(r, 5)),
    dups: (p) => at('exact', 'dups', `${pad(p, 3)}.bin`),
    dupsDone: (p) => at('exact', 'dups', 'done', pad(p, 3)),
    findings: at('exact.jsonl'),
  };
}
