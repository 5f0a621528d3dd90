import type { DocContext, Rule, Scored } from './types.ts';
import type { Filter } from './filter.ts';
import { FRACTION, defineOptions, option, type OptionsOf } from '../config/options.ts';
import { thresholdRule } from '../rules/threshold.ts';
import { lengthOf, wordIdsOf } from './context.ts';
import { newlineSegmentsOf, paragraphDuplicatesOf } from './lines.ts';
import { type WordIds, wordText } from './word-ids.ts';
import { nativeRepetition, repetitionPlan } from '../native/ngrams.ts';
import {
  allDuplicateChars,
  releaseLargeScratch,
  repeatEnds,
  scratch,
  topNgramChars,
  topNgramCharsByString,
} from './ngram-repeats.ts';

/** GopherRepetitionFilter's parameters (datatrove v0.10.0 names and defaults; null or 0 disables a fraction check). */
export const GOPHER_REPETITION_OPTIONS = defineOptions('gopher_repetition', {
  dup_line_frac: option.numberOrNull(0.3, FRACTION),
  dup_para_frac: option.numberOrNull(0.3, FRACTION),
  dup_line_char_frac: option.numberOrNull(0.2, FRACTION),
  dup_para_char_frac: option.numberOrNull(0.2, FRACTION),
  /** `[n, max fraction]` pairs for the top n-gram checks. */
  top_n_grams: option.pairs([
    [2, 0.2],
    [3, 0.18],
    [4, 0.16],
  ]),
  /** `[n, max fraction]` pairs for the duplicated n-gram checks. */
  dup_n_grams: option.pairs([
    [5, 0.15],
    [6, 0.14],
    [7, 0.13],
    [8, 0.12],
    [9, 0.11],
    [10, 0.1],
  ]),
});
export type GopherRepetitionOptions = OptionsOf<typeof GOPHER_REPETITION_OPTIONS>;

const NAME = 'gopher_repetition';
/** Paragraphs and lines: `find_duplicates` over the split text. */
function addParagraphsAndLines(ctx: DocContext, len: number, attrs: Record<string, number>): void {
  const paragraphs = paragraphDuplicatesOf(ctx);
  attrs.n_paragraphs = paragraphs.count;
  attrs.dup_paragraphs = paragraphs.dupElements;
  attrs.dup_paragraph_chars = paragraphs.dupChars;
  attrs.dup_para_frac = paragraphs.dupElements / paragraphs.count;
  if (len > 0) attrs.dup_para_char_frac = paragraphs.dupChars / len;

  const lines = newlineSegmentsOf(ctx).splitRuns;
  attrs.n_lines = lines.count;
  attrs.dup_lines = lines.dupElements;
  attrs.dup_line_chars = lines.dupChars;
  attrs.dup_line_frac = lines.dupElements / lines.count;
  if (len > 0) attrs.dup_line_char_frac = lines.dupChars / len;
}

/** The n-gram checks of a filter, worked out once rather than per document. */
interface NGramPlan {
  readonly topNs: readonly number[];
  readonly topKeys: readonly string[];
  /** The distinct top n, ascending. */
  readonly topAscending: readonly number[];
  readonly dupKeys: readonly string[];
  /** The distinct dup n, ascending (each pass narrows the candidates for the next), and where each of the filter's dup n is among them. */
  readonly dupAscending: readonly number[];
  readonly dupIndex: readonly number[];
  /** Where each of the filter's top n is among topAscending. */
  readonly topIndex: readonly number[];
  /** The native kernel's plan when the first k of topAscending are at most the word count, by k. */
  readonly nativePlans: readonly Int32Array[];
  /** The native kernel's results: topAscending's values, then dupAscending's. */
  readonly out: Float64Array;
}

function nGramPlan(topNs: readonly number[], dupNs: readonly number[]): NGramPlan {
  const dupAscending = [...new Set(dupNs)].sort((a, b) => a - b);
  const topAscending = [...new Set(topNs)].sort((a, b) => a - b);
  return {
    topNs,
    topKeys: topNs.map((n) => `top_${n}_gram_char_frac`),
    topAscending,
    dupKeys: dupNs.map((n) => `dup_${n}_gram_char_frac`),
    dupAscending,
    dupIndex: dupNs.map((n) => dupAscending.indexOf(n)),
    topIndex: topNs.map((n) => topAscending.indexOf(n)),
    nativePlans: Array.from({ length: topAscending.length + 1 }, (_, k) =>
      repetitionPlan(topAscending.slice(0, k), dupAscending),
    ),
    out: new Float64Array(topAscending.length + dupAscending.length),
  };
}

/**
 * Per-document statistics of GopherRepetitionFilter (filters.md §4). Keys: `len_text`;
 * paragraphs (`re.split(r"\n{2,}", text.strip())`): `n_paragraphs`, `dup_paragraphs`,
 * `dup_paragraph_chars`, `dup_para_frac`, `dup_para_char_frac`; lines (`re.split("\n+", text)`):
 * `n_lines`, `dup_lines`, `dup_line_chars`, `dup_line_frac`, `dup_line_char_frac`; `n_words`;
 * `top_{n}_gram_char_frac` (absent with fewer than n words) and `dup_{n}_gram_char_frac`.
 * Empty text: datatrove raises ZeroDivisionError, so every `*_char_frac` and n-gram fraction is
 * absent (and no rule fires); the counts are still there.
 */
function scoreWith(ctx: DocContext, plan: NGramPlan): Scored {
  const len = lengthOf(ctx);
  const attrs: Record<string, number> = { len_text: len };
  addParagraphsAndLines(ctx, len, attrs);

  const w = wordIdsOf(ctx);
  const { ids, lengths } = w;
  const N = ids.length;
  attrs.n_words = N;
  if (len === 0) return { attrs, spans: {} };

  if (!w.spaced && addNative(w, plan, len, attrs)) return { attrs, spans: {} };

  // cpPrefix[i]: code points of words[0..i) (UTF-16 units, w.offsets, without a surrogate).
  let cpPrefix = w.offsets;
  if (w.astral) {
    cpPrefix = scratch(5, N + 1);
    cpPrefix[0] = 0;
    for (let i = 0; i < N; i++) cpPrefix[i + 1] = cpPrefix[i]! + lengths[ids[i]!]!;
  }

  const { topNs, topKeys } = plan;
  if (plan.topAscending.length > 0 && plan.topAscending[0]! <= N) {
    if (w.spaced) {
      const words = Array.from(ids, (id) => wordText(w, id));
      for (let t = 0; t < topNs.length; t++) {
        if (topNs[t]! <= N) attrs[topKeys[t]!] = topNgramCharsByString(words, topNs[t]!) / len;
      }
    } else {
      const values = topNgramChars(
        ids,
        w.counts,
        cpPrefix,
        plan.topAscending.filter((n) => n <= N),
      );
      for (let t = 0; t < topNs.length; t++)
        if (topNs[t]! <= N) attrs[topKeys[t]!] = values.get(topNs[t]!)! / len;
    }
  }

  const { dupAscending, dupKeys, dupIndex } = plan;
  if (dupAscending.length > 0) {
    let ends = repeatEnds(w, dupAscending[0]!);
    const chars: number[] = [];
    for (const n of dupAscending) {
      const [repeated, rest] = allDuplicateChars(w, cpPrefix, ends, n);
      chars.push(repeated);
      ends = rest;
    }
    for (let d = 0; d < dupKeys.length; d++) attrs[dupKeys[d]!] = chars[dupIndex[d]!]! / len;
  }
  releaseLargeScratch();
  return { attrs, spans: {} };
}

/**
 * The n-gram fractions from the native kernel (native/ngrams.c), in the JavaScript path's key
 * order; false when it is not in use. Words with a space (injected words only) take the
 * JavaScript path, whose top n-grams join them with spaces.
 */
function addNative(w: WordIds, plan: NGramPlan, len: number, attrs: Record<string, number>) {
  const N = w.ids.length;
  let kept = 0; // the top n at most N: a prefix of topAscending
  while (kept < plan.topAscending.length && plan.topAscending[kept]! <= N) kept++;
  const out = plan.out;
  if (!nativeRepetition(w, plan.nativePlans[kept]!, out)) return false;
  const { topNs, topKeys, topIndex, dupKeys, dupIndex } = plan;
  for (let t = 0; t < topNs.length; t++)
    if (topNs[t]! <= N) attrs[topKeys[t]!] = out[topIndex[t]!]! / len;
  for (let d = 0; d < dupKeys.length; d++) attrs[dupKeys[d]!] = out[kept + dupIndex[d]!]! / len;
  return true;
}

/**
 * `gopher_repetition`: datatrove's GopherRepetitionFilter. Rules in datatrove's order: dup_para_frac,
 * dup_para_char_frac, dup_line_frac, dup_line_char_frac, top_{n}_gram per `top_n_grams`,
 * duplicated_{n}_n_grams per `dup_n_grams` (all `>`). A null or 0 line/paragraph fraction removes its rule.
 */
export function gopherRepetition(options: Readonly<Record<string, unknown>> = {}): Filter {
  const o = GOPHER_REPETITION_OPTIONS.resolve(options);
  const a = (key: string) => `${NAME}.${key}`;
  const r = (reason: string) => `${NAME}/${reason}`;
  const rules: Rule[] = [];
  for (const key of [
    'dup_para_frac',
    'dup_para_char_frac',
    'dup_line_frac',
    'dup_line_char_frac',
  ] as const) {
    const max = o[key];
    if (max) rules.push(thresholdRule(r(key), a(key), '>', max));
  }
  for (const [n, frac] of o.top_n_grams) {
    rules.push(thresholdRule(r(`top_${n}_gram`), a(`top_${n}_gram_char_frac`), '>', frac));
  }
  for (const [n, frac] of o.dup_n_grams) {
    rules.push(
      thresholdRule(r(`duplicated_${n}_n_grams`), a(`dup_${n}_gram_char_frac`), '>', frac),
    );
  }
  const topNs = o.top_n_grams.map(([n]) => n);
  const dupNs = o.dup_n_grams.map(([n]) => n);
  const plan = nGramPlan(topNs, dupNs);
  return {
    name: NAME,
    options: o,
    scorer: { name: NAME, score: (ctx) => scoreWith(ctx, plan) },
    rules,
    keys: [
      'len_text',
      'n_paragraphs',
      'dup_paragraphs',
      'dup_paragraph_chars',
      'dup_para_frac',
      'dup_para_char_frac',
      'n_lines',
      'dup_lines',
      'dup_line_chars',
      'dup_line_frac',
      'dup_line_char_frac',
      'n_words',
      ...plan.topKeys,
      ...plan.dupKeys,
    ],
    spanKeys: [],
  };
}
