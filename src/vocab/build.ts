/**
 * Counting token frequencies over shards' documents. Counting is a typed-array increment
 * per token (Map counting is 7x slower: perf-baselines.md), so tokenizing stays the whole cost.
 */
import { createHash } from 'node:crypto';
import { readDocs, type ReadFailure } from '../io/read-docs.ts';
import type { ReadOptions, ShardInput } from '../io/reader.ts';
import { uniformKey } from '../sampling/keys.ts';
import type { Vocabulary } from './vocabulary.ts';

export interface VocabCounter {
  /** Counts the documents of one shard (blank and bad lines are not counted). */
  add(input: ShardInput, read?: Partial<ReadOptions>): Promise<void>;
  finish(): Vocabulary;
  /** Shards that could not be read to their end: what was read before is counted. */
  readonly failed: ReadFailure[];
}

/** Counts into `v` (from emptyVocabulary); documents are kept with probability v.sample, by seeded key. */
export function vocabCounter(v: Vocabulary, encode: (text: string) => Uint32Array): VocabCounter {
  const hash = createHash('sha256');
  const failed: ReadFailure[] = [];
  return {
    failed,
    async add(input, read) {
      for await (const d of readDocs(input, { failed: (f) => void failed.push(f) }, read)) {
        if (v.sample < 1 && uniformKey(v.seed ?? 0, d.shard, d.line) >= v.sample) continue;
        hash.update(d.raw).update('\n');
        const ids = encode(d.text);
        const counts = v.counts;
        for (let i = 0; i < ids.length; i++) counts[ids[i]!]!++;
        v.total += ids.length;
        v.docs++;
      }
    },
    finish() {
      v.inputsSha256 = hash.digest('hex');
      return v;
    },
  };
}
