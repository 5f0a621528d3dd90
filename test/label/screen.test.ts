import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cellWidth, fit, frame, layoutText, nextSpanTop } from '../../src/label/screen.ts';
import { PLAIN } from '../../src/label/render.ts';

const rowsOf = (text: string, width: number, spans: [number, number, number][] = []) =>
  layoutText(text, spans, width).rows.map((r) =>
    r.map((x) => (x.mark ? `[${x.text}]` : x.text)).join(''),
  );

test('wraps at the last space in the row, else mid-word; newlines and tabs kept', () => {
  assert.equal(rowsOf('the quick brown fox', 10), ['the quick ', 'brown fox']);
  assert.equal(rowsOf('abcdefghijkl', 5), ['abcde', 'fghij', 'kl']);
  assert.equal(rowsOf('a\tb\n\nc', 20), ['a       b', '', 'c']);
});

test('widths are cells: wide characters take two, combining marks none; control characters are shown escaped', () => {
  assert.equal(
    [cellWidth('漢'), cellWidth('🙂'), cellWidth('e'), cellWidth('\u0301')],
    [2, 2, 1, 0],
  );
  assert.equal(rowsOf('漢字漢字漢', 4), ['漢字', '漢字', '漢']);
  assert.equal(rowsOf('e\u0301e\u0301e\u0301', 2), ['e\u0301e\u0301', 'e\u0301']);
  assert.equal(rowsOf('a\x1b[2Jb', 40), ['a\\u{1b}[2Jb']);
  assert.is(fit('abcdef', 4), 'abc…');
  assert.is(fit('abcd', 4), 'abcd');
});

test('spans are code points (after astral characters) and may cross rows; each span start has its row', () => {
  const l = layoutText(
    '🙂 one two three four',
    [
      [2, 5, 1],
      [10, 19, 1],
    ],
    8,
  );
  assert.equal(
    l.rows.map((r) => r.map((x) => (x.mark ? `[${x.text}]` : x.text)).join('')),
    ['🙂 [one] ', 'two [thre]', '[e fou]r'],
  );
  assert.equal(l.spanRows, [0, 1]);
});

test('the frame: header, position, body rows, key line; the next span comes to the top, then wraps', () => {
  const text = Array.from({ length: 30 }, (_, k) => `line ${k + 1}`).join('\n');
  const start = (k: number) => text.indexOf(`line ${k}\n`);
  const l = layoutText(
    text,
    [
      [start(12), start(12) + 7, 1],
      [start(28), start(28) + 7, 1],
    ],
    20,
  );
  const screen = frame({ index: 0, total: 5, stratum: 's', reasons: ['r/x'] }, l, 0, 20, 10, PLAIN);
  assert.equal(screen, [
    '[1/5] stratum s',
    'flagged by: r/x',
    '── rows 1–6 of 30 ·…',
    'line 1',
    'line 2',
    'line 3',
    'line 4',
    'line 5',
    'line 6',
    'g good · b bad · s…',
  ]);
  assert.is(nextSpanTop(l, 0, 10), 11);
  assert.is(nextSpanTop(l, 11, 10), 24); // row 27 cannot be the top: the last page starts at row 24
  assert.is(nextSpanTop(l, 24, 10), 11);
  assert.equal(frame({ index: 0, total: 1, reasons: [] }, l, 11, 40, 6, PLAIN).slice(2, 5), [
    '── rows 12–13 of 30 · span 1 of 2 · mor…',
    '[[line 12]]',
    'line 13',
  ]);
});

test('a terminal under 5 rows keeps the item line and the text, never more lines than it has', () => {
  const l = layoutText('a\nb\nc\nd', [], 10);
  assert.equal(frame({ index: 2, total: 9, reasons: [] }, l, 1, 10, 3, PLAIN), [
    '[3/9] ',
    'b',
    'c',
  ]);
  assert.equal(frame({ index: 0, total: 1, reasons: [] }, l, 0, 10, 1, PLAIN), ['[1/1] ']);
});

test.run();
