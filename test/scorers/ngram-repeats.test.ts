import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { allDuplicateChars, repeatEnds, topNgramChars } from '../../src/scorers/ngram-repeats.ts';
import { wordIdsOfWords } from '../../src/scorers/word-ids.ts';

test('topNgramChars: len(" ".join(most common n-gram)) × its count, ties to the first', () => {
  const w = wordIdsOfWords(['a', 'b', 'a', 'b', 'a']);
  const top = topNgramChars(w.ids, w.counts, w.offsets, [1, 2, 3, 4]);
  assert.is(top.get(1), 1 * 3); // "a" ×3
  assert.is(top.get(2), 3 * 2); // "a b" ×2 (before "b a" ×2)
  assert.is(top.get(3), 5 * 2); // "a b a" ×2
  assert.is(top.get(4), 7 * 1); // every 4-gram once: the first, "a b a b"
});

test('allDuplicateChars: a repeat adds its characters and skips its n positions', () => {
  // find_all_duplicate(n=2): "ab"@0, "ba"@1, "ab"@2 seen (+2, jump to 4), nothing at 4.
  const w = wordIdsOfWords(['a', 'b', 'a', 'b', 'a']);
  assert.is(allDuplicateChars(w, w.offsets, repeatEnds(w, 2), 2)[0], 2);
  // Keys join without a separator: "ab"+"c" and "a"+"bc" are the same 2-gram "abc".
  const v = wordIdsOfWords(['ab', 'c', 'x', 'a', 'bc']);
  assert.is(allDuplicateChars(v, v.offsets, repeatEnds(v, 2), 2)[0], 3);
  // Long words go through the window pre-filter: "aaaaaaaaaaaaaaaaa b" twice.
  const long = 'a'.repeat(17);
  const u = wordIdsOfWords([long, 'b', 'z', long, 'b']);
  assert.is(allDuplicateChars(u, u.offsets, repeatEnds(u, 2), 2)[0], 18);
});

test.run();
