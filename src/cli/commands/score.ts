/** `winnow score <shards..|-> (-c FILE | --preset NAME)`: per-document attributes, dolma format. */
import type { ArgumentsCamelCase, Argv } from 'yargs';
import { readShard } from '../../io/reader.ts';
import { resolveShards } from '../../io/shards.ts';
import { refuseOutputsOverInputs } from '../../io/overlap.ts';
import { openOutput, removeLocalFile, stdoutOutput, type Output } from '../../io/writer.ts';
import { hasEarlierFile, openErrorSink, type ErrorSink } from '../../io/error-sink.ts';
import { outputName } from '../../io/output-names.ts';
import { openSession } from '../../exec/session.ts';
import { checkOutputNames, within } from '../../exec/shard-dir.ts';
import { dolmaAttributes, scoreItems } from '../../score.ts';
import { loadConfig, withConfigFlags, type ConfigFlags } from '../config-flags.ts';
import { readOptions, withReadFlags, type ReadFlags } from '../options.ts';
import { earlierErrorsLine, failedShardsExit } from '../failed.ts';
import type { Io } from '../io.ts';
import { DataError } from '../../errors.ts';

interface ScoreArgs extends ReadFlags, ConfigFlags {
  shards: string[];
  out?: string;
  errors: string;
}

export const command = 'score <shards..>';

export const builder = (y: Argv) =>
  withConfigFlags(withReadFlags(y))
    .positional('shards', { type: 'string', array: true, describe: 'Files, directories, globs, or - for stdin' })
    .option('out', { alias: 'o', type: 'string', describe: 'Directory or s3:// prefix: DIR/attributes/<shard> and DIR/errors/<shard> (default: attributes on stdout)' })
    .option('errors', { type: 'string', default: 'winnow-errors.jsonl', describe: 'Errors file when writing to stdout (created only if a line is bad)' })
    .example('$0 score shards/ --preset fineweb -o scores/', 'dolma attribute files per shard');

export async function run(a: ArgumentsCamelCase<ScoreArgs>, io: Io): Promise<number> {
  const read = readOptions(a);
  const { config, vocabulary, models } = await loadConfig(a);
  const shards = await resolveShards(a.shards);
  if (a.out) checkOutputNames(shards.map((s) => s.name));
  refuseOutputsOverInputs(a.shards, shards, [{ flag: '-o', path: a.out, dir: true }, { flag: '--errors', path: a.out ? undefined : a.errors }]);
  const session = openSession(config, vocabulary, models);
  const { evaluator, tokenizer: tok } = session;
  let errors = 0;
  let failed = 0;
  let scored = 0;
  try {
    const pipeErrors = a.out ? null : await openErrorSink(a.errors, true);
    const stdout = a.out ? null : stdoutOutput();
    for (const shard of shards) {
      const name = outputName(shard.name);
      const out: Output = stdout ?? (await openOutput(within(a.out!, 'attributes', name)));
      // Created only when a line is bad (an empty gzip file per shard said nothing).
      const errorsPath = within(a.out ?? '', 'errors', name);
      const sink: ErrorSink = pipeErrors ?? (await openErrorSink(errorsPath, true));
      for await (const item of scoreItems(readShard(shard, read), evaluator, tok)) {
        if (item.kind === 'scored') {
          scored++;
          await out.write(JSON.stringify(dolmaAttributes(item)) + '\n');
        }
        else if (item.kind === 'error' || item.kind === 'oversize') {
          if (a.onError === 'fail') throw new DataError(item.bad.error, item.bad.shard, item.bad.line);
          await sink.record(item);
        } else if (item.kind === 'failed') {
          io.err(`winnow: ${item.shard}: FAILED after ${item.lines} lines: ${item.error}\n`);
          failed++;
          if (a.onError === 'fail') throw new DataError(item.error, item.shard, item.lines + 1);
        }
      }
      if (!stdout) {
        await out.close();
        errors += sink.count;
        await sink.close();
        if (!sink.count) await removeLocalFile(errorsPath); // an earlier run's errors of this shard are not this run's
      }
    }
    if (stdout) await stdout.close();
    if (pipeErrors) {
      errors += pipeErrors.count;
      await pipeErrors.close();
      if (hasEarlierFile(pipeErrors, a.errors)) io.err(earlierErrorsLine(a.errors));
    }
  } finally {
    session.close();
  }
  io.err(`winnow: scored ${scored} document(s) of ${shards.length} shard(s)${a.out ? ` into ${within(a.out, 'attributes')}/` : ''}\n`);
  if (errors) io.err(`winnow: ${errors} bad line(s) written to ${a.out ? `${within(a.out, 'errors')}/` : a.errors}\n`);
  return failedShardsExit(failed, io);
}
