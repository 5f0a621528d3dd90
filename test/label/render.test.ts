import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ANSI, PLAIN, highlight, neutralize, renderItem } from '../../src/label/render.ts';

test('control characters from document text cannot drive the terminal', () => {
  assert.is(neutralize('a\x1b[2Jb\x07c\td\ne'), 'a\\u{1b}[2Jb\\u{7}c\td\ne');
  assert.not.match(
    renderItem({
      index: 0,
      total: 1,
      text: 'x\x1b]0;pwned\x07',
      reasons: ['r\x1b[31m'],
      spans: {},
    }),
    /\x1b\]0;/,
  );
});

test('spans are highlighted in code points, after astral characters, and long texts are cut', () => {
  const brackets = { ...ANSI, on: '[', off: ']' };
  assert.is(highlight('🙂ab cd', [[1, 3, 1]], 100, brackets), '🙂[ab] cd');
  assert.is(
    highlight('abcdef', [[4, 9, 1]], 5, brackets),
    'abcd[e]\n\x1b[2m… 1 more characters\x1b[0m',
  );
});

test('the plain style (a pipe or a log) has no escape codes; spans are in [[ ]]', () => {
  const screen = renderItem(
    {
      index: 1,
      total: 3,
      text: 'keep this, drop that',
      reasons: ['c4_quality/policy'],
      spans: { 'c4_quality.bad_lines': [[11, 20, 5]] },
    },
    3000,
    PLAIN,
  );
  assert.not.match(screen, /\x1b/);
  assert.match(screen, '[2/3]');
  assert.match(screen, 'keep this, [[drop that]]');
});

test.run();
