/**
 * The `count` flow: documents, bytes, characters, tokens and errors per shard. Reads every line;
 * a shard that fails mid-way is reported with what was read before the failure.
 */
import { DataError } from '../errors.ts';
import { readDocs, type ReadSinks } from '../io/read-docs.ts';
import type { ReadOptions, ShardInput } from '../io/reader.ts';
import { resolveShards } from '../io/shards.ts';
import { codePointLength } from '../text/codepoints.ts';
import { openTokenizer, type EncodingName } from '../tokenize/tokenizer.ts';
import { noProgress, type StartProgress } from './progress.ts';

/** What `count` needs of a tokenizer. */
export interface TokenCounter {
  count(text: string): { count: number; approximate: boolean };
}

export interface ShardCount {
  shard: string;
  /** Lines read, including blank and bad ones. */
  lines: number;
  docs: number;
  /** UTF-8 bytes of the text fields. */
  bytes: number;
  /** Unicode code points of the text fields. */
  chars: number;
  /** Token count, or null without a tokenizer. */
  tokens: number | null;
  /** Documents whose count took the bounded path for a piece over 10,000 code points. */
  approximate_token_docs: number;
  errors: number;
  blank: number;
  /** Set when the shard could not be read to its end. */
  failed?: string;
}

export interface CountOptions {
  read?: Partial<ReadOptions>;
  tokenizer?: TokenCounter | null;
  /** `fail` stops at the first bad line with a DataError. */
  onError?: 'skip' | 'fail';
  /** Called after each document (for progress); `bytes` is the line's size. */
  onDoc?: (bytes: number) => void;
}

/** Counts one shard. */
export async function countShard(
  input: ShardInput,
  options: CountOptions = {},
): Promise<ShardCount> {
  const tok = options.tokenizer ?? null;
  const c: ShardCount = {
    shard: input.name,
    lines: 0,
    docs: 0,
    bytes: 0,
    chars: 0,
    tokens: tok ? 0 : null,
    approximate_token_docs: 0,
    errors: 0,
    blank: 0,
  };
  const failOn = (what: string, line: number) => {
    if (options.onError === 'fail') throw new DataError(what, input.name, line);
  };
  const sinks: ReadSinks = {
    blank(line) {
      c.lines = line;
      c.blank++;
    },
    bad({ bad }) {
      c.lines = bad.line;
      c.errors++;
      failOn(bad.error, bad.line);
    },
    failed(f) {
      c.failed = f.error;
      failOn(`shard could not be read to its end: ${f.error}`, f.lines + 1);
    },
  };
  for await (const doc of readDocs(input, sinks, options.read)) {
    const { text, raw } = doc;
    c.lines = doc.line;
    c.docs++;
    c.bytes += Buffer.byteLength(text);
    c.chars += codePointLength(text);
    if (tok) {
      const t = tok.count(text);
      c.tokens! += t.count;
      if (t.approximate) c.approximate_token_docs++;
    }
    options.onDoc?.(raw.length + 1);
  }
  return c;
}

/** Sums shard counts (tokens stay null if any shard has none). */
export function totalCounts(
  counts: readonly ShardCount[],
): Omit<ShardCount, 'shard' | 'failed'> & { failed_shards: number } {
  const t = {
    lines: 0,
    docs: 0,
    bytes: 0,
    chars: 0,
    tokens: 0 as number | null,
    approximate_token_docs: 0,
    errors: 0,
    blank: 0,
    failed_shards: 0,
  };
  for (const c of counts) {
    t.lines += c.lines;
    t.docs += c.docs;
    t.bytes += c.bytes;
    t.chars += c.chars;
    t.tokens = t.tokens === null || c.tokens === null ? null : t.tokens + c.tokens;
    t.approximate_token_docs += c.approximate_token_docs;
    t.errors += c.errors;
    t.blank += c.blank;
    if (c.failed) t.failed_shards++;
  }
  return t;
}

export type CountTotal = ReturnType<typeof totalCounts>;

export interface CountFlowOptions {
  /** Files, directories, globs, or `-` for stdin (local or s3://). */
  shards: readonly string[];
  read?: Partial<ReadOptions>;
  /** tiktoken encoding, or none to skip tokens. */
  tokenizer: EncodingName | 'none';
  onError?: 'skip' | 'fail';
  progress?: StartProgress;
}

export interface CountFlowResult {
  shards: ShardCount[];
  total: CountTotal;
}

/** Counts every shard, in order. */
export async function count(o: CountFlowOptions): Promise<CountFlowResult> {
  const inputs = await resolveShards(o.shards);
  const tokenizer = o.tokenizer === 'none' ? null : openTokenizer(o.tokenizer);
  const progress = (o.progress ?? noProgress)(inputs.length);
  const shards: ShardCount[] = [];
  try {
    for (const s of inputs) {
      shards.push(
        await countShard(s, {
          ...(o.read && { read: o.read }),
          tokenizer,
          onError: o.onError ?? 'skip',
          onDoc: (b) => progress.doc(b),
        }),
      );
      progress.shardDone();
    }
  } finally {
    progress.end();
    tokenizer?.free();
  }
  return { shards, total: totalCounts(shards) };
}
