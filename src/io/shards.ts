/**
 * Which shards a command reads, and the names they go by: files, directories (searched
 * recursively for shard extensions), globs, or `-` for stdin. Names are paths relative to the
 * inputs' common root, so `a/p0.jsonl` and `b/p0.jsonl` keep distinct output names.
 */
import { stat, readdir } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { glob } from 'tinyglobby';
import { UsageError } from '../errors.ts';
import type { ShardInput } from './reader.ts';

/** File names that are shards when found in a directory. */
export const SHARD_PATTERN = /\.(jsonl|ndjson|json)(\.gz|\.zst|\.zstd)?$/i;

/** The name stdin's shard goes by. */
export const STDIN_NAME = 'stdin.jsonl';

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(p)));
    else if (e.isFile() && SHARD_PATTERN.test(e.name)) out.push(p);
  }
  return out;
}

async function kindOf(p: string): Promise<'file' | 'dir' | null> {
  try {
    const s = await stat(p);
    return s.isDirectory() ? 'dir' : 'file';
  } catch {
    return null;
  }
}

/** The deepest directory containing every path (absolute). */
export function commonRoot(paths: readonly string[]): string {
  if (!paths.length) return process.cwd();
  let parts = dirname(paths[0]!).split(sep);
  for (const p of paths.slice(1)) {
    const q = dirname(p).split(sep);
    let i = 0;
    while (i < parts.length && i < q.length && parts[i] === q[i]) i++;
    parts = parts.slice(0, i);
  }
  return parts.join(sep) || sep;
}

/**
 * Expands input specs into shards, sorted by name, without duplicates. Throws UsageError for a
 * spec that matches nothing, naming it.
 */
export async function resolveShards(specs: readonly string[]): Promise<ShardInput[]> {
  if (!specs.length) throw new UsageError('Expected at least one shard (a file, a directory, a glob, or - for stdin)');
  const files = new Set<string>();
  let stdin = false;
  for (const spec of specs) {
    if (spec === '-') {
      stdin = true;
      continue;
    }
    const kind = await kindOf(spec);
    if (kind === 'file') files.add(resolve(spec));
    else if (kind === 'dir') {
      const found = await walk(spec);
      if (!found.length) throw new UsageError(`No shards (*.jsonl, *.jsonl.gz, *.jsonl.zst, *.json) under directory ${spec}`);
      for (const f of found) files.add(resolve(f));
    } else {
      const found = await glob(spec, { absolute: true, onlyFiles: true, expandDirectories: false });
      if (!found.length) throw new UsageError(`No such file, directory or glob match: ${spec}`);
      for (const f of found) files.add(resolve(f));
    }
  }
  if (stdin && files.size) throw new UsageError('Expected either - (stdin) or files, not both');
  if (stdin) return [{ path: '-', name: STDIN_NAME }];
  const list = [...files];
  const root = commonRoot(list);
  return list
    .map((path) => ({ path, name: relative(root, path).split(sep).join('/') }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The shards rank `rank` of `world` takes: index i (in sorted order) with i mod world = rank. */
export function shardsOfRank<T>(shards: readonly T[], rank: number, world: number): T[] {
  if (!Number.isInteger(world) || world < 1) throw new UsageError(`Expected \`--world\` to be an integer >= 1, got ${world}`);
  if (!Number.isInteger(rank) || rank < 0 || rank >= world) {
    throw new UsageError(`Expected \`--rank\` to be an integer from 0 to ${world - 1}, got ${rank}`);
  }
  return shards.filter((_, i) => i % world === rank);
}
