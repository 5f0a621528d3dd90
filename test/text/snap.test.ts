import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { snapToWords } from '../../src/text/snap.ts';

test('edges inside a word move out to the whitespace around it', () => {
  const text = 'the quick brown fox';
  // [6, 12) = "ick br": widened to "quick brown" = [4, 15)
  assert.equal(snapToWords(text, [[6, 12, 9]]), [[4, 15, 9]]);
  // edges already at word boundaries stay
  assert.equal(
    snapToWords(text, [
      [4, 9, 1],
      [10, 19, 2],
    ]),
    [
      [4, 9, 1],
      [10, 19, 2],
    ],
  );
  // an edge on a space stays where it is
  assert.equal(snapToWords(text, [[3, 8, 1]]), [[3, 9, 1]]);
});

test('spans that come to overlap are merged, keeping the higher score', () => {
  assert.equal(
    snapToWords('aaaa bbbb cccc', [
      [1, 2, 3],
      [3, 7, 5],
    ]),
    [[0, 9, 5]],
  );
});

test('without a space within reach, an edge moves only to the grapheme boundary (a vowel sign stays with its letter)', () => {
  // Devanagari "शाओमी": श ा ओ म ी — the vowel sign ा (U+093E) belongs to श; no spaces in reach.
  const word = 'शाओमी';
  const text = 'x'.repeat(50) + word + 'y'.repeat(50);
  const start = 51; // between श and ा
  const [s, e] = snapToWords(text, [[start, start + 2, 1]])[0]!;
  assert.is(s, 50, 'back to श');
  assert.is(e, 53, 'ओ is a cluster of its own');
});

test('a cluster of astral code points (thumbs up + skin tone) is kept whole, in code points', () => {
  const text = 'x'.repeat(50) + '👍🏽' + 'y'.repeat(50);
  // code points: x0..x49, 👍50, 🏽51, y52..; an edge at 51 splits the cluster
  assert.equal(snapToWords(text, [[51, 53, 1]]), [[50, 53, 1]]);
  assert.equal(snapToWords(text, [[45, 51, 1]]), [[45, 52, 1]]);
});

test('offsets are code points: astral characters count once', () => {
  const text = '🙂🙂 ab🙂cd ef';
  // code points: 🙂0 🙂1 ␠2 a3 b4 🙂5 c6 d7 ␠8 e9 f10; [4, 6) widens to "ab🙂cd" = [3, 8)
  assert.equal(snapToWords(text, [[4, 6, 1]]), [[3, 8, 1]]);
});

test.run();
