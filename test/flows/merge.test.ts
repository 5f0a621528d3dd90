import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { merge } from '../../src/flows/merge.ts';
import { decodeVocabulary, emptyVocabulary, encodeVocabulary } from '../../src/vocab/vocabulary.ts';
import { tempDir } from '../_helpers.ts';

const dir = tempDir();
const rank = (name: string, counts: Record<number, number>) => {
  const v = emptyVocabulary('cl100k_base');
  for (const [id, n] of Object.entries(counts)) {
    v.counts[Number(id)] = n;
    v.total += n;
  }
  v.docs = 1;
  const path = join(dir, name);
  writeFileSync(path, encodeVocabulary(v));
  return path;
};

test('vocabularies of two ranks merge into one whose counts are the sums', async () => {
  const a = rank('a.bin', { 5: 2, 9: 1 });
  const b = rank('b.bin', { 5: 3, 7: 4 });
  const out = join(dir, 'all.bin');
  const r = await merge({ inputs: [a, b], out });
  assert.is(r.kind, 'vocabulary');
  const v = decodeVocabulary(readFileSync(out), out);
  assert.equal([v.counts[5], v.counts[7], v.counts[9], v.total, v.docs], [5, 4, 1, 10, 2]);
});

test('vocabularies without -o, or a missing run directory, are usage errors', async () => {
  const a = rank('c.bin', { 1: 1 });
  for (const o of [{ inputs: [a, a] }, { inputs: [join(dir, 'no-such-run')] }]) {
    try {
      await merge(o);
      assert.unreachable('should have thrown');
    } catch (e) {
      assert.is((e as Error).name, 'UsageError', (e as Error).message);
    }
  }
});

test.run();
