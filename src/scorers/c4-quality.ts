import type { Span } from '../document.ts';
import type { DocContext, Rule, Scored } from './types.ts';
import type { Filter } from './filter.ts';
import { OFF_OR_COUNT, defineOptions, option, type OptionsOf } from '../config/options.ts';
import { thresholdRule } from '../rules/threshold.ts';
import { hasAstralOf, splitlinesOf, tokenSpansOf } from './context.ts';
import { countSentences, countSentencesIn } from '../text/sentences.ts';
import { GAP_WS, type TokenSpans } from '../text/words.ts';
import { C4_HEADER, c4Lines } from '../native/lines.ts';
import { cpCount, isSpace, splitlinesRanges, strip } from '../text/python.ts';
import { unitsOf } from '../text/units.ts';
import { utf16Indices } from '../text/codepoints.ts';
import { CITATION, PHRASES, PHRASE_TABLE, POLICY, nextPhrase } from './c4-phrases.ts';

/** C4QualityFilter's parameters (datatrove v0.10.0 names and defaults; -1 disables the numeric ones). */
export const C4_QUALITY_OPTIONS = defineOptions('c4_quality', {
  /** true: lines are `text.splitlines()` (C4's default). false (sentences as lines) is not supported yet. */
  split_paragraph: option.boolean(true),
  remove_citations: option.boolean(true),
  filter_no_terminal_punct: option.boolean(true),
  min_num_sentences: option.number(5, OFF_OR_COUNT),
  min_words_per_line: option.number(3, OFF_OR_COUNT),
  max_word_length: option.number(1000, OFF_OR_COUNT),
  filter_lorem_ipsum: option.boolean(true),
  filter_javascript: option.boolean(true),
  filter_curly_bracket: option.boolean(true),
  filter_policy: option.boolean(true),
});
export type C4QualityOptions = OptionsOf<typeof C4_QUALITY_OPTIONS>;

const NAME = 'c4_quality';

/**
 * The score of a `bad_lines` span: why C4 removes the line, numbered in datatrove's check order.
 * 1–5 are line-level drops (`line-filter-<reason>` in datatrove's counters); 6 and 7 mark the line
 * on which datatrove drops the whole document.
 */
export const C4_LINE_REASONS = {
  too_long_word: 1,
  no_terminal_punc: 2,
  too_few_words: 3,
  javascript: 4,
  policy: 5,
  lorem_ipsum: 6,
  curly_bracket: 7,
} as const;

/** A reason of `C4_LINE_REASONS`. */
export type C4LineReason = keyof typeof C4_LINE_REASONS;

/** Per-document state of the line loop. */
interface LineState {
  /** UTF-16 offset of the next "[" at or after the current line (-1: none left). */
  bracket: number;
  /** UTF-16 offset of the next "{" at or after the current line (-1: none left). */
  curly: number;
  /** UTF-16 offset of the next PHRASES match at or after the current line (-1: none left; -2: not looked for yet). */
  phrase: number;
  /** The last kept line with its citations removed, when it had a "[" (else it is the stretch below). */
  kept: string | undefined;
  /** Where the last kept line is in the text once stripped, before citations are removed (UTF-16). */
  keptStart: number;
  keptEnd: number;
}

/** True when the units `u[start, end)` hold at least `min` Python whitespace-separated words. */
function hasWords(u: Uint16Array, start: number, end: number, min: number): boolean {
  if (min <= 0) return true;
  let n = 0;
  let inWord = false;
  for (let i = start; i < end; i++) {
    if (isSpace(u[i]!)) inWord = false;
    else if (!inWord) {
      inWord = true;
      if (++n >= min) return true;
    }
  }
  return false;
}

/** True when a whitespace-separated word of `text[start, end)` is longer than `max` code points. */
function hasLongWord(
  text: string,
  u: Uint16Array,
  start: number,
  end: number,
  max: number,
): boolean {
  let w = -1;
  for (let i = start; i <= end; i++) {
    if (i === end || isSpace(u[i]!)) {
      if (w >= 0 && i - w > max && cpCount(text, w, i) > max) return true;
      w = -1;
    } else if (w < 0) w = i;
  }
  return false;
}

/**
 * datatrove's per-line logic of C4QualityFilter for the line `text[start, end)` of
 * `text.splitlines()` (filters.md §5): 0 for a kept line, else its `C4_LINE_REASONS` code. The
 * line is stripped; its words are `line.split()` before citations are removed. A kept line's
 * stripped range is left in `state.keptStart` and `state.keptEnd`, and its text with citations
 * removed in `state.kept` when it had a "[". `u` is `unitsOf(text)`.
 */
function classifyLine(
  text: string,
  u: Uint16Array,
  start: number,
  end: number,
  o: C4QualityOptions,
  state: LineState,
): number {
  let a = start;
  let b = end;
  while (a < b && isSpace(u[a]!)) a++;
  while (b > a && isSpace(u[b - 1]!)) b--;
  // A word longer than max_word_length needs a line at least that long (code points ≤ UTF-16 units).
  if (
    o.max_word_length !== -1 &&
    b - a > o.max_word_length &&
    hasLongWord(text, u, a, b, o.max_word_length)
  ) {
    return C4_LINE_REASONS.too_long_word;
  }
  let line: string | undefined;
  if (o.remove_citations) {
    // The next "[" at or after `a` (lines come in order, so the text is scanned once).
    if (state.bracket !== -1 && state.bracket < a) state.bracket = text.indexOf('[', a);
    if (state.bracket !== -1 && state.bracket < b) line = text.slice(a, b).replace(CITATION, '');
  }
  if (o.filter_no_terminal_punct) {
    const last =
      line === undefined ? (b > a ? text.charCodeAt(b - 1) : -1) : line.charCodeAt(line.length - 1);
    const terminal =
      last === 0x2e || last === 0x3f || last === 0x21 || last === 0x22 || last === 0x27; // . ? ! " '
    if (!terminal) return C4_LINE_REASONS.no_terminal_punc;
    const ellipsis =
      line === undefined ? b - a >= 3 && text.startsWith('...', b - 3) : line.endsWith('...');
    if (ellipsis) return C4_LINE_REASONS.no_terminal_punc;
  }
  if (!hasWords(u, a, b, o.min_words_per_line)) return C4_LINE_REASONS.too_few_words;
  // The line is `line`, or else the stretch text[a, b), read in place.
  let curly = false;
  if (o.filter_curly_bracket) {
    if (line !== undefined) curly = line.includes('{');
    else {
      if (state.curly !== -1 && state.curly < a) state.curly = text.indexOf('{', a);
      curly = state.curly !== -1 && state.curly < b;
    }
  }
  // Most lines contain none of the phrases: a case-insensitive scan (a superset of what Python's
  // lower() can match) spares them the lowercasing and the exact checks.
  let phrase: boolean;
  if (line !== undefined) phrase = PHRASES.test(line);
  else {
    // The stretch has a match if the first match at or after `a` starts before `b` (and then it
    // ends there too). Lines come in order, so the text is searched once.
    if (state.phrase !== -1 && state.phrase < a) {
      state.phrase = nextPhrase(u, a);
    }
    phrase = state.phrase !== -1 && state.phrase < b;
  }
  if (phrase) {
    const lower = (line ?? text.slice(a, b)).toLowerCase();
    if (o.filter_lorem_ipsum && lower.includes('lorem ipsum')) return C4_LINE_REASONS.lorem_ipsum;
    if (o.filter_javascript && lower.includes('javascript')) return C4_LINE_REASONS.javascript;
    if (curly) return C4_LINE_REASONS.curly_bracket;
    if (o.filter_policy && POLICY.some((p) => lower.includes(p))) return C4_LINE_REASONS.policy;
  } else if (curly) return C4_LINE_REASONS.curly_bracket;
  state.kept = line;
  state.keptStart = a;
  state.keptEnd = b;
  return 0;
}

const REASON_NAMES = Object.keys(C4_LINE_REASONS) as C4LineReason[];
/** The line counters among the attributes, `n_lines_<reason>`, with their reason codes. */
const COUNTED = (
  ['too_long_word', 'no_terminal_punc', 'too_few_words', 'javascript', 'policy'] as const
).map((reason) => [`n_lines_${reason}`, C4_LINE_REASONS[reason]] as const);

/**
 * A counter of spaCy sentences in each kept line, called for the kept lines in text order.
 *
 * datatrove tokenizes each kept line on its own. When the line is a stretch of the text (no
 * citation was removed), that gives exactly the document's tokens inside the stretch, which
 * the context has already: a kept line is stripped, so Python whitespace (every line break is
 * some) lies on both sides of it; spaCy cuts chunks at whitespace, and splits a chunk looking
 * only at the chunk; and its special-case matcher never reaches across a whitespace token,
 * which each line break is. So the line's sentences are counted on those tokens. A line that
 * lost a citation is tokenized again.
 */
function keptLineSentences(ctx: DocContext): (state: LineState) => number {
  let spans: TokenSpans | undefined;
  let next = 0; // the first token not before the previous kept line
  return (state) => {
    const { keptStart: a, keptEnd: b } = state;
    if (state.kept !== undefined && state.kept.length !== b - a) return countSentences(state.kept); // citations removed
    spans ??= tokenSpansOf(ctx);
    const starts = spans.starts;
    while (next < spans.count && starts[next]! < a) next++;
    const first = next;
    while (next < spans.count && starts[next]! < b) next++;
    return countSentencesIn(ctx.text, spans, first, next, false);
  };
}

/**
 * Per-document statistics of C4QualityFilter. Attributes: `n_lines_splitlines`, `num_sentences_kept`
 * (absent when `min_num_sentences` is -1), `n_lines_kept`, `n_lines_<reason>` for the line-level
 * reasons of `C4_LINE_REASONS` (datatrove's `line-filter-*` counters), and `lorem_ipsum` /
 * `curly_bracket` as 0/1. Spans: `bad_lines`, every removed line as `[start, end)` code points of
 * the line without its terminator, scored with its `C4_LINE_REASONS` code.
 *
 * Unlike datatrove, which returns at the first lorem-ipsum or `{` line, every line is classified:
 * that line is a bad line (code 6 or 7) and the lines after it are counted as usual, so
 * `num_sentences_kept` and the counters cover the whole document (they equal datatrove's whenever
 * the document has no such line, the only case in which datatrove finishes the loop).
 */
export function scoreC4Quality(ctx: DocContext, o: C4QualityOptions): Scored {
  return scoreNative(ctx, o) ?? scoreJs(ctx, o);
}

/** scoreC4Quality by the native kernel (native/lines.c), or undefined without it. */
function scoreNative(ctx: DocContext, o: C4QualityOptions): Scored | undefined {
  const text = ctx.text;
  const sentencesOn = o.min_num_sentences !== -1;
  const out = c4Lines(text, sentencesOn ? tokenSpansOf(ctx) : undefined, o, PHRASE_TABLE, GAP_WS);
  if (!out) return undefined;
  const counts = Array.from(out.subarray(1, 9));
  let sentences = out[9]!;
  const bad: Span[] = [];
  const end = C4_HEADER + 3 * out[10]!;
  for (let k = C4_HEADER; k < end; k += 3) {
    const code = out[k + 2]!;
    if (code !== 0) bad.push([out[k]!, out[k + 1]!, code]);
    else {
      // A kept line that lost a citation: spaCy tokenizes it on its own.
      const line = text.slice(out[k]!, out[k + 1]!).replace(CITATION, '');
      sentences += Math.max(1, countSentences(line));
    }
  }
  return scored(out[0]!, counts, sentences, bad, o);
}

/** The attributes and spans of scoreC4Quality from its line counts (by reason code) and bad lines. */
function scored(
  lines: number,
  counts: ArrayLike<number>,
  sentences: number,
  bad: Span[],
  o: C4QualityOptions,
): Scored {
  const attrs: Record<string, number> = {
    n_lines_splitlines: lines,
    n_lines_kept: counts[0]!,
  };
  if (o.min_num_sentences !== -1) attrs.num_sentences_kept = sentences;
  for (const [key, code] of COUNTED) attrs[key] = counts[code]!;
  attrs.lorem_ipsum = counts[C4_LINE_REASONS.lorem_ipsum]! > 0 ? 1 : 0;
  attrs.curly_bracket = counts[C4_LINE_REASONS.curly_bracket]! > 0 ? 1 : 0;
  return { attrs, spans: { bad_lines: bad } };
}

/** scoreC4Quality in JavaScript: the reference twin of native/lines.c. */
function scoreJs(ctx: DocContext, o: C4QualityOptions): Scored {
  const text = ctx.text;
  const ranges = splitlinesOf(ctx);
  const astral = hasAstralOf(ctx);
  const counts = new Int32Array(REASON_NAMES.length + 1); // by code; [0] = kept
  const bad: Span[] = [];
  const state: LineState = {
    bracket: 0,
    curly: text.indexOf('{'),
    phrase: -2,
    kept: undefined,
    keptStart: 0,
    keptEnd: 0,
  };
  const sentenceCounter = o.min_num_sentences === -1 ? undefined : keptLineSentences(ctx);
  if (o.remove_citations) state.bracket = text.indexOf('[');
  let sentences = 0;
  let cpPos = 0; // code-point offset of UTF-16 offset `pos`
  let pos = 0;
  let u = unitsOf(text);
  for (let k = 0; k < ranges.length; k += 2) {
    const a = ranges[k]!;
    const b = ranges[k + 1]!;
    const code = classifyLine(text, u, a, b, o, state);
    counts[code]!++;
    if (code === 0) {
      if (sentenceCounter) {
        sentences += Math.max(1, sentenceCounter(state));
        // A line that lost a citation was tokenized on its own, which took the shared units buffer.
        if (state.kept !== undefined) u = unitsOf(text);
      }
      continue;
    }
    if (astral) {
      cpPos += cpCount(text, pos, a);
      const cpEnd = cpPos + cpCount(text, a, b);
      bad.push([cpPos, cpEnd, code]);
      cpPos = cpEnd;
      pos = b;
    } else bad.push([a, b, code]);
  }
  return scored(ranges.length / 2, counts, sentences, bad, o);
}

/**
 * The text datatrove's C4QualityFilter writes back to a kept document (filters.md §5):
 * `"\n".join(kept_lines).strip()`, each kept line `.strip()`ped and then stripped of citations
 * (when `remove_citations`). The removed lines are the spans `bad` (`bad_lines`, lines of
 * `text.splitlines()` by their code-point start); `cuts` are other spans to remove (code points,
 * sorted and disjoint), cut from each kept line before it is stripped.
 */
function rewriteC4(
  text: string,
  bad: readonly Span[],
  cuts: readonly (readonly [number, number])[],
  o: C4QualityOptions,
): string {
  const ranges = splitlinesRanges(text);
  const badStarts = new Set(
    utf16Indices(
      text,
      bad.map((s) => s[0]).sort((x, y) => x - y),
    ),
  );
  const cutUnits = utf16Indices(
    text,
    cuts.flatMap(([s, e]) => [s, e]),
  );
  const kept: string[] = [];
  let c = 0; // the first cut not wholly before the current line
  for (let k = 0; k < ranges.length; k += 2) {
    const a = ranges[k]!;
    const b = ranges[k + 1]!;
    if (badStarts.has(a)) continue;
    while (c < cutUnits.length && cutUnits[c + 1]! <= a) c += 2;
    let line = '';
    let from = a;
    for (let j = c; j < cutUnits.length && cutUnits[j]! < b; j += 2) {
      line += text.slice(from, Math.max(from, cutUnits[j]!));
      from = Math.min(b, Math.max(from, cutUnits[j + 1]!));
    }
    line = strip(line + text.slice(from, b));
    kept.push(o.remove_citations ? line.replace(CITATION, '') : line);
  }
  return strip(kept.join('\n'));
}

/**
 * `c4_quality`: datatrove's C4QualityFilter (terminal punctuation check on by default; the FineWeb
 * preset turns it off). Rules: lorem_ipsum (`lorem_ipsum >= 1`), curly_bracket (`curly_bracket >= 1`),
 * too_few_sentences (`num_sentences_kept < min_num_sentences`, absent with -1). Disabled checks
 * (`filter_* = false`) change the line logic, as in datatrove, and drop their rule.
 */
export function c4Quality(options: Readonly<Record<string, unknown>> = {}): Filter {
  const o = C4_QUALITY_OPTIONS.resolve(options);
  if (!o.split_paragraph) {
    throw new TypeError(
      `Option \`split_paragraph\` of filter ${NAME}: false (sentences as lines) is not supported yet; use true`,
    );
  }
  const a = (key: string) => `${NAME}.${key}`;
  const r = (reason: string) => `${NAME}/${reason}`;
  const rules: Rule[] = [];
  if (o.filter_lorem_ipsum) rules.push(thresholdRule(r('lorem_ipsum'), a('lorem_ipsum'), '>=', 1));
  if (o.filter_curly_bracket)
    rules.push(thresholdRule(r('curly_bracket'), a('curly_bracket'), '>=', 1));
  if (o.min_num_sentences !== -1) {
    rules.push(
      thresholdRule(r('too_few_sentences'), a('num_sentences_kept'), '<', o.min_num_sentences),
    );
  }
  return {
    name: NAME,
    options: o,
    scorer: { name: NAME, score: (ctx) => scoreC4Quality(ctx, o) },
    rules,
    keys: [
      'n_lines_splitlines',
      'n_lines_kept',
      'num_sentences_kept',
      'n_lines_too_long_word',
      'n_lines_no_terminal_punc',
      'n_lines_too_few_words',
      'n_lines_javascript',
      'n_lines_policy',
      'lorem_ipsum',
      'curly_bracket',
    ],
    spanKeys: ['bad_lines'],
    rewrites: { bad_lines: (text, bad, cuts) => rewriteC4(text, bad, cuts, o) },
  };
}
