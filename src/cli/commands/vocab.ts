/**
 * `winnow vocab <shards..> -o vocab.bin [--tokenizer cl100k_base] [--sample FRACTION --seed S]`:
 * token frequencies of a corpus, for rare_tokens. Mergeable with `winnow merge a.bin b.bin -o all.bin`.
 */
import type { ArgumentsCamelCase, Argv } from 'yargs';
import { vocab } from '../../flows/vocab.ts';
import type { EncodingName } from '../../tokenize/tokenizer.ts';
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
    .positional('shards', {
      type: 'string',
      array: true,
      describe: 'Files, directories, globs, or - for stdin',
    })
    .option('out', {
      alias: 'o',
      type: 'string',
      demandOption: true,
      describe: 'Vocabulary file to write',
    })
    .option('tokenizer', {
      choices: ['cl100k_base', 'o200k_base', 'p50k_base', 'r50k_base'] as const,
      default: 'cl100k_base' as const,
      describe:
        'tiktoken encoding whose token ids are counted (the config using the vocabulary must tokenize with the same)',
    })
    .option('sample', {
      type: 'number',
      default: 1,
      describe: 'Fraction of documents to count (seeded by document place)',
    })
    .option('seed', { type: 'number', default: 0, describe: 'Seed for --sample' })
    .example(
      '$0 vocab shards/ -o vocab.bin',
      'then: vocabulary: vocab.bin in a config with rare_tokens',
    );

export async function run(a: ArgumentsCamelCase<VocabArgs>, io: Io): Promise<number> {
  applyS3Flag(a);
  const r = await vocab({
    shards: a.shards,
    out: a.out,
    tokenizer: a.tokenizer,
    sample: a.sample,
    seed: a.seed,
    read: readOptions(a),
    progress: startProgress,
  });
  const v = r.vocabulary;
  io.err(
    `winnow: ${a.out}: ${v.total} ${a.tokenizer} tokens from ${v.docs} docs, ${r.distinct} distinct ids (${r.hash})\n`,
  );
  for (const f of r.failed)
    io.err(`winnow: ${f.shard}: FAILED after ${f.lines} lines: ${f.error}\n`);
  return failedShardsExit(r.failed.length, io);
}
