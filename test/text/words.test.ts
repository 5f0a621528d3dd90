import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { GAP_NONE, GAP_SPACE, GAP_WS, splitWords, tokenSpans } from '../../src/text/words.ts';
import { spacyTokens } from '../../src/text/spacy-tokens.ts';
import { isBlank } from '../../src/text/python.ts';

const words = (text: string): string => splitWords(text).join(' ');

// The "Observed tokens" table of docs/filters.md §1 (real spaCy output).
const TABLE: [string, string][] = [
  ["don't can't won't I'm it's", "do n't ca n't wo n't I 'm it 's"],
  ['dont cant wont Im its', 'do nt ca nt wo nt I m its'],
  [
    'well-known 3-4 5.5 A.B. U.S. e.g. etc. Mr. mr. Dr',
    'well - known 3 - 4 5.5 A.B. U.S. e.g. etc . Mr. mr . Dr',
  ],
  ['hello...world ... .. …', 'hello ... world ... .. …'],
  ['“Hi,” she—said—‘ok’.', '“ Hi , ” she — said—‘ok ’ .'],
  [
    '#hashtag @user user@mail.com 10% $5 5km 5,000 1/2',
    '# hashtag @user user@mail.com 10 % $ 5 5 km 5,000 1/2',
  ],
  ['C++ c# a+b x=y a/b key:value', 'C++ c # a+b x = y a / b key : value'],
  ['Hello.World hello.world Hello.world', 'Hello . World hello.world Hello.world'],
  ['see :) ok', 'see :) ok'],
  ['see : ) ok', 'see : ) ok'],
  ['conditions: (a)', 'conditions : ( a )'],
  ['conditions:\n(a)', 'conditions : ( a )'],
  ['x  y   z\tq\nr\r\ns', 'x y z q r s'],
  [
    'https://example.com/page/0?ref=the_best_0&and=to',
    'https://example.com/page/0?ref=the_best_0&and=to',
  ],
  ['这是一个过滤器。', '这是一个过滤器 。'],
];

for (const [input, expected] of TABLE) {
  test(`observed: ${JSON.stringify(input)}`, () => {
    assert.is(words(input), expected);
  });
}

test('emoji and other astral characters are single characters (icons split off)', () => {
  assert.equal(splitWords('I ❤️ NY 😀😀 👍🏽!'), [
    'I',
    '❤',
    '\ufe0f',
    'NY',
    '😀',
    '😀',
    '👍',
    '🏽',
    '!',
  ]);
  assert.equal(splitWords('a😀b'), ['a', '😀', 'b']);
  assert.equal(splitWords('😀.'), ['😀', '.']);
});

test('CRLF, U+2028/2029 and NBSP are whitespace tokens, which are dropped', () => {
  assert.equal(splitWords('line one\r\nline two\r\n'), ['line', 'one', 'line', 'two']);
  assert.equal(spacyTokens('line one\r\nline two\r\n'), [
    'line',
    'one',
    '\r\n',
    'line',
    'two',
    '\r\n',
  ]);
  assert.equal(splitWords('one\u2028two\u2029three'), ['one', 'two', 'three']);
  assert.equal(spacyTokens('one\u2028two\u2029three'), ['one', '\u2028', 'two', '\u2029', 'three']);
  assert.equal(splitWords('a\u00a0b\u00a0 c'), ['a', 'b', 'c']);
  assert.equal(spacyTokens('a\u00a0b\u00a0 c'), ['a', '\u00a0', 'b', '\u00a0 ', 'c']);
});

test('U+FEFF is not whitespace in Python', () => {
  assert.equal(splitWords('\ufeffBOM text'), ['\ufeffBOM', 'text']);
});

test('empty and whitespace-only text', () => {
  assert.equal(splitWords(''), []);
  assert.equal(spacyTokens(''), []);
  assert.equal(splitWords('   '), []);
  assert.equal(spacyTokens('   '), ['   ']);
  assert.equal(splitWords('\n\t \u00a0\u3000'), []);
});

test('a single space after a token is absorbed; other runs are tokens', () => {
  assert.equal(spacyTokens(' leading'), [' ', 'leading']);
  assert.equal(spacyTokens('trailing '), ['trailing']);
  assert.equal(spacyTokens('x  y \n z '), ['x', ' ', 'y', '\n ', 'z']);
});

test('special cases: contractions, typographic apostrophes, emoticons', () => {
  assert.is(
    words("it's that's She's Let's y'all gonna cannot"),
    "it 's that 's She 's Let 's y' all gon na can not",
  );
  assert.is(words('don’t it’s'), 'do n’t it ’s');
  assert.is(words('x:) (: :-) :-))'), 'x :) (: :-) :-))');
  assert.is(words('e.g.\ne.g. (e.g.)'), 'e.g. e.g. ( e.g. )');
});

test('a matcher span across a chunk boundary never merges and blocks an overlapping one', () => {
  // ":)" inside one chunk merges; ": )" across a space does not.
  assert.is(words('x: ):x'), 'x : ) :x');
  assert.is(words('[ :}G'), '[ : } G');
});

test('suffixes: units, currencies, periods', () => {
  assert.is(words('5km²  10kg 3pm 3p.m. US$5 C$10'), '5 km² 10 kg 3 pm 3 p.m. US$ 5 C$ 10');
  assert.is(words('°C. °F'), '° C . ° F');
  assert.is(words('A. B.C. ABC. AbC. abc.'), 'A. B.C. ABC . AbC. abc .');
  assert.is(words('...and... x....'), '... and ... x ....');
});

test('infixes: hyphen runs, digits', () => {
  assert.is(words('a--b a---b a~b 1-2 1--2'), 'a -- b a --- b a ~ b 1 - 2 1 - -2');
});
// A small seeded generator over pieces that exercise special cases, affixes, infixes, URLs,
// astral characters and every kind of whitespace.
const PIECES = [
  "don't",
  "it's",
  ':)',
  ':-)',
  '(:',
  'e.g.',
  'a.',
  'U.S.',
  'o.0',
  '<3',
  'C++',
  "'s",
  '’s',
  'gonna',
  'Mr.',
  'etc.',
  '°C.',
  '5km',
  'US$5',
  'https://x.com/a?b=c',
  '...',
  '…',
  '--',
  '1-2',
  'a/b',
  'Hello.World',
  '’',
  "'",
  '"',
  '“',
  '(',
  ')',
  '[',
  ']',
  '.',
  ',',
  ':',
  '!',
  '?',
  '-',
  '—',
  '#',
  '$',
  '%',
  '😀',
  '👍🏽',
  '\ud800',
  '\u00a0',
  '\u2028',
  '\n',
  '\r\n',
  '\t',
  ' ',
  ' ',
  '  ',
  'the',
  'A',
  'ab',
  '123',
  'ä',
  '这是',
  '。',
  'x',
  "y'all",
  ':(',
  '^_^',
  'xD',
];
function randomText(next: () => number): string {
  let t = '';
  const n = 1 + Math.floor(next() * 14);
  for (let i = 0; i < n; i++) t += PIECES[Math.floor(next() * PIECES.length)];
  return t;
}
function lcg(seed: number): () => number {
  return () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
}

test('tokenSpans: the tokens are the words, in order, and the gaps say exactly what lies between them', () => {
  const next = lcg(42);
  for (let r = 0; r < 3000; r++) {
    const text = randomText(next);
    const { count, starts, ends, gaps } = tokenSpans(text);
    assert.equal(
      Array.from({ length: count }, (_, k) => text.slice(starts[k], ends[k])),
      splitWords(text),
      text,
    );
    let prevEnd = 0;
    for (let k = 0; k < count; k++) {
      const between = text.slice(prevEnd, starts[k]);
      const expected = between === '' ? GAP_NONE : between === ' ' && k > 0 ? GAP_SPACE : GAP_WS;
      assert.is(gaps[k], expected, `${JSON.stringify(text)} token ${k}`);
      assert.ok(isBlank(between));
      prevEnd = ends[k]!;
    }
    assert.ok(isBlank(text.slice(prevEnd)));
    // Whitespace tokens sit exactly where the gaps say.
    const spaceTokens = spacyTokens(text).filter((t) => isBlank(t)).length;
    const trailing =
      text.slice(prevEnd) !== '' && !(text.slice(prevEnd) === ' ' && count > 0) ? 1 : 0;
    assert.is(
      spaceTokens,
      gaps.filter((g) => g === GAP_WS).length + trailing,
      JSON.stringify(text),
    );
  }
});

test.run();
