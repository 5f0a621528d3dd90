/**
 * The `vocab` flow: token frequencies of a corpus → a vocabulary file (for rare_tokens),
 * mergeable with the `merge` verb. Written atomically through the store (local or s3://).
 */
import { UsageError } from '../errors.ts';
import type { ReadFailure } from '../io/read-docs.ts';
import type { ReadOptions } from '../io/reader.ts';
import { resolveShards } from '../io/shards.ts';
import { refuseOutputsOverInputs } from '../io/overlap.ts';
import { writeFileAtomic } from '../io/writer.ts';
import { openTokenizer, type EncodingName } from '../tokenize/tokenizer.ts';
import { vocabCounter } from '../vocab/build.ts';
import {
  emptyVocabulary,
  encodeVocabulary,
  vocabularyHash,
  type Vocabulary,
} from '../vocab/vocabulary.ts';
import { noProgress, type StartProgress } from './progress.ts';

export interface VocabFlowOptions {
  /** Files, directories, globs, or `-` for stdin. */
  shards: readonly string[];
  /** The vocabulary file to write. */
  out: string;
  /** tiktoken encoding whose ids are counted. */
  tokenizer: EncodingName;
  /** Fraction of documents counted, in (0, 1], chosen by seeded key of the document's place. */
  sample?: number;
  seed?: number;
  read?: Partial<ReadOptions>;
  progress?: StartProgress;
}

export interface VocabFlowResult {
  vocabulary: Vocabulary;
  /** Token ids seen at least once. */
  distinct: number;
  /** The written file's hash, as configs and stats name it. */
  hash: string;
  /** Shards not read to their end; what was read before is counted. */
  failed: ReadFailure[];
}

export async function vocab(o: VocabFlowOptions): Promise<VocabFlowResult> {
  const sample = o.sample ?? 1;
  if (!(sample > 0 && sample <= 1))
    throw new UsageError(`Expected \`--sample\` to be a fraction in (0, 1], got ${sample}`);
  const shards = await resolveShards(o.shards);
  refuseOutputsOverInputs(o.shards, shards, [{ flag: '-o', path: o.out }]);
  const tok = openTokenizer(o.tokenizer);
  const progress = (o.progress ?? noProgress)(shards.length);
  const counter = vocabCounter(
    emptyVocabulary(o.tokenizer, sample, sample < 1 ? (o.seed ?? 0) : null),
    (t) => tok.encode(t).ids,
  );
  try {
    for (const s of shards) {
      await counter.add(s, o.read);
      progress.shardDone();
    }
  } finally {
    progress.end();
    tok.free();
  }
  const vocabulary = counter.finish();
  const bytes = encodeVocabulary(vocabulary);
  await writeFileAtomic(o.out, bytes);
  const distinct = vocabulary.counts.reduce((n, c) => n + (c > 0 ? 1 : 0), 0);
  return { vocabulary, distinct, hash: vocabularyHash(bytes), failed: counter.failed };
}
