import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { C4_LINE_REASONS } from '../../src/scorers/c4-quality.ts';
import { createFilter } from '../../src/scorers/registry.ts';
import { scoreWith } from './_score.ts';

const run = (text: string, options: Record<string, unknown> = {}) => {
  const { attrs, spans, reasons } = scoreWith('c4_quality', text, undefined, options);
  return { attrs, reasons, badLines: spans.bad_lines ?? [] };
};

// Kept lines here are one sentence each, so the counts do not depend on sentence splitting details.
const good = 'The cat sat on the mat.';
const fiveGood = Array.from({ length: 5 }, () => good).join('\n');

test('five good lines make five sentences; the document is kept', () => {
  const { attrs, reasons, badLines } = run(fiveGood);
  assert.is(attrs.num_sentences_kept, 5);
  assert.is(attrs.n_lines_kept, 5);
  assert.equal(badLines, []);
  assert.equal(reasons, []);
});

test('empty and whitespace-only text: too_few_sentences', () => {
  const empty = run('');
  assert.is(empty.attrs.n_lines_splitlines, 0);
  assert.equal(empty.reasons, ['too_few_sentences']);
  const ws = run('   \n\n \t \n');
  assert.is(ws.attrs.n_lines_no_terminal_punc, 3);
  assert.equal(ws.badLines, [
    [0, 3, 2],
    [4, 4, 2],
    [5, 8, 2],
  ]);
  assert.equal(ws.reasons, ['too_few_sentences']);
});

test('lorem ipsum on a line without terminal punctuation does not drop the document', () => {
  const kept = run(`Lorem ipsum dolor sit amet\n${fiveGood}`);
  assert.is(kept.attrs.lorem_ipsum, 0);
  assert.is(kept.attrs.n_lines_no_terminal_punc, 1);
  assert.equal(kept.reasons, []);
  const dropped = run(`Lorem ipsum dolor sit amet.\n${fiveGood}`);
  assert.is(dropped.attrs.lorem_ipsum, 1);
  assert.equal(dropped.badLines[0], [0, 27, C4_LINE_REASONS.lorem_ipsum]);
  assert.is(dropped.attrs.num_sentences_kept, 5); // every line is still classified
  assert.equal(dropped.reasons, ['lorem_ipsum']);
});

test('citations are removed after counting words, leaving the spaces; the pattern is case-sensitive', () => {
  const line = (text: string) => run(text).badLines[0]?.[2] ?? 'kept';
  assert.is(line('Such a [1] fine day.'), 'kept');
  assert.is(line('a [1] fine'), C4_LINE_REASONS.no_terminal_punc);
  assert.is(line('Done here now.[12]'), 'kept'); // "Done here now." ends with "."
  assert.is(line('It ends here [edit]'), C4_LINE_REASONS.no_terminal_punc); // "It ends here " ends with " "
  assert.is(line('Ok then [1].'), 'kept'); // 3 words before removal: "Ok", "then", "[1]."
  assert.is(line('Ok [1].'), C4_LINE_REASONS.too_few_words);
  assert.is(line('Not removed [Citation needed]'), C4_LINE_REASONS.no_terminal_punc);
  assert.is(line('Arabic digits [١٢] count too.'), 'kept');
});

test('terminal punctuation: . ? ! " \' but not "...", ”, ) or …', () => {
  const line = (text: string) => run(text).badLines[0]?.[2] ?? 'kept';
  for (const ok of [
    'One two three?',
    'One two three!',
    'One two "three"',
    "One two 'three'",
    'One two three. ',
  ]) {
    assert.is(line(ok), 'kept', ok);
  }
  for (const bad of [
    'One two three...',
    'One two “three”',
    'One two (three)',
    'One two three…',
    'One two three',
  ]) {
    assert.is(line(bad), C4_LINE_REASONS.no_terminal_punc, bad);
  }
});

test('javascript lines are dropped before the curly bracket check: such a document is kept', () => {
  const js = run(`Please enable JavaScript { now }.\n${fiveGood}`);
  assert.is(js.attrs.n_lines_javascript, 1);
  assert.is(js.attrs.curly_bracket, 0);
  assert.equal(js.reasons, []);
  const curly = run(`The set {a, b} is small.\n${fiveGood}`);
  assert.is(curly.attrs.curly_bracket, 1);
  assert.equal(curly.reasons, ['curly_bracket']);
});

test('policy lines and too-long words (code points) are dropped', () => {
  assert.is(run('This site uses cookies to work.').attrs.n_lines_policy, 1);
  assert.is(run('This site USES COO\u212aIES a lot.').attrs.n_lines_policy, 1); // Kelvin sign lowers to k
  assert.is(run('Please enable JAVASCRİPT now.').attrs.n_lines_javascript, 0); // İ lowers to i + U+0307
  assert.is(run(`A ${'x'.repeat(1001)} word.`).attrs.n_lines_too_long_word, 1);
  assert.is(run(`A ${'😀'.repeat(600)} word.`).attrs.n_lines_too_long_word, 0); // 600 code points, 1200 units
});

test('the phrase and curly-bracket checks agree with lower() and "in" on every line (random lines)', () => {
  // Lines of three or more words without terminal punctuation checks, built from phrase pieces in
  // mixed case, look-alikes (Kelvin sign, İ, ſ), brackets and citations.
  const pieces = [
    'lorem',
    'LOREM',
    'Lorem',
    'ipsum',
    'IPSUM',
    'ipſum',
    'java',
    'JAVA',
    'script',
    'SCRİPT',
    'javascript',
    'JavaScript',
    'terms',
    'TERMS',
    'of',
    'OF',
    'use',
    'USE',
    'uses',
    'policy',
    'POLIC',
    'poli',
    'c',
    'cookie',
    'COO\u212aIE',
    'cookies',
    'privacy',
    'the',
    '{',
    '}',
    '[1]',
    '[edit]',
    'x',
    ' ',
    ' ',
    ' ',
    '  ',
    '\t',
  ];
  let seed = 5;
  const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const POLICY = [
    'terms of use',
    'privacy policy',
    'cookie policy',
    'uses cookies',
    'use of cookies',
    'use cookies',
  ];
  const CITATION = /\[\p{Nd}*\]|\[edit\]|\[citation needed\]/gu;
  const randomLine = () => {
    let line = 'a b c ';
    const n = 1 + Math.floor(next() * 8);
    for (let i = 0; i < n; i++) line += pieces[Math.floor(next() * pieces.length)];
    return line;
  };
  // datatrove's checks, in order, on the stripped line with citations removed.
  const expected = (line: string): number | 'kept' => {
    const clean = line.trim().replace(CITATION, '');
    const lower = clean.toLowerCase();
    if (lower.includes('lorem ipsum')) return C4_LINE_REASONS.lorem_ipsum;
    if (lower.includes('javascript')) return C4_LINE_REASONS.javascript;
    if (clean.includes('{')) return C4_LINE_REASONS.curly_bracket;
    if (POLICY.some((p) => lower.includes(p))) return C4_LINE_REASONS.policy;
    return 'kept';
  };
  for (let r = 0; r < 5000; r++) {
    const line = randomLine();
    const got = run(line, { filter_no_terminal_punct: false }).badLines[0]?.[2] ?? 'kept';
    assert.is(got, expected(line), JSON.stringify(line));
  }
  // Several lines to a document: the phrase search runs once over the text, line after line.
  for (let r = 0; r < 1000; r++) {
    const lines = Array.from({ length: 1 + Math.floor(next() * 6) }, randomLine);
    const text = lines.join('\n');
    const bad = run(text, { filter_no_terminal_punct: false }).badLines;
    const want = lines.flatMap((l, k) => {
      const code = expected(l);
      return code === 'kept' ? [] : [[k, code]];
    });
    const starts = lines.map((_, k) =>
      lines.slice(0, k).reduce((n, l) => n + [...l].length + 1, 0),
    );
    assert.equal(
      bad.map(([a, , code]) => [starts.indexOf(a), code]),
      want,
      JSON.stringify(text),
    );
  }
});

test('lines are splitlines(): CRLF and U+2028 split; spans are code points without the terminator', () => {
  const crlf = run(`${good}\r\n${good}\r\n`);
  assert.is(crlf.attrs.n_lines_splitlines, 2);
  assert.is(crlf.attrs.n_lines_kept, 2);
  assert.is(run(`${good}\u2028${good}`).attrs.n_lines_kept, 2);
  const { badLines } = run(`😀 bad\n${good}\n😀😀 two\r\nlast one`);
  assert.equal(badLines, [
    [0, 5, C4_LINE_REASONS.no_terminal_punc],
    [30, 36, C4_LINE_REASONS.no_terminal_punc],
    [38, 46, C4_LINE_REASONS.no_terminal_punc],
  ]);
});

test('options: disabled checks change the line logic and drop their rules', () => {
  const noPunct = run(
    'Just some words here\nand more words here\nmore of them\nand four more\nfive words are here',
    {
      filter_no_terminal_punct: false,
    },
  );
  assert.is(noPunct.attrs.n_lines_kept, 5);
  assert.equal(noPunct.reasons, []);
  assert.equal(
    createFilter('c4_quality', { min_num_sentences: -1, filter_curly_bracket: false }).rules.map(
      (r) => r.reason,
    ),
    ['c4_quality/lorem_ipsum'],
  );
  assert.throws(() => createFilter('c4_quality', { split_paragraph: false }), /split_paragraph/);
  assert.throws(
    () => createFilter('c4_quality', { tokenizer_language: 'english' }),
    /Unknown option `tokenizer_language`/,
  );
});

test.run();
