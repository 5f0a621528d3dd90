/**
 * Merging per-shard stats into DIR/stats.json. Always from the per-shard files, in shard-name
 * order, so one process, W workers and W cluster ranks produce the same bytes.
 */
import { readFile, readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { mergeAll, parseStats, statsJson, type Stats } from '../stats/stats.ts';
import { writeFileAtomic } from '../io/writer.ts';
import { UsageError } from '../errors.ts';

async function listStatsFiles(dir: string): Promise<string[]> {
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

/** Reads DIR/stats/<shard>.json for the given shards (or all of them) and merges them. */
export async function mergeShardStats(dir: string, shards?: readonly string[]): Promise<Stats> {
  const statsDir = join(dir, 'stats');
  let files: string[];
  try {
    files = shards ? shards.map((s) => join(statsDir, `${s}.json`)) : await listStatsFiles(statsDir);
  } catch (e) {
    throw new UsageError(`No per-shard stats under ${statsDir}: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!files.length) throw new UsageError(`No per-shard stats under ${statsDir}`);
  const list = await Promise.all(
    files.map(async (f) => {
      try {
        return parseStats(await readFile(f, 'utf8'));
      } catch (e) {
        throw new UsageError(`Cannot read stats ${relative(process.cwd(), f).split(sep).join('/')}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }),
  );
  return mergeAll(list);
}

/** Merges and writes DIR/stats.json; returns the merged stats. */
export async function writeMergedStats(dir: string, shards?: readonly string[]): Promise<Stats> {
  const merged = await mergeShardStats(dir, shards);
  await writeFileAtomic(join(dir, 'stats.json'), statsJson(merged));
  return merged;
}
