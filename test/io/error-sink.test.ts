import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasEarlierFile, openErrorSink } from '../../src/io/error-sink.ts';
import { tempDir } from '../_helpers.ts';

const dir = tempDir();
const bad = { shard: 's.jsonl', line: 3, error: 'malformed JSON', raw: Buffer.from('{"x"') };

test('a lazy sink creates its file only when an error arrives, and writes shard, line, error and raw', async () => {
  const path = join(dir, 'errors.jsonl');
  const sink = await openErrorSink(path, true);
  assert.not.ok(existsSync(path));
  await sink.bad(bad);
  await sink.close();
  assert.is(sink.count, 1);
  assert.equal(JSON.parse(readFileSync(path, 'utf8')), {
    shard: 's.jsonl',
    line: 3,
    error: 'malformed JSON',
    raw: '{"x"',
  });
});

test('a lazy sink without errors leaves an earlier file alone, and says it is there', async () => {
  const path = join(dir, 'stale.jsonl');
  const old = '{"shard":"old.jsonl","line":1,"error":"malformed JSON","raw":"x"}\n';
  writeFileSync(path, old);
  const sink = await openErrorSink(path, true);
  await sink.close();
  assert.is(readFileSync(path, 'utf8'), old, 'another run in this folder may own it');
  assert.ok(hasEarlierFile(sink, path));
  assert.not.ok(hasEarlierFile(sink, join(dir, 'none.jsonl')));
});

test.run();
