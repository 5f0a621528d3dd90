/**
 * Merging per-shard stats into DIR/stats.json. Always from the per-shard files, in shard-name
 * order, so one process, W workers and W cluster ranks produce the same bytes. DIR may be an
 * `s3://bucket/prefix`.
 */
import { readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { mergeAll, parseStats, statsJson, type Stats } from '../stats/stats.ts';
import { isS3Uri, s3List } from '../io/s3.ts';
import { readBytes } from '../io/source.ts';
import { writeFileAtomic } from '../io/writer.ts';
import { UsageError } from '../errors.ts';
import { mapLimit } from './pool.ts';
import { within } from './shard-dir.ts';

/** Stats files read at once (S3 GETs in flight). */
const READS = 32;

async function listStatsFiles(dir: string): Promise<string[]> {
  if (isS3Uri(dir)) {
    return (await s3List(`${dir}/`)).map((o) => o.uri).filter((u) => u.endsWith('.json')).sort();
  }
  const out: string[] = [];
  const walk = async (d: string) => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.name.endsWith('.json') && !e.name.includes('.tmp-')) out.push(p);
    }
  };
  await walk(dir);
  return out.sort();
}

const shown = (f: string): string => (isS3Uri(f) ? f : relative(process.cwd(), f).split(sep).join('/'));

/** Reads DIR/stats/<shard>.json for the given shards (or all of them) and merges them. */
export async function mergeShardStats(dir: string, shards?: readonly string[]): Promise<Stats> {
  const statsDir = within(dir, 'stats');
  let files: string[];
  try {
    files = shards ? shards.map((s) => within(statsDir, `${s}.json`)) : await listStatsFiles(statsDir);
  } catch (e) {
    throw new UsageError(`No per-shard stats under ${statsDir}: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!files.length) throw new UsageError(`No per-shard stats under ${statsDir}`);
  const list = await mapLimit(files, READS, async (f) => {
    try {
      return parseStats((await readBytes(f)).toString('utf8'));
    } catch (e) {
      throw new UsageError(`Cannot read stats ${shown(f)}: ${e instanceof Error ? e.message : String(e)}`);
    }
  });
  return mergeAll(list);
}

/** Merges and writes DIR/stats.json; returns the merged stats. */
export async function writeMergedStats(dir: string, shards?: readonly string[]): Promise<Stats> {
  const merged = await mergeShardStats(dir, shards);
  await writeFileAtomic(within(dir, 'stats.json'), statsJson(merged));
  return merged;
}
