/**
 * Which shards a command reads, and the names they go by: files, directories (searched
 * recursively for shard extensions), globs, or `-` for stdin; or S3 objects, prefixes and globs
 * (`s3://bucket/shards/*.jsonl.gz`). Names are paths relative to the inputs' common root, so
 * `a/p0.jsonl` and `b/p0.jsonl` keep distinct output names, and the same shards read from a
 * folder or from S3 go by the same names (and so give the same stats).
 */
import { realpath, stat, readdir } from 'node:fs/promises';
import { dirname, join, posix, relative, resolve, sep } from 'node:path';
import { glob } from 'tinyglobby';
import { UsageError } from '../errors.ts';
import type { ShardInput } from './reader.ts';
import { isS3Uri, parseS3Uri, s3Exists, s3List } from './s3.ts';

/** File names that are shards when found in a directory. */
export const SHARD_PATTERN = /\.(jsonl|ndjson|json)(\.gz|\.zst|\.zstd)?$/i;

/** The name stdin's shard goes by. */
export const STDIN_NAME = 'stdin.jsonl';

/**
 * Shard files under `dir`, recursively. Symbolic links are followed, to files and to directories
 * (as `find -L` does); a directory reached again through a link (a loop) is not walked twice, and
 * a link that leads nowhere is an error rather than a shard left out without a word.
 */
async function walk(dir: string, seen = new Set<string>()): Promise<string[]> {
  const id = await realpath(dir);
  if (seen.has(id)) return [];
  seen.add(id);
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    let kind: 'dir' | 'file' | 'other' = e.isDirectory() ? 'dir' : e.isFile() ? 'file' : 'other';
    if (e.isSymbolicLink()) {
      const target = await stat(p).catch(() => null);
      if (!target) {
        if (SHARD_PATTERN.test(e.name))
          throw new UsageError(`Input ${p} is a symbolic link to nothing (its target is missing)`);
        continue;
      }
      kind = target.isDirectory() ? 'dir' : target.isFile() ? 'file' : 'other';
    }
    if (kind === 'dir') out.push(...(await walk(p, seen)));
    else if (kind === 'file' && SHARD_PATTERN.test(e.name)) out.push(p);
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
  if (!specs.length)
    throw new UsageError(
      'Expected at least one shard (a file, a directory, a glob, or - for stdin)',
    );
  const remote = specs.filter(isS3Uri).length;
  if (remote && remote < specs.length)
    throw new UsageError('Expected either s3:// inputs or local ones, not both');
  if (remote) return resolveS3Shards(specs);
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
      if (!found.length)
        throw new UsageError(
          `No shards (*.jsonl, *.jsonl.gz, *.jsonl.zst, *.json) under directory ${spec}`,
        );
      for (const f of found) files.add(resolve(f));
    } else {
      const found = await glob(spec, { absolute: true, onlyFiles: true, expandDirectories: false });
      if (!found.length) throw new UsageError(`No such file, directory or glob match: ${spec}`);
      for (const f of found) files.add(resolve(f));
    }
  }
  if (stdin && files.size) throw new UsageError('Expected either - (stdin) or files, not both');
  if (stdin) return [{ path: '-', name: STDIN_NAME }];
  // A file reached twice (a link beside its target, a directory and a glob over it) is read once.
  const byReal = new Map<string, string>();
  for (const f of [...files].sort()) {
    const r = await realpath(f);
    if (!byReal.has(r)) byReal.set(r, f);
  }
  const list = [...byReal.values()];
  const root = commonRoot(list);
  return list
    .map((path) => ({ path, name: relative(root, path).split(sep).join('/') }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

const GLOB_CHARS = /[*?[{]/;

/**
 * A glob as a regular expression over whole keys, with the usual shell meanings: `*` and `?`
 * stay within one path segment, `**` spans any number of segments (`a/**` + `/b` matches `a/b`),
 * `[...]` / `[!...]` are character classes, `{x,y}` alternatives.
 */
export function globToRegExp(pattern: string): RegExp {
  let i = 0;
  const parse = (inBraces: boolean): string => {
    let out = '';
    while (i < pattern.length) {
      const c = pattern[i]!;
      if (inBraces && (c === ',' || c === '}')) return out;
      i++;
      if (c === '*') {
        if (pattern[i] === '*') {
          i++;
          if (pattern[i] === '/') {
            i++;
            out += '(?:[^/]*/)*';
          } else out += '.*';
        } else out += '[^/]*';
      } else if (c === '?') out += '[^/]';
      else if (c === '[') {
        const end = pattern.indexOf(']', i + 1);
        if (end < 0) out += '\\[';
        else {
          let body = pattern.slice(i, end);
          if (body.startsWith('!')) body = '^' + body.slice(1);
          out += `[${body.replace(/\\/g, '\\\\')}]`;
          i = end + 1;
        }
      } else if (c === '{') {
        const alts: string[] = [];
        for (;;) {
          alts.push(parse(true));
          const d = pattern[i++];
          if (d !== ',') break;
        }
        out += `(?:${alts.join('|')})`;
      } else if (c === '\\' && i < pattern.length)
        out += pattern[i++]!.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      else out += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    }
    return out;
  };
  return new RegExp(`^${parse(false)}$`);
}

/**
 * S3 specs: an object key, a prefix (every shard-named object under `prefix/`), or a glob
 * (listing from the literal prefix before the first wildcard).
 */
async function resolveS3Shards(specs: readonly string[]): Promise<ShardInput[]> {
  const uris = new Set<string>();
  for (const spec of specs) {
    const { bucket, key } = parseS3Uri(spec);
    const wild = key.search(GLOB_CHARS);
    if (wild >= 0) {
      const literal = key.slice(0, wild);
      const prefix = literal.slice(0, literal.lastIndexOf('/') + 1);
      const re = globToRegExp(key);
      const found = (await s3List(`s3://${bucket}/${prefix}`)).filter((o) => re.test(o.key));
      if (!found.length) throw new UsageError(`No S3 object matches ${spec}`);
      for (const o of found) uris.add(o.uri);
      continue;
    }
    if (key && !key.endsWith('/') && (await s3Exists(spec))) {
      uris.add(`s3://${bucket}/${key}`);
      continue;
    }
    const prefix = key && !key.endsWith('/') ? `${key}/` : key;
    const found = (await s3List(`s3://${bucket}/${prefix}`)).filter((o) =>
      SHARD_PATTERN.test(o.key),
    );
    if (!found.length)
      throw new UsageError(
        `No such S3 object, and no shards (*.jsonl, *.jsonl.gz, *.jsonl.zst, *.json) under ${spec}`,
      );
    for (const o of found) uris.add(o.uri);
  }
  // Names relative to the deepest common "folder" of bucket/key, exactly as for local files.
  const paths = [...uris].map((u) => u.slice('s3://'.length));
  let root = posix.dirname(paths[0]!).split('/');
  for (const p of paths.slice(1)) {
    const q = posix.dirname(p).split('/');
    let i = 0;
    while (i < root.length && i < q.length && root[i] === q[i]) i++;
    root = root.slice(0, i);
  }
  const base = root.join('/');
  return paths
    .map((p) => ({ path: `s3://${p}`, name: base ? p.slice(base.length + 1) : p }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The shards rank `rank` of `world` takes: index i (in sorted order) with i mod world = rank. */
export function shardsOfRank<T>(shards: readonly T[], rank: number, world: number): T[] {
  if (!Number.isInteger(world) || world < 1)
    throw new UsageError(`Expected \`--world\` to be an integer >= 1, got ${world}`);
  if (!Number.isInteger(rank) || rank < 0 || rank >= world) {
    throw new UsageError(
      `Expected \`--rank\` to be an integer from 0 to ${world - 1}, got ${rank}`,
    );
  }
  return shards.filter((_, i) => i % world === rank);
}
