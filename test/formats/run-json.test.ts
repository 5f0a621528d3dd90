/**
 * DIR/run.json and completion markers (issue 16 item 9): run.json is claimed exclusively before
 * any shard starts, and every completed shard's marker must name this run's filter.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  parseDoneMarker,
  parseRunSettings,
  serializeDoneMarker,
} from '../../src/formats/run-json.ts';
import { DataError } from '../../src/errors.ts';
import { cli } from '../cli/_run.ts';
import { repoRoot, tempDir } from '../_helpers.ts';

const dir = tempDir();
const shards = join(dir, 'shards');
mkdirSync(shards);
for (const f of ['part-0000.jsonl', 'part-0001.jsonl'])
  copyFileSync(join(repoRoot, 'fixtures/shards', f), join(shards, f));
const flags = ['--unaudited', '--tokenizer', 'none'];

test('parsers name the file and the field', () => {
  assert.equal(
    parseDoneMarker(
      serializeDoneMarker({ shard: 'a.jsonl', fingerprint: 'sha256:1' }),
      'done/a.jsonl',
    ),
    { shard: 'a.jsonl', fingerprint: 'sha256:1' },
  );
  assert.throws(
    () => parseDoneMarker('{"shard":"a"}', 'd/done/a'),
    (e: Error) => e instanceof DataError && e.message.startsWith('d/done/a:fingerprint: '),
  );
  assert.throws(
    () => parseRunSettings('{"fingerprint":1}', 'd/run.json'),
    (e: Error) => e instanceof DataError && e.message.startsWith('d/run.json:fingerprint: '),
  );
  assert.throws(
    () => parseRunSettings('{"fing', 'd/run.json'),
    /d\/run\.json:\(file\): not a winnow run file: malformed JSON/,
  );
});

test('two runs with different configs started at once into one new directory: one runs, the other is refused', async () => {
  const out = join(dir, 'race');
  const [a, b] = await Promise.all([
    cli('filter', shards, '--preset', 'gopher', ...flags, '-o', out),
    cli('filter', shards, '--preset', 'c4', ...flags, '-o', out),
  ]);
  assert.equal([a.code, b.code].sort(), [0, 2], `${a.err}\n${b.err}`);
  assert.match(a.code === 2 ? a.err : b.err, 'was claimed by another run');
  const stats = JSON.parse(readFileSync(join(out, 'stats.json'), 'utf8'));
  assert.is(JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')).fingerprint, stats.fingerprint);
  assert.is(stats.docs.in, 1000);
});

test('a completed shard whose marker names another filter is refused, not skipped as done', async () => {
  const mixed = join(dir, 'mixed');
  const other = join(dir, 'other');
  // What the race used to leave: part-0000 done by gopher, part-0001 done by c4, in one directory.
  assert.is(
    (
      await cli(
        'filter',
        join(shards, 'part-0000.jsonl'),
        '--preset',
        'gopher',
        ...flags,
        '-o',
        mixed,
      )
    ).code,
    0,
  );
  assert.is(
    (await cli('filter', join(shards, 'part-0001.jsonl'), '--preset', 'c4', ...flags, '-o', other))
      .code,
    0,
  );
  for (const sub of ['done', 'kept', 'dropped', 'stats'])
    cpSync(join(other, sub), join(mixed, sub), { recursive: true });
  const r = await cli('filter', shards, '--preset', 'gopher', ...flags, '-o', mixed);
  assert.is(r.code, 2, r.err);
  assert.match(
    r.err,
    `holds 1 shard(s) completed by another filter (e.g. ${join(mixed, 'done', 'part-0001.jsonl')}`,
  );
  const merge = await cli('merge', mixed);
  assert.is(merge.code, 2, merge.err);
  assert.match(merge.err, 'Cannot merge the stats under');
  assert.not.match(merge.err, /\n\s+at /);
  assert.ok(existsSync(join(mixed, 'run.json')));
});

test.run();
