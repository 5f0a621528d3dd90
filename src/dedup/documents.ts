/**
 * The documents of a shard for the dedup stages: blank, malformed and oversize lines are not
 * documents (they are counted with `onSkip`, never hashed); a shard that cannot be read to its
 * end fails the task, so its marker is never written and a rerun redoes it.
 */
import type { Document } from '../document.ts';
import { DataError } from '../errors.ts';
import { readShard, type ReadOptions, type ShardInput } from '../io/reader.ts';

export async function* documentsOf(
  shard: ShardInput,
  read?: Partial<ReadOptions>,
  onSkip?: () => void,
): AsyncGenerator<Document> {
  for await (const item of readShard(shard, read)) {
    if (item.kind === 'failed')
      throw new DataError(
        `shard could not be read to its end: ${item.error}`,
        shard.name,
        item.lines + 1,
      );
    if (item.kind === 'oversize') for await (const _ of item.bad.chunks); // drained, not parsed
    if (item.kind === 'error' || item.kind === 'oversize') onSkip?.();
    if (item.kind === 'doc') yield item.doc;
  }
}
