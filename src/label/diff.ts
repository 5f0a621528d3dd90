/**
 * Two documents side by side with what differs marked: a word-level diff (jsdiff's
 * `diffWordsWithSpace`, behind this one file; Myers' algorithm, fast when two texts are near
 * duplicates, which is what the dedup audit shows). Whitespace runs are tokens too, so each
 * side's pieces join back to exactly its text.
 */
import { diffWordsWithSpace } from 'diff';

/** A piece of one side's text; `d` when it is not in the other side. */
export interface Piece {
  t: string;
  d?: true;
}

/**
 * Each side's text in pieces, or null when the texts differ by more than `maxEdits` tokens
 * (then the two are plainly not near duplicates and a diff would only be noise, and slow).
 */
export function sideBySide(
  a: string,
  b: string,
  maxEdits = 4000,
): { a: Piece[]; b: Piece[] } | null {
  const changes = diffWordsWithSpace(a, b, { maxEditLength: maxEdits });
  if (!changes) return null;
  const left: Piece[] = [];
  const right: Piece[] = [];
  const push = (side: Piece[], t: string, d: boolean) => {
    const last = side[side.length - 1];
    if (last && !!last.d === d) last.t += t;
    else side.push(d ? { t, d: true } : { t });
  };
  for (const c of changes) {
    if (!c.added) push(left, c.value, !!c.removed);
    if (!c.removed) push(right, c.value, !!c.added);
  }
  return { a: left, b: right };
}
