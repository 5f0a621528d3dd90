/**
 * `count`: documents, bytes, characters, tokens and errors per shard. Reads every line; a shard
 * that fails mid-way is reported with what was read before the failure.
 */
import { DataError } from './errors.ts';
import { readShard, type ReadOptions, type ShardInput } from './io/reader.ts';
import { writeOversizeLine } from './io/bad-lines.ts';
import { codePointLength } from './text/codepoints.ts';

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
export async function countShard(input: ShardInput, options: CountOptions = {}): Promise<ShardCount> {
  const tok = options.tokenizer ?? null;
  const c: ShardCount = {
    shard: input.name, lines: 0, docs: 0, bytes: 0, chars: 0,
    tokens: tok ? 0 : null, approximate_token_docs: 0, errors: 0, blank: 0,
  };
  const failOn = (what: string, line: number) => {
    if (options.onError === 'fail') throw new DataError(what, input.name, line);
  };
  for await (const item of readShard(input, options.read)) {
    switch (item.kind) {
      case 'doc': {
        const { text, raw } = item.doc;
        c.lines = item.doc.line;
        c.docs++;
        c.bytes += Buffer.byteLength(text);
        c.chars += codePointLength(text);
        if (tok) {
          const t = tok.count(text);
          c.tokens! += t.count;
          if (t.approximate) c.approximate_token_docs++;
        }
        options.onDoc?.(raw.length + 1);
        break;
      }
      case 'blank':
        c.lines = item.line;
        c.blank++;
        break;
      case 'error':
        c.lines = item.bad.line;
        c.errors++;
        failOn(item.bad.error, item.bad.line);
        break;
      case 'oversize':
        c.lines = item.bad.line;
        c.errors++;
        failOn(item.bad.error, item.bad.line);
        await writeOversizeLine(item.bad, null);
        break;
      case 'failed':
        c.failed = item.error;
        failOn(`shard could not be read to its end: ${item.error}`, item.lines + 1);
        break;
    }
  }
  return c;
}

/** Sums shard counts (tokens stay null if any shard has none). */
export function totalCounts(counts: readonly ShardCount[]): Omit<ShardCount, 'shard' | 'failed'> & { failed_shards: number } {
  const t = { lines: 0, docs: 0, bytes: 0, chars: 0, tokens: 0 as number | null, approximate_token_docs: 0, errors: 0, blank: 0, failed_shards: 0 };
  for (const c of counts) {
    t.lines += c.lines; t.docs += c.docs; t.bytes += c.bytes; t.chars += c.chars;
    t.tokens = t.tokens === null || c.tokens === null ? null : t.tokens + c.tokens;
    t.approximate_token_docs += c.approximate_token_docs; t.errors += c.errors; t.blank += c.blank;
    if (c.failed) t.failed_shards++;
  }
  return t;
}
