/** Exit 1 when a shard could not be read to its end: the run went on, but data was lost. */
import type { Io } from './io.ts';

/** Prints why the command exits 1 and returns the exit code: 1 with failed shards, else 0. */
export function failedShardsExit(failed: number, io: Io): number {
  if (!failed) return 0;
  io.err(`winnow: ${failed} shard(s) FAILED part-way (listed above): their lines after the failure were not read; exit 1\n`);
  return 1;
}

/** The line that names an empty shard: not an error (a producer may have had nothing), but never silent. */
export const emptyShardLine = (shard: string): string => `winnow: ${shard}: empty shard (no lines; expected one JSON document per line)\n`;
