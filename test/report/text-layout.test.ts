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

test('table: aligned, escaped data cells, at most 80 columns by shortening the first data column', () => {
  const t = table([{ header: 'rule', data: true }, { header: 'hits', right: true }], [['a|b', '1'], ['c', '1,000']]);
  assert.is(t, ['| rule |  hits |', '|------|------:|', '| a\\|b |     1 |', '| c    | 1,000 |'].join('\n'));
  const long = 'gopher_quality/' + 'x'.repeat(100);
  const w = table([{ header: 'rule', data: true }, { header: 'n', right: true }], [[long, '1']]);
  for (const line of w.split('\n')) assert.is(Array.from(line).length, 80);
  assert.match(w, 'gopher_quality/xxx');
  assert.match(w, '…');
});

test.run();
