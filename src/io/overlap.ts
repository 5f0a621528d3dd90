/**
 * Outputs kept apart from inputs: a command refuses, before it writes anything, an output that is
 * an input, lies under an input directory (a later run would read it as a shard), or is a
 * directory holding an input (its kept/ or stats would write over it). Paths are compared by
 * real path (symlinks and `..` resolved; an output that does not exist yet by its deepest
 * existing ancestor), and an existing output file also by device and inode (hard links).
 */
import { realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, isAbsolute } from 'node:path';
import { UsageError } from '../errors.ts';
import type { ShardInput } from './reader.ts';
import { isS3Uri } from './s3.ts';

/** One output of a command: its flag (`--decisions`, `-o`), the path, and whether it is a directory. */
export interface OutputPath {
  readonly flag: string;
  readonly path: string | undefined;
  readonly dir?: boolean;
}

/** The real path of `p`, which need not exist: its deepest existing ancestor resolved, the rest appended. */
export function realPathOf(p: string): string {
  const abs = resolve(p);
  const rest: string[] = [];
  let cur = abs;
  for (;;) {
    try {
      return join(realpathSync(cur), ...rest.reverse());
    } catch {
      const up = dirname(cur);
      if (up === cur) return abs;
      rest.push(basename(cur));
      cur = up;
    }
  }
}

/** True when `inner` is `outer` or lies under it (both absolute, or both s3:// URIs). */
function within(outer: string, inner: string): boolean {
  if (isS3Uri(outer) || isS3Uri(inner)) {
    const o = outer.replace(/\/+$/, '');
    return inner === o || inner.startsWith(`${o}/`);
  }
  const r = relative(outer, inner);
  return r === '' || (!r.startsWith('..') && !isAbsolute(r));
}

const isDir = (p: string): boolean => {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
};

/** The same file by device and inode (a hard link), when both exist. */
function sameFile(a: string, b: string): boolean {
  try {
    const x = statSync(a);
    const y = statSync(b);
    return x.isFile() && x.dev === y.dev && x.ino === y.ino;
  } catch {
    return false;
  }
}

/**
 * Throws a UsageError (exit 2) naming the flag, the output and the input when an output would
 * overwrite an input or be read as one later. `specs` are the inputs as given (directories among
 * them are input folders); `shards` the files they resolved to. Stdout (`-`) is never an input.
 */
export function refuseOutputsOverInputs(
  specs: readonly string[],
  shards: readonly ShardInput[],
  outputs: readonly OutputPath[],
): void {
  const real = (p: string) => (isS3Uri(p) ? p : realPathOf(p));
  const files = shards
    .filter((s) => s.path !== '-')
    .map((s) => ({ given: s.path, real: real(s.path) }));
  const dirs = specs
    .filter((s) => s !== '-' && (isS3Uri(s) ? !/[*?[{]/.test(s) : isDir(s)))
    .map((s) => ({ given: s, real: real(s) }));
  for (const o of outputs) {
    if (o.path === undefined || o.path === '-') continue;
    const out = real(o.path);
    const refuse = (why: string) => {
      throw new UsageError(
        `Refusing ${o.flag} ${o.path}: ${why}; choose an output outside the inputs`,
      );
    };
    for (const f of files) {
      if (out === f.real || (!isS3Uri(out) && sameFile(out, f.real)))
        refuse(`it is the input ${f.given}, which writing would destroy`);
      if (o.dir && within(out, f.real))
        refuse(`the input ${f.given} lies inside it, so its outputs could write over it`);
    }
    for (const d of dirs) {
      if (within(d.real, out))
        refuse(
          `it lies inside the input directory ${d.given}, so a later run would read it as a shard`,
        );
      if (o.dir && within(out, d.real))
        refuse(`the input directory ${d.given} lies inside it, so its outputs could write over it`);
    }
  }
}
