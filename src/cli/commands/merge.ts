/**
 * `winnow merge DIR`: DIR/stats/<shard>.json of every shard → DIR/stats.json.
 * `winnow merge a.bin b.bin … -o all.bin`: vocabularies counted by separate ranks → one.
 * DIR and the files may be on S3.
 */
import type { ArgumentsCamelCase, Argv } from 'yargs';
import { UsageError } from '../../errors.ts';
import { writeMergedStats } from '../../exec/merge.ts';
import { within } from '../../exec/shard-dir.ts';
import * as store from '../../io/store.ts';
import { applyS3Flag, withS3Flag } from '../config-flags.ts';
import { decodeVocabulary, encodeVocabulary, mergeVocabularies, VOCAB_MAGIC, vocabularyHash } from '../../vocab/vocabulary.ts';
import { renderSummary } from '../summary.ts';
import { failedShardsExit } from '../failed.ts';
import type { Io } from '../io.ts';

interface MergeArgs {
  inputs: string[];
  out?: string;
  s3PathStyle?: boolean;
}

export const command = 'merge <inputs..>';

export const builder = (y: Argv) =>
  withS3Flag(y)
    .positional('inputs', { type: 'string', array: true, demandOption: true, describe: 'A run directory (or s3://bucket/prefix), or vocabulary files' })
    .option('out', { alias: 'o', type: 'string', describe: 'Merged vocabulary file (vocabularies only)' })
    .example('$0 merge out/', 'after all ranks of a cluster job finished: out/stats.json')
    .example('$0 merge rank-*.bin -o vocab.bin', 'vocabularies counted by separate ranks');

export async function run(a: ArgumentsCamelCase<MergeArgs>, io: Io): Promise<number> {
  applyS3Flag(a);
  // A run directory is not a file (and an S3 prefix is not an object): only read what may be a vocabulary.
  const files = a.inputs.length > 1 || /\.bin$/i.test(a.inputs[0]!) || store.isFile(a.inputs[0]!);
  const bodies = files ? await Promise.all(a.inputs.map((p) => store.read(p).catch(() => Buffer.alloc(0)))) : [];
  if (bodies.length && bodies.every((b) => b.subarray(0, 8).toString('latin1') === VOCAB_MAGIC)) {
    if (!a.out) throw new UsageError('Merging vocabularies needs `-o FILE`');
    const parts = bodies.map((b, i) => decodeVocabulary(b, a.inputs[i]!));
    let merged;
    try {
      merged = mergeVocabularies(parts);
    } catch (e) {
      throw new UsageError(e instanceof Error ? e.message : String(e));
    }
    const bytes = encodeVocabulary(merged);
    await store.writeAtomic(a.out, bytes);
    io.err(`winnow: merged ${parts.length} vocabularies: ${merged.total} tokens from ${merged.docs} docs into ${a.out} (${vocabularyHash(bytes)})\n`);
    return 0;
  }
  if (a.inputs.length !== 1) throw new UsageError('Expected one run directory, or only vocabulary files');
  const stats = await writeMergedStats(a.inputs[0]!);
  io.err(renderSummary(stats, `merged ${stats.shards.length} shard(s) into ${within(a.inputs[0]!, 'stats.json')}`));
  // A shard that failed part-way has stats but no marker: the merge shows it, and says so.
  return failedShardsExit(Object.keys(stats.failed).length, io);
}
