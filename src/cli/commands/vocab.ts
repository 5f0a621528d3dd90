/**
 * `winnow vocab <shards..> -o vocab.bin [--tokenizer cl100k_base] [--sample FRACTION --seed S]`:
 * token frequencies of a corpus, for rare_tokens. Mergeable with `winnow merge a.bin b.bin -o all.bin`.
 */
import type { ArgumentsCamelCase, Argv } from 'yargs';
import { UsageError } from '../../errors.ts';
import { readShard } from '../../io/reader.ts';
import { resolveShards } from '../../io/shards.ts';
import { refuseOutputsOverInputs } from '../../io/overlap.ts';
import { writeFileAtomic } from '../../io/writer.ts';
import { openTokenizer, type EncodingName } from '../../tokenize/tokenizer.ts';
import { vocabCounter } from '../../vocab/build.ts';
import { emptyVocabulary, encodeVocabulary, vocabularyHash } from '../../vocab/vocabulary.ts';
import { readOptions, withReadFlags, type ReadFlags } from '../options.ts';
import { startProgress } from '../progress.ts';
import { applyS3Flag, withS3Flag } from '../config-flags.ts';
import { failedShardsExit } from '../failed.ts';
import type { Io } from '../io.ts';

interface VocabArgs extends ReadFlags {
  s3PathStyle?: boolean;
  shards: string[];
  out: string;
  tokenizer: EncodingName;
  sample: number;
  seed: number;
}

export const command = 'vocab <shards..>';

export const builder = (y: Argv) =>
  withS3Flag(withReadFlags(y))
    .positional('shards', { type: 'string', array: true, describe: 'Files, directories, globs, or - for stdin' })
    .option('out', { alias: 'o', type: 'string', demandOption: true, describe: 'Vocabulary file to write' })
    .option('tokenizer', { choices: ['cl100k_base', 'o200k_base', 'p50k_base', 'r50k_base'] as const, default: 'cl100k_base' as const, describe: 'tiktoken encoding whose token ids are counted (the config using the vocabulary must tokenize with the same)' })
    .option('sample', { type: 'number', default: 1, describe: 'Fraction of documents to count (seeded by document place)' })
    .option('seed', { type: 'number', default: 0, describe: 'Seed for --sample' })
    .example('$0 vocab shards/ -o vocab.bin', 'then: vocabulary: vocab.bin in a config with rare_tokens');

export async function run(a: ArgumentsCamelCase<VocabArgs>, io: Io): Promise<number> {
  if (!(a.sample > 0 && a.sample <= 1)) throw new UsageError(`Expected \`--sample\` to be a fraction in (0, 1], got ${a.sample}`);
  applyS3Flag(a);
  const read = readOptions(a);
  const shards = await resolveShards(a.shards);
  refuseOutputsOverInputs(a.shards, shards, [{ flag: '-o', path: a.out }]);
  const tok = openTokenizer(a.tokenizer);
  const progress = startProgress(shards.length);
  const counter = vocabCounter(emptyVocabulary(a.tokenizer, a.sample, a.sample < 1 ? a.seed : null), (t) => tok.encode(t).ids);
  try {
    for (const s of shards) {
      await counter.add(readShard(s, read));
      progress.shardDone();
    }
  } finally {
    progress.end();
    tok.free();
  }
  const v = counter.finish();
  const bytes = encodeVocabulary(v);
  await writeFileAtomic(a.out, bytes);
  const distinct = v.counts.reduce((n, c) => n + (c > 0 ? 1 : 0), 0);
  io.err(`winnow: ${a.out}: ${v.total} ${a.tokenizer} tokens from ${v.docs} docs, ${distinct} distinct ids (${vocabularyHash(bytes)})\n`);
  for (const f of counter.failed) io.err(`winnow: ${f.shard}: FAILED after ${f.lines} lines: ${f.error}\n`);
  return failedShardsExit(counter.failed.length, io);
}
