import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { splitWords } from '../../src/text/words.ts';
import { haveShared, sharedDir, testIf } from '../_helpers.ts';

/** The tests below read ../shared: reported as skipped when it is absent. */
const sharedTest = testIf(test, haveShared('golden', 'golden and corpus tests'));

// Golden parity with datatrove's split_into_words (spaCy 3.5.4 blank("en")) on the 450
// documents that ../shared/golden has word lists for (see its README).
const shared = sharedDir;

function readJsonlGz(file: string): Record<string, unknown>[] {
  return gunzipSync(readFileSync(file))
    .toString('utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** First index where the lists differ, with a little context, for the failure message. */
function firstDifference(got: string[], want: string[]): string {
  let i = 0;
  while (i < got.length && i < want.length && got[i] === want[i]) i++;
  const show = (xs: string[]): string => JSON.stringify(xs.slice(Math.max(0, i - 2), i + 3));
  return `token ${i}: got ${show(got)}, want ${show(want)}`;
}

sharedTest('golden: splitWords equals datatrove words on >= 99% of 450 documents', () => {
  const sets: [string, string][] = [
    [
      'golden/datatrove-words-web-pages-00000-first400.jsonl.gz',
      'corpora/web-pages/web-pages-00000.jsonl.gz',
    ],
    ['golden/datatrove-edge-cases.jsonl.gz', 'golden/edge-cases.jsonl.gz'],
  ];
  let total = 0;
  const differing: string[] = [];
  for (const [goldenFile, inputFile] of sets) {
    const texts = new Map(
      readJsonlGz(path.join(shared, inputFile)).map((d) => [d.id as string, d.text as string]),
    );
    for (const doc of readJsonlGz(path.join(shared, goldenFile))) {
      const want = doc.words as string[] | undefined;
      const text = texts.get(doc.id as string);
      if (want === undefined) continue;
      assert.type(text, 'string', `no input text for ${String(doc.id)}`);
      total++;
      const got = splitWords(text as string);
      if (got.length !== want.length || got.some((w, i) => w !== want[i])) {
        differing.push(`${String(doc.id)}: ${firstDifference(got, want)}`);
      }
    }
  }
  const same = total - differing.length;
  console.log(`word parity: ${same}/${total} documents (${((100 * same) / total).toFixed(1)}%)`);
  for (const d of differing.slice(0, 10)) console.log(`  differs: ${d}`);
  assert.is(total, 450);
  assert.ok(same >= 0.99 * total, `only ${same}/${total} documents match`);
});
test.run();
