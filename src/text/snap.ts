/**
 * Span edges that fall inside a word. Spans found on tokens (BPE pieces) start and end wherever a
 * token does: inside a word, or between a letter and its combining vowel sign. Removing such a
 * span leaves half-words behind, so its edges are widened to the word around them.
 */
import type { Span } from '../document.ts';
import { isSpace } from './python.ts';

/** Widening stops here (code points per edge): text without spaces (CJK, base64) has no words to reach. */
export const MAX_WIDEN = 40;

const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' });

/**
 * Spans (code points) widened to whole words: each start moves back to just after the nearest
 * Python whitespace, each end forward to just before it, when that is at most `maxWiden` code
 * points away; otherwise the edge moves only to the enclosing grapheme cluster's boundary, so
 * no letter is cut from its marks. Spans that come to overlap or touch are merged (the higher
 * score kept). Sorted, non-overlapping input is assumed.
 */
export function snapToWords(text: string, spans: readonly Span[], maxWiden = MAX_WIDEN): Span[] {
  if (!spans.length) return [];
  const cps = Array.from(text);
  const n = cps.length;
  const space = (i: number) => isSpace(cps[i]!.codePointAt(0)!);
  // Grapheme cluster boundaries, in code points.
  const boundary = new Uint8Array(n + 1);
  let at = 0;
  for (const g of graphemes.segment(text)) {
    boundary[at] = 1;
    at += Array.from(g.segment).length;
  }
  boundary[n] = 1;
  const out: [number, number, number][] = [];
  for (const [s0, e0, score] of spans) {
    let s = Math.max(0, Math.min(s0, n));
    let e = Math.max(s, Math.min(e0, n));
    // An edge strictly inside a word (no whitespace on either side of it) moves.
    if (s > 0 && s < n && !space(s - 1) && !space(s)) {
      let a = s;
      while (a > 0 && s - a < maxWiden && !space(a - 1)) a--;
      if (a === 0 || space(a - 1)) s = a;
      else while (s > 0 && !boundary[s]) s--;
    }
    if (e > 0 && e < n && !space(e - 1) && !space(e)) {
      let b = e;
      while (b < n && b - e < maxWiden && !space(b)) b++;
      if (b === n || space(b)) e = b;
      else while (e < n && !boundary[e]) e++;
    }
    const last = out[out.length - 1];
    if (last && s <= last[1]) {
      last[1] = Math.max(last[1], e);
      last[2] = Math.max(last[2], score);
    } else out.push([s, e, score]);
  }
  return out;
}
