import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createContext, wordIdsOf } from '../../src/scorers/context.ts';
import {
  TAIL_WINDOW,
  hashPow,
  wordHash,
  wordIdsOfWords,
  wordText,
} from '../../src/scorers/word-ids.ts';

/** Reference: ids by first occurrence through a Map of strings. */
function mapIds(words: readonly string[]): number[] {
  const index = new Map<string, number>();
  return words.map((w) => {
    let id = index.get(w);
    if (id === undefined) index.set(w, (id = index.size));
    return id;
  });
}

test('ids are dense, in order of first occurrence, with each distinct word, its length and hash', () => {
  const words = ['the', 'cat', 'the', '😀', 'cat', 'a', '😀'];
  const w = wordIdsOfWords(words);
  assert.equal(Array.from(w.ids), [0, 1, 0, 2, 1, 3, 2]);
  assert.is(w.size, 4);
  assert.equal(
    [0, 1, 2, 3].map((id) => wordText(w, id)),
    ['the', 'cat', '😀', 'a'],
  );
  assert.equal(Array.from(w.lengths), [3, 3, 1, 1]); // code points
  assert.equal(
    Array.from(w.hashes),
    ['the', 'cat', '😀', 'a'].map((s) => wordHash(s, 0, s.length)),
  );
  assert.equal(Array.from(w.counts), [2, 2, 2, 1]); // occurrences
  assert.not.ok(w.spaced);
  assert.ok(wordIdsOfWords(['a b']).spaced);
});

test('a word counts code points as Python does: a pair is one, a lone surrogate is one', () => {
  const words = ['a😀b', '\ud83d', '\ude00x', '\ud83d\ud83d\ude00', '😀\ude00', 'plain'];
  const w = wordIdsOfWords(words);
  assert.equal(
    Array.from(w.lengths),
    words.map((s) => [...s].length),
  );
  assert.equal(Array.from(w.lengths), [3, 1, 2, 2, 2, 5]);
});

test('equal hashes are not equal words (Thue–Morse words collide for every odd base mod 2^32)', () => {
  const tm = (flip: number) =>
    Array.from({ length: 256 }, (_, i) => ((popcount(i) + flip) % 2 ? 'b' : 'a')).join('');
  const [x, y] = [tm(0), tm(1)];
  assert.is(wordHash(x, 0, x.length), wordHash(y, 0, y.length));
  assert.equal(Array.from(wordIdsOfWords([x, y, y, x, 'c']).ids), [0, 1, 1, 0, 2]);
  assert.equal(Array.from(wordIdsOfWords([x, y, y, x, 'c']).counts), [2, 2, 1]);
});

test('the ids of a document come from its token ranges and match injected words', () => {
  let seed = 3;
  const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const vocab = ['a', 'ab', 'b', 'ba', 'the', 'The', '.', ',', "don't", '😀', 'x'];
  for (let r = 0; r < 200; r++) {
    const text = Array.from(
      { length: Math.floor(next() * 3000) },
      () => vocab[Math.floor(next() * vocab.length)],
    ).join(' ');
    const fromText = wordIdsOf(createContext(text));
    const ctx = createContext(text);
    const words = text
      .split(' ')
      .filter((s) => s !== '')
      .flatMap((s) => (s === "don't" ? ['do', "n't"] : [s]));
    ctx.memo('words', () => words);
    const injected = wordIdsOf(ctx);
    assert.equal(Array.from(fromText.ids), mapIds(words));
    assert.equal(Array.from(injected.ids), mapIds(words));
  }
});

function popcount(i: number): number {
  let c = 0;
  for (; i; i &= i - 1) c++;
  return c;
}

test('prefixes, offsets and tails are the hashes and lengths of the joined words, for words of any length', () => {
  const words = ['a', 'bcd', 'x'.repeat(40), 'ef', '😀', 'g'.repeat(300), 'h', 'ij'];
  const w = wordIdsOfWords(words);
  for (let k = 0; k <= words.length; k++) {
    const joined = words.slice(0, k).join('');
    assert.is(w.offsets[k], joined.length, `offset ${k}`);
    assert.is(w.prefixes[k], wordHash(joined, 0, joined.length), `prefix ${k}`);
    if (joined.length >= TAIL_WINDOW) {
      assert.is(
        w.tails[k],
        wordHash(joined, joined.length - TAIL_WINDOW, joined.length),
        `tail ${k}`,
      );
    }
  }
  // composition: hash(a + b) = hash(a) · B^len(b) + hash(b), also for b of thousands of units
  const a = 'prefix';
  const b = 'q'.repeat(3000) + 'end';
  assert.is(
    wordHash(a + b, 0, a.length + b.length),
    (Math.imul(wordHash(a, 0, a.length), hashPow(b.length)) + wordHash(b, 0, b.length)) | 0,
  );
});

test.run();
