import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { middleEllipsis, table, wrap } from '../../src/report/text-layout.ts';

test('wrap: greedy, with prefixes; a number and its % stay together', () => {
  assert.is(wrap('aaa bbb ccc', 7), 'aaa bbb\nccc');
  assert.is(wrap('aaa bbb ccc', 8, '- ', '  '), '- aaa\n  bbb\n  ccc');
  assert.is(wrap('raw agreement 87.7 %', 19), 'raw agreement\n87.7 %');
  assert.is(wrap('averyveryverylongword x', 5), 'averyveryverylongword\nx');
});

test('middleEllipsis keeps both ends', () => {
  assert.is(middleEllipsis('abcdefghij', 5), 'ab…ij');
  assert.is(middleEllipsis('abc', 5), 'abc');
});

test('middleEllipsis cuts rule names between words, not inside one', () => {
  const name = 'gopher_repetition/dup_line_char_frac_above_threshold';
  const cut = middleEllipsis(name, 30);
  assert.is(cut, 'gopher_repetition/…_threshold');
  const words = new Set(name.split(/[_/]/));
  for (const w of cut.split(/[_/…]/).filter(Boolean))
    assert.ok(words.has(w), `${w} is a whole word of ${name}`);
  assert.is(middleEllipsis('rules/c4_quality.n_lines_kept<3', 20), 'rules/c4_quality.…<3');
});

test('table: aligned, escaped data cells, at most 80 columns by shortening the first data column', () => {
  const t = table(
    [
      { header: 'rule', data: true },
      { header: 'hits', right: true },
    ],
    [
      ['a|b', '1'],
      ['c', '1,000'],
    ],
  );
  assert.is(
    t,
    ['| rule |  hits |', '|------|------:|', '| a\\|b |     1 |', '| c    | 1,000 |'].join('\n'),
  );
  const long = 'gopher_quality/' + 'x'.repeat(100);
  const w = table(
    [
      { header: 'rule', data: true },
      { header: 'n', right: true },
    ],
    [[long, '1']],
  );
  for (const line of w.split('\n')) assert.is(Array.from(line).length, 80);
  assert.match(w, 'gopher_quality/…xxx', 'cut after the filter name, at the word boundary');
});

test.run();
