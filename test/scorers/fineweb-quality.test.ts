import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createFilter } from '../../src/scorers/registry.ts';
import { scoreWith } from './_score.ts';

/** Scores `text`, by default with whitespace-split words injected. */
const run = (
  text: string,
  words: string[] = text.split(/\s+/).filter(Boolean),
  options: Record<string, unknown> = {},
) => {
  const { attrs, reasons } = scoreWith('fineweb_quality', text, words, options);
  return { attrs, reasons };
};

test('empty and whitespace-only text: empty, and nothing else is computed', () => {
  assert.equal(run(''), { attrs: { n_nonempty_lines: 0 }, reasons: ['empty'] });
  assert.equal(run('   \n\n \t \n\u2028'), { attrs: { n_nonempty_lines: 0 }, reasons: ['empty'] });
});

test('Hello world.: one short punctuated line', () => {
  const { attrs, reasons } = run('Hello world.', ['Hello', 'world', '.']);
  assert.equal(attrs, {
    n_nonempty_lines: 1,
    line_punct_ratio: 1,
    short_line_ratio: 1,
    char_dup_ratio: 0,
    n_words: 3,
    newline_count: 0,
    list_ratio: 0,
  });
  assert.equal(reasons, ['short_line_ratio']);
});

test('lines are split("\\n") and not stripped: a trailing space or \\r defeats the punctuation check', () => {
  const { attrs } = run('a.\r\nb. \nc.\n');
  assert.is(attrs.n_nonempty_lines, 3);
  assert.is(attrs.line_punct_ratio, 1 / 3);
  assert.is(run('a.\u2028b').attrs.n_nonempty_lines, 1); // U+2028 is not \n
});

test('terminal punctuation is TERMINAL_PUNCTUATION: 。 yes; …, ." and .” no', () => {
  assert.is(run('文。\nx…\na."\nb.”\nc!').attrs.line_punct_ratio, 2 / 5);
});

test('line_punct_exclude_zero exempts a ratio of exactly 0', () => {
  const text = 'no punctuation here at all in this line\nnor in this rather long line either';
  assert.ok(run(text).reasons.includes('line_punct_ratio'));
  assert.not.ok(
    run(text, undefined, { line_punct_exclude_zero: true }).reasons.includes('line_punct_ratio'),
  );
});

test('short lines are measured in code points', () => {
  assert.is(run('😀'.repeat(30)).attrs.short_line_ratio, 1);
  assert.is(run('😀'.repeat(31)).attrs.short_line_ratio, 0);
});

test('duplicate characters over len(text) without \\n; every \\n counts for list_ratio', () => {
  const dup = run('same line\nsame line\nother').attrs;
  assert.is(dup.char_dup_ratio, 9 / 23);
  const list = run('a\n\n\nb').attrs;
  assert.is(list.newline_count, 3);
  assert.is(list.list_ratio, 3 / 2);
});

test('rules follow datatrove: < for line_punct_ratio, > for the others', () => {
  const f = createFilter('fineweb_quality', { short_line_thr: 0.5 });
  assert.equal(
    f.rules.map((r) => r.reason.replace('fineweb_quality/', '')),
    ['empty', 'line_punct_ratio', 'short_line_ratio', 'char_dup_ratio', 'list_ratio'],
  );
  assert.is(f.options.short_line_thr, 0.5);
  assert.is(f.options.short_line_length, 30);
  assert.throws(
    () => createFilter('fineweb_quality', { short_line_threshold: 0.5 }),
    /short_line_thr/,
  );
});

test.run();
