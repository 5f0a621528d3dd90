import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { countFeatures, featureWords, fnv1a, hashFeatures } from '../../src/train/features.ts';

test('fnv1a gives the published FNV-1a 32-bit test vectors', () => {
  // From the FNV reference test suite (Noll): "" → 0x811c9dc5, "a" → 0xe40c292c, "foobar" → 0xbf9cf968.
  assert.is(fnv1a(''), 0x811c9dc5);
  assert.is(fnv1a('a'), 0xe40c292c);
  assert.is(fnv1a('foobar'), 0xbf9cf968);
});

test('words: NFKC, lower case, runs of letters/marks/digits, digits as 0', () => {
  assert.equal(featureWords('Hello, WORLD! It’s 2024-12.'), ['hello', 'world', 'it', 's', '0000', '00']);
  assert.equal(featureWords('ﬁne Ｆｕｌｌ café'), ['fine', 'full', 'café']);
  assert.equal(featureWords(' \n--!! '), []);
});

test('features: unigrams and bigrams hashed as "w" and "w1 w2", counts scaled to unit L2 norm', () => {
  const B = 1 << 20;
  const counts = countFeatures('a b a', B);
  const expected = new Map<number, number>();
  for (const k of ['a', 'b', 'a', 'a b', 'b a']) {
    const h = fnv1a(k) & (B - 1);
    expected.set(h, (expected.get(h) ?? 0) + 1);
  }
  assert.equal([...counts].sort((x, y) => x[0] - y[0]), [...expected].sort((x, y) => x[0] - y[0]));
  const v = hashFeatures('a b a', B);
  // counts a:2, b:1, "a b":1, "b a":1 → norm √7
  const a = v.index.indexOf(fnv1a('a') & (B - 1));
  assert.ok(Math.abs(v.value[a]! - 2 / Math.sqrt(7)) < 1e-7);
  assert.equal([...v.index], [...v.index].sort((x, y) => x - y));
  assert.is(hashFeatures('', B).index.length, 0);
});

test.run();
