import type { Span } from '../document.ts';
import type { DocContext, Rule, Scored } from './types.ts';
import { type Filter, type OptionKind, resolveOptions, thresholdRule } from './registry.ts';
import { splitlinesOf } from './context.ts';
import { countSentences } from '../text/sentences.ts';
import { cpCount, isSpace } from '../text/python.ts';

/** C4QualityFilter's parameters (datatrove v0.10.0 names and defaults; -1 disables the numeric ones). */
export type C4QualityOptions = {
  /** true: lines are `text.splitlines()` (C4's default). false (sentences as lines) is not supported yet. */
  split_paragraph: boolean;
  remove_citations: boolean;
  filter_no_terminal_punct: boolean;
  min_num_sentences: number;
  min_words_per_line: number;
  max_word_length: number;
  filter_lorem_ipsum: boolean;
  filter_javascript: boolean;
  filter_curly_bracket: boolean;
  filter_policy: boolean;
};

const DEFAULTS: C4QualityOptions = {
  split_paragraph: true,
  remove_citations: true,
  filter_no_terminal_punct: true,
  min_num_sentences: 5,
  min_words_per_line: 3,
  max_word_length: 1000,
  filter_lorem_ipsum: true,
  filter_javascript: true,
  filter_curly_bracket: true,
  filter_policy: true,
};

const KINDS: { [K in keyof C4QualityOptions]: OptionKind } = {
  split_paragraph: 'boolean',
  remove_citations: 'boolean',
  filter_no_terminal_punct: 'boolean',
  min_num_sentences: 'number',
  min_words_per_line: 'number',
  max_word_length: 'number',
  filter_lorem_ipsum: 'boolean',
  filter_javascript: 'boolean',
  filter_curly_bracket: 'boolean',
  filter_policy: 'boolean',
};

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

const CITATION = /\[\p{Nd}*\]|\[edit\]|\[citation needed\]/gu;
const POLICY = ['terms of use', 'privacy policy', 'cookie policy', 'uses cookies', 'use of cookies', 'use cookies'];
const SURROGATE = /[\ud800-\udfff]/;

/** What one line of C4 becomes: a reason to remove it, or its sentence count. */
export type C4Line = { drop: C4LineReason } | { sentences: number };

/**
 * datatrove's per-line logic of C4QualityFilter for one line of `text.splitlines()` (filters.md §5).
 * The line is stripped; words are `line.split()` of the stripped line, before citations are removed.
 */
export function classifyC4Line(raw: string, o: C4QualityOptions): C4Line {
  let a = 0;
  let b = raw.length;
  while (a < b && isSpace(raw.charCodeAt(a))) a++;
  while (b > a && isSpace(raw.charCodeAt(b - 1))) b--;
  let line = a === 0 && b === raw.length ? raw : raw.slice(a, b);

  // Python `line.split()`: count the words and find a word longer than max_word_length (code points).
  let nWords = 0;
  let tooLong = false;
  let start = -1;
  for (let i = 0; i <= line.length; i++) {
    if (i === line.length || isSpace(line.charCodeAt(i))) {
      if (start >= 0) {
        nWords++;
        if (o.max_word_length !== -1 && i - start > o.max_word_length && cpCount(line, start, i) > o.max_word_length) {
          tooLong = true;
        }
        start = -1;
      }
    } else if (start < 0) start = i;
  }
  if (tooLong) return { drop: 'too_long_word' };
  if (o.remove_citations && line.includes('[')) line = line.replace(CITATION, '');
  if (o.filter_no_terminal_punct) {
    const last = line.charCodeAt(line.length - 1);
    const terminal = last === 0x2e || last === 0x3f || last === 0x21 || last === 0x22 || last === 0x27; // . ? ! " '
    if (!terminal || line.endsWith('...')) return { drop: 'no_terminal_punc' };
  }
  if (nWords < o.min_words_per_line) return { drop: 'too_few_words' };
  const lower = line.toLowerCase();
  if (o.filter_lorem_ipsum && lower.includes('lorem ipsum')) return { drop: 'lorem_ipsum' };
  if (o.filter_javascript && lower.includes('javascript')) return { drop: 'javascript' };
  if (o.filter_curly_bracket && line.includes('{')) return { drop: 'curly_bracket' };
  if (o.filter_policy && POLICY.some((p) => lower.includes(p))) return { drop: 'policy' };
  return { sentences: o.min_num_sentences === -1 ? 0 : Math.max(1, countSentences(line)) };
}

/**
 * Per-document statistics of C4QualityFilter. Attributes: `n_lines_splitlines`, `num_sentences_kept`
 * (absent when `min_num_sentences` is -1), `n_lines_kept`, `n_lines_<reason>` for every reason of
 * `C4_LINE_REASONS` (datatrove's `line-filter-*` counters), and `lorem_ipsum` / `curly_bracket` as 0/1.
 * Spans: `bad_lines`, every removed line as `[start, end)` code points of the line without its
 * terminator, scored with its `C4_LINE_REASONS` code.
 *
 * Unlike datatrove, which returns at the first lorem-ipsum or `{` line, every line is classified:
 * that line is a bad line (code 6 or 7) and the lines after it are counted as usual, so
 * `num_sentences_kept` and the counters cover the whole document (they equal datatrove's whenever
 * the document has no such line, the only case in which datatrove finishes the loop).
 */
export function scoreC4Quality(ctx: DocContext, o: C4QualityOptions): Scored {
  const text = ctx.text;
  const ranges = splitlinesOf(ctx);
  const astral = SURROGATE.test(text);
  const counts: Record<C4LineReason, number> = {
    too_long_word: 0,
    no_terminal_punc: 0,
    too_few_words: 0,
    javascript: 0,
    policy: 0,
    lorem_ipsum: 0,
    curly_bracket: 0,
  };
  const bad: Span[] = [];
  let kept = 0;
  let sentences = 0;
  let cpPos = 0; // code-point offset of UTF-16 offset `pos`
  let pos = 0;
  for (let k = 0; k < ranges.length; k += 2) {
    const a = ranges[k]!;
    const b = ranges[k + 1]!;
    const c = classifyC4Line(text.slice(a, b), o);
    if ('sentences' in c) {
      kept++;
      sentences += c.sentences;
      continue;
    }
    counts[c.drop]++;
    if (astral) {
      cpPos += cpCount(text, pos, a);
      const cpEnd = cpPos + cpCount(text, a, b);
      bad.push([cpPos, cpEnd, C4_LINE_REASONS[c.drop]]);
      cpPos = cpEnd;
      pos = b;
    } else bad.push([a, b, C4_LINE_REASONS[c.drop]]);
  }
  const attrs: Record<string, number> = { n_lines_splitlines: ranges.length / 2, n_lines_kept: kept };
  if (o.min_num_sentences !== -1) attrs.num_sentences_kept = sentences;
  for (const reason of ['too_long_word', 'no_terminal_punc', 'too_few_words', 'javascript', 'policy'] as const) {
    attrs[`n_lines_${reason}`] = counts[reason];
  }
  attrs.lorem_ipsum = counts.lorem_ipsum > 0 ? 1 : 0;
  attrs.curly_bracket = counts.curly_bracket > 0 ? 1 : 0;
  return { attrs, spans: { bad_lines: bad } };
}

/**
 * `c4_quality`: datatrove's C4QualityFilter (terminal punctuation check on by default; the FineWeb
 * preset turns it off). Rules: lorem_ipsum (`lorem_ipsum >= 1`), curly_bracket (`curly_bracket >= 1`),
 * too_few_sentences (`num_sentences_kept < min_num_sentences`, absent with -1). Disabled checks
 * (`filter_* = false`) change the line logic, as in datatrove, and drop their rule.
 */
export function c4Quality(options: Readonly<Record<string, unknown>> = {}): Filter {
  const o = resolveOptions(NAME, DEFAULTS, KINDS, options);
  if (!o.split_paragraph) {
    throw new TypeError(
      `Option \`split_paragraph\` of filter ${NAME}: false (sentences as lines) is not supported yet; use true`,
    );
  }
  const a = (key: string) => `${NAME}.${key}`;
  const r = (reason: string) => `${NAME}/${reason}`;
  const rules: Rule[] = [];
  if (o.filter_lorem_ipsum) rules.push(thresholdRule(r('lorem_ipsum'), a('lorem_ipsum'), '>=', 1));
  if (o.filter_curly_bracket) rules.push(thresholdRule(r('curly_bracket'), a('curly_bracket'), '>=', 1));
  if (o.min_num_sentences !== -1) {
    rules.push(thresholdRule(r('too_few_sentences'), a('num_sentences_kept'), '<', o.min_num_sentences));
  }
  return {
    name: NAME,
    options: o,
    scorer: { name: NAME, score: (ctx) => scoreC4Quality(ctx, o) },
    rules,
  };
}
