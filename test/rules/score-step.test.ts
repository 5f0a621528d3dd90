import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { scoreDocs, type TokenEncoder } from '../../src/rules/score-step.ts';
import { createEvaluator } from '../../src/rules/evaluator.ts';
import { presetConfig, resolveConfig } from '../../src/config/config.ts';
import { openTokenizer } from '../../src/tokenize/tokenizer.ts';
import type { Document } from '../../src/document.ts';

const TEXTS = ['Hello world. This is a page.', 'Ünïcödé text, numbers 12345 and more words here.'];

async function* docs(): AsyncGenerator<Document> {
  for (const [i, text] of TEXTS.entries())
    yield {
      id: `d${i}`,
      text,
      shard: 's',
      line: i + 1,
      raw: Buffer.from(''),
      eol: '\n',
      record: {},
    };
}

/** cl100k, recording which method scoring asked. */
function spy(calls: string[]): TokenEncoder & { free(): void } {
  const tok = openTokenizer('cl100k_base');
  return {
    encode: (t) => (calls.push('encode'), tok.encode(t)),
    count: (t) => (calls.push('count'), tok.count(t)),
    free: () => tok.free(),
  };
}

test('filters that read no token ids get token counts without ids, the same counts', async () => {
  const calls: string[] = [];
  const tok = spy(calls);
  try {
    const evaluator = createEvaluator(presetConfig('fineweb'));
    const got: (number | null)[] = [];
    for await (const d of scoreDocs(docs(), evaluator, tok)) got.push(d.tokens);
    assert.equal(calls, ['count', 'count']);
    const ref = openTokenizer('cl100k_base');
    try {
      assert.equal(
        got,
        TEXTS.map((t) => ref.encode(t).ids.length),
      );
    } finally {
      ref.free();
    }
  } finally {
    tok.free();
  }
});

test('a filter that reads token ids gets them, counted from the same ids', async () => {
  const calls: string[] = [];
  const tok = spy(calls);
  try {
    const evaluator = createEvaluator(
      resolveConfig({ tokenizer: 'cl100k_base', filters: ['tokens'] }),
    );
    const got: (number | null | undefined)[][] = [];
    for await (const d of scoreDocs(docs(), evaluator, tok))
      got.push([d.tokens, d.scored.attrs['tokens.count']]);
    assert.equal(calls, ['encode', 'encode']);
    // Hello| world|.| This| is| a| page|. : 8 cl100k tokens, each piece one token
    assert.equal(got, [
      [8, 8],
      [got[1]![0], got[1]![0]],
    ]);
  } finally {
    tok.free();
  }
});

test.run();
