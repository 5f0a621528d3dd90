/**
 * The `score` flow: per-document attributes in dolma's format, on stdout (one stream) or per
 * shard under DIR/attributes/, bad lines to an errors file (created only when a line is bad).
 */
import type { FilterConfig } from '../config/config.ts';
import { DataError } from '../errors.ts';
import { openSession } from '../exec/session.ts';
import { checkOutputNames, within } from '../exec/shard-dir.ts';
import { hasEarlierFile, openErrorSink, type ErrorSink } from '../io/error-sink.ts';
import { outputName } from '../io/output-names.ts';
import { refuseOutputsOverInputs } from '../io/overlap.ts';
import { readDocs, type ReadFailure, type ReadSinks } from '../io/read-docs.ts';
import type { ReadOptions } from '../io/reader.ts';
import { resolveShards } from '../io/shards.ts';
import { openOutput, removeLocalFile, stdoutOutput, type Output } from '../io/writer.ts';
import { dolmaAttributes, scoreDocs } from '../rules/score-step.ts';
import type { QualityModel } from '../formats/model.ts';
import type { Vocabulary } from '../vocab/vocabulary.ts';

export interface ScoreFlowOptions {
  /** Files, directories, globs, or `-` for stdin. */
  shards: readonly string[];
  config: FilterConfig;
  vocabulary?: Vocabulary | null;
  models?: ReadonlyMap<string, QualityModel>;
  /** Directory or s3:// prefix for attributes/ and errors/; without it, attributes go to stdout. */
  out?: string | undefined;
  /** The errors file when writing to stdout. */
  errors: string;
  onError?: 'skip' | 'fail';
  read?: Partial<ReadOptions>;
  /** Told of a shard not read to its end, when it happens (before `fail` stops the run). */
  onShardFailed?: (f: ReadFailure) => void;
}

export interface ScoreFlowResult {
  shards: number;
  scored: number;
  /** Bad lines written to the errors file(s). */
  errors: number;
  failed: ReadFailure[];
  /** Pipe mode had no bad line, but an errors file from an earlier run sits at its path. */
  earlierErrorsFile: boolean;
}

export async function score(o: ScoreFlowOptions): Promise<ScoreFlowResult> {
  const shards = await resolveShards(o.shards);
  if (o.out) checkOutputNames(shards.map((s) => s.name));
  refuseOutputsOverInputs(o.shards, shards, [
    { flag: '-o', path: o.out, dir: true },
    { flag: '--errors', path: o.out ? undefined : o.errors },
  ]);
  const session = openSession(o.config, o.vocabulary ?? null, o.models);
  const r: ScoreFlowResult = {
    shards: shards.length,
    scored: 0,
    errors: 0,
    failed: [],
    earlierErrorsFile: false,
  };
  try {
    const pipeErrors = o.out ? null : await openErrorSink(o.errors, true);
    const stdout = o.out ? null : stdoutOutput();
    for (const shard of shards) {
      const name = outputName(shard.name);
      const out: Output = stdout ?? (await openOutput(within(o.out!, 'attributes', name)));
      // Created only when a line is bad (an empty gzip file per shard said nothing).
      const errorsPath = within(o.out ?? '', 'errors', name);
      const sink: ErrorSink = pipeErrors ?? (await openErrorSink(errorsPath, true));
      const lines: ReadSinks = {
        async bad(item) {
          if (o.onError === 'fail')
            throw new DataError(item.bad.error, item.bad.shard, item.bad.line);
          await sink.record(item);
        },
        failed(f) {
          o.onShardFailed?.(f);
          r.failed.push(f);
          if (o.onError === 'fail') throw new DataError(f.error, f.shard, f.lines + 1);
        },
      };
      for await (const d of scoreDocs(
        readDocs(shard, lines, o.read),
        session.evaluator,
        session.tokenizer,
      )) {
        r.scored++;
        await out.write(JSON.stringify(dolmaAttributes(d)) + '\n');
      }
      if (!stdout) {
        await out.close();
        r.errors += sink.count;
        await sink.close();
        if (!sink.count) await removeLocalFile(errorsPath); // an earlier run's errors of this shard are not this run's
      }
    }
    if (stdout) await stdout.close();
    if (pipeErrors) {
      r.errors += pipeErrors.count;
      await pipeErrors.close();
      r.earlierErrorsFile = hasEarlierFile(pipeErrors, o.errors);
    }
  } finally {
    session.close();
  }
  return r;
}
