/**
 * Bounded excerpts of dropped documents with their flagged spans: a window of code points placed
 * around the first span, cut into segments that each carry the names of the spans covering them.
 * Offsets are Unicode code points (the span format), never UTF-16 units. The text is returned
 * raw: renderers escape it.
 */
import { codePointLength, utf16Indices } from '../text/codepoints.ts';

/** A piece of the excerpt and the spans (`<filter>.<key>`) that cover it; empty: not flagged. */
export interface Segment {
  text: string;
  spans: string[];
}

export interface Excerpt {
  /** Code point offsets of the window in the document, [start, end). */
  start: number;
  end: number;
  /** The document's length in code points. */
  length: number;
  segments: Segment[];
  /** The earliest span (the window is placed around it), or null when the document has none. */
  first_span: { name: string; start: number; end: number; score: number } | null;
}

/**
 * True when span set `name` (`<filter>.<key>`) comes from a filter among `reasons`: only those
 * are highlighted, since a filter may flag spans in a document another filter dropped (c4_quality
 * marks the lines it would remove in every document), and marks read as the cause of the drop.
 */
export const spansOfReasons = (name: string, reasons: readonly string[]): boolean =>
  reasons.some((r) => r.slice(0, r.indexOf('/')) === name.slice(0, name.indexOf('.')));

/** Default window: 1,500 code points. */
export const EXCERPT_CHARS = 1500;

// Empty spans are valid (c4_quality flags blank lines): counted, never highlighted.
const isSpan = (s: unknown): s is [number, number, number] =>
  Array.isArray(s) &&
  s.length >= 2 &&
  Number.isInteger(s[0]) &&
  Number.isInteger(s[1]) &&
  (s[0] as number) >= 0 &&
  (s[1] as number) >= (s[0] as number);

/** Valid spans by name, sorted by name; malformed entries (hostile or truncated JSON) are ignored. */
export function cleanSpans(spans: unknown): Record<string, [number, number, number][]> {
  const out: Record<string, [number, number, number][]> = {};
  if (!spans || typeof spans !== 'object' || Array.isArray(spans)) return out;
  for (const name of Object.keys(spans).sort()) {
    const list = (spans as Record<string, unknown>)[name];
    if (!Array.isArray(list)) continue;
    const ok = list
      .filter(isSpan)
      .map(
        (s) =>
          [s[0], s[1], typeof s[2] === 'number' && Number.isFinite(s[2]) ? s[2] : 0] as [
            number,
            number,
            number,
          ],
      );
    if (ok.length) out[name] = ok;
  }
  return out;
}

/**
 * The excerpt of `text`: `chars` code points, the first span a fifth of the way in (or the start
 * of the document when there is no span), spans clipped to the window.
 */
export function excerptOf(
  text: string,
  spans: Record<string, readonly (readonly [number, number, number])[]>,
  chars = EXCERPT_CHARS,
): Excerpt {
  const length = codePointLength(text);
  let first: Excerpt['first_span'] = null;
  for (const name of Object.keys(spans).sort()) {
    for (const [s, e, score] of spans[name]!) {
      if (s < e && s < length && (!first || s < first.start))
        first = { name, start: s, end: Math.min(e, length), score };
    }
  }
  const window = Math.max(1, Math.floor(chars));
  let start = first ? Math.max(0, first.start - Math.floor(window / 5)) : 0;
  const end = Math.min(length, start + window);
  start = Math.max(0, Math.min(start, end - window));

  // Boundaries where the set of covering spans changes, clipped to the window.
  const opens = new Map<number, string[]>();
  const closes = new Map<number, string[]>();
  const cuts = new Set<number>([start, end]);
  for (const name of Object.keys(spans).sort()) {
    for (const [s, e] of spans[name]!) {
      const a = Math.max(s, start);
      const b = Math.min(e, end);
      if (a >= b) continue;
      cuts.add(a);
      cuts.add(b);
      (opens.get(a) ?? opens.set(a, []).get(a)!).push(name);
      (closes.get(b) ?? closes.set(b, []).get(b)!).push(name);
    }
  }
  const points = [...cuts].sort((x, y) => x - y);
  const idx = utf16Indices(text, points);
  const active = new Map<string, number>();
  const segments: Segment[] = [];
  for (let k = 0; k < points.length - 1; k++) {
    const p = points[k]!;
    for (const n of closes.get(p) ?? []) {
      const c = active.get(n)! - 1;
      if (c) active.set(n, c);
      else active.delete(n);
    }
    for (const n of opens.get(p) ?? []) active.set(n, (active.get(n) ?? 0) + 1);
    const piece = text.slice(idx[k], idx[k + 1]);
    const names = [...active.keys()].sort();
    const last = segments[segments.length - 1];
    // Adjacent pieces under the same spans (e.g. one span ending where another of the same name starts) merge.
    if (last && last.spans.join('\n') === names.join('\n')) last.text += piece;
    else segments.push({ text: piece, spans: names });
  }
  return { start, end, length, segments, first_span: first };
}
