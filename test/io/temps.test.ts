import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { removeDirOnExit, removeOwnTemps } from '../../src/io/temps.ts';
import { tempDir } from '../_helpers.ts';

test('removeDirOnExit: the sweep removes the folder whole, until its owner says it is done with it', () => {
  const root = tempDir('winnow-temps-');
  const [swept, kept] = ['swept', 'kept'].map((n) => join(root, n));
  for (const d of [swept!, kept!]) {
    mkdirSync(join(d, 'inner'), { recursive: true });
    writeFileSync(join(d, 'inner', 'run-0'), 'x');
  }
  removeDirOnExit(swept!);
  const forget = removeDirOnExit(kept!);
  forget();
  assert.equal(removeOwnTemps(), []);
  assert.not.ok(existsSync(swept!));
  assert.ok(existsSync(join(kept!, 'inner', 'run-0')));
  assert.equal(removeOwnTemps(), [], 'a second sweep finds nothing to do');
});

test.run();
