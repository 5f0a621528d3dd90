/**
 * What the labeler shows: the text with flagged spans highlighted and the reasons, made safe for
 * a terminal (document text is hostile: an escape sequence in it must not drive the terminal).
 */
import type { Span } from '../document.ts';
import { mergeRanges } from '../rules/spans.ts';

/** How a screen marks spans (`on` … `off`) and emphasis (`dim` or `bold` … `reset`). */
export interface Style {
  readonly on: string;
  readonly off: string;
  readonly dim: string;
  readonly bold: string;
  readonly reset: string;
}
/** For a terminal. */
export const ANSI: Style = {
  on: '\x1b[7;31m',
  off: '\x1b[0m',
  dim: '\x1b[2m',
  bold: '\x1b[1m',
  reset: '\x1b[0m',
};
/** For a pipe or a file: spans in [[ ]], no escape codes. */
export const PLAIN: Style = { on: '[[', off: ']]', dim: '', bold: '', reset: '' };

/** Control characters other than newline and tab become visible escapes (`\x1b` → `␛`-style `\u{1b}`). */
export function neutralize(s: string): string {
  return s.replace(
    /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g,
    (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`,
  );
}

/** The text (at most `maxChars` code points) with spans wrapped in the style's `on`/`off` markers. */
export function highlight(
  text: string,
  spans: readonly Span[],
  maxChars: number,
  style: Style = ANSI,
): string {
  const { on, off } = style;
  const cps = Array.from(text);
  const shown = cps.slice(0, maxChars);
  const ranges = mergeRanges(spans.map((s) => [s[0], s[1]] as const));
  const parts: string[] = [];
  let at = 0;
  for (const [s, e] of ranges) {
    if (s >= shown.length) break;
    parts.push(
      neutralize(shown.slice(at, s).join('')),
      on,
      neutralize(shown.slice(s, Math.min(e, shown.length)).join('')),
      off,
    );
    at = Math.min(e, shown.length);
  }
  parts.push(neutralize(shown.slice(at).join('')));
  if (cps.length > maxChars)
    parts.push(`\n${style.dim}… ${cps.length - maxChars} more characters${style.reset}`);
  return parts.join('');
}

export interface LabelItem {
  index: number;
  total: number;
  text: string;
  reasons: readonly string[];
  spans: Readonly<Record<string, readonly Span[]>>;
  stratum?: string;
  previous?: string;
}

/** One screen for one item. */
export function renderItem(it: LabelItem, maxChars = 3000, style: Style = ANSI): string {
  const spans = Object.values(it.spans).flat();
  const head =
    `${style.bold}[${it.index + 1}/${it.total}]${style.reset} ${it.stratum ? `stratum ${neutralize(it.stratum)}` : ''}` +
    `${it.previous ? `  (answered: ${it.previous})` : ''}`;
  const reasons = it.reasons.length
    ? `flagged by: ${it.reasons.map(neutralize).join(', ')}`
    : 'not flagged (kept)';
  const keys = `${style.dim}g good · b bad · s skip · p back · q quit${style.reset}`;
  return [head, reasons, '', highlight(it.text, spans, maxChars, style), '', keys, ''].join('\n');
}
