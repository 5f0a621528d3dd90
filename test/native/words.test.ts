import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { nativeKernels, useNative } from '../../src/native/addon.ts';
import { UNITS_RARE, UNITS_SURROGATE, nativeWords, unitsFound } from '../../src/native/words.ts';
import { splitWords, tokenSpans } from '../../src/text/words.ts';
import { spacyTokens } from '../../src/text/spacy-tokens.ts';
import { RARE_UNIT, SURROGATE } from '../../src/scorers/context.ts';
import { wordIdsOfRanges, wordIdsOfWords, type WordIds } from '../../src/scorers/word-ids.ts';
import { mulberry32 } from '../../src/audit/random.ts';
import { haveShared, sharedDir, testIf } from '../_helpers.ts';

// The native word split and word ids against their JavaScript twins (the reference), text by
// text: every token range and gap, the word lists, and every array of the word ids.

const present = nativeKernels() !== null;
const nativeTest = testIf(test, present || process.env['CI'] === 'true');
if (!present && process.env['CI'] !== 'true')
  console.log('SKIP: native kernels not built: the word kernels are not compared');

const arrays = (w: WordIds) =>
  Object.fromEntries(
    Object.entries(w).map(([k, v]) => [k, ArrayBuffer.isView(v) ? [...(v as Int32Array)] : v]),
  );

/** Everything the word code computes about text, by the native (true) or JavaScript path. */
function describe(text: string, native: boolean) {
  useNative(native);
  try {
    const spans = tokenSpans(text);
    const facts = { astral: /[\ud800-\udfff]/.test(text), spaced: false };
    return {
      starts: [...spans.starts],
      ends: [...spans.ends],
      gaps: [...spans.gaps],
      words: splitWords(text),
      tokens: spacyTokens(text),
      ids: arrays(wordIdsOfRanges(text, spans.starts, spans.ends, spans.count, facts)),
    };
  } finally {
    useNative(true);
  }
}

function same(text: string): void {
  const js = describe(text, false);
  const native = describe(text, true);
  if (JSON.stringify(native) !== JSON.stringify(js))
    assert.equal(
      native,
      js,
      `native and JavaScript differ on ${JSON.stringify(text.slice(0, 80))}`,
    );
}

const HAND: readonly string[] = [
  '',
  ' ',
  '   ',
  '\n',
  ' \n \t\u00a0\u2028\u3000 ',
  'word',
  ' lead and trail ',
  'two  spaces\tand\ttabs\n\nnew lines\r\n',
  // astral characters, emoji, lone surrogates, at every place in a chunk
  'a😀b 😀😀 (😀) 😀. 𝔘𝔫𝔦 \ud800 x\udc00y \udc00\ud800 end\ud83d',
  '𠀀𠀁 cjk 中文，標點。 ﬁ ｆｕｌｌ',
  // special cases, alone and inside affixes
  "don't Don’t can't I'm y'all gonna ol' 'em 'n' c'mon C'mon",
  'U.S. e.g. i.e. a.m. 10a.m. 3p.m. Mr. Dr. Ph.D. N.Y. vs. St. °C. °F.',
  '(e.g. "a." b-a. [z.] x-e.) ok',
  // the matcher pass: merges ( "):" "''" ), blocked and spaced matches
  'operator(s): here): (x):) a \'\' b ": )" ":(" : ( C++ c++ <3 </3 :-) ;-) ^_^ ¯\\(ツ)/¯',
  // prefixes, suffixes, infixes
  '$5 US$5 C$10 A$3 +1 +x ...x x... 5km 10kg 3.5 1,000 10% 5°C. "quoted" (paren) [b] {c}',
  'well-known 1-2 a--b a---b x—y x–y a~b a:b a<b a>b a=b a/b 1+2 2*3 4^5 2-3 a,b A.B a.B',
  "it's It’s that's what's he's x's X'S 'S 's …… x…y ... a..b !? ?! a,",
  // URLs: host, protocol, auth, port, path, non-ASCII, IP addresses, near misses
  'www.example.com http://x.org/a?b#c https://user:pw@host.co.uk:8080/p mailto:me@x.io',
  'WordPress.com del.icio.us NYTimes.com. example.c0m a.b.c.d x.yz/ ftp://a.b:99999 x.y:80',
  '10.0.0.1 192.168.1.1 172.16.0.1 8.8.8.8 1.2.3.4.5 127.0.0.1:80 999.1.1.1 ١.١.١.١',
  'bücher.de http://例子.测试 münchen.com/straße a.b.çom x@y@z.com a::b://c.de //x.org',
  '/www/htdocs/w00a2ebd/wp-content/plugins/nextgen-gallery/nggfunctions.php requirements.txt',
  't);e.prototype=Object.create(t&&t.prototype,{constructor:{value:e,enumerable:!1}})',
  // very long tokens
  'x'.repeat(5000),
  `${'ab.'.repeat(2000)}com`,
  `${'('.repeat(300)}word${')'.repeat(300)}`,
  `${'a-'.repeat(3000)}b`,
  `https://x.org/${'é'.repeat(4000)}`,
];

nativeTest('native and JavaScript agree on hand-made texts covering every rule', () => {
  for (const text of HAND) same(text);
});

nativeTest('the tokens of a few texts, by hand', () => {
  const words = (text: string) => {
    const { count, starts, ends } = tokenSpans(text);
    return Array.from({ length: count }, (_, k) => text.slice(starts[k]!, ends[k]!));
  };
  assert.equal(words("Don't stop (e.g. here): www.example.com."), [
    'Do',
    "n't",
    'stop',
    '(',
    'e.g.',
    'here',
    '):',
    'www.example.com',
    '.',
  ]);
  assert.equal(words('a😀b 1,000'), ['a', '😀', 'b', '1,000']); // icons are infixes
  assert.equal(words('  '), []);
});

nativeTest('texts longer than the buffers (growth, a huge text, then a small one)', () => {
  same('a '.repeat(40_000));
  same('word, (x) '.repeat(30_000));
  // every word distinct: the ids' table doubles as it fills
  same(Array.from({ length: 20_000 }, (_, i) => `w${i.toString(36)}`).join(' '));
  const huge = 'lorem ipsum, dolor (sit) amet. '.repeat(70_000); // 2.2 M units
  const js = describe(huge, false);
  const native = describe(huge, true);
  assert.is(native.starts.length, js.starts.length);
  assert.ok(native.starts.every((s, k) => s === js.starts[k] && native.ends[k] === js.ends[k]));
  assert.equal(native.ids['size'], js.ids['size']);
  same('small again');
});

nativeTest('seeded random strings over letters, digits, punctuation, spaces and astral', () => {
  const alphabet = [
    ...'aeioustnrlAEIOUSTN0123456789',
    ...'.,;:!?\'"()[]{}-–—/\\@#$%&*+=<>^_~`’“”…',
    ...'   \n\t\u00a0',
    ...['😀', '𝔘', '\ud800', '\udc00', 'é', 'ß', 'ж', '中', '。', '°', '€', '·'],
    ...["n't", "'s", 'www.', '.com', 'http://', 'e.g.', 'U.S.', ':)', 'C++', 'a.m.'],
  ];
  const random = mulberry32(22);
  for (let n = 0; n < 3000; n++) {
    let text = '';
    const length = Math.floor(random() * 40);
    for (let i = 0; i < length; i++) text += alphabet[Math.floor(random() * alphabet.length)]!;
    same(text);
  }
});

nativeTest(
  'the native split reports surrogates and rare line breaks as context.ts finds them',
  () => {
    for (let c = 0; c < 0x10000; c++) {
      const text = `a${String.fromCharCode(c)} b`;
      tokenSpans(text);
      const found = unitsFound(text);
      assert.is((found & UNITS_SURROGATE) !== 0, SURROGATE.test(text), `unit ${c}`);
      assert.is((found & UNITS_RARE) !== 0, RARE_UNIT.test(text), `unit ${c}`);
    }
    // a text not split: the kernel loads it (and the split that follows reads it from there)
    for (const text of ['a text not split \r', 'no rare unit', 'astral 😀']) {
      assert.is((unitsFound(text) & UNITS_SURROGATE) !== 0, SURROGATE.test(text));
      assert.is((unitsFound(text) & UNITS_RARE) !== 0, RARE_UNIT.test(text));
      same(text);
    }
    useNative(false);
    assert.is(unitsFound('the JavaScript path'), -1);
    useNative(true);
  },
);

nativeTest('word ids of injected words (a joined source with spaces) agree', () => {
  const lists = [[], ['a'], ['a b', 'a b', 'c'], ['😀', 'x😀', '😀'], ['the', 'cat', 'the', 'cat']];
  for (const words of lists) {
    useNative(false);
    const js = arrays(wordIdsOfWords(words));
    useNative(true);
    assert.equal(arrays(wordIdsOfWords(words)), js);
  }
});

nativeTest('the kernels refuse bad arguments with an error, not a crash', () => {
  const native = nativeWords()!;
  const io = new Int32Array(8);
  const s = new Int32Array(4);
  const pos = new Int32Array(64);
  const byId = new Int32Array(64);
  assert.throws(() => native.ids('abc', s, s, 5, io, false, pos, byId), /wrong type or length/);
  // room for fewer words than asked
  assert.throws(
    () => native.ids('abc', s, s, 4, io, false, pos, new Int32Array(19)),
    /wrong type or length/,
  );
  assert.throws(
    () => native.ids('abc', s, s, 4, io, false, new Int32Array(19), byId),
    /wrong type or length/,
  );
  assert.throws(
    () => native.ids('abc', Int32Array.of(0), Int32Array.of(9), 1, io, false, pos, byId),
    /outside/,
  );
  io[1] = 99; // a position past the text
  assert.throws(() => native.scan('abc', io, s, s, new Uint8Array(4)), /out of range/);
});

const sharedTest = testIf(test, present && haveShared('corpora/web-pages', 'native words corpus'));
sharedTest('native and JavaScript agree on a slice of the shared web pages', () => {
  const file = join(sharedDir, 'corpora/web-pages/web-pages-00000.jsonl.gz');
  const lines = gunzipSync(readFileSync(file)).toString('utf8').split('\n').filter(Boolean);
  for (const line of lines.slice(0, 300)) same((JSON.parse(line) as { text: string }).text);
});

test.run();
