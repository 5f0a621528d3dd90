/**
 * The `merge` flow: a run directory's per-shard stats → DIR/stats.json, or vocabularies counted
 * by separate ranks → one vocabulary file. Everything may be on S3.
 */
import { UsageError } from '../errors.ts';
import { writeMergedStats } from '../exec/merge.ts';
import { within } from '../exec/shard-dir.ts';
import * as store from '../io/store.ts';
import type { Stats } from '../stats/stats.ts';
import {
  decodeVocabulary,
  encodeVocabulary,
  mergeVocabularies,
  VOCAB_MAGIC,
  vocabularyHash,
  type Vocabulary,
} from '../vocab/vocabulary.ts';

export interface MergeFlowOptions {
  /** One run directory (or s3:// prefix), or vocabulary files. */
  inputs: readonly string[];
  /** The merged vocabulary file (vocabularies only). */
  out?: string | undefined;
}

export type MergeFlowResult =
  | { kind: 'vocabulary'; parts: number; merged: Vocabulary; out: string; hash: string }
  | { kind: 'stats'; stats: Stats; out: string };

export async function merge(o: MergeFlowOptions): Promise<MergeFlowResult> {
  const first = o.inputs[0];
  if (first === undefined) throw new UsageError('Expected a run directory or vocabulary files');
  // A run directory is not a file (and an S3 prefix is not an object): only read what may be a vocabulary.
  const files = o.inputs.length > 1 || /\.bin$/i.test(first) || store.isFile(first);
  const bodies = files
    ? await Promise.all(o.inputs.map((p) => store.read(p).catch(() => Buffer.alloc(0))))
    : [];
  if (bodies.length && bodies.every((b) => b.subarray(0, 8).toString('latin1') === VOCAB_MAGIC)) {
    if (!o.out) throw new UsageError('Merging vocabularies needs `-o FILE`');
    const parts = bodies.map((b, i) => decodeVocabulary(b, o.inputs[i]!));
    let merged: Vocabulary;
    try {
      merged = mergeVocabularies(parts);
    } catch (e) {
      throw new UsageError(e instanceof Error ? e.message : String(e));
    }
    const bytes = encodeVocabulary(merged);
    await store.writeAtomic(o.out, bytes);
    return {
      kind: 'vocabulary',
      parts: parts.length,
      merged,
      out: o.out,
      hash: vocabularyHash(bytes),
    };
  }
  if (o.inputs.length !== 1)
    throw new UsageError('Expected one run directory, or only vocabulary files');
  const stats = await writeMergedStats(first);
  return { kind: 'stats', stats, out: within(first, 'stats.json') };
}
