import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { get_encoding } from 'tiktoken';
import {
  ENCODINGS,
  openTokenizer,
  shareRanks,
  type EncodingName,
  type Tokenizer,
} from '../../src/tokenize/tokenizer.ts';
import { createRequire } from 'node:module';
import { RUST_PATTERNS, splitWithRegExp } from '../../src/tokenize/patterns.ts';
import { charClasses } from '../../src/tokenize/char-classes.ts';
import { scanCl100k, scanGpt2, scanO200k } from '../../src/tokenize/pieces.ts';

/** Runs `body` with an open tokenizer and plain tiktoken for `name`, freeing both. */
function withBoth(
  name: EncodingName,
  body: (tok: Tokenizer, plain: (s: string) => number[]) => void,
  cacheEntries?: number,
): void {
  const tok = openTokenizer(name, cacheEntries === undefined ? {} : { cacheEntries });
  const ref = get_encoding(name);
  try {
    body(tok, (s) => [...ref.encode_ordinary(s)]);
  } finally {
    ref.free();
    tok.free();
  }
}

const MIXED = [
  'Hello, world! 你好，世界。 😀👍🏽 🇩🇪',
  'Line one\r\nLine two\r\n\r\n\tindented\ttabs   \n',
  'trailing spaces   ',
  '   leading spaces and 12345678 digits, 3.14159 and ١٢٣٤ and ½',
  "I'm sure they'll say WE'VE done it, don't you? IT'S HERS'd",
  'naïve café — “quotes” … ﬁne; e\u0301 combining; ǅungla; ʰmodifier',
  'url: https://example.com/a/b//c?x=1&y=2 /path/to/file.ts',
  '<|endoftext|> and <|fim_prefix|> are just text here',
  'ALLCAPS CamelCaseWords mIxEd ÉCOLE ÀÖ',
  '\n\n\n   \n \t \u3000 \u00a0end',
  '',
];

test('hello world is 2 tokens in cl100k_base', () => {
  withBoth('cl100k_base', (tok, plain) => {
    const { ids, approximate } = tok.encode('hello world');
    assert.equal([...ids], [15339, 1917]);
    assert.equal([...ids], plain('hello world'));
    assert.is(approximate, false);
    assert.equal(tok.count('hello world'), { count: 2, approximate: false });
  });
});

test('<|endoftext|> is ordinary text: 7 tokens in cl100k_base, as encode_ordinary', () => {
  withBoth('cl100k_base', (tok, plain) => {
    const ids = [...tok.encode('<|endoftext|>').ids];
    assert.is(ids.length, 7);
    assert.equal(ids, plain('<|endoftext|>'));
    assert.not.ok(ids.includes(100257), 'no special token id');
  });
});

test('Rust whitespace and case folding: U+FEFF is not \\s, U+0085 is, LONG S folds to s', () => {
  const cases = [
    '\uFEFFHello world',
    'BOM\uFEFF \uFEFFinside',
    'a\u0085b \u0085\u0085 c\u0085',
    'next\u0085line \u0085 word',
    "it'ſ and IT'ſ and it's",
    "don'ſ ſtop 'ſ",
  ];
  for (const name of ENCODINGS) {
    withBoth(name, (tok, plain) => {
      for (const s of cases)
        assert.equal([...tok.encode(s).ids], plain(s), `${name} ${JSON.stringify(s)}`);
    });
  }
});

test('every encoding opens and matches tiktoken encode_ordinary on mixed text', () => {
  for (const name of ENCODINGS) {
    withBoth(name, (tok, plain) => {
      assert.is(tok.name, name);
      for (const s of MIXED) {
        assert.equal([...tok.encode(s).ids], plain(s), `${name} ${JSON.stringify(s)}`);
        assert.is(tok.count(s).count, plain(s).length);
      }
      // the whole list as one text, twice: the second time every piece comes from the cache
      const all = MIXED.join(' ');
      assert.equal([...tok.encode(all).ids], plain(all));
      assert.equal([...tok.encode(all).ids], plain(all));
    });
  }
});

test('cache misses are encoded by the JavaScript byte-pair merge: random pieces in many scripts equal tiktoken', () => {
  // Random words from alphabets whose pieces are rarely single tokens (so the merge loop runs,
  // with long merge chains and ties), plus lone surrogates (tiktoken sees U+FFFD) and astral
  // characters. Each text is new to the cache, so every piece is a miss.
  const alphabets = [
    'abcdefghijklmnopqrstuvwxyz',
    'αβγδεζηθικλμνξοπρστυφχψω',
    'абвгдежзийклмнопрстуфхцчшщ',
    'กขฃคฅฆงจฉชซฌญฎฏ',
    '的一是不了人我在有他这中大来上',
    '😀🚀🧪🦀𝔘𝔫𝔦',
    '\ud800\udfffx',
    '0123456789',
    '!?.,;:-_#@',
  ];
  let seed = 5;
  const next = (n: number) => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n;
  for (const name of ENCODINGS) {
    withBoth(name, (tok, plain) => {
      for (let r = 0; r < 60; r++) {
        const words: string[] = [];
        for (let w = 0; w < 12; w++) {
          const abc = [...alphabets[next(alphabets.length)]!];
          words.push(Array.from({ length: 1 + next(14) }, () => abc[next(abc.length)]).join(''));
        }
        const text = words.join(next(2) ? ' ' : '');
        assert.equal([...tok.encode(text).ids], plain(text), `${name} ${JSON.stringify(text)}`);
      }
    });
  }
});

test("rank tables built once (shareRanks, in SharedArrayBuffers) merge as a thread's own do", () => {
  const ranks = shareRanks('cl100k_base');
  assert.ok(ranks.tables.slots.buffer instanceof SharedArrayBuffer);
  const tok = openTokenizer('cl100k_base', { ranks, cacheEntries: 0 });
  const ref = get_encoding('cl100k_base');
  try {
    // Every piece a miss (no cache): all merged over the shared tables.
    const text = 'naïve café Extraordinarily 12345 αβγδε 的一是不了 😀🚀 \ud800x ALLCAPS déjà-vu';
    assert.equal([...tok.encode(text).ids], [...ref.encode_ordinary(text)]);
    assert.is(tok.tokenBytes(15339), 5); // "hello"
    assert.is(tok.tokenBytes(100256), 0); // a hole in the vocabulary
  } finally {
    ref.free();
    tok.free();
  }
  assert.throws(
    () => openTokenizer('o200k_base', { ranks }),
    /rank tables of o200k_base, got those of cl100k_base/,
  );
});

test("patterns.ts carries the installed tiktoken's own pat_str for every encoding", () => {
  const registry = createRequire(import.meta.url)('tiktoken/registry.json') as Record<
    string,
    { pat_str: string }
  >;
  for (const name of ENCODINGS) assert.is(RUST_PATTERNS[name], registry[name]!.pat_str, name);
});

test('the scanner splits like the JS RegExp spec of each pattern', () => {
  const t = charClasses();
  const scanners = {
    cl100k_base: scanCl100k,
    o200k_base: scanO200k,
    p50k_base: scanGpt2,
    r50k_base: scanGpt2,
  };
  for (const name of ENCODINGS) {
    for (const s of MIXED) {
      const pieces: string[] = [];
      for (let i = 0; i < s.length;) {
        const e = scanners[name](s, i, s.length, t);
        pieces.push(s.slice(i, e));
        i = e;
      }
      assert.equal(pieces, splitWithRegExp(name, s), `${name} ${JSON.stringify(s)}`);
    }
  }
});

test('classes are Unicode 16.0 (tiktoken 1.0.22), not the running ICU: letters and digits new in 17.0 are other', () => {
  // U+088F and U+A7CE: letters added in 17.0; U+11DE0: a Tolong Siki digit (17.0); U+0295 was Ll until 17.0
  const cases = ["x\u088F's", "x\uA7CE's", '1\u{11DE0}11', '\u0295Bc', 'x\u0295Bc'];
  for (const name of ENCODINGS) {
    withBoth(name, (tok, plain) => {
      for (const s of cases)
        assert.equal([...tok.encode(s).ids], plain(s), `${name} ${JSON.stringify(s)}`);
    });
  }
});

/** Class bits by the running V8's own Unicode tables (regex property escapes), the way `pieces.ts` defines them. */
function v8Classes(): Uint8Array {
  const units = new Uint16Array(0x10000 + 2 * 0x100000);
  for (let c = 0; c < 0x10000; c++) units[c] = c >= 0xd800 && c <= 0xdfff ? 0xfffd : c;
  for (let c = 0; c < 0x100000; c++) {
    units[0x10000 + 2 * c] = 0xd800 + (c >> 10);
    units[0x10000 + 2 * c + 1] = 0xdc00 + (c & 0x3ff);
  }
  const all = new TextDecoder('utf-16le').decode(units);
  const cpAt = (u: number) => (u <= 0x10000 ? u : 0x10000 + ((u - 0x10000) >> 1));
  const t = new Uint8Array(0x110000);
  const classes: [number, RegExp][] = [
    [1, /\p{L}+/gu],
    [2, /\p{N}+/gu],
    [4, /[\t-\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]+/gu],
    [8, /[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+/gu],
    [16, /[\p{Ll}\p{Lm}\p{Lo}\p{M}]+/gu],
  ];
  for (const [bit, re] of classes) {
    for (const m of all.matchAll(re)) {
      for (let c = cpAt(m.index); c < cpAt(m.index + m[0].length); c++) t[c]! |= bit;
    }
  }
  return t;
}

/** What Unicode 17.0 changed for these classes: new letters, digits and marks, and U+0295 Ll → Lo. */
const UNICODE_17_CHANGES = [
  [0x295, 0x295],
  [0x88f, 0x88f],
  [0xc5c, 0xc5c],
  [0xcdc, 0xcdc],
  [0x1acf, 0x1add],
  [0x1ae0, 0x1aeb],
  [0xa7ce, 0xa7cf],
  [0xa7d2, 0xa7d2],
  [0xa7d4, 0xa7d4],
  [0xa7f1, 0xa7f1],
  [0x10940, 0x10959],
  [0x10ec5, 0x10ec7],
  [0x10efa, 0x10efb],
  [0x11b60, 0x11b67],
  [0x11db0, 0x11ddb],
  [0x11de0, 0x11de9],
  [0x16ea0, 0x16eb8],
  [0x16ebb, 0x16ed3],
  [0x16ff2, 0x16ff6],
  [0x187f8, 0x187ff],
  [0x18d09, 0x18d1e],
  [0x18d80, 0x18df2],
  [0x1e6c0, 0x1e6de],
  [0x1e6e0, 0x1e6f5],
  [0x1e6fe, 0x1e6ff],
  [0x2b73a, 0x2b73f],
  [0x2cea2, 0x2cead],
  [0x323b0, 0x33479],
] as const;

test("the Unicode 16.0 table equals V8's classes, bar what Unicode 17.0 changed", () => {
  const mine = charClasses();
  const v8 = v8Classes();
  const version = process.versions.unicode ?? '';
  const changed = (c: number) => UNICODE_17_CHANGES.some(([a, b]) => c >= a && c <= b);
  let differing = 0;
  for (let c = 0; c < 0x110000; c++) {
    if (mine[c] === v8[c]) continue;
    differing++;
    if (version.startsWith('16.') || version.startsWith('17.')) {
      assert.ok(
        version.startsWith('17.') && changed(c),
        `U+${c.toString(16)}: ${mine[c]} vs V8 ${v8[c]}`,
      );
    }
  }
  if (version.startsWith('17.')) assert.is(differing, 4700);
  else if (!version.startsWith('16.'))
    console.log(`  note: V8 has Unicode ${version}; ${differing} code points differ`);
});

test('a piece over 10,000 code points takes the bounded path and is flagged approximate', () => {
  withBoth('cl100k_base', (tok) => {
    const text = 'a'.repeat(30_000);
    const { ids, approximate } = tok.encode(text);
    assert.ok(approximate);
    assert.ok(ids.length >= 30_000 / 16 && ids.length <= 30_000, `${ids.length} tokens`);
    assert.equal(tok.count(text), { count: ids.length, approximate: true });
    // the ids still spell the text byte for byte
    assert.is(tok.codePointOffsets(text, ids).at(-1), 30_000);
    // a short piece after the long one is not affected, and the next text is exact again
    assert.is(tok.encode('hello world').approximate, false);
  });
});

test('a piece of 9,000 code points is exact and equals tiktoken', () => {
  withBoth('cl100k_base', (tok, plain) => {
    const text = 'a'.repeat(9_000);
    const { ids, approximate } = tok.encode(text);
    assert.is(approximate, false);
    assert.equal([...ids], plain(text));
  });
});

test('pieces longer than the cache keys, and a tiny or disabled cache, stay exact', () => {
  let text = '';
  for (let i = 0; i < 3000; i++) text += `w${i.toString(36)}x ${i} `;
  text += ` ${'Z'.repeat(700)} ${'é'.repeat(600)} `;
  for (const entries of [0, 1, 64]) {
    withBoth(
      'o200k_base',
      (tok, plain) => {
        assert.equal([...tok.encode(text).ids], plain(text), `cacheEntries ${entries}`);
        assert.equal(
          [...tok.encode(text).ids],
          plain(text),
          `cacheEntries ${entries}, second time`,
        );
      },
      entries,
    );
  }
});

test('codePointOffsets: hand-computed offsets; a boundary inside a character maps to its start', () => {
  withBoth('cl100k_base', (tok) => {
    // code points: a 😀 b ␠ é !   (😀 is 2 UTF-16 units, 4 UTF-8 bytes; é is 2 bytes)
    const text = 'a😀b é!';
    const { ids } = tok.encode(text);
    // cl100k splits the emoji's bytes: "a" | F0 9F 98 | 80 | "b" | " é" | "!"
    assert.equal(
      [...ids].map((id) => tok.tokenBytes(id)),
      [1, 3, 1, 1, 3, 1],
    );
    // the token made of byte 80 starts inside 😀, so it maps to 😀's start (code point 1)
    assert.equal([...tok.codePointOffsets(text, ids)], [0, 1, 1, 2, 3, 5, 6]);
    assert.is(tok.codePointOffsets('', new Uint32Array(0)).length, 1);
  });
});

test('codePointOffsets: the last offset is the code-point length, astral characters count 1', () => {
  withBoth('o200k_base', (tok) => {
    for (const text of MIXED) {
      const off = tok.codePointOffsets(text, tok.encode(text).ids);
      assert.is(off.at(-1), [...text].length, JSON.stringify(text));
      for (let k = 1; k < off.length; k++) assert.ok(off[k]! >= off[k - 1]!);
    }
  });
});

test('codePointOffsets rejects ids that do not spell the text', () => {
  withBoth('cl100k_base', (tok) => {
    const ids = tok.encode('hello world').ids;
    assert.throws(() => tok.codePointOffsets('hello', ids), RangeError);
    assert.throws(() => tok.codePointOffsets('hello world!', ids), RangeError);
    assert.throws(() => tok.codePointOffsets('hello', new Uint32Array([100257])), RangeError);
  });
});

test('tokenBytes: byte length per id, 0 for holes, special tokens and out of range', () => {
  withBoth('cl100k_base', (tok) => {
    assert.is(tok.tokenBytes(15339), 5); // "hello"
    assert.is(tok.tokenBytes(1917), 6); // " world"
    assert.is(tok.tokenBytes(100256), 0); // a hole in the vocabulary
    assert.is(tok.tokenBytes(100257), 0); // <|endoftext|>
    assert.is(tok.tokenBytes(1e6), 0);
    assert.is(tok.tokenBytes(-1), 0);
  });
});

test('bad arguments and use after free throw; free twice is harmless', () => {
  assert.throws(() => openTokenizer('gpt2' as EncodingName), /Expected an encoding name/);
  assert.throws(() => openTokenizer('cl100k_base', { cacheEntries: -1 }), /cacheEntries/);
  assert.throws(() => openTokenizer('cl100k_base', { cacheEntries: 1.5 }), /cacheEntries/);
  const tok = openTokenizer('r50k_base');
  tok.free();
  tok.free();
  assert.throws(() => tok.encode('x'), /freed/);
  assert.throws(() => tok.count('x'), /freed/);
  assert.throws(() => tok.tokenBytes(1), /freed/);
});

test.run();
