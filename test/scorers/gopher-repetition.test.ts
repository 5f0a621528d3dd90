import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createFilter } from '../../src/scorers/registry.ts';
import { scoreWith } from './_score.ts';

const run = (text: string, words: string[], options: Record<string, unknown> = {}) =>
  scoreWith('gopher_repetition', text, words, options);

test('empty text: datatrove divides by zero, so the fractions are absent and no rule fires', () => {
  const { attrs, reasons } = run('', []);
  assert.equal(attrs, {
    len_text: 0,
    n_paragraphs: 1,
    dup_paragraphs: 0,
    dup_paragraph_chars: 0,
    dup_para_frac: 0,
    n_lines: 1,
    dup_lines: 0,
    dup_line_chars: 0,
    dup_line_frac: 0,
    n_words: 0,
  });
  assert.equal(reasons, []);
});

test('whitespace-only text is kept: no top n-grams without words, duplicated n-grams are 0', () => {
  const { attrs, reasons } = run('   \n\n \t \n', []);
  assert.is(attrs.len_text, 9);
  assert.is(attrs.n_paragraphs, 1);
  assert.is(attrs.n_lines, 3); // '   ', ' \t ', ''
  assert.is(attrs.top_2_gram_char_frac, undefined);
  assert.is(attrs.dup_5_gram_char_frac, 0);
  assert.equal(reasons, []);
});

test('Hello world. fails top_2_gram: 11 × 1 / 12, even though nothing repeats', () => {
  const { attrs, reasons } = run('Hello world.', ['Hello', 'world', '.']);
  assert.is(attrs.top_2_gram_char_frac, 11 / 12);
  assert.is(attrs.top_3_gram_char_frac, 13 / 12);
  assert.is(attrs.top_4_gram_char_frac, undefined);
  assert.equal(reasons, ['top_2_gram', 'top_3_gram']);
});

test('top n-gram ties go to the first-inserted n-gram, even when a tied one is longer', () => {
  const words = ['a', 'bb', 'a', 'bb', 'ccc', 'x', 'ccc', 'x'];
  const text = words.join(' ');
  assert.is(run(text, words).attrs.top_2_gram_char_frac, (4 * 2) / 21); // "a bb" ×2, not "ccc x" ×2
});

test('top n-gram ties go to the first-inserted n-gram, not the first to reach the count', () => {
  // "x y" at 0 and 7, "pp qq" at 2 and 4: both twice; "pp qq" gets there first, "x y" was first seen.
  const words = ['x', 'y', 'pp', 'qq', 'pp', 'qq', 'zz', 'x', 'y'];
  const text = words.join(' ');
  const { attrs } = run(text, words, { top_n_grams: [[2, 0.5]], dup_n_grams: [] });
  assert.is(attrs.top_2_gram_char_frac, (3 * 2) / text.length);
});

test('duplicated n-grams are keyed without a separator: ["ab","c"] and ["a","bc"] collide', () => {
  const words = ['ab', 'c', 'x', 'a', 'bc'];
  const { attrs } = run('ab c x a bc', words, { dup_n_grams: [[2, 0.5]], top_n_grams: [] });
  assert.is(attrs.dup_2_gram_char_frac, 3 / 11);
});

test('a duplicated n-gram skips n positions, and the skipped ones are never added', () => {
  // n=2 over a a a a: "aa" new; "aa" seen (+2, jump to 3); 3 is not < 3: stop
  assert.is(
    run('a a a a', ['a', 'a', 'a', 'a'], { dup_n_grams: [[2, 0.1]] }).attrs.dup_2_gram_char_frac,
    2 / 7,
  );
  // n=5, ten repeated words: positions 0..4 new, 5 repeats 0 (+5 chars)
  const words = 'a b c d e a b c d e'.split(' ');
  const { attrs, reasons } = run(words.join(' '), words);
  assert.is(attrs.dup_5_gram_char_frac, 5 / 19);
  assert.ok(reasons.includes('duplicated_5_n_grams'));
});

test('paragraphs split on two or more \\n only, after strip(); "\\n \\n" and "\\r\\n\\r\\n" do not split', () => {
  const { attrs, reasons } = run('p\n\np\n\nq', []);
  assert.is(attrs.n_paragraphs, 3);
  assert.is(attrs.dup_para_frac, 1 / 3);
  assert.is(attrs.dup_para_char_frac, 1 / 7);
  assert.ok(reasons.includes('dup_para_frac'));
  assert.is(run('a\n \nb\r\n\r\nc', []).attrs.n_paragraphs, 1);
});

test('lines are re.split("\\n+") of the unstripped text: edge newlines give empty lines, \\r stays', () => {
  const edges = run('\na\nb\n', []).attrs;
  assert.is(edges.n_lines, 4);
  assert.is(edges.dup_lines, 1); // the second ''
  assert.is(edges.dup_line_chars, 0);
  const crlf = run('a\r\nb\r\na\r\n', []).attrs;
  assert.is(crlf.n_lines, 4);
  assert.is(crlf.dup_line_chars, 2); // 'a\r'
  assert.is(run('a\u2028b', []).attrs.n_lines, 1); // U+2028 is not \n
});

test('duplicate characters are code points: an emoji counts 1', () => {
  const { attrs, reasons } = run('😀😀\n😀😀', ['😀😀', '😀😀']);
  assert.is(attrs.len_text, 5);
  assert.is(attrs.dup_line_char_frac, 2 / 5);
  assert.is(attrs.top_2_gram_char_frac, 5 / 5);
  assert.ok(reasons.includes('dup_line_frac'));
});

test('n-gram statistics are exact on a larger text (ids and hashes agree with joined strings)', () => {
  const vocab = ['ab', 'a', 'b', 'abab', 'ba', 'x'];
  let seed = 7;
  const words = Array.from(
    { length: 3000 },
    () => vocab[(seed = (seed * 1103515245 + 12345) % 2 ** 31) % vocab.length]!,
  );
  const text = words.join(' ');
  const { attrs } = run(text, words);
  for (let n = 5; n <= 10; n++) {
    assert.is(
      attrs[`dup_${n}_gram_char_frac`],
      naiveDuplicateChars(words, n) / text.length,
      `n=${n}`,
    );
  }
  for (let n = 2; n <= 4; n++) {
    const counts = new Map<string, number>();
    for (let i = 0; i + n <= words.length; i++) {
      const g = words.slice(i, i + n).join(' ');
      counts.set(g, (counts.get(g) ?? 0) + 1);
    }
    let best = '';
    let c = 0;
    for (const [g, k] of counts) if (k > c) [best, c] = [g, k];
    assert.is(attrs[`top_${n}_gram_char_frac`], (best.length * c) / text.length, `n=${n}`);
  }
});

/** datatrove's find_all_duplicate(words, n), verbatim: the code-point length of the repeated keys. */
function naiveDuplicateChars(words: readonly string[], n: number): number {
  const unique = new Set<string>();
  let repeated = 0;
  let idx = 0;
  while (idx < words.length - n + 1) {
    const g = words.slice(idx, idx + n).join('');
    if (unique.has(g)) {
      repeated += [...g].length;
      idx += n;
    } else {
      unique.add(g);
      idx++;
    }
  }
  return repeated;
}

test('duplicated n-grams stay exact with long words that are prefixes of each other, and repeated runs', () => {
  // Keys that coincide only when joined ("abcdef" + "abc" = "abc" + "defabc"), words longer and
  // shorter than the 16-unit window of repeatEnds, and repeats of whole runs.
  const vocab = [
    'abcdef',
    'abc',
    'def',
    'abcdefabc',
    'defabc',
    'abcdefabcdef',
    'xyz',
    'q',
    'qq',
    'abcdefghijklmnop',
    '😀',
  ];
  let seed = 11;
  const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  for (let r = 0; r < 60; r++) {
    const words: string[] = [];
    while (words.length < 400) {
      if (words.length > 20 && next() < 0.1)
        words.push(...words.slice(Math.floor(next() * 20), Math.floor(next() * 20) + 12));
      else words.push(vocab[Math.floor(next() * vocab.length)]!);
    }
    const text = words.join(' ');
    for (const ns of [
      [1, 2, 3, 7],
      [5, 6, 8, 10],
    ]) {
      const { attrs } = run(text, words, { dup_n_grams: ns.map((n) => [n, 0.5]), top_n_grams: [] });
      for (const n of ns) {
        assert.is(
          attrs[`dup_${n}_gram_char_frac`],
          naiveDuplicateChars(words, n) / [...text].length,
          `round ${r}, n=${n}`,
        );
      }
    }
  }
});

test('hash collisions are resolved on the strings (Thue–Morse words collide for every odd base mod 2^32)', () => {
  const tm = (flip: number) =>
    Array.from({ length: 256 }, (_, i) => ((popcount(i) + flip) % 2 ? 'b' : 'a')).join('');
  const [x, y] = [tm(0), tm(1)];
  const words = [x, y, y, x];
  const text = words.join(' ');
  // x new; y new (its hash equals x's); y seen (+256); x seen (+256)
  assert.is(
    run(text, words, { dup_n_grams: [[1, 0.5]], top_n_grams: [] }).attrs.dup_1_gram_char_frac,
    512 / text.length,
  );
});

function popcount(i: number): number {
  let c = 0;
  for (; i; i &= i - 1) c++;
  return c;
}

test('a word containing a space falls back to joined strings for top n-grams', () => {
  // "a b" + "c" and "a" + "b c" are both "a b c": count 2, so 5 × 2 (word-id tuples would say 1)
  const words = ['a b', 'c', 'a', 'b c'];
  assert.is(run('x', words, { top_n_grams: [[2, 1]] }).attrs.top_2_gram_char_frac, 5 * 2);
});

test('options: datatrove names, pairs validated, unknown names rejected', () => {
  const f = createFilter('gopher_repetition', { dup_line_frac: null });
  assert.is(f.rules.length, 3 + 3 + 6);
  assert.throws(() => createFilter('gopher_repetition', { top_n_grams: [[2]] }), TypeError);
  assert.throws(
    () => createFilter('gopher_repetition', { dup_lines_frac: 0.3 }),
    /dup_line_frac, dup_para_frac/,
  );
});

test.run();
