import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  countFeatures,
  featureWords,
  fnv1a,
  hashFeatures,
  linearScore,
} from '../../src/train/features.ts';
import { mulberry32 } from '../../src/audit/random.ts';

/** The documented definition, spelled out: hash featureWords' words and their pairs. */
function reference(text: string, buckets: number): Map<number, number> {
  const out = new Map<number, number>();
  const add = (k: string) => {
    const b = fnv1a(k) & (buckets - 1);
    out.set(b, (out.get(b) ?? 0) + 1);
  };
  const words = featureWords(text);
  words.forEach((w, i) => {
    add(w);
    if (i > 0) add(`${words[i - 1]} ${w}`);
  });
  return out;
}
const sorted = (m: Map<number, number>) => [...m].sort((a, b) => a[0] - b[0]);

test('fnv1a gives the published FNV-1a 32-bit test vectors', () => {
  // From the FNV reference test suite (Noll): "" → 0x811c9dc5, "a" → 0xe40c292c, "foobar" → 0xbf9cf968.
  assert.is(fnv1a(''), 0x811c9dc5);
  assert.is(fnv1a('a'), 0xe40c292c);
  assert.is(fnv1a('foobar'), 0xbf9cf968);
});

test('words: NFKC, lower case, runs of letters/marks/digits, digits as 0', () => {
  assert.equal(featureWords('Hello, WORLD! It’s 2024-12.'), [
    'hello',
    'world',
    'it',
    's',
    '0000',
    '00',
  ]);
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
  assert.equal(
    [...counts].sort((x, y) => x[0] - y[0]),
    [...expected].sort((x, y) => x[0] - y[0]),
  );
  const v = hashFeatures('a b a', B);
  // counts a:2, b:1, "a b":1, "b a":1 → norm √7
  const a = v.index.indexOf(fnv1a('a') & (B - 1));
  assert.ok(Math.abs(v.value[a]! - 2 / Math.sqrt(7)) < 1e-7);
  assert.equal(
    [...v.index],
    [...v.index].sort((x, y) => x - y),
  );
  assert.is(hashFeatures('', B).index.length, 0);
});

test('the one-pass scanner computes exactly the documented features (tricky and random texts)', () => {
  const tricky = [
    'Straße ÄÖÜ İstanbul ǅ ﬃ ½ ² Ⅻ ٣٤ １２３',
    'emoji 🙂 and 𝐀𝐁 and 𝟏𝟐 and 𐐀𐐨 (Deseret)',
    'lone \ud800 surrogate \udc00 here',
    'e\u0301 combining, क्षत्रिय, 日本語のテキスト, مرحبا بالعالم',
    '',
    '...',
    'a',
    'tab\tnew\nline\r\nend',
  ];
  const random = mulberry32(3);
  const pool = 'aZ09 .,-\n\u00e9\u0301\u0663\u2167\u00bd\ud835\udfcf\ud800\u4e2d\u0130\ufb01';
  for (let k = 0; k < 300; k++)
    tricky.push(
      Array.from(
        { length: 1 + Math.floor(random() * 60) },
        () => pool[Math.floor(random() * pool.length)],
      ).join(''),
    );
  for (const t of tricky)
    assert.equal(
      sorted(countFeatures(t, 1 << 12)),
      sorted(reference(t, 1 << 12)),
      JSON.stringify(t),
    );
});

test('linearScore is b + w·c/‖c‖ over the same counts', () => {
  const B = 1 << 10;
  const w = new Float32Array(B).map((_, i) => ((i * 37) % 11) / 10 - 0.5);
  const text = 'the cat and the hat and the bat';
  let dot = 0;
  let norm = 0;
  for (const [b, c] of reference(text, B)) {
    dot += w[b]! * c;
    norm += c * c;
  }
  assert.ok(Math.abs(linearScore(text, w, 0.25) - (0.25 + dot / Math.sqrt(norm))) < 1e-12);
  assert.is(linearScore('', w, 0.25), 0.25);
});

test.run();
