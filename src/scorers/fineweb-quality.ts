import type { DocContext, Scored } from './types.ts';
import type { Filter } from './filter.ts';
import { COUNT, FRACTION, defineOptions, option, type OptionsOf } from '../config/options.ts';
import { thresholdRule } from '../rules/threshold.ts';
import { hasAstralOf, lengthOf, wordIdsOf } from './context.ts';
import { newlineSegmentsOf } from './lines.ts';
import { TERMINAL_BMP, isTerminalPunctuation } from './punctuation.ts';
import { cpCount } from '../text/python.ts';

/** FineWebQualityFilter's parameters (datatrove v0.10.0 names and defaults). */
export const FINEWEB_QUALITY_OPTIONS = defineOptions('fineweb_quality', {
  line_punct_thr: option.number(0.12, FRACTION),
  line_punct_exclude_zero: option.boolean(false),
  /** Line endings that count as punctuated; null means datatrove's `TERMINAL_PUNCTUATION`. */
  stop_chars: option.stringsOrNull(null),
  short_line_thr: option.number(0.67, FRACTION),
  short_line_length: option.number(30, COUNT),
  char_duplicates_ratio: option.number(0.01, FRACTION),
  /** Newlines per word: may exceed 1. */
  new_line_ratio: option.number(0.3, COUNT),
});
export type FinewebQualityOptions = OptionsOf<typeof FINEWEB_QUALITY_OPTIONS>;

const NAME = 'fineweb_quality';

/** Python `line.endswith(tuple(TERMINAL_PUNCTUATION))` for the line `text[a, b)`: its last code point is terminal punctuation. */
function endsWithTerminal(text: string, a: number, b: number): boolean {
  if (b === a) return false;
  const last = text.charCodeAt(b - 1);
  if (last >= 0xdc00 && last <= 0xdfff && b - a >= 2) {
    const hi = text.charCodeAt(b - 2);
    if (hi >= 0xd800 && hi <= 0xdbff)
      return isTerminalPunctuation((hi - 0xd800) * 0x400 + (last - 0xdc00) + 0x10000);
  }
  return isTerminalPunctuation(last);
}

/** Python `line.endswith(tuple(stop))` for the line `text[a, b)`. */
const endsWithAny = (text: string, a: number, b: number, stop: readonly string[]): boolean =>
  stop.some((s) => b - s.length >= a && text.startsWith(s, b - s.length));

/**
 * How many of the lines (flat `[start, end)` pairs) end with `TERMINAL_PUNCTUATION`: the BMP
 * table answers for every last unit but a low surrogate, which may end an astral code point.
 */
function terminalLines(text: string, lines: ArrayLike<number>): number {
  let punct = 0;
  for (let k = 0; k < lines.length; k += 2) {
    const a = lines[k]!;
    const b = lines[k + 1]!;
    if (b === a) continue;
    const last = text.charCodeAt(b - 1);
    if (last < 0xdc00 || last > 0xdfff) punct += TERMINAL_BMP[last]!;
    else if (endsWithTerminal(text, a, b)) punct++;
  }
  return punct;
}

/** How many of the lines (flat `[start, end)` pairs) end with one of `stop`. */
function stopLines(text: string, lines: ArrayLike<number>, stop: readonly string[]): number {
  let punct = 0;
  for (let k = 0; k < lines.length; k += 2)
    if (endsWithAny(text, lines[k]!, lines[k + 1]!, stop)) punct++;
  return punct;
}

/**
 * Per-document statistics of FineWebQualityFilter (filters.md §6) over the non-blank lines of
 * `text.split("\n")` (not stripped): `n_nonempty_lines`; and, when there is at least one,
 * `line_punct_ratio`, `short_line_ratio` (code points `<= short_line_length`), `char_dup_ratio`
 * (duplicate line characters over `len(text.replace("\n", ""))`), `n_words`, `newline_count` (every
 * `\n`) and `list_ratio` (`newline_count / n_words`, absent without words).
 */
export function scoreFinewebQuality(ctx: DocContext, o: FinewebQualityOptions): Scored {
  const text = ctx.text;
  const { nonBlank: lines, nonBlankStats, newlines } = newlineSegmentsOf(ctx);
  const n = lines.length / 2;
  if (n === 0) return { attrs: { n_nonempty_lines: 0 }, spans: {} };

  const punct =
    o.stop_chars === null ? terminalLines(text, lines) : stopLines(text, lines, o.stop_chars);
  const L = o.short_line_length;
  let short = 0;
  if (hasAstralOf(ctx)) {
    // Code points are at least half the UTF-16 units.
    for (let k = 0; k < lines.length; k += 2) {
      const a = lines[k]!;
      const b = lines[k + 1]!;
      if (b - a <= L || (b - a <= 2 * L && cpCount(text, a, b) <= L)) short++;
    }
  } else {
    for (let k = 0; k < lines.length; k += 2) if (lines[k + 1]! - lines[k]! <= L) short++;
  }
  const nWords = wordIdsOf(ctx).ids.length;
  const full: Record<string, number> = {
    n_nonempty_lines: n,
    line_punct_ratio: punct / n,
    short_line_ratio: short / n,
    char_dup_ratio: nonBlankStats.dupChars / (lengthOf(ctx) - newlines),
    n_words: nWords,
    newline_count: newlines,
  };
  if (nWords > 0) full.list_ratio = newlines / nWords;
  return { attrs: full, spans: {} };
}

/**
 * `fineweb_quality`: datatrove's FineWebQualityFilter. Rules in datatrove's order: empty (no
 * non-blank line), line_punct_ratio (`<`, a ratio of 0 exempt when `line_punct_exclude_zero`),
 * short_line_ratio (`>`), char_dup_ratio (`>`), list_ratio (`>`).
 */
export function finewebQuality(options: Readonly<Record<string, unknown>> = {}): Filter {
  const o = FINEWEB_QUALITY_OPTIONS.resolve(options);
  const a = (key: string) => `${NAME}.${key}`;
  const r = (reason: string) => `${NAME}/${reason}`;
  const rules = [
    thresholdRule(r('empty'), a('n_nonempty_lines'), '<', 1),
    thresholdRule(
      r('line_punct_ratio'),
      a('line_punct_ratio'),
      '<',
      o.line_punct_thr,
      o.line_punct_exclude_zero ? 0 : undefined,
    ),
    thresholdRule(r('short_line_ratio'), a('short_line_ratio'), '>', o.short_line_thr),
    thresholdRule(r('char_dup_ratio'), a('char_dup_ratio'), '>', o.char_duplicates_ratio),
    thresholdRule(r('list_ratio'), a('list_ratio'), '>', o.new_line_ratio),
  ];
  return {
    name: NAME,
    options: o,
    scorer: { name: NAME, score: (ctx) => scoreFinewebQuality(ctx, o) },
    rules,
    keys: [
      'n_nonempty_lines',
      'line_punct_ratio',
      'short_line_ratio',
      'char_dup_ratio',
      'n_words',
      'newline_count',
      'list_ratio',
    ],
    spanKeys: [],
  };
}
