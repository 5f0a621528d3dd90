import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createContext, tokenSpansOf, wordIdsOf } from '../../src/scorers/context.ts';
import { tokenSpans } from '../../src/text/words.ts';
import { wordIdsOfRanges, type WordIds } from '../../src/scorers/word-ids.ts';
import type { DocContext } from '../../src/scorers/types.ts';

// tokenSpansOf and wordIdsOf hand out arrays that the next document reuses; a document whose
// arrays were taken over computes them again when asked again.

const plain = (w: WordIds) =>
  Object.fromEntries(
    Object.entries(w).map(([k, v]) => [k, ArrayBuffer.isView(v) ? [...(v as Int32Array)] : v]),
  );

/** The document's spans and ids from the functions that return arrays of their own. */
function expected(text: string) {
  const t = tokenSpans(text);
  const facts = { astral: /[\ud800-\udfff]/.test(text), spaced: false };
  return {
    spans: [[...t.starts], [...t.ends], [...t.gaps]],
    ids: plain(wordIdsOfRanges(text, t.starts, t.ends, t.count, facts)),
  };
}

function actual(ctx: DocContext) {
  const t = tokenSpansOf(ctx);
  return { spans: [[...t.starts], [...t.ends], [...t.gaps]], ids: plain(wordIdsOf(ctx)) };
}

const A = 'The cat sat on the mat. The cat, again: (e.g. here) 😀 ok.';
const B = 'a b c a b c '.repeat(3000); // more words than the arrays first hold: they grow

test('documents that take the reused arrays over in turn each see their own', () => {
  const a = createContext(A);
  assert.equal(actual(a), expected(A));
  const other = createContext('Other words: a text of its own, in the same arrays.');
  assert.equal(actual(other), expected(other.text));
  assert.equal(actual(a), expected(A)); // a's were taken over: computed again
  const b = createContext(B);
  assert.equal(actual(b), expected(B));
  assert.equal(actual(a), expected(A)); // a's were taken over by b: computed again
  assert.equal(actual(b), expected(B));
  const c = createContext('');
  assert.equal(actual(c), expected(''));
  const d = createContext('One more text, of other words.');
  assert.equal(actual(d), expected('One more text, of other words.'));
  assert.equal(actual(b), expected(B)); // in the arrays d took over
  assert.equal(actual(d), expected('One more text, of other words.'));
});

test('a document asked again before the next one keeps the same arrays', () => {
  const a = createContext(A);
  assert.is(wordIdsOf(a), wordIdsOf(a));
  assert.is(tokenSpansOf(a), tokenSpansOf(a));
});

test('a context made elsewhere gets arrays of its own', () => {
  const cache = new Map<string, unknown>();
  const own: DocContext = {
    text: A,
    tokens: () => undefined,
    has: (key) => cache.has(key),
    memo<T>(key: string, compute: () => T): T {
      if (!cache.has(key)) cache.set(key, compute());
      return cache.get(key) as T;
    },
  };
  const ids = wordIdsOf(own);
  assert.equal(actual(createContext(B)), expected(B));
  assert.equal(plain(ids), expected(A).ids);
});

test.run();
