/**
 * Lines as datatrove's filters cut them with `\n` (not `splitlines()`), and `find_duplicates`.
 *
 * FineWeb's lines are the non-blank segments of `text.split("\n")`; GopherRepetition's are
 * `re.split("\n+", text)`, the same segments without the empty ones, except an empty first or
 * last one. So one split serves both, and GopherRepetition's duplicate counts add up from
 * FineWeb's and those of the few other segments (two segments of different kinds are never equal).
 */
import type { DocContext } from './types.ts';
import { isBlank, pyLen } from '../text/python.ts';

/** datatrove's `find_duplicates`: every repeat of an earlier element counts once, with its code-point length. */
export function findDuplicates(xs: readonly string[]): [elements: number, chars: number] {
  // Equal strings have equal lengths, so a string is only hashed (put in a Set) once another
  // element of the same length shows up: long unique lines and paragraphs are never hashed.
  const byLength = new Map<number, string | Set<string>>();
  let elements = 0;
  let chars = 0;
  for (const x of xs) {
    const prev = byLength.get(x.length);
    let dup: boolean;
    if (prev === undefined) {
      byLength.set(x.length, x);
      dup = false;
    } else if (typeof prev === 'string') {
      dup = prev === x;
      if (!dup) byLength.set(x.length, new Set([prev, x]));
    } else {
      dup = prev.has(x);
      if (!dup) prev.add(x);
    }
    if (dup) {
      elements++;
      chars += pyLen(x);
    }
  }
  return [elements, chars];
}

/** `find_duplicates` over a list: its length, and the repeats of earlier elements with their code points. */
export interface DuplicateStats {
  readonly count: number;
  readonly dupElements: number;
  readonly dupChars: number;
}

/** The segments of `text.split("\n")`, as the filters use them (memo key `newline_segments`). */
export interface NewlineSegments {
  /** The segments with a non-whitespace character, in order: FineWeb's lines. */
  readonly nonBlank: readonly string[];
  /** `find_duplicates(nonBlank)`. */
  readonly nonBlankStats: DuplicateStats;
  /** `find_duplicates(re.split("\n+", text))`: GopherRepetition's lines. */
  readonly splitRuns: DuplicateStats;
}

export const newlineSegmentsOf = (ctx: DocContext): NewlineSegments =>
  ctx.memo('newline_segments', () => newlineSegments(ctx.text));

function newlineSegments(text: string): NewlineSegments {
  const segments = text.split('\n');
  const nonBlank: string[] = [];
  const whitespace: string[] = []; // not empty, but blank
  for (const s of segments) {
    if (s === '') continue;
    if (isBlank(s)) whitespace.push(s);
    else nonBlank.push(s);
  }
  const [nbElements, nbChars] = findDuplicates(nonBlank);
  const [wsElements, wsChars] = findDuplicates(whitespace);
  // re.split("\n+") keeps an empty segment only first (text starts with "\n", or is "") and last
  // (text ends with "\n"); a second one repeats the first, with 0 characters.
  const last = segments.length - 1;
  const empties = (segments[0] === '' ? 1 : 0) + (last > 0 && segments[last] === '' ? 1 : 0);
  return {
    nonBlank,
    nonBlankStats: { count: nonBlank.length, dupElements: nbElements, dupChars: nbChars },
    splitRuns: {
      count: nonBlank.length + whitespace.length + empties,
      dupElements: nbElements + wsElements + Math.max(0, empties - 1),
      dupChars: nbChars + wsChars,
    },
  };
}
