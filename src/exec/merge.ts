/**
 * Merging per-shard stats into DIR/stats.json. Always from the per-shard files, in shard-name
 * order, so one process, W workers and W cluster ranks produce the same bytes. DIR may be an
 * `s3://bucket/prefix`.
 */
import { mergeAll, parseStats, statsJson, type Stats } from '../stats/stats.ts';
import * as store from '../io/store.ts';
import { UsageError } from '../errors.ts';
import { mapLimit } from './pool.ts';
import { within } from './shard-dir.ts';

/** Stats files read at once (S3 GETs in flight). */
const READS = 32;

/** Every per-shard stats file under `dir`; a missing folder is an error. */
async function listStatsFiles(dir: string): Promise<string[]> {
  if (!store.isRemote(dir) && !(await store.exists(dir))) throw new Error(`no such directory`);
  return (await store.list(dir)).filter((f) => f.endsWith('.json')).map((f) => within(dir, f));
}

/** Reads DIR/stats/<shard>.json for the given shards (or all of them) and merges them. */
export async function mergeShardStats(dir: string, shards?: readonly string[]): Promise<Stats> {
  const statsDir = within(dir, 'stats');
  let files: string[];
  try {
    files = shards
      ? shards.map((s) => within(statsDir, `${s}.json`))
      : await listStatsFiles(statsDir);
  } catch (e) {
    throw new UsageError(
      `No per-shard stats under ${statsDir}: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  if (!files.length) throw new UsageError(`No per-shard stats under ${statsDir}`);
  const list = await mapLimit(files, READS, async (f) => {
    try {
      return parseStats((await store.read(f)).toString('utf8'));
    } catch (e) {
      throw new UsageError(
        `Cannot read stats ${store.shown(f)}: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
  });
  try {
    return mergeAll(list);
  } catch (e) {
    // Stats of two filters in one directory: two runs with different configs wrote into it.
    throw new UsageError(
      `Cannot merge the stats under ${statsDir}: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
}

/** Merges and writes DIR/stats.json; returns the merged stats. */
export async function writeMergedStats(dir: string, shards?: readonly string[]): Promise<Stats> {
  const merged = await mergeShardStats(dir, shards);
  await store.writeAtomic(within(dir, 'stats.json'), statsJson(merged));
  return merged;
}
