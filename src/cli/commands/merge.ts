/**
 * `winnow merge DIR`: DIR/stats/<shard>.json of every shard → DIR/stats.json.
 * `winnow merge a.bin b.bin … -o all.bin`: vocabularies counted by separate ranks → one.
 */
import { readFile } from 'node:fs/promises';
import type { ArgumentsCamelCase, Argv } from 'yargs';
import { UsageError } from '../../errors.ts';
import { writeMergedStats } from '../../exec/merge.ts';
import { writeFileAtomic } from '../../io/writer.ts';
import { decodeVocabulary, encodeVocabulary, mergeVocabularies, VOCAB_MAGIC, vocabularyHash } from '../../vocab/vocabulary.ts';
import { renderSummary } from '../summary.ts';
import type { Io } from '../io.ts';

interface MergeArgs {
  inputs: string[];
  out?: string;
}

export const command = 'merge <inputs..>';

export const builder = (y: Argv) =>
  y.positional('inputs', { type: 'string', array: true, demandOption: true, describe: 'A run directory, or vocabulary files' })
    .option('out', { alias: 'o', type: 'string', describe: 'Merged vocabulary file (vocabularies only)' })
    .example('$0 merge out/', 'after all ranks of a cluster job finished: out/stats.json')
    .example('$0 merge rank-*.bin -o vocab.bin', 'vocabularies counted by separate ranks');

export async function run(a: ArgumentsCamelCase<MergeArgs>, io: Io): Promise<number> {
  const heads = await Promise.all(a.inputs.map(async (p) => (await readFile(p).catch(() => Buffer.alloc(0))).subarray(0, 8).toString('latin1')));
  if (heads.every((h) => h === VOCAB_MAGIC)) {
    if (!a.out) throw new UsageError('Merging vocabularies needs `-o FILE`');
    const parts = await Promise.all(a.inputs.map(async (p) => decodeVocabulary(await readFile(p), p)));
    let merged;
    try {
      merged = mergeVocabularies(parts);
    } catch (e) {
      throw new UsageError(e instanceof Error ? e.message : String(e));
    }
    const bytes = encodeVocabulary(merged);
    await writeFileAtomic(a.out, bytes);
    io.err(`winnow: merged ${parts.length} vocabularies: ${merged.total} tokens from ${merged.docs} docs into ${a.out} (${vocabularyHash(bytes)})\n`);
    return 0;
  }
  if (a.inputs.length !== 1) throw new UsageError('Expected one run directory, or only vocabulary files');
  const stats = await writeMergedStats(a.inputs[0]!);
  io.err(renderSummary(stats, `merged ${stats.shards.length} shard(s) into ${a.inputs[0]}/stats.json`));
  return 0;
}
