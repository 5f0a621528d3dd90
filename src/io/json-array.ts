/**
 * `.json` shards holding one top-level array of documents, streamed with stream-json so an array
 * of any size costs constant memory. The one place stream-json is imported. Elements come out
 * re-serialised as JSONL (the single exception to byte identity: there are no input lines).
 */
import streamArray from 'stream-json/streamers/stream-array.js';
import type { Duplex } from 'node:stream';
import { feed } from './feed.ts';

/** Elements of a top-level JSON array, in order, with their 0-based index. */
export async function* streamJsonArray(bytes: AsyncIterable<Buffer>): AsyncGenerator<{ index: number; value: unknown }> {
  const pipe: Duplex = streamArray.withParserAsStream();
  const feeding = feed(pipe, bytes);
  try {
    for await (const item of pipe as AsyncIterable<{ key: number; value: unknown }>) {
      yield { index: item.key, value: item.value };
    }
  } finally {
    pipe.destroy();
    await feeding;
  }
}
