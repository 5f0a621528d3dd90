import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  decodeVocabulary,
  emptyVocabulary,
  encodeVocabulary,
  mergeVocabularies,
} from '../../src/vocab/vocabulary.ts';
import { cli } from '../cli/_run.ts';
import { repoRoot, tempDir } from '../_helpers.ts';

test('the file format round-trips and rejects what is not a vocabulary', () => {
  const v = emptyVocabulary('p50k_base');
  v.counts[5] = 7;
  v.counts[50280] = 2 ** 40;
  v.total = 7 + 2 ** 40;
  v.docs = 3;
  v.inputsSha256 = 'abc';
  const back = decodeVocabulary(encodeVocabulary(v));
  assert.equal(back, v);
  assert.throws(() => decodeVocabulary(Buffer.from('not a vocab file')), /not a winnow vocabulary/);
  assert.throws(() => decodeVocabulary(encodeVocabulary(v).subarray(0, 100)), /truncated/);
});

test('merging adds counts; the result does not depend on the order; tokenizers must match', () => {
  const a = emptyVocabulary('r50k_base'),
    b = emptyVocabulary('r50k_base');
  a.counts[1] = 2;
  a.total = 2;
  a.docs = 1;
  a.inputsSha256 = 'a';
  b.counts[1] = 3;
  b.counts[9] = 1;
  b.total = 4;
  b.docs = 2;
  b.inputsSha256 = 'b';
  const ab = mergeVocabularies([a, b]);
  assert.equal([ab.counts[1], ab.counts[9], ab.total, ab.docs], [5, 1, 6, 3]);
  assert.equal(encodeVocabulary(mergeVocabularies([b, a])), encodeVocabulary(ab));
  assert.throws(() => mergeVocabularies([a, emptyVocabulary('p50k_base')]), /Cannot merge/);
});

test('winnow vocab: deterministic, mergeable across ranks, and the rare preset scores with it', async () => {
  const dir = tempDir();
  const shards = join(repoRoot, 'fixtures/shards');
  const all = join(dir, 'all.bin');
  assert.is((await cli('vocab', shards, '-o', all)).code, 0);
  assert.is((await cli('vocab', shards, '-o', join(dir, 'again.bin'))).code, 0);
  assert.ok(readFileSync(all).equals(readFileSync(join(dir, 'again.bin'))));
  // Two "ranks" count two halves; merged counts equal the whole.
  await cli(
    'vocab',
    join(shards, 'part-0000.jsonl'),
    join(shards, 'part-0001.jsonl'),
    '-o',
    join(dir, 'r0.bin'),
  );
  await cli(
    'vocab',
    join(shards, 'part-0002.jsonl.gz'),
    join(shards, 'part-0003.jsonl.zst'),
    '-o',
    join(dir, 'r1.bin'),
  );
  const m = await cli(
    'merge',
    join(dir, 'r0.bin'),
    join(dir, 'r1.bin'),
    '-o',
    join(dir, 'merged.bin'),
  );
  assert.is(m.code, 0, m.err);
  const whole = decodeVocabulary(readFileSync(all));
  const merged = decodeVocabulary(readFileSync(join(dir, 'merged.bin')));
  assert.equal([merged.total, merged.docs], [whole.total, whole.docs]);
  assert.ok(merged.counts.every((c, i) => c === whole.counts[i]));
  // Counting tokens twice: the vocabulary total equals count's token total.
  const count = JSON.parse((await cli('count', shards, '--json')).out);
  assert.is(whole.total, count.total.tokens);
  // A sample counts fewer documents, reproducibly.
  await cli('vocab', shards, '-o', join(dir, 's.bin'), '--sample', '0.25', '--seed', '3');
  const s = decodeVocabulary(readFileSync(join(dir, 's.bin')));
  assert.ok(s.docs > 350 && s.docs < 650, `sampled ${s.docs} of 2000`);
  // The rare preset needs the vocabulary; its hash enters the fingerprint.
  const noVocab = await cli('config', 'show', '--preset', 'rare');
  assert.is(noVocab.code, 2);
  assert.match(noVocab.err, 'vocabulary');
  const f1 = JSON.parse(
    (await cli('config', 'show', '--preset', 'rare', '--vocabulary', all)).out,
  ).fingerprint;
  const f2 = JSON.parse(
    (await cli('config', 'show', '--preset', 'rare', '--vocabulary', join(dir, 's.bin'))).out,
  ).fingerprint;
  assert.is.not(f1, f2);
  const r = await cli(
    'filter',
    shards,
    '--preset',
    'rare',
    '--vocabulary',
    all,
    '--dry-run',
    '--decisions',
    join(dir, 'd.jsonl'),
    '--stats',
    join(dir, 'stats.json'),
  );
  assert.is(r.code, 0, r.err);
  const stats = JSON.parse(readFileSync(join(dir, 'stats.json'), 'utf8'));
  assert.ok(stats.attributes['rare_tokens.mean_surprisal'], 'rare_tokens scored');
  assert.ok(
    stats.attributes['compression.ratio'] &&
      stats.attributes['unicode.mojibake_fraction'] &&
      stats.attributes['tokens.count'],
  );
});

test.run();
