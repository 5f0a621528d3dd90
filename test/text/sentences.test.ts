import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { countSentences, countSentencesIn, isPunct } from '../../src/text/sentences.ts';
import { splitlinesRanges, strip } from '../../src/text/python.ts';
import { tokenSpans } from '../../src/text/words.ts';
import { haveShared, sharedDir, testIf } from '../_helpers.ts';

/** The tests below read ../shared: reported as skipped when it is absent. */
const sharedTest = testIf(test, haveShared('golden', 'golden and corpus tests'));

// docs/filters.md §2
test('closing quotes stay attached: He said "hi." Then → 2', () => {
  assert.is(countSentences('He said "hi." Then'), 2);
});
test('"..." is not a punct char: Wait... what? → 1', () => {
  assert.is(countSentences('Wait... what?'), 1);
});
test('Mr., U.S. and e.g. are single tokens and do not split', () => {
  assert.is(countSentences('Mr. Smith went home'), 1);
  assert.is(countSentences('The U.S. Army is here'), 1);
  assert.is(countSentences('Fruit, e.g. apples'), 1);
});
test('etc. becomes etc + . and splits', () => {
  assert.is(countSentences('apples, pears etc. Then more'), 2);
});
test('One.Two. splits (infix rule)', () => {
  assert.is(countSentences('One.Two.'), 2);
});
test('other terminators and punctuation runs', () => {
  assert.is(countSentences('Hi! How are you? Fine.'), 3);
  assert.is(countSentences('Really?! Yes.'), 2);
  assert.is(countSentences('这是一个过滤器。'), 1);
  assert.is(countSentences('A. B.C. ABC. AbC. abc.'), 2);
});
test('whitespace tokens are tokens: a newline after "." starts a sentence', () => {
  assert.is(countSentences('Hi.\nThere'), 2);
  assert.is(countSentences('Hi.\n'), 2);
  assert.is(countSentences('Hi. '), 1);
});
test('empty text has no sentences; whitespace-only text has one', () => {
  assert.is(countSentences(''), 0);
  assert.is(countSentences('   '), 1);
});
test('is_punct is Unicode category P*', () => {
  assert.ok(isPunct('"'));
  assert.ok(isPunct('…'));
  assert.ok(isPunct('.)'));
  assert.not.ok(isPunct('$'));
  assert.not.ok(isPunct('\n'));
  assert.not.ok(isPunct('a.'));
});

// Golden parity: datatrove's C4QualityFilter records, for every line it keeps, the sentence
// count max(1, n); recompute it for the same lines (stripped, citations removed).
const shared = sharedDir;

const PY_SPACE =
  '\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const STRIP_RE = new RegExp(`^[${PY_SPACE}]+|[${PY_SPACE}]+$`, 'gu');
const LINE_BREAK_RE = /\r\n|[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]/u;
const CITATION_RE = /\[\p{Nd}*\]|\[edit\]|\[citation needed\]/gu;

/** Python str.splitlines(). */
function splitlines(text: string): string[] {
  const lines = text.split(LINE_BREAK_RE);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function readJsonl(file: string): Record<string, unknown>[] {
  const raw = readFileSync(file);
  const body = file.endsWith('.gz') ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
  return body
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

interface C4Line {
  n_sentences?: number;
}

sharedTest('golden: sentence counts of the lines C4 keeps', () => {
  const sets: [string, string][] = [
    ['golden/datatrove-web-pages-00000.jsonl.gz', 'corpora/web-pages/web-pages-00000.jsonl.gz'],
    [
      'golden/datatrove-dclm-human-quality.jsonl.gz',
      'corpora/dclm-human-quality/dclm_human_quality.jsonl',
    ],
    ['golden/datatrove-edge-cases.jsonl.gz', 'golden/edge-cases.jsonl.gz'],
  ];
  let lines = 0;
  const misses: string[] = [];
  for (const [goldenFile, inputFile] of sets) {
    const texts = new Map(
      readJsonl(path.join(shared, inputFile)).map((d) => [d.id as string, d.text as string]),
    );
    for (const doc of readJsonl(path.join(shared, goldenFile))) {
      const text = texts.get(doc.id as string);
      const c4 = (doc.stats as { c4_quality?: { lines?: C4Line[] } } | undefined)?.c4_quality;
      if (text === undefined || c4?.lines === undefined) continue;
      const raw = splitlines(text);
      c4.lines.forEach((stat, i) => {
        if (stat.n_sentences === undefined) return;
        const line = (raw[i] ?? '').replace(STRIP_RE, '').replace(CITATION_RE, '');
        const got = Math.max(1, countSentences(line));
        lines++;
        if (got !== stat.n_sentences)
          misses.push(`${String(doc.id)} line ${i}: ${got} != ${stat.n_sentences}`);
      });
    }
  }
  console.log(`sentence parity: ${lines - misses.length}/${lines} kept C4 lines`);
  assert.ok(lines > 30_000, `only ${lines} golden lines found`);
  assert.equal(misses.slice(0, 10), []);
});
/**
 * For every line of `text.splitlines()`, stripped: the sentences counted on the document's own
 * tokens inside the line (what C4 does for a kept line without citations) against the line
 * tokenized on its own. Returns the lines compared and the first few differences.
 */
function compareLines(text: string): [number, string[]] {
  const spans = tokenSpans(text);
  const ranges = splitlinesRanges(text);
  const misses: string[] = [];
  let next = 0;
  let compared = 0;
  for (let r = 0; r < ranges.length; r += 2) {
    const raw = text.slice(ranges[r]!, ranges[r + 1]!);
    const line = strip(raw);
    if (line === '') continue;
    const a = ranges[r]! + raw.indexOf(line);
    const b = a + line.length;
    while (next < spans.count && spans.starts[next]! < a) next++;
    const first = next;
    while (next < spans.count && spans.starts[next]! < b) next++;
    compared++;
    const fast = countSentencesIn(text, spans, first, next, false);
    const slow = countSentences(line);
    if (fast !== slow && misses.length < 5)
      misses.push(`${JSON.stringify(line)}: ${fast} != ${slow}`);
  }
  return [compared, misses];
}

sharedTest(
  'a stripped line has the same sentences on the document tokens as on its own (golden texts)',
  () => {
    let lines = 0;
    const misses: string[] = [];
    for (const file of [
      'corpora/web-pages/web-pages-00000.jsonl.gz',
      'corpora/dclm-human-quality/dclm_human_quality.jsonl',
      'golden/edge-cases.jsonl.gz',
    ]) {
      for (const doc of readJsonl(path.join(shared, file))) {
        const [n, m] = compareLines(doc.text as string);
        lines += n;
        misses.push(...m);
      }
    }
    console.log(`document tokens vs line tokens: ${lines} lines`);
    assert.ok(lines > 100_000, `only ${lines} lines`);
    assert.equal(misses.slice(0, 10), []);
  },
);

test('a stripped line has the same sentences on the document tokens as on its own (random texts)', () => {
  // Pieces that end sentences, glue to neighbours (special cases, affixes, infixes) and break
  // lines in every way Python's splitlines() does.
  const pieces = [
    'Hi',
    '.',
    '!',
    '?',
    '...',
    '…',
    '。',
    '"',
    '”',
    "'",
    ')',
    '(',
    'etc.',
    'Mr.',
    'U.S.',
    'e.g.',
    'a.',
    ':)',
    ':',
    "don't",
    '😀',
    '\ud83d',
    '-',
    'x',
    'One.Two',
    'A',
    'b',
    '5km.',
    ' ',
    ' ',
    '  ',
    '\t',
    '\u00a0',
    '\n',
    '\r\n',
    '\r',
    '\x0b',
    '\x0c',
    '\x1c',
    '\x1d',
    '\x1e',
    '\x85',
    '\u2028',
    '\u2029',
    '\n\n',
    ' \n ',
    '[1]',
    '[edit]',
  ];
  let seed = 7;
  const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  let lines = 0;
  const misses: string[] = [];
  for (let r = 0; r < 20_000; r++) {
    let text = '';
    const n = 1 + Math.floor(next() * 30);
    for (let i = 0; i < n; i++) text += pieces[Math.floor(next() * pieces.length)];
    const [c, m] = compareLines(text);
    lines += c;
    misses.push(...m);
  }
  assert.ok(lines > 20_000);
  assert.equal(misses.slice(0, 10), []);
});

test.run();
