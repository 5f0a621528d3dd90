/**
 * Directory mode for one shard: DIR/kept, dropped, errors, stats, timings, and the completion
 * marker DIR/done/<shard>, written last. A shard without a marker is redone from scratch; every
 * file is renamed into place only when complete, so a crash leaves nothing that looks finished.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openErrorSink } from '../io/error-sink.ts';
import { outputName } from '../io/output-names.ts';
import type { ShardInput } from '../io/reader.ts';
import { LineWriter, openOutput, removeStaleTemps, writeFileAtomic } from '../io/writer.ts';
import { statsJson, type Stats } from '../stats/stats.ts';
import { filterShard, type FilterContext } from './filter-shard.ts';

export interface DirOptions {
  /** Write dropped records (default) or discard them (`--discard-dropped`). */
  keepDropped: boolean;
  /** gzip outputs regardless of input compression (true/false), or follow the input (undefined). */
  compress?: boolean;
}

/** Paths of one shard's outputs under `dir`. */
export function shardPaths(dir: string, shard: string, compress?: boolean) {
  const out = outputName(shard, compress);
  return {
    kept: join(dir, 'kept', out),
    dropped: join(dir, 'dropped', out),
    errors: join(dir, 'errors', out),
    stats: join(dir, 'stats', `${shard}.json`),
    timings: join(dir, 'timings', `${shard}.json`),
    done: join(dir, 'done', shard),
  };
}

/** True when the shard's completion marker exists. */
export const isDone = (dir: string, shard: string): boolean => existsSync(shardPaths(dir, shard).done);

/** Filters one shard into `dir`; returns its stats. */
export async function filterShardToDir(input: ShardInput, dir: string, ctx: FilterContext, opts: DirOptions): Promise<Stats> {
  const p = shardPaths(dir, input.name, opts.compress);
  await Promise.all(Object.values(p).map(removeStaleTemps));
  const t0 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  const kept = new LineWriter(await openOutput(p.kept));
  const dropped = opts.keepDropped ? new LineWriter(await openOutput(p.dropped)) : null;
  const errors = await openErrorSink(p.errors);
  let stats: Stats;
  let bytes = 0;
  try {
    stats = await filterShard(input, { kept, dropped, errors, decisions: null }, { ...ctx, onDoc: (b) => { bytes += b; ctx.onDoc?.(b); } });
  } catch (e) {
    await Promise.all([kept.abort(), dropped?.abort(), errors.close()]);
    throw e;
  }
  await Promise.all([kept.close(), dropped?.close(), errors.close()]);
  await writeFileAtomic(p.stats, statsJson(stats));
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  await writeFileAtomic(
    p.timings,
    JSON.stringify({ shard: input.name, wall_s: wall, cpu_s: (cpu.user + cpu.system) / 1e6, docs_per_s: stats.docs.in / wall, mb_per_s: bytes / 1e6 / wall }) + '\n',
  );
  await writeFileAtomic(p.done, JSON.stringify({ shard: input.name, fingerprint: stats.fingerprint }) + '\n');
  return stats;
}
