/**
 * Span actions: removing flagged spans from a text. Offsets are code points; JS strings are
 * UTF-16, so they are converted in one pass.
 */
import type { Span } from '../document.ts';
import type { SpanRule } from '../config/config.ts';
import type { TextRewrite } from '../scorers/filter.ts';
import { codePointLength } from '../text/codepoints.ts';

/** Sorted, merged `[start, end)` ranges covering every span. */
export function mergeRanges(
  spans: readonly (readonly [number, number, ...unknown[]])[],
): [number, number][] {
  const sorted = spans
    .map((s) => [s[0], s[1]] as [number, number])
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: [number, number][] = [];
  for (const [s, e] of sorted) {
    const last = out.at(-1);
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

/** `text` without the code-point ranges (sorted, disjoint); returns the new text and code points removed. */
export function cutRanges(
  text: string,
  ranges: readonly (readonly [number, number])[],
): { text: string; removed: number } {
  if (!ranges.length) return { text, removed: 0 };
  const parts: string[] = [];
  let cp = 0; // code point index at UTF-16 index i
  let i = 0;
  let keepFrom = 0;
  let removed = 0;
  const toUnit = (target: number) => {
    while (cp < target && i < text.length) {
      const c = text.charCodeAt(i);
      i +=
        c >= 0xd800 &&
        c <= 0xdbff &&
        i + 1 < text.length &&
        (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00
          ? 2
          : 1;
      cp++;
    }
    return i;
  };
  for (const [s, e] of ranges) {
    const us = toUnit(s);
    const cpStart = cp;
    parts.push(text.slice(keepFrom, us));
    const ue = toUnit(e);
    removed += cp - cpStart;
    keepFrom = ue;
  }
  parts.push(text.slice(keepFrom));
  return { text: parts.join(''), removed };
}

export interface SpanRemoval {
  /** The text after removal. */
  text: string;
  /** Code points removed in all. */
  removedChars: number;
  /** Per span name: the spans acted on and the code points they cover (overlaps counted once per name). */
  bySpan: Record<string, { spans: Span[]; chars: number }>;
  /** Reasons when removal went past a rule's `max_removed_fraction` (the document is then dropped). */
  reasons: string[];
}

/**
 * Applies the config's span rules to one document's spans. Null when the text stays as it is.
 * `rewrites` (by span name, `c4_quality.bad_lines`) replace the cut for their span set with the
 * filter's own rewrite of the whole text, which then also takes the other sets' cuts.
 */
export function applySpanRules(
  text: string,
  chars: number,
  spans: Readonly<Record<string, readonly Span[]>>,
  rules: readonly SpanRule[],
  rewrites: Readonly<Record<string, TextRewrite>> = {},
): SpanRemoval | null {
  const bySpan: SpanRemoval['bySpan'] = {};
  const all: Span[] = [];
  const reasons: string[] = [];
  let rewrite: { fn: TextRewrite; name: string; chosen: Span[] } | undefined;
  for (const r of rules) {
    const chosen = (spans[r.spans] ?? []).filter(
      (s) => r.min_score === undefined || s[2] >= r.min_score,
    );
    const fn = Object.hasOwn(rewrites, r.spans) ? rewrites[r.spans] : undefined;
    if (fn) rewrite ??= { fn, name: r.spans, chosen: [] };
    const rewritten = rewrite?.name === r.spans;
    if (rewritten) rewrite!.chosen.push(...chosen);
    if (!chosen.length) continue;
    const covered = mergeRanges(chosen).reduce((n, [s, e]) => n + e - s, 0);
    const entry = (bySpan[r.spans] ??= { spans: [], chars: 0 });
    entry.spans.push(...chosen);
    entry.chars = mergeRanges(entry.spans).reduce((n, [s, e]) => n + e - s, 0);
    if (!rewritten) all.push(...chosen);
    if (
      r.max_removed_fraction !== undefined &&
      chars > 0 &&
      covered / chars > r.max_removed_fraction
    ) {
      reasons.push(`spans/${r.spans}>${r.max_removed_fraction}`);
    }
  }
  if (rewrite) {
    const after = rewrite.fn(text, rewrite.chosen, mergeRanges(all));
    if (after === text) return null;
    return { text: after, removedChars: chars - codePointLength(after), bySpan, reasons };
  }
  if (!all.length) return null;
  const cut = cutRanges(text, mergeRanges(all));
  return { text: cut.text, removedChars: cut.removed, bySpan, reasons };
}
