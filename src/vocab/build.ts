/**
 * Counting token frequencies over a stream of shard items. Counting is a typed-array increment
 * per token (Map counting is 7x slower: perf-baselines.md), so tokenizing stays the whole cost.
 */
import { createHash } from 'node:crypto';
import type { ShardItem } from '../io/reader.ts';
import { uniformKey } from '../sampling/keys.ts';
import type { Vocabulary } from './vocabulary.ts';

export interface VocabCounter {
  add(items: AsyncIterable<ShardItem>): Promise<void>;
  finish(): Vocabulary;
  /** Shards that could not be read to their end: what was read before is counted. */
  readonly failed: { shard: string; lines: number; error: string }[];
}

/** Counts into `v` (from emptyVocabulary); documents are kept with probability v.sample, by seeded key. */
export function vocabCounter(v: Vocabulary, encode: (text: string) => Uint32Array): VocabCounter {
  const hash = createHash('sha256');
  const failed: VocabCounter['failed'] = [];
  return {
    failed,
    async add(items) {
      for await (const item of items) {
        if (item.kind === 'oversize') for await (const _ of item.bad.chunks);
        if (item.kind === 'failed') failed.push({ shard: item.shard, lines: item.lines, error: item.error });
        if (item.kind !== 'doc') continue;
        const d = item.doc;
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
