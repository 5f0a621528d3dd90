// How much of a text eld reads: the head the filter hands it gives eld's result on its own
// 1,000 units, on inline edge cases (sigma and apostrophes at the cut, separator runs, scripts)
// and on every page of web-pages shard 0.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { eld } from 'eld/small';
import { ELD_MAX_CHARS, eldHead } from '../../src/lid/eld-head.ts';

const eldHeadLength = eldHead();
import { haveShared, sharedDir, testIf } from '../_helpers.ts';

/** eld's language and scores for a head of the text, flattened as the filter does. */
const detect = (text: string, n: number) => {
  const r = eld.detect(text.slice(0, n).replaceAll('\n', ' '));
  return { language: r.language, scores: r.getScores() };
};
const same = (text: string) =>
  assert.equal(detect(text, eldHeadLength(text)), detect(text, ELD_MAX_CHARS));

test('short texts and texts with few letters are handed over whole (up to 1,000 units)', () => {
  assert.is(eldHeadLength('Hello world'), 11);
  assert.is(eldHeadLength('1, 2, 3. '.repeat(200)), 1000);
  assert.is(eldHeadLength('ab '.repeat(150)), 450);
});

test('the cut follows the 400th letter, not a case-ignorable one, and never a capital sigma', () => {
  assert.is(eldHeadLength('a'.repeat(1200)), 400);
  // Emoji, digits and other scripts do not count; the head just gets longer.
  assert.is(eldHeadLength('🙂1'.repeat(100) + 'a'.repeat(900)), 300 + 400);
  // Σ (final or medial sigma depends on what follows) and ʼ (a case-ignorable letter) do not count.
  assert.is(eldHeadLength('Σ'.repeat(50) + 'ʼ'.repeat(50) + 'b'.repeat(900)), 100 + 400);
});

test("eld's result on the head equals its result on 1,000 units", () => {
  const cases = [
    'The quick brown fox jumps over the lazy dog. '.repeat(30),
    'ΟΔΥΣΣΕΥΣ ΚΑΙ ΑΧΙΛΛΕΥΣ. '.repeat(60),
    "don't won't shouldn't ".repeat(60),
    'Съешь же ещё этих мягких французских булок, да выпей чаю. '.repeat(20),
    '日本語の文章を書きます。これは試験です。'.repeat(40),
    'aaaa — !!! ... '.repeat(80),
    `${'x'.repeat(399)}Σ'${'y'.repeat(700)}`,
  ];
  for (const c of cases) same(c);
});

const pages = testIf(
  test,
  haveShared('corpora/web-pages/web-pages-00000.jsonl.gz', 'eld head on web pages'),
);

pages('on every page of web-pages shard 0', () => {
  const lines = gunzipSync(
    readFileSync(join(sharedDir, 'corpora/web-pages/web-pages-00000.jsonl.gz')),
  )
    .toString('utf8')
    .split('\n');
  let cut = 0;
  for (const line of lines) {
    if (!line) continue;
    const text = (JSON.parse(line) as { text: string }).text;
    if (eldHeadLength(text) < Math.min(text.length, ELD_MAX_CHARS)) cut++;
    same(text);
  }
  // Most pages are cut (measured: see the commit); the check is not vacuous.
  assert.ok(cut > 1000, `only ${cut} pages were cut`);
});

test.run();
