import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { simplifyText } from '../../src/dedup/simplify.ts';
import { haveShared } from '../_helpers.ts';
import { SIGNATURES_GOLDEN, shard0Texts, sharedLines } from './_golden.ts';

// Expected values were checked with datatrove's own simplify_text (Python 3.11, regex 2026.5.9).
test('lowercases, turns punctuation into spaces and collapses whitespace', () => {
  assert.is(simplifyText('  Hello,   World!\n\tNew line…  '), 'hello world new line');
  assert.is(simplifyText("It's a dog's life — isn't it?"), 'it s a dog s life isn t it');
});

test('numbers become 0, with at most one decimal separator inside', () => {
  assert.is(simplifyText('In 2024 we sold 1,234.56 units'), 'in 0 we sold 0 0 units');
  assert.is(simplifyText('v1.2.3'), 'v0 0');
  assert.is(simplifyText('١٢٣ and ５٫５'), '0 and 0'); // Arabic-Indic digits; fullwidth 5, Arabic decimal separator
  assert.is(simplifyText('3.'), '0');
  assert.is(simplifyText('𝟙𝟚x'), '0x'); // mathematical double-struck digits (astral, category Nd)
});

test('diacritics are removed after NFD; other marks stay', () => {
  assert.is(simplifyText('Crème Brûlée À LA CARTE'), 'creme brulee a la carte');
  assert.is(simplifyText('naïve façade'), 'naive facade');
  assert.is(simplifyText('ß and œ'), 'ß and œ'); // no decomposition
});

test('controls are punctuation, tab and newline are whitespace, ends are stripped after mark removal', () => {
  assert.is(simplifyText('a\u0007b\u0085c\u00a0d'), 'a b c d');
  assert.is(simplifyText('\u0301 x'), 'x'); // a leading combining mark leaves a space, stripped at the end
  assert.is(simplifyText('a \u0301 b'), 'a  b'); // datatrove does not collapse again after removing marks
});

test("terminal punctuation outside datatrove's translation table stays", () => {
  assert.is(simplifyText('end。 and ।'), 'end and ।'); // "。" is in PUNCTUATION, Devanagari danda is not
});

test('the empty text and text of only punctuation give ""', () => {
  assert.is(simplifyText(''), '');
  assert.is(simplifyText(' ...!!! \n'), '');
});

test('datatrove parity: simplify_text of the first 200 documents of web-pages shard 0', () => {
  if (!haveShared(SIGNATURES_GOLDEN, 'simplify_text parity')) return;
  const texts = shard0Texts();
  const rows = sharedLines(SIGNATURES_GOLDEN)
    .slice(0, 200)
    .map((l) => JSON.parse(l) as { id: string; simplified: string });
  const wrong = rows.filter((r, i) => simplifyText(texts[i]!) !== r.simplified).map((r) => r.id);
  assert.equal(wrong, []);
});

test.run();
