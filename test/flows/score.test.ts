import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { presetConfig } from '../../src/config/config.ts';
import { score } from '../../src/flows/score.ts';
import { removeOwnTemps } from '../../src/io/temps.ts';
import { tempDir } from '../_helpers.ts';

const dir = tempDir();
const shard = join(dir, 'a.jsonl');
writeFileSync(shard, '{"id":"x","text":"one two three"}\nnot json\n\n{"id":"y","text":"four"}\n');
const config = presetConfig('gopher', { tokenizer: 'none' });

test('-o DIR: one attribute record per document, the bad line in errors/, nothing for the blank one', async () => {
  const out = join(dir, 'scores');
  const r = await score({ shards: [shard], config, out, errors: 'unused' });
  assert.equal([r.shards, r.scored, r.errors, r.failed.length], [1, 2, 1, 0]);
  const ids = readFileSync(join(out, 'attributes', 'a.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l).id);
  assert.equal(ids, ['x', 'y']);
  const bad = JSON.parse(readFileSync(join(out, 'errors', 'a.jsonl'), 'utf8'));
  assert.equal([bad.line, bad.raw], [2, 'not json']);
});

test('onError fail stops at the bad line with its shard and line', async () => {
  try {
    await score({
      shards: [shard],
      config,
      out: join(dir, 'stop'),
      errors: 'unused',
      onError: 'fail',
    });
    assert.unreachable('should have thrown');
  } catch (e) {
    assert.match((e as Error).message, 'a.jsonl');
    assert.match((e as Error).message, '2');
  }
  // The stopped shard's attributes file is unfinished: cleaned up as the CLI's exit does.
  assert.equal(removeOwnTemps(), [join(dir, 'stop', 'attributes', 'a.jsonl')]);
});

test.run();
