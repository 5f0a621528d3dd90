/**
 * Where bad lines go: an errors file opened on first use (pipe mode) or up front (directory
 * mode, so every shard has one). Counts what it received.
 */
import type { BadLine } from '../document.ts';
import { serializeBadLine, writeOversizeLine } from './bad-lines.ts';
import type { OversizeLine } from './reader.ts';
import { statSync } from 'node:fs';
import { isS3Uri } from './s3.ts';
import { openOutput, type Output } from './writer.ts';

export interface ErrorSink {
  bad(b: BadLine): Promise<void>;
  oversize(b: OversizeLine): Promise<void>;
  /** Either kind of bad line, as the reader yields it. */
  record(
    item: { kind: 'error'; bad: BadLine } | { kind: 'oversize'; bad: OversizeLine },
  ): Promise<void>;
  readonly count: number;
  close(): Promise<void>;
}

/**
 * True when a lazy sink that received nothing has an older file at its path (from an earlier
 * run: several runs in one folder share the default name). It is left alone, but should be
 * pointed out, or it passes for this run's.
 */
export function hasEarlierFile(sink: ErrorSink, path: string): boolean {
  if (sink.count > 0 || path === '-' || isS3Uri(path)) return false;
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** An errors file at `path`; with `lazy`, nothing is created unless an error arrives. */
export async function openErrorSink(path: string, lazy = false): Promise<ErrorSink> {
  let out: Output | null = lazy ? null : await openOutput(path);
  let count = 0;
  const get = async () => (out ??= await openOutput(path));
  const bad = async (b: BadLine) => {
    count++;
    await (await get()).write(serializeBadLine(b));
  };
  const oversize = async (b: OversizeLine) => {
    count++;
    await writeOversizeLine(b, await get());
  };
  return {
    bad,
    oversize,
    record: (item) => (item.kind === 'error' ? bad(item.bad) : oversize(item.bad)),
    get count() {
      return count;
    },
    async close() {
      await out?.close();
    },
  };
}
