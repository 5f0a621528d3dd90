/**
 * `winnow merge DIR`: DIR/stats/<shard>.json of every shard → DIR/stats.json.
 * `winnow merge a.bin b.bin … -o all.bin`: vocabularies counted by separate ranks → one.
 * DIR and the files may be on S3.
 */
import type { ArgumentsCamelCase, Argv } from 'yargs';
import { merge } from '../../flows/merge.ts';
import { applyS3Flag, withS3Flag } from '../config-flags.ts';
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
    .positional('inputs', {
      type: 'string',
      array: true,
      demandOption: true,
      describe: 'A run directory (or s3://bucket/prefix), or vocabulary files',
    })
    .option('out', {
      alias: 'o',
      type: 'string',
      describe: 'Merged vocabulary file (vocabularies only)',
    })
    .example('$0 merge out/', 'after all ranks of a cluster job finished: out/stats.json')
    .example('$0 merge rank-*.bin -o vocab.bin', 'vocabularies counted by separate ranks');

export async function run(a: ArgumentsCamelCase<MergeArgs>, io: Io): Promise<number> {
  applyS3Flag(a);
  const r = await merge({ inputs: a.inputs, out: a.out });
  if (r.kind === 'vocabulary') {
    const m = r.merged;
    io.err(
      `winnow: merged ${r.parts} vocabularies: ${m.total} tokens from ${m.docs} docs into ${r.out} (${r.hash})\n`,
    );
    return 0;
  }
  io.err(renderSummary(r.stats, `merged ${r.stats.shards.length} shard(s) into ${r.out}`));
  // A shard that failed part-way has stats but no marker: the merge shows it, and says so.
  return failedShardsExit(Object.keys(r.stats.failed).length, io);
}
