/** The MinHash goldens and web-pages shard 0, read from ../shared (callers check haveShared first). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { sharedDir } from '../_helpers.ts';

export const SIGNATURES_GOLDEN = 'golden/datatrove-minhash-signatures-web-pages-00000.jsonl.gz';

/** The non-blank lines of a gzipped file under ../shared. */
export const sharedLines = (rel: string): string[] =>
  gunzipSync(readFileSync(join(sharedDir, rel)))
    .toString('utf8')
    .split('\n')
    .filter((l) => l.trim());

/** The texts of web-pages shard 0, in order. */
export const shard0Texts = (): string[] =>
  sharedLines('corpora/web-pages/web-pages-00000.jsonl.gz').map(
    (l) => (JSON.parse(l) as { text: string }).text,
  );
