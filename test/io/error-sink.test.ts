import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openErrorSink } from '../../src/io/error-sink.ts';
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
  assert.equal(JSON.parse(readFileSync(path, 'utf8')), { shard: 's.jsonl', line: 3, error: 'malformed JSON', raw: '{"x"' });
});

test('a lazy sink without errors removes the file an earlier run left, so it cannot pass for this run\'s', async () => {
  const path = join(dir, 'stale.jsonl');
  writeFileSync(path, '{"shard":"old.jsonl","line":1,"error":"malformed JSON","raw":"x"}\n');
  const sink = await openErrorSink(path, true);
  await sink.close();
  assert.is(sink.count, 0);
  assert.not.ok(existsSync(path));
});

test.run();
