import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { get_encoding } from 'tiktoken';
import { openTokenizer } from '../../src/tokenize/tokenizer.ts';
import { SharedPieceCache, sharedPieceBuffers } from '../../src/tokenize/shared-cache.ts';

/** Short and long pieces, one- and many-token ones, several scripts. */
let TEXT = 'Hello, world! 你好，世界。 😀👍🏽 naïve café — “quotes” ALLCAPS CamelCase 12345678 ';
for (let i = 0; i < 400; i++) TEXT += `w${i.toString(36)}x ${i} Extraordinarily${i % 7} `;
TEXT += ` ${'Z'.repeat(700)} ${'é'.repeat(300)} `;

const tiktokenIds = (text: string): number[] => {
  const ref = get_encoding('cl100k_base');
  try {
    return [...ref.encode_ordinary(text)];
  } finally {
    ref.free();
  }
};

test("a piece one tokenizer stored is found by another on the same buffers; ids stay tiktoken's", () => {
  const buffers = sharedPieceBuffers(1 << 12);
  const view = new SharedPieceCache(buffers);
  const a = openTokenizer('cl100k_base', { shared: buffers });
  const b = openTokenizer('cl100k_base', { shared: buffers });
  try {
    const want = tiktokenIds(TEXT);
    assert.equal([...a.encode(TEXT).ids], want);
    const stored = view.size;
    assert.ok(stored > 400, `${stored} entries`);
    assert.equal([...b.encode(TEXT).ids], want);
    assert.is(view.size, stored, 'the second tokenizer merged nothing anew');
    assert.is(b.count(TEXT).count, want.length);
  } finally {
    a.free();
    b.free();
  }
});

test('a full shared cache takes no more entries; the rest go to the private cache, still exact', () => {
  const buffers = sharedPieceBuffers(8);
  const view = new SharedPieceCache(buffers);
  for (const entries of [0, 64]) {
    const tok = openTokenizer('cl100k_base', { shared: buffers, cacheEntries: entries });
    try {
      const want = tiktokenIds(TEXT);
      assert.equal([...tok.encode(TEXT).ids], want, `private cache ${entries}`);
      assert.equal([...tok.encode(TEXT).ids], want, `private cache ${entries}, second time`);
    } finally {
      tok.free();
    }
  }
  assert.is(view.size, 8);
});

test('add: stores multi-token and long keys in the arenas; refuses when full or unfit', () => {
  const c = new SharedPieceCache(sharedPieceBuffers(3));
  const s = 'xx abcdefghij yy';
  assert.ok(c.add(s, 3, 13, Uint32Array.of(7, 8, 9)));
  assert.ok(c.add(s, 0, 2, Uint32Array.of(5)));
  const r = c.find(s, 3, 13);
  assert.is(c.idCount(r), 3);
  assert.equal([...c.ids.subarray(c.value(r), c.value(r) + 3)], [7, 8, 9]);
  assert.is(c.value(c.find('xx', 0, 2)), 5);
  assert.is(c.find(s, 3, 12), -1, 'a prefix is another key');
  assert.is(c.add(s, 14, 16, new Uint32Array(0)), false, 'no ids');
  assert.ok(c.add(s, 14, 16, Uint32Array.of(1)));
  assert.is(c.add('zz', 0, 2, Uint32Array.of(2)), false, 'limit reached');
  assert.is(c.find('zz', 0, 2), -1);
  assert.throws(() => sharedPieceBuffers(0), /limit from 1/);
});

test.run();
