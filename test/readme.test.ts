// The documentation's promises each point to the tests that hold them (issue 16): every test
// file the README or a page of docs/ names exists, and each promise's paragraph names one.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './_helpers.ts';

const pages = [
  'README.md',
  ...readdirSync(join(repoRoot, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];
const readme = pages.map((p) => readFileSync(join(repoRoot, p), 'utf8')).join('\n\n');
/** Paragraphs and list items: blank lines and "- " starts separate them. */
const paragraphs = readme.split(/\n\s*\n|\n(?=- )/);

test('every test file the README and docs/ name exists', () => {
  const named = [...readme.matchAll(/`(test\/[^`*]+)`/g)].map((m) => m[1]!); // globs aside
  assert.ok(named.length >= 10, `${named.length} test files named`);
  for (const f of named)
    assert.ok(
      existsSync(join(repoRoot, f)),
      `${f} is named in the README or docs/ but does not exist`,
    );
});

for (const promise of [
  'never stop a run',
  'cannot run anything',
  'exits 3 before writing anything',
  'refused with exit 2',
  'nothing queued',
]) {
  test(`the promise "${promise}" points to the tests that hold it`, () => {
    const p = paragraphs.filter((x) => x.replace(/\s+/g, ' ').includes(promise));
    assert.ok(p.length, `"${promise}" is in neither the README nor docs/`);
    for (const x of p)
      assert.match(x, /`test\/[^`]+\.test\.ts`/, `no test named beside "${promise}"`);
  });
}

test('test/hostile/README.md names a test for each case, and the tests exist', () => {
  const hostile = readFileSync(join(repoRoot, 'test/hostile/README.md'), 'utf8');
  const rows = hostile.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| case'));
  assert.ok(rows.length >= 15);
  for (const row of rows) {
    const files = [...row.matchAll(/`([^`]+\.test\.ts)`/g)].map((m) => m[1]!);
    assert.ok(files.length, row);
    for (const f of files)
      assert.ok(existsSync(join(repoRoot, 'test/hostile', f)), `${f} (${row.slice(0, 40)}…)`);
  }
});

test('every page of docs/ the README links to exists, and every page of docs/ is linked', () => {
  const front = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const linked = new Set([...front.matchAll(/\]\((docs\/[^)#]+)\)/g)].map((m) => m[1]!));
  for (const f of linked)
    assert.ok(existsSync(join(repoRoot, f)), `${f} is linked from README.md but does not exist`);
  for (const p of pages.filter((p) => p.startsWith('docs/')))
    assert.ok(linked.has(p), `${p} is not linked from README.md`);
});

test.run();
