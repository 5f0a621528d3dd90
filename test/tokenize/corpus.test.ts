import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { get_encoding } from 'tiktoken';
import { openTokenizer } from '../../src/tokenize/tokenizer.ts';
import { nativeKernels, useNative } from '../../src/native/addon.ts';
import { haveShared, sharedDir, testIf } from '../_helpers.ts';

/** The tests below read ../shared: reported as skipped when it is absent. */
const sharedTest = testIf(test, haveShared('corpora/web-pages', 'golden and corpus tests'));

const corpusDir = resolve(sharedDir, 'corpora/web-pages');
/** cl100k_base tokens of all 6,200 web-pages texts, by plain tiktoken `encode_ordinary`. */
const CL100K_TOTAL = 13_791_739;

/** The `text` of every line of every `*.jsonl.gz` in `dir`, in file order. */
function readTexts(dir: string): string[] {
  const texts: string[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl.gz'))
    .sort()) {
    for (const line of gunzipSync(readFileSync(join(dir, file)))
      .toString('utf8')
      .split('\n')) {
      if (line.trim() !== '') texts.push((JSON.parse(line) as { text: string }).text);
    }
  }
  return texts;
}

// The tokenizer encodes each pre-tokenizer piece on its own (cached), so equality here also checks that
// a piece in isolation gets the ids it gets inside the text.
sharedTest(
  'every web-pages document: ids identical to tiktoken encode_ordinary (cl100k_base)',
  () => {
    const texts = readTexts(corpusDir);
    assert.is(texts.length, 6200);
    // the native kernel (when built) and the JavaScript twin, each against tiktoken
    const paths = nativeKernels() ? [true, false] : [false];
    const toks = paths.map((on) => (useNative(on), openTokenizer('cl100k_base')));
    const ref = get_encoding('cl100k_base');
    try {
      const totals = paths.map(() => 0);
      const differing: string[] = [];
      for (let d = 0; d < texts.length; d++) {
        const want = ref.encode_ordinary(texts[d]!);
        for (let p = 0; p < paths.length; p++) {
          useNative(paths[p]!);
          const { ids, approximate } = toks[p]!.encode(texts[d]!);
          totals[p] = totals[p]! + ids.length;
          let same = !approximate && ids.length === want.length;
          for (let k = 0; same && k < ids.length; k++) same = ids[k] === want[k];
          if (!same) differing.push(`${d} (${paths[p] ? 'native' : 'javascript'})`);
        }
      }
      assert.equal(
        differing,
        [],
        `documents whose ids differ: ${differing.slice(0, 10).join(', ')}`,
      );
      assert.equal(
        totals,
        paths.map(() => CL100K_TOTAL),
      );
    } finally {
      useNative(true);
      ref.free();
      for (const tok of toks) tok.free();
    }
  },
);

test.run();
