/**
 * Output file names for a shard: compressed inputs give gzip outputs (there is no zstd
 * compressor without native code on Node 20), plain inputs plain ones; `.json` arrays come out
 * as JSONL. `compress` overrides.
 */
import { compressionOf } from './source.ts';

/** `a/p0.jsonl.zst` → `a/p0.jsonl.gz`; `docs.json` → `docs.jsonl`; `x.jsonl` (compress) → `x.jsonl.gz`. */
export function outputName(shard: string, compress?: boolean): string {
  const gzip = compress ?? compressionOf(shard) !== 'none';
  const base = shard.replace(/\.(gz|zstd?)$/i, '').replace(/\.json$/i, '.jsonl');
  return gzip ? `${base}.gz` : base;
}

/** The strata file beside a sample or a labels file: `x.jsonl` → `x.strata.json`. */
export const strataPathOf = (out: string): string =>
  out.replace(/\.jsonl(\.gz)?$/i, '').replace(/\.json$/i, '') + '.strata.json';
