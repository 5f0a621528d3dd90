// Parity with datatrove v0.10.0 on the golden files of ../shared/golden (see its README).
//
// Default: winnow's own word splitter over all 2,099 golden documents. With
// WINNOW_PARITY_WORDS=golden, datatrove's own word lists are injected instead (only the 450
// documents that have them), which separates filter differences from word-splitting differences.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { C4_LINE_REASONS } from '../../src/scorers/c4-quality.ts';
import { createContext } from '../../src/scorers/context.ts';
import { type Filter, FILTERS, scoreDocument } from '../../src/scorers/registry.ts';
import { decide } from '../../src/rules/threshold.ts';
import { cpCount, splitlinesRanges } from '../../src/text/python.ts';
import { haveShared, sharedDir, testIf } from '../_helpers.ts';

/** The tests below read ../shared: reported as skipped when it is absent. */
const sharedTest = testIf(test, haveShared('golden', 'golden and corpus tests'));

const shared = sharedDir;
const goldenWords = process.env.WINNOW_PARITY_WORDS === 'golden';

type Json = Record<string, unknown>;
const readJsonl = (file: string): Json[] => {
  const buf = readFileSync(file);
  const text = (file.endsWith('.gz') ? gunzipSync(buf) : buf).toString('utf8');
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Json);
};

const FILTER_NAMES = [
  'gopher_quality',
  'gopher_repetition',
  'c4_quality',
  'fineweb_quality',
  'c4_badwords',
] as const;
type FilterName = (typeof FILTER_NAMES)[number];

interface Tally {
  docs: number;
  agree: number;
  drops: number;
  reasonFound: number;
  statDocs: number;
  statEqual: number;
  keyMismatch: Map<string, number>;
  examples: string[];
}
const newTally = (): Tally => ({
  docs: 0,
  agree: 0,
  drops: 0,
  reasonFound: 0,
  statDocs: 0,
  statEqual: 0,
  keyMismatch: new Map(),
  examples: [],
});

const close = (a: number | undefined, b: unknown): boolean =>
  b === null
    ? a === undefined
    : typeof b === 'number' && a !== undefined && Math.abs(a - b) <= 1e-6;

/** The keys whose values differ from the golden `stats.<filter>` (and the C4 line counters). */
function statMismatches(
  name: FilterName,
  gold: Json,
  stats: Json,
  attrs: Record<string, number>,
  text: string,
  spans: Record<string, readonly (readonly [number, number, number])[]>,
): string[] {
  const bad: string[] = [];
  const get = (k: string) => attrs[`${name}.${k}`];
  if (name === 'c4_quality') {
    const lines = stats.lines as Json[];
    const docDrop = lines.some((l) => 'doc_drop' in l);
    if (get('n_lines_splitlines') !== stats.n_lines_splitlines) bad.push('n_lines_splitlines');
    // datatrove stops at a document-level drop; winnow classifies every line (see scoreC4Quality).
    if (!docDrop && !close(get('num_sentences_kept'), stats.num_sentences_kept))
      bad.push('num_sentences_kept');
    const counters = (gold.line_counters ?? {}) as Record<string, number>;
    if (!docDrop) {
      for (const [k, v] of Object.entries(counters)) {
        const key =
          k === 'line-total'
            ? 'n_lines_splitlines'
            : k === 'line-kept'
              ? 'n_lines_kept'
              : `n_lines_${k.replace('line-filter-', '')}`;
        if (get(key) !== v) bad.push(`counter:${k}`);
      }
    }
    // Per line: the reason of each removed line, from the bad_lines spans.
    const byStart = new Map<number, number>();
    for (const [s, , score] of spans['c4_quality.bad_lines'] ?? []) byStart.set(s, score);
    const code = Object.fromEntries(Object.entries(C4_LINE_REASONS).map(([k, v]) => [v, k]));
    const ranges = splitlinesRanges(text);
    let start = 0;
    for (let i = 0; i < lines.length; i++) {
      start += cpCount(text, i === 0 ? 0 : ranges[2 * i - 2]!, ranges[2 * i]!);
      const mine = byStart.has(start) ? code[byStart.get(start)!] : 'kept';
      const l = lines[i]!;
      const theirs = (l.drop ?? l.doc_drop ?? 'kept') as string;
      if (mine !== theirs) {
        bad.push('lines');
        break;
      }
    }
    return bad;
  }
  for (const [k, v] of Object.entries(stats)) {
    if (k === 'stop_words_found') {
      if (get(k) !== (v as string[]).length) bad.push(k);
    } else if (!close(get(k), v)) bad.push(k);
  }
  return bad;
}

sharedTest('winnow agrees with datatrove v0.10.0 on the golden documents', () => {
  const sets = [
    {
      golden: 'golden/datatrove-web-pages-00000.jsonl.gz',
      texts: 'corpora/web-pages/web-pages-00000.jsonl.gz',
      words: 'golden/datatrove-words-web-pages-00000-first400.jsonl.gz',
    },
    {
      golden: 'golden/datatrove-dclm-human-quality.jsonl.gz',
      texts: 'corpora/dclm-human-quality/dclm_human_quality.jsonl',
    },
    {
      golden: 'golden/datatrove-edge-cases.jsonl.gz',
      texts: 'golden/edge-cases.jsonl.gz',
      words: 'golden/datatrove-edge-cases.jsonl.gz',
    },
  ];
  const filters: Filter[] = FILTER_NAMES.map((n) => FILTERS[n]!());
  const tallies = new Map<FilterName, Tally>(FILTER_NAMES.map((n) => [n, newTally()]));
  let docs = 0;
  for (const set of sets) {
    const texts = new Map(
      readJsonl(path.join(shared, set.texts)).map((d) => [d.id as string, d.text as string]),
    );
    const wordLists = new Map<string, string[]>();
    if (goldenWords && set.words) {
      for (const d of readJsonl(path.join(shared, set.words)))
        wordLists.set(d.id as string, d.words as string[]);
    }
    for (const g of readJsonl(path.join(shared, set.golden))) {
      const id = g.id as string;
      const text = texts.get(id);
      assert.type(text, 'string', `text of ${id}`);
      const words = wordLists.get(id);
      if (goldenWords && !words) continue;
      docs++;
      const ctx = createContext(text!);
      if (words) ctx.memo('words', () => words);
      const scored = scoreDocument(filters, ctx);
      const reasons = decide(filters, scored);
      for (const name of FILTER_NAMES) {
        const t = tallies.get(name)!;
        const gold = g[name] as Json;
        const mine = reasons.filter((r) => r.startsWith(`${name}/`));
        const goldDrop = gold.keep === false; // {"error": ...}: datatrove crashed, winnow must not drop
        t.docs++;
        if (goldDrop === mine.length > 0) t.agree++;
        else if (t.examples.length < 8)
          t.examples.push(`${id}: datatrove ${gold.reason ?? 'keep'}, winnow [${mine.join(' ')}]`);
        if (goldDrop) {
          t.drops++;
          if (mine.includes(`${name}/${gold.reason as string}`)) t.reasonFound++;
        }
        const stats = (g.stats as Json | undefined)?.[name] as Json | undefined;
        if (stats) {
          t.statDocs++;
          const bad = statMismatches(name, gold, stats, scored.attrs, text!, scored.spans);
          if (bad.length === 0) t.statEqual++;
          for (const k of bad) t.keyMismatch.set(k, (t.keyMismatch.get(k) ?? 0) + 1);
        }
      }
    }
  }
  console.log(
    `parity over ${docs} documents (${goldenWords ? "datatrove's word lists injected" : "winnow's word splitter"})`,
  );
  const pct = (a: number, b: number) => (b === 0 ? 100 : (100 * a) / b);
  const failures: string[] = [];
  for (const name of FILTER_NAMES) {
    const t = tallies.get(name)!;
    const keys = [...t.keyMismatch].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k}:${n}`);
    console.log(
      `  ${name.padEnd(18)} keep/drop ${pct(t.agree, t.docs).toFixed(2)}% (${t.agree}/${t.docs})` +
        `  reason ${pct(t.reasonFound, t.drops).toFixed(2)}% (${t.reasonFound}/${t.drops})` +
        (t.statDocs
          ? `  stats ${pct(t.statEqual, t.statDocs).toFixed(2)}% (${t.statEqual}/${t.statDocs})`
          : '') +
        (keys.length ? `  mismatched keys ${keys.slice(0, 6).join(' ')}` : ''),
    );
    for (const e of t.examples) console.log(`      ${e}`);
    if (pct(t.agree, t.docs) < 99.5) failures.push(`${name} keep/drop`);
    if (pct(t.reasonFound, t.drops) < 99) failures.push(`${name} reason`);
    if (pct(t.statEqual, t.statDocs) < 99) failures.push(`${name} stats`);
  }
  assert.equal(failures, []);
});

test.run();
