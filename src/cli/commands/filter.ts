/**
 * `winnow filter <shards..|-> (-c FILE | --preset NAME) --dry-run [--decisions FILE]`: one
 * decision per document, removing nothing. Dropping data needs the audit gate (`--audit FILE`
 * or an explicit `--unaudited`).
 */
import type { ArgumentsCamelCase, Argv } from 'yargs';
import { readShard } from '../../io/reader.ts';
import { resolveShards } from '../../io/shards.ts';
import { openOutput } from '../../io/writer.ts';
import { openErrorSink } from '../../io/error-sink.ts';
import { createEvaluator } from '../../rules/evaluator.ts';
import { scoreItems } from '../../score.ts';
import { openTokenizer } from '../../tokenize/tokenizer.ts';
import { loadConfig, withConfigFlags, type ConfigFlags } from '../config-flags.ts';
import { readOptions, withReadFlags, type ReadFlags } from '../options.ts';
import type { Io } from '../io.ts';
import { DataError, GateError, UsageError } from '../../errors.ts';
import { fingerprint } from '../../config/fingerprint.ts';

interface FilterArgs extends ReadFlags, ConfigFlags {
  shards: string[];
  dryRun: boolean;
  decisions: string;
  errors: string;
  audit?: string;
  unaudited: boolean;
}

export const command = 'filter <shards..>';

export const builder = (y: Argv) =>
  withConfigFlags(withReadFlags(y))
    .positional('shards', { type: 'string', array: true, describe: 'Files, directories, globs, or - for stdin' })
    .option('dry-run', { type: 'boolean', default: false, describe: 'Write decisions only; drop nothing (needs no audit)' })
    .option('decisions', { type: 'string', default: '-', describe: 'Decisions file with --dry-run: {"id","shard","line","keep","reasons"} per document (- = stdout)' })
    .option('errors', { type: 'string', default: 'winnow-errors.jsonl', describe: 'Errors file (created only if a line is bad)' })
    .option('audit', { type: 'string', describe: 'audit.json whose fingerprint and FDR bound allow this filter to drop data' })
    .option('unaudited', { type: 'boolean', default: false, describe: 'Drop data without an audit (recorded loudly in the stats)' })
    .example('$0 filter shards/ --preset fineweb --dry-run --decisions decisions.jsonl', 'what would be dropped, and why');

export async function run(a: ArgumentsCamelCase<FilterArgs>, io: Io): Promise<number> {
  const read = readOptions(a);
  const config = await loadConfig(a);
  if (!a.dryRun) {
    if (!a.audit && !a.unaudited) {
      throw new GateError(
        'Refusing to drop data without an audit: pass --audit audit.json (see winnow audit), or --unaudited to drop anyway ' +
          '(recorded in the stats), or --dry-run to only write decisions.',
      );
    }
    if (a.audit) throw new GateError(`Cannot check ${a.audit}: audit verification is not built yet in this version, so no audit can pass the gate.`);
    throw new UsageError('Dropping data (filter without --dry-run) is not built yet in this version; use --dry-run.');
  }
  const shards = await resolveShards(a.shards);
  const evaluator = createEvaluator(config);
  const fp = fingerprint(config);
  const tok = config.tokenizer === 'none' ? null : openTokenizer(config.tokenizer);
  const out = await openOutput(a.decisions);
  const errors = await openErrorSink(a.errors, true);
  const t = { docs: 0, kept: 0, dropped: 0, blank: 0, failed: 0 };
  const byReason = new Map<string, number>();
  try {
    for (const shard of shards) {
      for await (const item of scoreItems(readShard(shard, read), evaluator, tok)) {
        if (item.kind === 'scored') {
          const keep = item.reasons.length === 0;
          t.docs++;
          if (keep) t.kept++;
          else t.dropped++;
          for (const r of item.reasons) byReason.set(r, (byReason.get(r) ?? 0) + 1);
          const d = item.doc;
          await out.write(`{"id":${JSON.stringify(d.id)},"shard":${JSON.stringify(d.shard)},"line":${d.line},"keep":${keep},"reasons":${JSON.stringify(item.reasons)}}\n`);
        } else if (item.kind === 'blank') t.blank++;
        else if (item.kind === 'error' || item.kind === 'oversize') {
          if (a.onError === 'fail') throw new DataError(item.bad.error, item.bad.shard, item.bad.line);
          if (item.kind === 'error') await errors.bad(item.bad);
          else await errors.oversize(item.bad);
        } else {
          t.failed++;
          io.err(`winnow: ${item.shard}: FAILED after ${item.lines} lines: ${item.error}\n`);
          if (a.onError === 'fail') throw new DataError(item.error, item.shard, item.lines + 1);
        }
      }
    }
    await out.close();
    await errors.close();
  } finally {
    tok?.free();
  }
  const reasons = [...byReason].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1));
  io.err(
    `winnow: dry run (${fp}): ${t.docs} docs, ${t.kept} would be kept, ${t.dropped} dropped; ${errors.count} bad lines` +
      `${errors.count ? ` (in ${a.errors})` : ''}, ${t.blank} blank${t.failed ? `, ${t.failed} FAILED shard(s)` : ''}\n` +
      reasons.map(([r, n]) => `  ${String(n).padStart(8)}  ${r}\n`).join(''),
  );
  return 0;
}
