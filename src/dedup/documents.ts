/**
 * The documents of a shard for the dedup stages: blank, malformed and oversize lines are not
 * documents (readDocs does the bookkeeping; they are counted with `onSkip`, never hashed); a
 * shard that cannot be read to its end fails the task, so its marker is never written and a
 * rerun redoes it.
 */
import type { Document } from '../document.ts';
import { DataError } from '../errors.ts';
import { readDocs } from '../io/read-docs.ts';
import type { ReadOptions, ShardInput } from '../io/reader.ts';

export function documentsOf(
  shard: ShardInput,
  read?: Partial<ReadOptions>,
  onSkip?: () => void,
): AsyncGenerator<Document> {
  return readDocs(
    shard,
    {
      bad: () => onSkip?.(),
      failed: (f) => {
        throw new DataError(`shard could not be read to its end: ${f.error}`, f.shard, f.lines + 1);
      },
    },
    read,
  );
}
