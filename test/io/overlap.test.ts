import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { linkSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { realPathOf, refuseOutputsOverInputs } from '../../src/io/overlap.ts';
import { UsageError } from '../../src/errors.ts';
import { tempDir } from '../_helpers.ts';

const dir = tempDir();
mkdirSync(join(dir, 'in/sub'), { recursive: true });
writeFileSync(join(dir, 'in/sub/p0.jsonl'), '{}\n');
symlinkSync(join(dir, 'in'), join(dir, 'link'));
const shards = [{ path: join(dir, 'in/sub/p0.jsonl'), name: 'sub/p0.jsonl' }];
const refused = (out: string, isDir = false, specs = [join(dir, 'in')]) => {
  try {
    refuseOutputsOverInputs(specs, shards, [{ flag: '-o', path: out, dir: isDir }]);
    return false;
  } catch (e) {
    assert.instance(e, UsageError);
    return true;
  }
};

test('realPathOf resolves links in the existing part of a path that does not exist yet', () => {
  assert.is(realPathOf(join(dir, 'link/new/x.jsonl')), join(realPathOf(dir), 'in/new/x.jsonl'));
  assert.is(realPathOf(join(dir, 'in/../in/sub')), join(realPathOf(dir), 'in/sub'));
});

test('an output is refused when it is an input, lies in an input directory, or (a directory) holds an input', () => {
  assert.ok(refused(join(dir, 'in/sub/p0.jsonl')));
  assert.ok(refused(join(dir, 'link/sub/p0.jsonl')), 'through a symlinked folder');
  assert.ok(refused(join(dir, 'link/out'), true), 'under the input directory');
  assert.ok(refused(join(dir, 'in/decisions.jsonl')), 'a file under the input directory');
  assert.ok(refused(dir, true, [shards[0]!.path]), 'a directory holding the input');
  assert.not.ok(refused(join(dir, 'out'), true));
  assert.not.ok(refused(join(dir, 'inner'), true), '"inner" is not inside "in"');
  assert.not.ok(refused('-'));
});

test('a hard link to an input is the input', () => {
  linkSync(shards[0]!.path, join(dir, 'hard.jsonl'));
  assert.ok(refused(join(dir, 'hard.jsonl'), false, []));
});

test('s3 outputs are compared by key prefix', () => {
  const s3 = [{ path: 's3://b/in/p0.jsonl', name: 'p0.jsonl' }];
  const check = (out: string, d: boolean) => {
    try {
      refuseOutputsOverInputs(['s3://b/in'], s3, [{ flag: '-o', path: out, dir: d }]);
      return false;
    } catch {
      return true;
    }
  };
  assert.ok(check('s3://b/in/out', true));
  assert.ok(check('s3://b', true));
  assert.not.ok(check('s3://b/out', true));
  assert.not.ok(check('s3://b/input', true));
});

test.run();
