import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { gunzipSync } from 'node:zlib';
import { cli, cliArgs } from './_run.ts';
import { repoRoot, tempDir } from '../_helpers.ts';

test('score: dolma attribute records, one per document, document-level values over [0, len) in code points', async () => {
  const dir = tempDir();
  const p = join(dir, 'a.jsonl');
  writeFileSync(p, JSON.stringify({ id: 'x', text: 'Hello world. 🙂' }) + '\n');
  // Attributes stream to the process's stdout, so this one runs as a real process.
  const r = spawnSync(process.execPath, cliArgs('score', p, '--preset', 'gopher', '--tokenizer', 'none'), { encoding: 'utf8' });
  assert.is(r.status, 0, r.stderr);
  const rec = JSON.parse(r.stdout);
  assert.is(rec.id, 'x');
  // "Hello world. 🙂" is 14 code points; words: Hello world . 🙂 → 4
  assert.equal(rec.attributes.winnow__gopher_quality__n_words, [[0, 14, 4]]);
  assert.ok(Object.keys(rec.attributes).every((k) => k.startsWith('winnow__gopher_')));
});

test('score -o DIR mirrors shards under attributes/, gzip for compressed inputs, spans as [start, end, score]', async () => {
  const dir = join(tempDir(), 'scores');
  const r = await cli('score', join(repoRoot, 'fixtures/shards'), '--preset', 'c4', '--tokenizer', 'none', '-o', dir);
  assert.is(r.code, 0, r.err);
  const plain = readFileSync(join(dir, 'attributes/part-0000.jsonl'), 'utf8').trim().split('\n');
  assert.is(plain.length, 500);
  const gz = gunzipSync(readFileSync(join(dir, 'attributes/part-0003.jsonl.gz'))).toString().trim().split('\n');
  assert.is(gz.length, 500);
  const withSpans = plain.map((l) => JSON.parse(l)).find((x) => x.attributes.winnow__c4_quality__bad_lines);
  assert.ok(withSpans, 'some document has c4 bad-line spans');
  for (const [s, e, score] of withSpans.attributes.winnow__c4_quality__bad_lines) assert.ok(s < e && score >= 1 && score <= 7);
});

test.run();
