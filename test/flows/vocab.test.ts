import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { vocab } from '../../src/flows/vocab.ts';
import { decodeVocabulary } from '../../src/vocab/vocabulary.ts';
import { openTokenizer } from '../../src/tokenize/tokenizer.ts';
import { tempDir } from '../_helpers.ts';

const dir = tempDir();
const shard = join(dir, 'a.jsonl');
// Blank and bad lines are not counted; the two documents are.
writeFileSync(shard, '{"text":"hello world"}\n\nnot json\n{"text":"hello"}\n');

test('counts the tokens of every document and writes a file that decodes to the same counts', async () => {
  const out = join(dir, 'v.bin');
  const r = await vocab({ shards: [shard], out, tokenizer: 'cl100k_base' });
  const tok = openTokenizer('cl100k_base');
  const ids = [...tok.encode('hello world').ids, ...tok.encode('hello').ids];
  tok.free();
  assert.is(r.vocabulary.docs, 2);
  assert.is(r.vocabulary.total, ids.length);
  assert.is(r.distinct, new Set(ids).size);
  assert.equal(r.failed, []);
  const back = decodeVocabulary(readFileSync(out), out);
  for (const id of ids) assert.is(back.counts[id], ids.filter((x) => x === id).length);
});

test('a sample fraction outside (0, 1] is a usage error', async () => {
  try {
    await vocab({ shards: [shard], out: join(dir, 'w.bin'), tokenizer: 'cl100k_base', sample: 0 });
    assert.unreachable('should have thrown');
  } catch (e) {
    assert.match((e as Error).message, '--sample');
  }
});

test.run();
