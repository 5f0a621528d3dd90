import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { count } from '../../src/flows/count.ts';
import { DataError } from '../../src/errors.ts';
import { tempDir } from '../_helpers.ts';

const dir = tempDir();
const path = join(dir, 'a.jsonl');
// Line 2 blank, line 3 not an object; "héllo" is 5 code points and 6 UTF-8 bytes.
writeFileSync(path, '{"text":"héllo"}\n\n[1]\n{"text":"ab"}\n');

test('every line is counted: documents, blank and bad lines, bytes and code points of the text', async () => {
  const r = await count({ shards: [path], tokenizer: 'none' });
  assert.equal(
    r.shards.map((s) => [s.shard, s.lines, s.docs, s.blank, s.errors, s.bytes, s.chars, s.tokens]),
    [['a.jsonl', 4, 2, 1, 1, 8, 7, null]],
  );
  assert.equal(r.total.failed_shards, 0);
  assert.is(r.total.lines, 4);
});

test('onError fail stops at the first bad line with a DataError naming it', async () => {
  try {
    await count({ shards: [path], tokenizer: 'none', onError: 'fail' });
    assert.unreachable('should have thrown');
  } catch (e) {
    assert.instance(e, DataError);
    assert.match((e as Error).message, 'a.jsonl');
    assert.match((e as Error).message, '3');
  }
});

test('progress hears of each document and shard', async () => {
  const seen: string[] = [];
  await count({
    shards: [path],
    tokenizer: 'none',
    progress: (n) => (
      seen.push(`start ${n}`),
      {
        doc: (b) => void seen.push(`doc ${b}`),
        shardDone: () => void seen.push('done'),
        end: () => void seen.push('end'),
      }
    ),
  });
  assert.equal(seen, ['start 1', 'doc 18', 'doc 14', 'done', 'end']);
});

test.run();
