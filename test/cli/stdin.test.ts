import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot, tempDir } from '../_helpers.ts';

const cwd = tempDir(); // bad lines of a stdin shard go to ./winnow-errors.jsonl

/** The CLI from source in a real process, `input` on its stdin. */
const winnow = (input: string, ...argv: string[]) =>
  spawnSync(process.execPath, [join(repoRoot, 'node_modules/tsx/dist/cli.mjs'), join(repoRoot, 'test/cli/_main.ts'), ...argv], { input, cwd, encoding: 'utf8' });

const docs = '{"id":"a","text":"hello world"}\n{"id":"b","text":"x"}\nnot json\n';

test('count - reads the shard from stdin (yargs alone drops a lone "-")', () => {
  const r = winnow(docs, 'count', '-', '--tokenizer', 'none', '--json');
  assert.is(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.shards.map((s: { shard: string }) => s.shard), ['stdin.jsonl']);
  assert.equal([j.total.docs, j.total.errors], [2, 1]);
});

test('filter - --dry-run --decisions - writes the decisions to stdout', () => {
  const r = winnow(docs, 'filter', '-', '--preset', 'c4', '--tokenizer', 'none', '--dry-run', '--decisions', '-');
  assert.is(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(lines.map((d) => [d.id, d.shard, d.line, d.keep]), [['a', 'stdin.jsonl', 1, false], ['b', 'stdin.jsonl', 2, false]]);
});

test.run();
