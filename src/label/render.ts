/**
 * What the labeler shows: the text with flagged spans highlighted and the reasons, made safe for
 * a terminal (document text is hostile: an escape sequence in it must not drive the terminal).
 */
import type { Span } from '../document.ts';
import { mergeRanges } from '../rules/spans.ts';

export const ANSI = { on: '\x1b[7;31m', off: '\x1b[0m', dim: '\x1b[2m', bold: '\x1b[1m' } as const;

/** Control characters other than newline and tab become visible escapes (`\x1b` → `␛`-style `\u{1b}`). */
export function neutralize(s: string): string {
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
}

/** The text (at most `maxChars` code points) with spans wrapped in `on`/`off` markers. */
export function highlight(text: string, spans: readonly Span[], maxChars: number, on: string = ANSI.on, off: string = ANSI.off): string {
  const cps = Array.from(text);
  const shown = cps.slice(0, maxChars);
  const ranges = mergeRanges(spans.map((s) => [s[0], s[1]] as const));
  const parts: string[] = [];
  let at = 0;
  for (const [s, e] of ranges) {
    if (s >= shown.length) break;
    parts.push(neutralize(shown.slice(at, s).join('')), on, neutralize(shown.slice(s, Math.min(e, shown.length)).join('')), off);
    at = Math.min(e, shown.length);
  }
  parts.push(neutralize(shown.slice(at).join('')));
  if (cps.length > maxChars) parts.push(`\n${ANSI.dim}… ${cps.length - maxChars} more characters${ANSI.off}`);
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
export function renderItem(it: LabelItem, maxChars = 3000): string {
  const spans = Object.values(it.spans).flat();
  const head = `${ANSI.bold}[${it.index + 1}/${it.total}]${ANSI.off} ${it.stratum ? `stratum ${neutralize(it.stratum)}` : ''}` +
    `${it.previous ? `  (answered: ${it.previous})` : ''}`;
  const reasons = it.reasons.length ? `flagged by: ${it.reasons.map(neutralize).join(', ')}` : 'not flagged (kept)';
  const keys = `${ANSI.dim}g good · b bad · s skip · p back · q quit${ANSI.off}`;
  return [head, reasons, '', highlight(it.text, spans, maxChars), '', keys, ''].join('\n');
}
