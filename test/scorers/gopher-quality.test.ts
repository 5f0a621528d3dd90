import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createFilter } from '../../src/scorers/registry.ts';
import { scoreWith } from './_score.ts';

const run = (text: string, words: string[], options: Record<string, unknown> = {}) =>
  scoreWith('gopher_quality', text, words, options);

const sentence = 'the cat sat with the dog and';
const good = Array.from({ length: 10 }, () => sentence).join(' ') + '.';
const goodWords = [...good.slice(0, -1).split(' '), '.'];

test('a plain English text passes every check', () => {
  const { attrs, reasons } = run(good, goodWords);
  assert.is(attrs.n_words, 71);
  assert.is(attrs.n_non_symbol_words, 70);
  assert.is(attrs.avg_word_len, 220 / 70);
  assert.is(attrs.stop_words_found, 3); // the, with, and
  assert.equal(reasons, []);
  assert.equal(run(good, goodWords, { min_avg_word_length: 3.5 }).reasons, [
    'gopher_below_avg_threshold',
  ]);
});

test('empty and whitespace-only text: short doc, and no division by zero', () => {
  const empty = run('', []);
  assert.equal(empty.attrs, {
    n_words: 0,
    n_non_symbol_words: 0,
    hash_count: 0,
    ellipsis_count: 0,
    n_lines_splitlines: 0,
    stop_words_found: 0,
  });
  assert.equal(empty.reasons, ['gopher_short_doc', 'gopher_enough_stop_words']);
  const ws = run('   \n\n \t \n', []);
  assert.is(ws.attrs.n_lines_splitlines, 3);
  assert.is(ws.attrs.bullet_lines_ratio, 0);
  assert.is(ws.attrs.avg_word_len, undefined);
  assert.ok(ws.reasons.includes('gopher_short_doc'));
});

test('Hello world.: punctuation tokens count in n_words but not as non-symbol words', () => {
  const { attrs } = run('Hello world.', ['Hello', 'world', '.']);
  assert.is(attrs.n_words, 3);
  assert.is(attrs.n_non_symbol_words, 2);
  assert.is(attrs.avg_word_len, 5);
  assert.is(attrs.alpha_words_ratio, 2 / 3);
});

test('ellipses: non-overlapping "..." plus "…"; hashes are raw "#" in the text', () => {
  const { attrs } = run('a.... b...... c… #d ##', [
    'a',
    '....',
    'b',
    '......',
    'c',
    '…',
    '#',
    'd',
    '#',
    '#',
  ]);
  assert.is(attrs.ellipsis_count, 1 + 2 + 1);
  assert.is(attrs.hash_count, 3);
  assert.is(attrs.ellipsis_ratio, 4 / 10);
  assert.is(attrs.hash_ratio, 3 / 10);
});

test('bullets: lines starting with - or • after lstrip (so "-5 degrees" counts; * – 1. do not)', () => {
  const text = '-5 degrees\n• point\n  - x\n* star\n– dash\n1. one';
  assert.is(run(text, []).attrs.bullet_lines_ratio, 3 / 6);
});

test('end ellipsis: rstrip then "..." or "…"', () => {
  const text = 'wait...  \nso…\nx..\nfine';
  assert.is(run(text, []).attrs.end_ellipsis_lines_ratio, 2 / 4);
});

test('lines are splitlines(): CRLF, U+2028, \\x1c and \\x85 all break; a final newline adds none', () => {
  assert.is(run('a\r\nb\r\n', []).attrs.n_lines_splitlines, 2);
  assert.is(run('a\u2028b\x1cc\x85d', []).attrs.n_lines_splitlines, 4);
  assert.is(run('a\n\nb\n', []).attrs.n_lines_splitlines, 3); // the empty line counts
});

test('word lengths are code points; • ‘ and emoji are words, １ and … are symbols', () => {
  const { attrs } = run('😀😀 • ‘ １ …', ['😀😀', '•', '‘', '１', '…']);
  assert.is(attrs.n_non_symbol_words, 3);
  assert.is(attrs.avg_word_len, (2 + 1 + 1) / 3);
  assert.is(attrs.alpha_words_ratio, 0);
});

test('stop words: distinct, case-sensitive', () => {
  assert.is(run('The the of The', ['The', 'the', 'of', 'The']).attrs.stop_words_found, 2);
  assert.is(run('x', ['foo', 'bar'], { stop_words: ['foo', 'baz'] }).attrs.stop_words_found, 1);
});

test('every failing check fires, in datatrove order; thresholds are inclusive as in datatrove', () => {
  const words = Array.from({ length: 50 }, () => '##');
  const { reasons } = run(
    words.join(' '),
    words.map(() => '#1'),
  );
  assert.equal(reasons, [
    'gopher_below_avg_threshold',
    'gopher_too_many_hashes',
    'gopher_below_alpha_threshold',
    'gopher_enough_stop_words',
  ]);
  // exactly 50 non-symbol words is not short
  assert.not.ok(run(good, goodWords.slice(0, 50)).reasons.includes('gopher_short_doc'));
  assert.ok(run(good, goodWords.slice(0, 49)).reasons.includes('gopher_short_doc'));
});

test('null or 0 disables a check, as `if self.x and ...` does', () => {
  const f = createFilter('gopher_quality', { min_doc_words: null, min_stop_words: 0 });
  assert.not.ok(f.rules.some((r) => r.reason === 'gopher_quality/gopher_short_doc'));
  assert.not.ok(f.rules.some((r) => r.reason === 'gopher_quality/gopher_enough_stop_words'));
  assert.is(f.rules.length, 8);
});

test('unknown options throw a TypeError naming the allowed ones', () => {
  assert.throws(
    () => createFilter('gopher_quality', { min_words: 3 }),
    (e: Error) =>
      e instanceof TypeError &&
      e.message.includes('`min_words`') &&
      e.message.includes('min_doc_words, max_doc_words'),
  );
  assert.throws(() => createFilter('gopher_quality', { min_doc_words: '50' }), TypeError);
});

test.run();
