// Hostile input: gzip shards with a corrupt tail (issue 16, item 8). Every complete line before
// the tail is read (as zcat reads them), the shard fails naming the byte offset, exit 1; NUL
// padding at the end is accepted silently, as gzip does.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { cli } from '../cli/_run.ts';
import { tempDir } from '../_helpers.ts';

const dir = tempDir();
const body =
  Array.from({ length: 3000 }, (_, i) =>
    JSON.stringify({
      id: `d${i}`,
      text: `Document ${i} has some words in it, ${'and more '.repeat(i % 50)}`,
    }),
  ).join('\n') + '\n';
const gz = gzipSync(body);
const shard = (name: string, bytes: Buffer) => {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
};
const count = async (p: string) => {
  const r = await cli('count', p, '--json', '--tokenizer', 'none');
  return { ...r, total: JSON.parse(r.out).total };
};

test('trailing garbage: all 3,000 lines are read, no line is called cut, the shard fails naming the offset (exit 1)', async () => {
  const r = await count(
    shard('garbage.jsonl.gz', Buffer.concat([gz, Buffer.from('\x00\x01not gzip at all')])),
  );
  assert.is(r.code, 1, r.err);
  assert.is(r.total.docs, 3000);
  assert.is(r.total.errors, 0);
  assert.is(r.total.failed_shards, 1);
  assert.match(r.err, `byte ${gz.length + 1} is not padding`);
  const g = await count(
    shard('garbage2.jsonl.gz', Buffer.concat([gz, Buffer.from('PK\x03\x04 zip bytes')])),
  );
  assert.is(g.total.docs, 3000);
  assert.match(g.err, `trailing garbage at byte ${gz.length}`);
});

test('NUL padding after the last member is ignored (exit 0); a member hidden after padding fails the shard', async () => {
  const ok = await count(shard('padded.jsonl.gz', Buffer.concat([gz, Buffer.alloc(4096)])));
  assert.is(ok.code, 0, ok.err);
  assert.is(ok.total.docs, 3000);
  const hidden = await count(
    shard(
      'hidden.jsonl.gz',
      Buffer.concat([gz, Buffer.alloc(100), gzipSync('{"id":"x","text":"hidden"}\n')]),
    ),
  );
  assert.is(hidden.code, 1, hidden.err);
  assert.is(hidden.total.docs, 3000);
  assert.match(hidden.err, `byte ${gz.length + 100} is not padding`);
});

test.run();
