import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { cliArgs } from './_run.ts';
import { join, relative } from 'node:path';
import { importGraph } from '../../scripts/cycles.ts';
import { repoRoot } from '../_helpers.ts';

test('winnow --help lists every verb, and says where the sub-actions and the browser labeler are', () => {
  const r = spawnSync(process.execPath, cliArgs('--help'), { encoding: 'utf8' });
  assert.is(r.status, 0, r.stderr);
  const help = r.stdout.replace(/\s+/g, ' ');
  for (const verb of [
    'count',
    'vocab',
    'score',
    'filter',
    'run',
    'merge',
    'slurm',
    'sample',
    'label',
    'audit',
    'report',
    'train',
    'demo',
    'config',
    'dedup',
  ]) {
    assert.match(help, `winnow ${verb} `, verb);
  }
  for (const said of [
    'with --serve, in a browser page',
    'audit plan:',
    'audit pairs:',
    'dedup minhash:',
    'dedup exact:',
  ])
    assert.match(help, said);
});

test('the CLI is flags -> options -> flow -> print: nothing under src/cli imports io/ or exec/', () => {
  const src = join(repoRoot, 'src');
  const edges = [...importGraph(join(src, 'cli'))].flatMap(([file, deps]) =>
    deps.map((d) => `${relative(src, file)} -> ${relative(src, d)}`),
  );
  assert.equal(
    edges.filter((e) => / -> (io|exec)\//.test(e)),
    [],
  );
});

test.run();
