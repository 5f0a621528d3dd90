import type { DocContext, Rule, Scored } from './types.ts';
import type { Filter } from './filter.ts';
import { COUNT, FRACTION, defineOptions, option, type OptionsOf } from '../config/options.ts';
import { thresholdRule } from '../rules/threshold.ts';
import { splitlinesOf, wordIdsOf } from './context.ts';
import { isSymbolWordIn } from './punctuation.ts';
import { wordHash } from './word-ids.ts';
import { hasAlphaIn, isSpace, pyCount } from '../text/python.ts';
import { gopherStats, stopWordTable } from '../native/lines.ts';

/** GopherQualityFilter's parameters (datatrove v0.10.0 names and defaults; null or 0 disables a check). */
export const GOPHER_QUALITY_OPTIONS = defineOptions(
  'gopher_quality',
  {
    min_doc_words: option.numberOrNull(50, COUNT),
    max_doc_words: option.numberOrNull(100000, COUNT),
    min_avg_word_length: option.numberOrNull(3, COUNT),
    max_avg_word_length: option.numberOrNull(10, COUNT),
    /** Hashes and ellipses per word: may exceed 1. */
    max_symbol_word_ratio: option.numberOrNull(0.1, COUNT),
    max_bullet_lines_ratio: option.numberOrNull(0.9, FRACTION),
    max_ellipsis_lines_ratio: option.numberOrNull(0.3, FRACTION),
    max_non_alpha_words_ratio: option.numberOrNull(0.8, FRACTION),
    min_stop_words: option.numberOrNull(2, COUNT),
    /** null means datatrove's `STOP_WORDS`. */
    stop_words: option.stringsOrNull(null),
  },
  [
    ['min_doc_words', 'max_doc_words'],
    ['min_avg_word_length', 'max_avg_word_length'],
  ],
);
export type GopherQualityOptions = OptionsOf<typeof GOPHER_QUALITY_OPTIONS>;

/** datatrove's `STOP_WORDS` (case-sensitive: `The` is not `the`). */
export const GOPHER_STOP_WORDS: readonly string[] = [
  'the',
  'be',
  'to',
  'of',
  'and',
  'that',
  'have',
  'with',
];

const NAME = 'gopher_quality';

/** A stop-word set that answers for a range of a string, given the range's `wordHash`, without slicing it. */
export interface StopWords {
  readonly maxLength: number;
  /** The words as the native kernel reads them (`stopWordTable`). */
  readonly table: Int32Array;
  has(s: string, start: number, end: number, hash: number): boolean;
}

/** The StopWords of a word list. */
export function stopWordSet(words: readonly string[]): StopWords {
  const byHash = new Map<number, string[]>();
  // The low bits of the words' hashes: most words miss here without a Map lookup.
  const lowBits = new Uint8Array(1024);
  let maxLength = 0;
  for (const word of new Set(words)) {
    const h = wordHash(word, 0, word.length);
    byHash.set(h, [...(byHash.get(h) ?? []), word]);
    lowBits[h & 1023] = 1;
    maxLength = Math.max(maxLength, word.length);
  }
  return {
    maxLength,
    table: stopWordTable([...new Set(words)], (w) => wordHash(w, 0, w.length)),
    has(s, start, end, hash) {
      if (lowBits[hash & 1023] === 0) return false;
      const candidates = byHash.get(hash);
      return (
        candidates !== undefined &&
        candidates.some((w) => w.length === end - start && s.startsWith(w, start))
      );
    },
  };
}

/**
 * Per-document statistics of GopherQualityFilter (filters.md §3). Keys:
 * `n_words` (spaCy tokens), `n_non_symbol_words`, `avg_word_len` (code points, over non-symbol words;
 * absent without any), `hash_count`, `ellipsis_count`, `hash_ratio` / `ellipsis_ratio` (per token;
 * absent without tokens), `n_lines_splitlines`, `bullet_lines_ratio` / `end_ellipsis_lines_ratio`
 * (absent without lines), `alpha_words_ratio` (absent without tokens), `stop_words_found` (the number
 * of distinct stop words present; the golden files list them).
 */
export function scoreGopherQuality(ctx: DocContext, stopWords: StopWords): Scored {
  const text = ctx.text;
  const w = wordIdsOf(ctx);
  const nWords = w.ids.length;
  // The native kernel reads the words in the text it is given: injected words are not there.
  const c =
    (w.source === text && gopherStats(text, w, stopWords.table)) || countsJs(ctx, stopWords);
  const [nNonSymbol, nonSymbolChars, nAlpha, stopFound] = [c[0]!, c[1]!, c[2]!, c[3]!];
  const [hashCount, ellipsisCount, nLines, bullets, endEllipsis] = [
    c[4]!,
    c[5]!,
    c[6]!,
    c[7]!,
    c[8]!,
  ];
  const attrs: Record<string, number> = {
    n_words: nWords,
    n_non_symbol_words: nNonSymbol,
    hash_count: hashCount,
    ellipsis_count: ellipsisCount,
    n_lines_splitlines: nLines,
    stop_words_found: stopFound,
  };
  if (nNonSymbol > 0) attrs.avg_word_len = nonSymbolChars / nNonSymbol;
  if (nWords > 0) {
    attrs.hash_ratio = hashCount / nWords;
    attrs.ellipsis_ratio = ellipsisCount / nWords;
    attrs.alpha_words_ratio = nAlpha / nWords;
  }
  if (nLines > 0) {
    attrs.bullet_lines_ratio = bullets / nLines;
    attrs.end_ellipsis_lines_ratio = endEllipsis / nLines;
  }
  return { attrs, spans: {} };
}

/**
 * scoreGopherQuality's counts in JavaScript, the reference twin of native/lines-stats.c:
 * [non-symbol words, their code points, words with a letter, distinct stop words, "#",
 * ellipses, lines, bullet lines, lines ending in an ellipsis].
 */
function countsJs(ctx: DocContext, stopWords: StopWords): number[] {
  const text = ctx.text;
  const w = wordIdsOf(ctx);
  const { source, starts, ends, lengths, hashes, counts } = w;
  // Each distinct word once, weighted by how often it occurs.
  let stopFound = 0;
  let nNonSymbol = 0;
  let nonSymbolChars = 0;
  let nAlpha = 0;
  for (let id = 0; id < w.size; id++) {
    const a = starts[id]!;
    const b = ends[id]!;
    const n = counts[id]!;
    if (!isSymbolWordIn(source, a, b)) {
      nNonSymbol += n;
      nonSymbolChars += n * lengths[id]!;
    }
    if (hasAlphaIn(source, a, b)) nAlpha += n;
    if (b - a <= stopWords.maxLength && stopWords.has(source, a, b, hashes[id]!)) stopFound++;
  }

  const hashCount = pyCount(text, '#');
  const ellipsisCount = pyCount(text, '...') + pyCount(text, '…');

  const lines = splitlinesOf(ctx);
  let bullets = 0;
  let endEllipsis = 0;
  for (let k = 0; k < lines.length; k += 2) {
    let a = lines[k]!;
    let b = lines[k + 1]!;
    while (a < b && isSpace(text.charCodeAt(a))) a++;
    // A blank line is skipped before its first unit is read: for a blank last line that read
    // would fall past the end of the text (NaN), which deoptimized this function.
    if (a === b) continue;
    const first = text.charCodeAt(a);
    if (first === 0x2d /* - */ || first === 0x2022 /* • */) bullets++;
    while (b > a && isSpace(text.charCodeAt(b - 1))) b--;
    const last = text.charCodeAt(b - 1);
    if (last === 0x2026 /* … */ || (b - a >= 3 && last === 0x2e && text.startsWith('...', b - 3))) {
      endEllipsis++;
    }
  }

  const nLines = lines.length / 2;
  return [
    nNonSymbol,
    nonSymbolChars,
    nAlpha,
    stopFound,
    hashCount,
    ellipsisCount,
    nLines,
    bullets,
    endEllipsis,
  ];
}

/**
 * `gopher_quality`: datatrove's GopherQualityFilter. Rules, in datatrove's order (an option that is
 * null or 0 removes its rule, as datatrove's `if self.x and ...` does): gopher_short_doc,
 * gopher_long_doc, gopher_below_avg_threshold, gopher_above_avg_threshold, gopher_too_many_hashes,
 * gopher_too_many_ellipsis, gopher_too_many_bullets, gopher_too_many_end_ellipsis,
 * gopher_below_alpha_threshold, gopher_enough_stop_words (sic).
 */
export function gopherQuality(options: Readonly<Record<string, unknown>> = {}): Filter {
  const o = GOPHER_QUALITY_OPTIONS.resolve(options);
  const stopWords = stopWordSet(o.stop_words ?? GOPHER_STOP_WORDS);
  const a = (key: string) => `${NAME}.${key}`;
  const r = (reason: string) => `${NAME}/${reason}`;
  const rules: Rule[] = [];
  if (o.min_doc_words)
    rules.push(thresholdRule(r('gopher_short_doc'), a('n_non_symbol_words'), '<', o.min_doc_words));
  if (o.max_doc_words)
    rules.push(thresholdRule(r('gopher_long_doc'), a('n_non_symbol_words'), '>', o.max_doc_words));
  if (o.min_avg_word_length) {
    rules.push(
      thresholdRule(r('gopher_below_avg_threshold'), a('avg_word_len'), '<', o.min_avg_word_length),
    );
  }
  if (o.max_avg_word_length) {
    rules.push(
      thresholdRule(r('gopher_above_avg_threshold'), a('avg_word_len'), '>', o.max_avg_word_length),
    );
  }
  if (o.max_symbol_word_ratio) {
    rules.push(
      thresholdRule(r('gopher_too_many_hashes'), a('hash_ratio'), '>', o.max_symbol_word_ratio),
    );
    rules.push(
      thresholdRule(
        r('gopher_too_many_ellipsis'),
        a('ellipsis_ratio'),
        '>',
        o.max_symbol_word_ratio,
      ),
    );
  }
  if (o.max_bullet_lines_ratio) {
    rules.push(
      thresholdRule(
        r('gopher_too_many_bullets'),
        a('bullet_lines_ratio'),
        '>',
        o.max_bullet_lines_ratio,
      ),
    );
  }
  if (o.max_ellipsis_lines_ratio) {
    rules.push(
      thresholdRule(
        r('gopher_too_many_end_ellipsis'),
        a('end_ellipsis_lines_ratio'),
        '>',
        o.max_ellipsis_lines_ratio,
      ),
    );
  }
  if (o.max_non_alpha_words_ratio) {
    rules.push(
      thresholdRule(
        r('gopher_below_alpha_threshold'),
        a('alpha_words_ratio'),
        '<',
        o.max_non_alpha_words_ratio,
      ),
    );
  }
  if (o.min_stop_words) {
    rules.push(
      thresholdRule(r('gopher_enough_stop_words'), a('stop_words_found'), '<', o.min_stop_words),
    );
  }
  return {
    name: NAME,
    options: o,
    scorer: { name: NAME, score: (ctx) => scoreGopherQuality(ctx, stopWords) },
    rules,
    keys: [
      'n_words',
      'n_non_symbol_words',
      'avg_word_len',
      'hash_count',
      'ellipsis_count',
      'hash_ratio',
      'ellipsis_ratio',
      'n_lines_splitlines',
      'bullet_lines_ratio',
      'end_ellipsis_lines_ratio',
      'alpha_words_ratio',
      'stop_words_found',
    ],
    spanKeys: [],
  };
}
