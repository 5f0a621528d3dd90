/**
 * Documents only: the reader's bookkeeping (blank, bad, oversize lines, a shard that fails
 * mid-way) goes to sinks, in input order, so a step over documents cannot forget a line.
 */
import type { BadLine, Document } from '../document.ts';
import { readShard, type OversizeLine, type ReadOptions, type ShardInput } from './reader.ts';

/** A line that is not a document: held in memory, or too long and streamed (`chunks`). */
export type BadItem = { kind: 'error'; bad: BadLine } | { kind: 'oversize'; bad: OversizeLine };

/** The shard could not be read to its end; `lines` were read (and reported) before. */
export interface ReadFailure {
  readonly shard: string;
  readonly lines: number;
  readonly error: string;
}

/**
 * Where non-documents go. Each is called before the next document is yielded; a sink that
 * throws ends the read (`--on-error fail`). An oversize line's chunks are drained after `bad`
 * returns when the sink did not read them.
 */
export interface ReadSinks {
  blank?(line: number): void | Promise<void>;
  bad?(item: BadItem): void | Promise<void>;
  failed?(failure: ReadFailure): void | Promise<void>;
}

/** The documents of one shard, in input order; every other line goes to `sinks`. */
export async function* readDocs(
  input: ShardInput,
  sinks: ReadSinks,
  options: Partial<ReadOptions> = {},
): AsyncGenerator<Document> {
  for await (const item of readShard(input, options)) {
    switch (item.kind) {
      case 'doc':
        yield item.doc;
        break;
      case 'blank':
        await sinks.blank?.(item.line);
        break;
      case 'error':
        await sinks.bad?.(item);
        break;
      case 'oversize':
        await sinks.bad?.(item);
        for await (const _ of item.bad.chunks);
        break;
      case 'failed':
        await sinks.failed?.({ shard: item.shard, lines: item.lines, error: item.error });
        break;
    }
  }
}
