/**
 * Directory mode for one shard: DIR/kept, dropped, errors, stats, timings, and the completion
 * marker DIR/done/<shard>, written last (and not for a shard that failed part-way). A shard without a marker is redone from scratch; every
 * file is renamed into place only when complete, so a crash leaves nothing that looks finished.
 * DIR may be an `s3://bucket/prefix`: each object then appears at its key only when complete,
 * and the marker is written only if absent.
 */
import { openErrorSink } from '../io/error-sink.ts';
import { outputName } from '../io/output-names.ts';
import type { ReadOptions, ShardInput } from '../io/reader.ts';
import * as store from '../io/store.ts';
import { storageFailure } from '../io/store.ts';
import { UsageError } from '../errors.ts';
import { LineWriter, openOutput, writeFileAtomic, writeMarker } from '../io/writer.ts';
import { removeStaleTemps, sweepTempsOnExit } from '../io/temps.ts';
import { statsJson, type Stats } from '../stats/stats.ts';
import {
  parseDoneMarker,
  parseRunSettings,
  serializeDoneMarker,
  serializeRunSettings,
  type DoneMarker,
  type RunSettings,
} from '../formats/run-json.ts';
import { filterShard, type FilterContext } from './filter-shard.ts';
import { threadCpuSeconds } from '../io/thread-cpu.ts';

export interface DirOptions {
  /** Write dropped records (default) or discard them (`--discard-dropped`). */
  keepDropped: boolean;
  /** gzip outputs regardless of input compression (true/false), or follow the input (undefined). */
  compress?: boolean;
}

/** `dir/part/...` for a folder or an `s3://` prefix. */
export const within = store.join;

/** Paths of one shard's outputs under `dir`. */
export function shardPaths(dir: string, shard: string, compress?: boolean) {
  const out = outputName(shard, compress);
  return {
    kept: within(dir, 'kept', out),
    dropped: within(dir, 'dropped', out),
    errors: within(dir, 'errors', out),
    stats: within(dir, 'stats', `${shard}.json`),
    timings: within(dir, 'timings', `${shard}.json`),
    done: within(dir, 'done', shard),
  };
}

/** True when the shard's completion marker exists, in a folder or on S3. */
export const shardDone = (dir: string, shard: string): Promise<boolean> =>
  store.exists(shardPaths(dir, shard).done);

/** Names of every shard with a completion marker under `dir` (one listing; empty when none). */
export const listDone = async (dir: string): Promise<Set<string>> =>
  new Set(await store.list(within(dir, 'done')));

/**
 * Refuses inputs whose outputs would share a file: `x.jsonl` and `x.json` both give
 * `kept/x.jsonl`, and `x.jsonl.gz` and `x.jsonl.zst` both `kept/x.jsonl.gz`; the second shard
 * would overwrite the first's outputs while the stats counted both.
 */
export function checkOutputNames(shards: readonly string[], compress?: boolean): void {
  const seen = new Map<string, string>();
  for (const s of shards) {
    const out = outputName(s, compress);
    const other = seen.get(out);
    if (other !== undefined) {
      throw new UsageError(
        `${other} and ${s} would both be written as ${out} (in kept/, dropped/ and errors/): rename one, or filter them into separate output directories`,
      );
    }
    seen.set(out, s);
  }
}

export type { RunSettings } from '../formats/run-json.ts';

/** RunSettings of a run with these options. */
export const runSettings = (
  fingerprint: string,
  read: ReadOptions,
  dir: DirOptions,
): RunSettings => ({
  fingerprint,
  text_field: read.textField,
  id_field: read.idField,
  max_line_bytes: read.maxLineBytes,
  compress: dir.compress ?? null,
  keep_dropped: dir.keepDropped,
});

/** A small JSON file (DIR/run.json or a completion marker) parsed, or undefined when absent. */
async function readSmall<T>(
  file: string,
  parse: (text: string, source: string) => T,
): Promise<T | undefined> {
  if (!(await store.exists(file))) return undefined;
  let text: string;
  try {
    text = await store.readText(file);
  } catch (e) {
    throw new UsageError(`Cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  try {
    return parse(text, file);
  } catch (e) {
    throw new UsageError(`Cannot read ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Markers read at once (S3 GETs in flight). */
const MARKER_READS = 32;

/**
 * Refuses completed shards among `shards` whose markers name another filter: two runs with
 * different configs wrote into one directory, and skipping their shards as done would pass
 * another filter's outputs off as this run's.
 */
async function checkMarkers(
  dir: string,
  done: ReadonlySet<string>,
  shards: readonly string[],
  fingerprint: string,
): Promise<void> {
  const mine = shards.filter((s) => done.has(s));
  const markers: (DoneMarker | undefined)[] = [];
  for (let i = 0; i < mine.length; i += MARKER_READS) {
    markers.push(
      ...(await Promise.all(
        mine
          .slice(i, i + MARKER_READS)
          .map((s) => readSmall(within(dir, 'done', s), parseDoneMarker)),
      )),
    );
  }
  const foreign = mine.filter((_, i) => markers[i] && markers[i]!.fingerprint !== fingerprint);
  if (foreign.length) {
    const first = markers[mine.indexOf(foreign[0]!)]!;
    throw new UsageError(
      `${dir} holds ${foreign.length} shard(s) completed by another filter (e.g. ${within(dir, 'done', foreign[0]!)}: ${first.fingerprint}; this run's is ${fingerprint}): ` +
        "two runs with different configs wrote into this directory. Use a new output directory, or remove those shards' outputs and markers",
    );
  }
}

/** What an output directory holds: its completed shards and what DIR/run.json records. */
export interface RunDir {
  done: Set<string>;
  recorded: Partial<RunSettings> | undefined;
}

/**
 * True when a recorded setting and this run's give the same output bytes for `shards`. Two
 * `compress` values only decide output names, so `null` (follow the input) equals `false` on
 * plain inputs and `true` on compressed ones: a resumed run skips and writes exactly the files
 * the recorded setting would, and run.json still describes the directory.
 */
function sameOutputs(
  key: keyof RunSettings,
  theirs: unknown,
  mine: unknown,
  shards: readonly string[],
): boolean {
  if (theirs === mine) return true;
  const isCompress = (v: unknown): v is boolean | null => v === null || typeof v === 'boolean';
  if (key !== 'compress' || !isCompress(theirs) || !isCompress(mine)) return false;
  return shards.every(
    (s) => outputName(s, theirs ?? undefined) === outputName(s, mine ?? undefined),
  );
}

/**
 * Refuses an output directory whose completed shards were made with another filter or other
 * output options: they would be skipped as done and their outputs reported as this run's. A
 * directory with no completed shard (an interrupted first attempt) may be reused with anything.
 * Options are compared by what they do to `shards` (this run's inputs, all ranks): completed
 * shards of other inputs are neither rewritten nor counted.
 */
export async function checkRunDir(
  dir: string,
  settings: RunSettings,
  shards: readonly string[],
): Promise<RunDir> {
  if (store.isFile(dir)) {
    throw new UsageError(`Expected an output directory, but ${dir} is a file`);
  }
  const done = await listDone(dir);
  const recorded = await readSmall(within(dir, 'run.json'), parseRunSettings);
  if (!done.size) return { done, recorded };
  // Directories from before run.json: a marker says which filter completed its shard.
  const theirs = recorded ?? {
    fingerprint: (await readSmall(within(dir, 'done', [...done].sort()[0]!), parseDoneMarker))
      ?.fingerprint,
  };
  if (theirs.fingerprint !== undefined && theirs.fingerprint !== settings.fingerprint) {
    throw new UsageError(
      `${dir} holds a run of another filter (fingerprint ${theirs.fingerprint}; this config's is ${settings.fingerprint}). ` +
        `Its ${done.size} completed shard(s) would be kept as they are: use a new output directory, or remove ${dir}`,
    );
  }
  const differ = (Object.keys(settings) as (keyof RunSettings)[]).filter(
    (k) => k !== 'fingerprint' && k in theirs && !sameOutputs(k, theirs[k], settings[k], shards),
  );
  if (differ.length) {
    const show = differ
      .map((k) => `${k} ${JSON.stringify(theirs[k])} there, ${JSON.stringify(settings[k])} here`)
      .join('; ');
    throw new UsageError(
      `${dir} was filled with other output options (${show}). Its ${done.size} completed shard(s) would be kept as they are: rerun with the same options, or use a new output directory`,
    );
  }
  await checkMarkers(dir, done, shards, settings.fingerprint);
  return { done, recorded };
}

/**
 * `checkRunDir`, then records the settings in DIR/run.json unless they are there already (so the
 * tasks of a cluster job rarely write it at all). Warns, through `warn`, about completed shards
 * that are not among `shards`: their outputs sit in DIR but this run's merged stats leave them out.
 */
export async function claimRunDir(
  dir: string,
  settings: RunSettings,
  shards: readonly string[],
  warn: (s: string) => void,
): Promise<void> {
  sweepTempsOnExit(dir); // worker threads write here: an interrupted run removes their temporaries too
  checkOutputNames(shards, settings.compress ?? undefined);
  const { done, recorded } = await checkRunDir(dir, settings, shards);
  // Settings are written for a directory without completed shards only: a directory from an
  // earlier version records fewer (or none), and its shards' options are not known to be these.
  // A new directory's run.json is created exclusively, before any shard starts: of two runs
  // started into one new directory, the second finds the first's and is refused if it differs.
  if (!done.size) {
    const same = (r: Partial<RunSettings> | undefined) =>
      r && (Object.keys(settings) as (keyof RunSettings)[]).every((k) => r[k] === settings[k]);
    const file = within(dir, 'run.json');
    if (!recorded) {
      if ((await store.putIfAbsent(file, serializeRunSettings(settings))) === 'exists') {
        const theirs = await readSmall(file, parseRunSettings);
        if (!same(theirs)) {
          throw new UsageError(
            `${dir} was claimed by another run a moment ago (${file}: fingerprint ${theirs?.fingerprint}; this run's is ${settings.fingerprint}): use a new output directory`,
          );
        }
      }
    } else if (!same(recorded)) await store.writeAtomic(file, serializeRunSettings(settings));
  }
  const mine = new Set(shards);
  const others = [...done].filter((s) => !mine.has(s));
  if (others.length) {
    warn(
      `winnow: ${dir} also holds ${others.length} completed shard(s) that are not among these inputs (e.g. ${others.sort()[0]}); their outputs stay, and this run's stats leave them out\n`,
    );
  }
}

/** Filters one shard into `dir`; returns its stats. */
export async function filterShardToDir(
  input: ShardInput,
  dir: string,
  ctx: FilterContext,
  opts: DirOptions,
): Promise<Stats> {
  const p = shardPaths(dir, input.name, opts.compress);
  await Promise.all(Object.values(p).map(removeStaleTemps));
  const t0 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  const thread0 = threadCpuSeconds();
  const kept = new LineWriter(await openOutput(p.kept));
  const dropped = opts.keepDropped ? new LineWriter(await openOutput(p.dropped)) : null;
  const errors = await openErrorSink(p.errors);
  let stats: Stats;
  let bytes = 0;
  try {
    stats = await filterShard(
      input,
      { kept, dropped, errors, decisions: null },
      {
        ...ctx,
        onDoc: (b) => {
          bytes += b;
          ctx.onDoc?.(b);
        },
      },
    );
    // S3 failing (after its retries) is not a property of the shard: no marker, a rerun redoes it.
    const lost = storageFailure(input.path);
    if (lost)
      throw new Error(
        `${input.name}: S3 read failed; the shard is left incomplete for a rerun: ${lost.message}`,
      );
  } catch (e) {
    await Promise.all([kept.abort(), dropped?.abort(), errors.close()]);
    throw e;
  }
  await Promise.all([kept.close(), dropped?.close(), errors.close()]);
  await writeFileAtomic(p.stats, statsJson(stats));
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  const thread1 = threadCpuSeconds();
  await writeFileAtomic(
    p.timings,
    JSON.stringify({
      shard: input.name,
      wall_s: wall,
      // The thread that read and scored this shard (null off Linux); the process figure also
      // holds zlib and the compiler's threads, and with several workers their shards too.
      thread_cpu_s: thread0 === null || thread1 === null ? null : thread1 - thread0,
      process_cpu_s: (cpu.user + cpu.system) / 1e6,
      docs_per_s: stats.docs.in / wall,
      mb_per_s: bytes / 1e6 / wall,
    }) + '\n',
  );
  // A shard that could not be read to its end (a truncated gzip) keeps what was read and its
  // stats, but no marker: it is not complete, so a rerun redoes it (fixed or not) and the
  // command exits 1 again rather than skipping it for good.
  if (Object.keys(stats.failed).length === 0) {
    await writeMarker(
      p.done,
      serializeDoneMarker({ shard: input.name, fingerprint: stats.fingerprint }),
    );
  }
  return stats;
}
