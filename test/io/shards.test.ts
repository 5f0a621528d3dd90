import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveShards } from '../../src/io/shards.ts';
import { UsageError } from '../../src/errors.ts';
import { tempDir } from '../_helpers.ts';

test('a directory walk follows symlinks to shard files and folders (as find -L), reads each file once, and survives a loop', async () => {
  const dir = tempDir();
  const store = join(dir, 'store');
  mkdirSync(join(store, 'deep'), { recursive: true });
  writeFileSync(join(store, 'a.jsonl'), '{}\n');
  writeFileSync(join(store, 'deep/b.jsonl.gz'), '');
  const input = join(dir, 'in');
  mkdirSync(input);
  writeFileSync(join(input, 'own.jsonl'), '{}\n');
  symlinkSync(join(store, 'a.jsonl'), join(input, 'linked.jsonl'));
  symlinkSync(join(store, 'deep'), join(input, 'more'));
  symlinkSync(input, join(input, 'loop')); // a folder linking to itself
  symlinkSync(join(input, 'own.jsonl'), join(input, 'zz-again.jsonl')); // the same file twice
  const names = (await resolveShards([input])).map((s) => s.name);
  assert.equal(names, ['linked.jsonl', 'more/b.jsonl.gz', 'own.jsonl']);
});

test('a symlinked shard that leads nowhere is an error naming it, not a shard left out', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'ok.jsonl'), '{}\n');
  symlinkSync(join(dir, 'gone.jsonl'), join(dir, 'broken.jsonl'));
  try {
    await resolveShards([dir]);
    assert.unreachable('expected a UsageError');
  } catch (e) {
    assert.instance(e, UsageError);
    assert.match((e as Error).message, 'broken.jsonl is a symbolic link to nothing');
  }
});

test.run();
