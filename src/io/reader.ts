/**
 * Reading a shard: bytes → lines → documents, blanks and bad lines, in order. Lossless: every
 * line comes out as exactly one item, and a shard that fails mid-way says so after the lines
 * it did read.
 */
import type { BadLine, Document } from '../document.ts';
import { splitLines } from './lines.ts';
import { openBytes, type Compression } from './source.ts';
import {
  DEFAULT_FIELDS,
  describeProblem,
  parseLine,
  toDocument,
  type FieldOptions,
} from './records.ts';
import { splitJsonArray, streamJsonArray } from './json-array.ts';
import { isS3Uri, readFailed } from './s3.ts';

/** A shard to read: where its bytes are and the name its outputs and errors use. */
export interface ShardInput {
  /** A file path, or `-` for stdin. */
  readonly path: string;
  /** Path relative to the inputs' common root (`stdin.jsonl` for stdin). */
  readonly name: string;
  /** Overrides detection by extension (stdin is sniffed). */
  readonly compression?: Compression;
}

export interface ReadOptions extends FieldOptions {
  /** Lines longer than this are not parsed but streamed verbatim to errors (default 16 MiB). */
  readonly maxLineBytes: number;
}

export const DEFAULT_READ: ReadOptions = { ...DEFAULT_FIELDS, maxLineBytes: 16 * 1024 * 1024 };

/** A line too long to parse; `chunks` streams its bytes and must be drained before the next item. */
export interface OversizeLine {
  readonly shard: string;
  readonly line: number;
  readonly error: string;
  readonly chunks: AsyncIterable<Buffer>;
}

export type ShardItem =
  | { kind: 'doc'; doc: Document }
  | { kind: 'error'; bad: BadLine }
  | { kind: 'oversize'; bad: OversizeLine }
  | { kind: 'blank'; line: number }
  /** The shard could not be read to its end; `lines` were read (and yielded) before. */
  | { kind: 'failed'; shard: string; lines: number; error: string };

/** True for `.json` (array) shards, false for JSONL. */
export const isJsonArrayShard = (path: string): boolean => /\.json(\.gz|\.zstd?)?$/i.test(path);

/** Items of one shard, in input order. Never throws for bad data; see `failed`. */
export function readShard(
  input: ShardInput,
  options: Partial<ReadOptions> = {},
): AsyncGenerator<ShardItem> {
  if (!input || typeof input.path !== 'string' || typeof input.name !== 'string') {
    throw new TypeError(
      `Expected a shard {path, name} (name: how outputs and errors call it), got ${JSON.stringify(input)}`,
    );
  }
  const opts: ReadOptions = { ...DEFAULT_READ, ...options };
  return isJsonArrayShard(input.path) ? readJsonArray(input, opts) : readJsonl(input, opts);
}

async function* readJsonl(input: ShardInput, opts: ReadOptions): AsyncGenerator<ShardItem> {
  const shard = input.name;
  let lines = 0;
  for await (const item of splitLines(
    openBytes(input.path, input.compression),
    opts.maxLineBytes,
  )) {
    if (item.kind === 'line') {
      lines = item.line;
      yield parseLine(item.bytes, item.eol, shard, item.line, opts);
    } else if (item.kind === 'oversize') {
      lines = item.line;
      const error = `line longer than --max-line-bytes (${opts.maxLineBytes} bytes): not parsed, kept verbatim`;
      yield { kind: 'oversize', bad: { shard, line: item.line, error, chunks: item.chunks } };
    } else {
      if (item.partial) {
        lines = item.line;
        yield {
          kind: 'error',
          bad: {
            shard,
            line: item.line,
            error: `shard ended inside this line (${item.error})`,
            raw: item.partial,
          },
        };
      }
      yield { kind: 'failed', shard, lines, error: describeFailure(item.error) };
    }
  }
}

async function* readJsonArray(input: ShardInput, opts: ReadOptions): AsyncGenerator<ShardItem> {
  const shard = input.name;
  let lines = 0;
  // An element's raw bytes are its JSON text on one line, numbers with their digits as written.
  const item = (index: number, value: unknown, text: string): ShardItem => {
    lines = index + 1;
    const raw = Buffer.from(text);
    const doc = toDocument(value, raw, '\n', shard, lines, opts);
    return (
      doc ?? {
        kind: 'error',
        bad: { shard, line: lines, error: describeProblem(value, opts), raw },
      }
    );
  };
  let failure: unknown;
  try {
    for await (const { index, value, raw } of streamJsonArray(
      openBytes(input.path, input.compression),
    ))
      yield item(index, value, raw);
    return;
  } catch (e) {
    failure = e;
  }
  // stream-json loses the elements it had parsed but not handed over when it fails: read the
  // file again, element by element, for every element that ends before the bad byte. Not after
  // a storage error: that is no property of the data, and the caller must see it (a rerun).
  if (input.path !== '-' && !(isS3Uri(input.path) && readFailed(input.path))) {
    try {
      for await (const { index, value, raw } of splitJsonArray(
        openBytes(input.path, input.compression),
      )) {
        if (index >= lines) yield item(index, value, raw);
      }
    } catch (e) {
      failure = e;
    }
  }
  const msg = failure instanceof Error ? failure.message : String(failure);
  yield {
    kind: 'failed',
    shard,
    lines,
    error: describeFailure(`expected one top-level JSON array of documents: ${msg}`),
  };
}

function describeFailure(error: string): string {
  return /unexpected end of file/i.test(error) ? `truncated compressed stream (${error})` : error;
}
