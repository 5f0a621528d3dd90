import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, spawnSync } from 'node:child_process';
import { cliArgs } from './_run.ts';
import { tempDir } from '../_helpers.ts';

const cwd = tempDir(); // bad lines of a stdin shard go to ./winnow-errors.jsonl

/** The CLI from source in a real process, `input` on its stdin. */
const winnow = (input: string, ...argv: string[]) =>
  spawnSync(process.execPath, cliArgs(...argv), { input, cwd, encoding: 'utf8' });

const docs = '{"id":"a","text":"hello world"}\n{"id":"b","text":"x"}\nnot json\n';

test('count - reads the shard from stdin (yargs alone drops a lone "-")', () => {
  const r = winnow(docs, 'count', '-', '--tokenizer', 'none', '--json');
  assert.is(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(
    j.shards.map((s: { shard: string }) => s.shard),
    ['stdin.jsonl'],
  );
  assert.equal([j.total.docs, j.total.errors], [2, 1]);
});

test('filter - --dry-run --decisions - writes the decisions to stdout', () => {
  const r = winnow(
    docs,
    'filter',
    '-',
    '--preset',
    'c4',
    '--tokenizer',
    'none',
    '--dry-run',
    '--decisions',
    '-',
  );
  assert.is(r.status, 0, r.stderr);
  const lines = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.equal(
    lines.map((d) => [d.id, d.shard, d.line, d.keep]),
    [
      ['a', 'stdin.jsonl', 1, false],
      ['b', 'stdin.jsonl', 2, false],
    ],
  );
});

test('a reader that closes the pipe early (| head) ends the command quietly with exit 0', async () => {
  const many =
    Array.from({ length: 20000 }, (_, i) =>
      JSON.stringify({ id: String(i), text: `document ${i} has a few words.` }),
    ).join('\n') + '\n';
  const child = spawn(
    process.execPath,
    cliArgs('filter', '-', '--preset', 'c4', '--tokenizer', 'none', '--dry-run'),
    { cwd },
  );
  let err = '';
  child.stderr.on('data', (b) => (err += b));
  child.stdin.on('error', () => {}); // the child may stop reading before it has all of it
  child.stdin.end(many);
  // Read the first chunk of decisions, then close our end, as head does.
  await new Promise<void>((res) =>
    child.stdout.once('data', () => {
      child.stdout.destroy();
      res();
    }),
  );
  const code = await new Promise<number | null>((res) => child.on('close', (c) => res(c)));
  assert.is(code, 0, err);
  assert.not.match(err, 'EPIPE');
});

test.run();
