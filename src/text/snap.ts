/**
 * Span edges that fall inside a word. Spans found on tokens (BPE pieces) start and end wherever a
 * token does: inside a word, or between a letter and its combining vowel sign. Removing such a
 * span leaves half-words behind, so its edges are widened to the word around them.
 */
import type { Span } from '../document.ts';
import { isSpace } from './python.ts';

/** Widening stops here (code points per edge): text without spaces (CJK, base64) has no words to reach. */
export const MAX_WIDEN = 40;

/** UTF-16 units on each side of an edge handed to the grapheme segmenter (longer than any real cluster). */
const CLUSTER_WINDOW = 64;

const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' });

/** Code point offsets ↔ UTF-16 indices of `text` (the identity without surrogates). */
function offsetMaps(text: string): {
  unitOf: (cp: number) => number;
  cpOf: (unit: number) => number;
} {
  const n = text.length;
  if (!/[\ud800-\udfff]/.test(text)) return { unitOf: (cp) => Math.min(cp, n), cpOf: (u) => u };
  const cpAt = new Int32Array(n + 1); // cpAt[u]: code points before unit u
  const units: number[] = [];
  let cp = 0;
  for (let u = 0; u < n; u++) {
    cpAt[u] = cp;
    const c = text.charCodeAt(u);
    const pair =
      c >= 0xd800 && c <= 0xdbff && u + 1 < n && (text.charCodeAt(u + 1) & 0xfc00) === 0xdc00;
    units.push(u);
    if (pair) cpAt[++u] = cp;
    cp++;
  }
  cpAt[n] = cp;
  units.push(n);
  return { unitOf: (c) => units[Math.min(c, units.length - 1)]!, cpOf: (u) => cpAt[u]! };
}

/** The UTF-16 index of the code point before index `i` (> 0). */
const prev = (text: string, i: number): number =>
  i >= 2 &&
  (text.charCodeAt(i - 1) & 0xfc00) === 0xdc00 &&
  (text.charCodeAt(i - 2) & 0xfc00) === 0xd800
    ? i - 2
    : i - 1;
/** The UTF-16 index after the code point at `i` (< length). */
const next = (text: string, i: number): number =>
  (text.charCodeAt(i) & 0xfc00) === 0xd800 && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00
    ? i + 2
    : i + 1;

/**
 * The grapheme cluster boundary at or before (`dir` -1) or at or after (+1) UTF-16 index `i`,
 * found by segmenting only a window around it: edges that need this are rare, and segmenting
 * whole documents would cost more than scoring them.
 */
function clusterEdge(text: string, i: number, dir: -1 | 1): number {
  const from = Math.max(0, i - CLUSTER_WINDOW);
  const to = Math.min(text.length, i + CLUSTER_WINDOW);
  let before = from;
  for (const g of graphemes.segment(text.slice(from, to))) {
    const start = from + g.index;
    if (start === i) return i;
    if (start > i) return dir < 0 ? before : start;
    before = start;
  }
  return dir < 0 ? before : to;
}

/**
 * Spans (code points) widened to whole words: an edge strictly inside a word (no whitespace on
 * either side of it) moves back to just after the Python whitespace before it, or on to just
 * before the one after it, when that is at most `maxWiden` code points away; otherwise only to
 * the enclosing grapheme cluster's boundary, so no letter is cut from its marks. Spans that come
 * to overlap or touch are merged (the higher score kept). Sorted, non-overlapping input is assumed.
 */
export function snapToWords(text: string, spans: readonly Span[], maxWiden = MAX_WIDEN): Span[] {
  if (!spans.length) return [];
  const n = text.length;
  const { unitOf, cpOf } = offsetMaps(text);
  // Surrogates are never whitespace, so one UTF-16 unit answers for its code point.
  const space = (u: number) => isSpace(text.charCodeAt(u));
  const out: [number, number, number][] = [];
  for (const [s0, e0, score] of spans) {
    let s = unitOf(Math.max(0, s0));
    let e = Math.max(s, unitOf(Math.max(0, e0)));
    if (s > 0 && s < n && !space(s - 1) && !space(s)) {
      let a = s;
      for (let k = 0; a > 0 && k < maxWiden && !space(a - 1); k++) a = prev(text, a);
      s = a === 0 || space(a - 1) ? a : clusterEdge(text, s, -1);
    }
    if (e > 0 && e < n && !space(e - 1) && !space(e)) {
      let b = e;
      for (let k = 0; b < n && k < maxWiden && !space(b); k++) b = next(text, b);
      e = b === n || space(b) ? b : clusterEdge(text, e, 1);
    }
    const [cs, ce] = [cpOf(s), cpOf(e)];
    const last = out[out.length - 1];
    if (last && cs <= last[1]) {
      last[1] = Math.max(last[1], ce);
      last[2] = Math.max(last[2], score);
    } else out.push([cs, ce, score]);
  }
  return out;
}
