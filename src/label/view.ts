/**
 * What the browser page is sent for one item: the text already cut into pieces (flagged spans
 * with the span sets that flag them; the differing parts of a pair), so the page only puts text
 * into text nodes. Offsets are code points here (spans are); the page never sees one.
 */
import type { Span } from '../document.ts';
import { sideBySide, type Piece } from './diff.ts';
import type { Item } from './items.ts';
import type { Answer } from './labels-file.ts';

/** A piece of a document; `r` names the span sets that flag it. */
export interface Segment {
  t: string;
  r?: string[];
}

/** `text` cut at every span boundary (code points), each piece with the span sets covering it. */
export function segments(
  text: string,
  spans: Readonly<Record<string, readonly Span[]>>,
): Segment[] {
  const cps = Array.from(text);
  const cuts = new Set([0, cps.length]);
  const named = Object.entries(spans).flatMap(([name, ss]) =>
    ss.map((s) => ({
      name,
      s: Math.max(0, Math.min(s[0], cps.length)),
      e: Math.max(0, Math.min(s[1], cps.length)),
    })),
  );
  for (const x of named) cuts.add(x.s).add(x.e);
  const at = [...cuts].sort((x, y) => x - y);
  const out: Segment[] = [];
  for (let k = 0; k + 1 < at.length; k++) {
    const s = at[k]!;
    const e = at[k + 1]!;
    const r = [
      ...new Set(named.filter((x) => x.s <= s && x.e >= e && x.s < x.e).map((x) => x.name)),
    ].sort();
    const t = cps.slice(s, e).join('');
    const last = out[out.length - 1];
    if (last && (last.r ?? []).join('\n') === r.join('\n')) last.t += t;
    else out.push(r.length ? { t, r } : { t });
  }
  return out;
}

/** One side of a pair as the page shows it. */
export interface PairSide {
  id?: string;
  pieces: Piece[];
}

/** The JSON for item `k` (1-based) of `total`. */
export type ItemView = {
  item: number;
  total: number;
  stratum?: string;
  reasons: string[];
  answer?: Answer;
} & (
  { kind: 'doc'; segments: Segment[] } | { kind: 'pair'; a: PairSide; b: PairSide; diffed: boolean }
);

export function itemView(it: Item, k: number, total: number, answer?: Answer): ItemView {
  const common = {
    item: k,
    total,
    ...(it.stratum !== undefined && { stratum: it.stratum }),
    reasons: it.reasons,
    ...(answer && { answer }),
  };
  if (it.kind === 'doc') return { ...common, kind: 'doc', segments: segments(it.text, it.spans) };
  const d = sideBySide(it.a.text, it.b.text);
  const side = (s: { id?: string; text: string }, pieces: Piece[]): PairSide => ({
    ...(s.id !== undefined && { id: s.id }),
    pieces,
  });
  return {
    ...common,
    kind: 'pair',
    a: side(it.a, d ? d.a : [{ t: it.a.text }]),
    b: side(it.b, d ? d.b : [{ t: it.b.text }]),
    diffed: d !== null,
  };
}
