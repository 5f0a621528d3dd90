import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { cli } from './_run.ts';
import { tempDir } from '../_helpers.ts';

const dir = tempDir();
writeFileSync(
  join(dir, 'a.jsonl'),
  '{"id":"1","text":"hello world"}\n\n{"text":"héllo 🙂"}\nnot json\n',
);
writeFileSync(join(dir, 'b.jsonl.gz'), gzipSync('{"text":"<|endoftext|>"}\n'));

test('count --json totals docs, text bytes, code points, tokens, errors and blanks', async () => {
  const r = await cli('count', dir, '--json');
  assert.is(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  assert.equal(
    j.shards.map((s: { shard: string }) => s.shard),
    ['a.jsonl', 'b.jsonl.gz'],
  );
  // "hello world" = 2 tokens; "héllo 🙂": h é llo ␠🙂 pieces; "<|endoftext|>" as text = 7 tokens (cl100k).
  const a = j.shards[0];
  assert.equal([a.lines, a.docs, a.errors, a.blank], [4, 2, 1, 1]);
  assert.is(a.chars, 11 + 7);
  assert.is(a.bytes, 11 + Buffer.byteLength('héllo 🙂'));
  assert.is(j.shards[1].tokens, 7);
  assert.is(j.total.docs, 3);
  assert.is(j.total.tokens, a.tokens + 7);
  assert.match(r.err, '1 bad line(s) skipped');
});

test('count --tokenizer none reports no tokens; the table has a total row', async () => {
  const r = await cli('count', join(dir, 'a.jsonl'), '--tokenizer', 'none');
  assert.is(r.code, 0);
  assert.match(r.out, /^total\s+2\s+/m);
  assert.match(r.out, /^a\.jsonl\s+2\s+\d+\s+18\s+-\s+1\s+1$/m);
});

test('count --on-error fail stops at the first bad line with exit 1, naming shard:line', async () => {
  const r = await cli('count', join(dir, 'a.jsonl'), '--on-error', 'fail', '--tokenizer', 'none');
  assert.is(r.code, 1);
  assert.match(r.err, 'a.jsonl:4: malformed JSON');
});

test('usage errors exit 2: a missing shard, an unknown flag, no verb', async () => {
  assert.is((await cli('count', join(dir, 'nope*.jsonl'))).code, 2);
  assert.is((await cli('count', dir, '--bogus')).code, 2);
  assert.is((await cli()).code, 2);
});

test.run();
