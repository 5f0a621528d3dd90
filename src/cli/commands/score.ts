/** `winnow score <shards..|-> (-c FILE | --preset NAME)`: per-document attributes, dolma format. */
import type { ArgumentsCamelCase, Argv } from 'yargs';
import { score } from '../../flows/score.ts';
import { within } from '../../flows/locations.ts';
import { loadConfig, withConfigFlags, type ConfigFlags } from '../config-flags.ts';
import { readOptions, withReadFlags, type ReadFlags } from '../options.ts';
import { earlierErrorsLine, failedShardsExit } from '../failed.ts';
import type { Io } from '../io.ts';

interface ScoreArgs extends ReadFlags, ConfigFlags {
  shards: string[];
  out?: string;
  errors: string;
}

export const command = 'score <shards..>';

export const builder = (y: Argv) =>
  withConfigFlags(withReadFlags(y))
    .positional('shards', {
      type: 'string',
      array: true,
      describe: 'Files, directories, globs, or - for stdin',
    })
    .option('out', {
      alias: 'o',
      type: 'string',
      describe:
        'Directory or s3:// prefix: DIR/attributes/<shard> and DIR/errors/<shard> (default: attributes on stdout)',
    })
    .option('errors', {
      type: 'string',
      default: 'winnow-errors.jsonl',
      describe: 'Errors file when writing to stdout (created only if a line is bad)',
    })
    .example('$0 score shards/ --preset fineweb -o scores/', 'dolma attribute files per shard');

export async function run(a: ArgumentsCamelCase<ScoreArgs>, io: Io): Promise<number> {
  const read = readOptions(a);
  const { config, vocabulary, models } = await loadConfig(a);
  const r = await score({
    shards: a.shards,
    config,
    vocabulary,
    models,
    out: a.out,
    errors: a.errors,
    onError: a.onError,
    read,
    onShardFailed: (f) => io.err(`winnow: ${f.shard}: FAILED after ${f.lines} lines: ${f.error}\n`),
  });
  if (r.earlierErrorsFile) io.err(earlierErrorsLine(a.errors));
  io.err(
    `winnow: scored ${r.scored} document(s) of ${r.shards} shard(s)${a.out ? ` into ${within(a.out, 'attributes')}/` : ''}\n`,
  );
  if (r.errors)
    io.err(
      `winnow: ${r.errors} bad line(s) written to ${a.out ? `${within(a.out, 'errors')}/` : a.errors}\n`,
    );
  return failedShardsExit(r.failed.length, io);
}
