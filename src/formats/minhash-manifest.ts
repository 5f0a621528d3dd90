/**
 * `DIR/minhash.json`, the manifest of a MinHash run: the config, the number of signature ranks
 * and the input shards in order (a document is known by its shard's index here and its line).
 * Every signature rank writes the same bytes; a rank that finds a different manifest refuses,
 * since mixing inputs or configs in one folder would mix unrelated document numbers.
 */
import { DataError } from '../errors.ts';
import { parseJsonObject } from './json-file.ts';
import type { MinhashConfig } from '../dedup/config.ts';

export const MANIFEST_VERSION = 1;

export interface MinhashManifest {
  readonly format: 'winnow-minhash';
  readonly version: number;
  /** `configName(config)`, as every stage file's header says. */
  readonly config: string;
  readonly minhash: MinhashConfig;
  /** Number of signature ranks. */
  readonly world: number;
  /** Shard names (relative to the inputs' common root), in the order documents are numbered. */
  readonly shards: readonly string[];
}

export function serializeManifest(m: Omit<MinhashManifest, 'format' | 'version'>): string {
  const full: MinhashManifest = {
    format: 'winnow-minhash',
    version: MANIFEST_VERSION,
    config: m.config,
    minhash: m.minhash,
    world: m.world,
    shards: m.shards,
  };
  return `${JSON.stringify(full, null, 1)}\n`;
}

export function parseManifest(text: string, source: string): MinhashManifest {
  const m = parseJsonObject(text, source, 'a winnow MinHash manifest') as Partial<MinhashManifest>;
  const bad = (field: string): never => {
    throw new DataError(`expected field ${field} of a winnow MinHash manifest`, source, 1);
  };
  if (m.format !== 'winnow-minhash') bad('format "winnow-minhash"');
  if (m.version !== MANIFEST_VERSION) bad(`version ${MANIFEST_VERSION}`);
  if (typeof m.config !== 'string') bad('config (a string)');
  if (!Number.isInteger(m.world) || m.world! < 1) bad('world (an integer ≥ 1)');
  if (!Array.isArray(m.shards) || !m.shards.every((s) => typeof s === 'string'))
    bad('shards (an array of names)');
  if (!m.minhash || typeof m.minhash !== 'object') bad('minhash (the config)');
  return m as MinhashManifest;
}
