// Small modules named for what they hold (issue 15): no module in src/ is over 400 lines as
// Prettier formats it (`npm run lint` checks the formatting, this the length).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { repoRoot } from './_helpers.ts';

const MAX_LINES = 400;

function modules(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? modules(join(dir, e.name))
      : e.name.endsWith('.ts')
        ? [join(dir, e.name)]
        : [],
  );
}

test(`every module in src/ has at most ${MAX_LINES} lines`, () => {
  const all = modules(join(repoRoot, 'src'));
  assert.ok(all.length > 100, `${all.length} modules found`);
  const long = all
    .map((f) => ({ f: relative(repoRoot, f), n: readFileSync(f, 'utf8').split('\n').length - 1 }))
    .filter((m) => m.n > MAX_LINES)
    .map((m) => `${m.f}: ${m.n}`);
  assert.equal(long, []);
});

test.run();
