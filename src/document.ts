/**
 * The one shape every step sees. A document keeps the exact bytes of its input line so that a
 * kept document is written back byte for byte (JSON.parse/stringify would change `1.0`, big
 * integers, escapes and key order).
 */
export interface Document {
  /** The record's id field, or `<shard>:<line>` when it has none. Not required to be unique. */
  readonly id: string;
  /** The text field (after dotted-path lookup). */
  readonly text: string;
  /** The input line without its line terminator; includes a leading UTF-8 BOM if the file had one. */
  readonly raw: Buffer;
  /** The line terminator as read: `\n`, `\r\n`, or `` for a last line without one. */
  readonly eol: string;
  /** Shard name: the input path relative to the inputs' common root (`stdin.jsonl` for stdin). */
  readonly shard: string;
  /** 1-based line number in the shard (for `.json` arrays: 1-based element index). */
  readonly line: number;
  /** The parsed record, for fields other than text and id. */
  readonly record: Record<string, unknown>;
}

/** A line that could not become a document. `raw` is verbatim (see `rawEncoding`). */
export interface BadLine {
  readonly shard: string;
  readonly line: number;
  readonly error: string;
  readonly raw: Buffer;
}

/** A span over a document's text: `[start, end)` in Unicode code points, and a score. */
export type Span = readonly [start: number, end: number, score: number];
