// The README's promises each point to the tests that hold them (issue 16): every test file it
// names exists, and each promise's paragraph names at least one.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './_helpers.ts';

const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
/** Paragraphs and list items: blank lines and "- " starts separate them. */
const paragraphs = readme.split(/\n\s*\n|\n(?=- )/);

test('every test file the README names exists', () => {
  const named = [...readme.matchAll(/`(test\/[^`*]+)`/g)].map((m) => m[1]!); // globs aside
  assert.ok(named.length >= 10, `${named.length} test files named`);
  for (const f of named) assert.ok(existsSync(join(repoRoot, f)), `${f} is named in README.md but does not exist`);
});

for (const promise of ['never stop a run', 'cannot run anything', 'exits 3 before writing anything', 'refused with exit 2', 'nothing queued']) {
  test(`the promise "${promise}" points to the tests that hold it`, () => {
    const p = paragraphs.filter((x) => x.replace(/\s+/g, ' ').includes(promise));
    assert.ok(p.length, `"${promise}" is not in README.md`);
    for (const x of p) assert.match(x, /`test\/[^`]+\.test\.ts`/, `no test named beside "${promise}"`);
  });
}

test('test/hostile/README.md names a test for each case, and the tests exist', () => {
  const hostile = readFileSync(join(repoRoot, 'test/hostile/README.md'), 'utf8');
  const rows = hostile.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| case'));
  assert.ok(rows.length >= 15);
  for (const row of rows) {
    const files = [...row.matchAll(/`([^`]+\.test\.ts)`/g)].map((m) => m[1]!);
    assert.ok(files.length, row);
    for (const f of files) assert.ok(existsSync(join(repoRoot, 'test/hostile', f)), `${f} (${row.slice(0, 40)}…)`);
  }
});

test.run();
