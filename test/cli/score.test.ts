import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { gunzipSync, gzipSync } from 'node:zlib';
import { cli, cliArgs } from './_run.ts';
import { repoRoot, tempDir } from '../_helpers.ts';

test('score: dolma attribute records, one per document, document-level values over [0, len) in code points', async () => {
  const dir = tempDir();
  const p = join(dir, 'a.jsonl');
  writeFileSync(p, JSON.stringify({ id: 'x', text: 'Hello world. 🙂' }) + '\n');
  // Attributes stream to the process's stdout, so this one runs as a real process.
  const r = spawnSync(
    process.execPath,
    cliArgs('score', p, '--preset', 'gopher', '--tokenizer', 'none'),
    { encoding: 'utf8' },
  );
  assert.is(r.status, 0, r.stderr);
  const rec = JSON.parse(r.stdout);
  assert.is(rec.id, 'x');
  // "Hello world. 🙂" is 14 code points; words: Hello world . 🙂 → 4
  assert.equal(rec.attributes.winnow__gopher_quality__n_words, [[0, 14, 4]]);
  assert.ok(Object.keys(rec.attributes).every((k) => k.startsWith('winnow__gopher_')));
});

test('score -o DIR mirrors shards under attributes/, gzip for compressed inputs, spans as [start, end, score]', async () => {
  const dir = join(tempDir(), 'scores');
  const r = await cli(
    'score',
    join(repoRoot, 'fixtures/shards'),
    '--preset',
    'c4',
    '--tokenizer',
    'none',
    '-o',
    dir,
  );
  assert.is(r.code, 0, r.err);
  const plain = readFileSync(join(dir, 'attributes/part-0000.jsonl'), 'utf8').trim().split('\n');
  assert.is(plain.length, 500);
  const gz = gunzipSync(readFileSync(join(dir, 'attributes/part-0003.jsonl.gz')))
    .toString()
    .trim()
    .split('\n');
  assert.is(gz.length, 500);
  const withSpans = plain
    .map((l) => JSON.parse(l))
    .find((x) => x.attributes.winnow__c4_quality__bad_lines);
  assert.ok(withSpans, 'some document has c4 bad-line spans');
  for (const [s, e, score] of withSpans.attributes.winnow__c4_quality__bad_lines)
    assert.ok(s < e && score >= 1 && score <= 7);
});

test('score -o says what it scored, and writes an errors file only for a shard with bad lines (none empty, none stale)', async () => {
  const dir = tempDir();
  const input = join(dir, 'in');
  const out = join(dir, 'scores');
  mkdirSync(input);
  writeFileSync(
    join(input, 'ok.jsonl.gz'),
    gzipSync(JSON.stringify({ id: 'a', text: 'Hello world.' }) + '\n'),
  );
  writeFileSync(
    join(input, 'bad.jsonl'),
    JSON.stringify({ id: 'b', text: 'Hi there.' }) + '\nnot json\n',
  );
  const r = await cli('score', input, '--preset', 'gopher', '--tokenizer', 'none', '-o', out);
  assert.is(r.code, 0, r.err);
  assert.match(
    r.err,
    `winnow: scored 2 document(s) of 2 shard(s) into ${join(out, 'attributes')}/`,
  );
  assert.equal(readdirSync(join(out, 'errors')), ['bad.jsonl']);
  // Fixed and scored again: its old errors file goes.
  writeFileSync(join(input, 'bad.jsonl'), JSON.stringify({ id: 'b', text: 'Hi there.' }) + '\n');
  const again = await cli('score', input, '--preset', 'gopher', '--tokenizer', 'none', '-o', out);
  assert.is(again.code, 0, again.err);
  assert.not.ok(existsSync(join(out, 'errors/bad.jsonl')));
  assert.not.ok(existsSync(join(out, 'errors/ok.jsonl.gz')));
});

test.run();
