/** `winnow count <shards..>`: docs, bytes, chars, tokens and errors per shard and in total. */
import type { ArgumentsCamelCase, Argv } from 'yargs';
import { count, type CountTotal, type ShardCount } from '../../flows/count.ts';
import { readOptions, withReadFlags, type ReadFlags } from '../options.ts';
import { startProgress } from '../progress.ts';
import { tokenizerChoices, type TokenizerFlag } from '../tokenizer-flag.ts';
import { emptyShardLine, failedShardsExit } from '../failed.ts';
import { applyS3Flag, withS3Flag } from '../config-flags.ts';
import type { Io } from '../io.ts';

interface CountArgs extends ReadFlags {
  s3PathStyle?: boolean;
  shards: string[];
  json: boolean;
  tokenizer: TokenizerFlag;
}

export const command = 'count <shards..>';

export const builder = (y: Argv) =>
  withS3Flag(withReadFlags(y))
    .positional('shards', {
      type: 'string',
      array: true,
      describe: 'Files, directories, globs, or - for stdin',
    })
    .option('json', {
      type: 'boolean',
      default: false,
      describe: 'Print {"total": {...}, "shards": [...]} as JSON',
    })
    .option('tokenizer', {
      choices: tokenizerChoices,
      default: 'cl100k_base' as TokenizerFlag,
      describe: 'tiktoken encoding, or none to skip tokens',
    })
    .example('$0 count shards/*.jsonl.gz --json', 'totals as JSON');

export async function run(a: ArgumentsCamelCase<CountArgs>, io: Io): Promise<number> {
  applyS3Flag(a);
  const { shards: counts, total } = await count({
    shards: a.shards,
    read: readOptions(a),
    tokenizer: a.tokenizer,
    onError: a.onError,
    progress: startProgress,
  });
  if (a.json) io.out(JSON.stringify({ total, shards: counts }, null, 2) + '\n');
  else io.out(renderTable(counts, total));
  for (const c of counts)
    if (c.failed) io.err(`winnow: ${c.shard}: FAILED after ${c.lines} lines: ${c.failed}\n`);
  for (const c of counts) if (!c.failed && c.lines === 0) io.err(emptyShardLine(c.shard));
  if (total.errors)
    io.err(
      `winnow: ${total.errors} bad line(s) skipped (rerun with --on-error fail to stop at the first)\n`,
    );
  return failedShardsExit(total.failed_shards, io);
}

const fmt = (n: number | null) => (n === null ? '-' : n.toLocaleString('en-US'));

function renderTable(counts: readonly ShardCount[], total: CountTotal): string {
  const head = ['shard', 'docs', 'bytes', 'chars', 'tokens', 'errors', 'blank'];
  const rows = counts.map((c) => [
    c.shard + (c.failed ? ' (FAILED)' : ''),
    fmt(c.docs),
    fmt(c.bytes),
    fmt(c.chars),
    fmt(c.tokens),
    fmt(c.errors),
    fmt(c.blank),
  ]);
  rows.push([
    'total',
    fmt(total.docs),
    fmt(total.bytes),
    fmt(total.chars),
    fmt(total.tokens),
    fmt(total.errors),
    fmt(total.blank),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    r.map((v, i) => (i === 0 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join('  ');
  return [line(head), ...rows.map(line)].join('\n') + '\n';
}
