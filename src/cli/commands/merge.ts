/** `winnow merge DIR`: DIR/stats/<shard>.json of every shard → DIR/stats.json. */
import type { ArgumentsCamelCase, Argv } from 'yargs';
import { writeMergedStats } from '../../exec/merge.ts';
import { renderSummary } from '../summary.ts';
import type { Io } from '../io.ts';

interface MergeArgs {
  dir: string;
}

export const command = 'merge <dir>';

export const builder = (y: Argv) =>
  y.positional('dir', { type: 'string', demandOption: true, describe: 'A run directory (its stats/ folder is merged)' })
    .example('$0 merge out/', 'after all ranks of a cluster job finished');

export async function run(a: ArgumentsCamelCase<MergeArgs>, io: Io): Promise<number> {
  const stats = await writeMergedStats(a.dir);
  io.err(renderSummary(stats, `merged ${stats.shards.length} shard(s) into ${a.dir}/stats.json`));
  return 0;
}
