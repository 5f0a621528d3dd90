// How a user installs winnow (issue 16, item 18): the package name is free of the unrelated
// `winnow` on the npm registry, the command stays `winnow`, the README's install lines use the
// package's name, and another folder imports the library by that name (what `npm link` gives it).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, tempDir } from './_helpers.ts';

const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');

test('the package is not named winnow (taken on npm), and installs the winnow command', () => {
  assert.is.not(pkg.name, 'winnow');
  assert.equal(Object.keys(pkg.bin), ['winnow']);
  assert.ok(existsSync(join(repoRoot, pkg.bin.winnow)));
});

test('the README says how to install it: npm install -g, npx and npm link, with the package name', () => {
  assert.match(readme, `npm install -g ${pkg.name}`);
  assert.match(readme, `npx ${pkg.name}`);
  assert.match(readme, 'npm link');
  for (const m of readme.matchAll(/from '([^']+)';/g))
    if (!m[1]!.startsWith('.')) assert.is(m[1], pkg.name, 'library imports in the README');
});

test('another folder imports the library by the package name (a linked install, as npm link makes)', () => {
  if (!existsSync(join(repoRoot, 'dist/index.js')))
    throw new Error('run `npm run build` first (the package entry is dist/index.js)');
  const other = tempDir();
  mkdirSync(join(other, 'node_modules'));
  symlinkSync(repoRoot, join(other, 'node_modules', pkg.name));
  const r = spawnSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `const w = await import(${JSON.stringify(pkg.name)}); console.log(typeof w.presetConfig, typeof w.readShard);`,
    ],
    { cwd: other, encoding: 'utf8' },
  );
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stdout.trim(), 'function function');
});

test.run();
