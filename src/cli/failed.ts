/** What the reading commands say about their shards beside the counts: failed part-way (exit 1), empty, an earlier errors file. */
import type { Io } from './io.ts';

/** Prints why the command exits 1 and returns the exit code: 1 with failed shards, else 0. */
export function failedShardsExit(failed: number, io: Io): number {
  if (!failed) return 0;
  io.err(
    `winnow: ${failed} shard(s) FAILED part-way (listed above): their lines after the failure were not read; exit 1\n`,
  );
  return 1;
}

/** Said when a clean run finds an errors file an earlier run left at the same path. */
export const earlierErrorsLine = (path: string): string =>
  `winnow: no bad lines in this run; ${path} is from an earlier one\n`;

/** The line that names an empty shard: not an error (a producer may have had nothing), but never silent. */
export const emptyShardLine = (shard: string): string =>
  `winnow: ${shard}: empty shard (no lines; expected one JSON document per line)\n`;
