/**
 * spaCy's special-case matcher pass (`_apply_special_cases`) over the tokens words.ts's affix
 * splitting made: which multi-token matches of special cases are kept and replaced.
 */
import { findPrefix, findSuffix, infixAt } from './spacy-affixes.ts';
import { FILTER, RangeMap, SPECIAL, SPECIALS, cpAt, cpLen, slotOf } from './spacy-tables.ts';

/** Token k follows token k - 1 in the same chunk, or is the first token and starts the text. */
export const GAP_NONE = 0;
/** Exactly one " " separates token k from token k - 1 (spaCy stores it as token k - 1's trailing space). */
export const GAP_SPACE = 1;
/** A whitespace token lies between token k - 1 (or the start of the text) and token k. */
export const GAP_WS = 2;

// ---------------------------------------------------------------------------------------
// Special-case matcher (`_apply_special_cases`)
//
// spaCy adds to a PhraseMatcher every special case whose text has a prefix, suffix, infix
// or a space, as its tokenization without special cases. After affix splitting it finds
// every match in the document; longest first, then leftmost, a match is kept unless its
// first or last token is already covered by an earlier match (kept or not); a kept match
// whose text (tokens joined with their trailing spaces) is a special case is replaced by
// that special case's tokens. No pattern contains a whitespace token, so matches never
// cross one; a match across a one-space chunk boundary has a space in its text and never
// merges (no special case of two or more pieces has a space, checked below), but it can
// still block another match. One-token patterns are left out: their match replaces a token
// by itself and, being shortest, blocks nothing.

interface TrieNode {
  readonly next: Map<string, TrieNode>;
  /** The keys of `next`: most nodes have a few, which are compared in place, without a slice. */
  readonly keys: string[];
  key: string | undefined; // the special case whose pattern ends here
}
const newNode = (): TrieNode => ({ next: new Map(), keys: [], key: undefined });
/** Multi-token patterns, as a trie keyed by their first token. */
export const PATTERN_BIT = 2;
const PATTERNS = new RangeMap<TrieNode>(PATTERN_BIT);
/**
 * 1 at the UTF-16 units that are a pattern's whole first token. One-unit tokens (",", ".")
 * are common, and FILTER, which hashes only a key's length and ends, lets many through.
 */
export const PATTERN_FIRST_UNIT = new Uint8Array(0x10000);

/** The multi-token patterns (as in the trie), for the native matcher (src/native/words.ts). */
export const PATTERN_LIST: { readonly key: string; readonly tokens: readonly string[] }[] = [];

/** True once `buildPatterns` ran (words.ts does at load): the tables above are complete. */
export let patternsBuilt = false;

/** FILTER bit: a pattern's second token may have this length and these ends. */
const SECOND_BIT = 4;

/** The child of `node` for the token text[s..e), if any. */
function childOf(node: TrieNode, text: string, s: number, e: number): TrieNode | undefined {
  const keys = node.keys;
  if (keys.length > 8) return node.next.get(text.slice(s, e));
  for (const key of keys)
    if (key.length === e - s && text.startsWith(key, s)) return node.next.get(key);
  return undefined;
}

/** True when the token u[s..e) (a text's UTF-16 units) may start a pattern. */
export function mayStartPattern(u: Uint16Array, s: number, e: number): boolean {
  if (e - s === 1) return PATTERN_FIRST_UNIT[u[s]!] === 1;
  return (FILTER[slotOf(e - s, u[s]!, u[e - 1]!)]! & PATTERN_BIT) !== 0;
}

function hasInfix(s: string): boolean {
  for (let i = 0; i < s.length;) {
    const cp = cpAt(s, i, s.length);
    if (infixAt(s, i, cp, 0, s.length) >= 0) return true;
    i += cpLen(cp);
  }
  return false;
}

/**
 * Adds the multi-token patterns of the special cases, `tokensOf(key)` being a key's tokens
 * without special cases (words.ts's affix splitting; module setup only).
 */
export function buildPatterns(tokensOf: (key: string) => string[]): void {
  for (const [key, pieces] of SPECIALS) {
    if (pieces.length > 1 && /\s/u.test(key))
      throw new Error(`special case with a space: ${JSON.stringify(key)}`);
    const n = key.length;
    if (!(findPrefix(key, 0, n) || findSuffix(key, 0, n) || hasInfix(key) || key.includes(' ')))
      continue;
    const pattern = tokensOf(key);
    if (pattern.length < 2) continue;
    let node: TrieNode | undefined = PATTERNS.get(pattern[0]!);
    if (node === undefined) PATTERNS.set(pattern[0]!, (node = newNode()));
    if (pattern[0]!.length === 1) PATTERN_FIRST_UNIT[pattern[0]!.charCodeAt(0)] = 1;
    const second = pattern[1]!;
    FILTER[slotOf(second.length, second.charCodeAt(0), second.charCodeAt(second.length - 1))]! |=
      SECOND_BIT;
    for (let i = 1; i < pattern.length; i++) {
      let child: TrieNode | undefined = node.next.get(pattern[i]!);
      if (child === undefined) {
        node.next.set(pattern[i]!, (child = newNode()));
        node.keys.push(pattern[i]!);
      }
      node = child;
    }
    node.key = key;
    PATTERN_LIST.push({ key, tokens: pattern });
  }
  patternsBuilt = true;
}

/** Tokens as UTF-16 ranges, with what precedes each (GAP_*): token k is text[starts[k], ends[k]). */
export interface TokenRanges {
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly gaps: Uint8Array;
}

/** The token texts [from, to), joined as spaCy joins a span's text. */
function spanText(text: string, t: TokenRanges, from: number, to: number): string {
  let out = text.slice(t.starts[from]!, t.ends[from]!);
  for (let k = from + 1; k < to; k++)
    out += (t.gaps[k] === GAP_SPACE ? ' ' : '') + text.slice(t.starts[k]!, t.ends[k]!);
  return out;
}

function sameTokens(
  special: readonly string[],
  text: string,
  t: TokenRanges,
  start: number,
  end: number,
): boolean {
  if (special.length !== end - start) return false;
  for (let k = 0; k < special.length; k++) {
    const piece = special[k]!;
    const s = t.starts[start + k]!;
    if (t.ends[start + k]! - s !== piece.length || !text.startsWith(piece, s)) return false;
  }
  return true;
}

/** A kept match that changes the tokens: tokens [start, end) become the special case's pieces. */
export interface Replacement {
  readonly start: number;
  readonly end: number;
  readonly pieces: readonly string[];
}

/**
 * The matcher pass over the tokens [0, n) of text (u: its UTF-16 units; possible match starts in
 * cands[0..nCands)): the kept matches that change tokens, by start, or undefined when there are
 * none.
 */
export function findReplacements(
  text: string,
  u: Uint16Array,
  t: TokenRanges,
  n: number,
  cands: ArrayLike<number>,
  nCands: number,
): Replacement[] | undefined {
  const { starts: STARTS, ends: ENDS, gaps: GAPS } = t;
  let spans: number[] | undefined; // start, end pairs
  for (let c = 0; c < nCands; c++) {
    const k = cands[c]!;
    if (k + 1 === n || GAPS[k + 1] === GAP_WS) continue; // no second token
    const s1 = STARTS[k + 1]!;
    const e1 = ENDS[k + 1]!;
    if ((FILTER[slotOf(e1 - s1, u[s1]!, u[e1 - 1]!)]! & SECOND_BIT) === 0) continue;
    let node = PATTERNS.getRange(text, STARTS[k]!, ENDS[k]!);
    for (let j = k + 1; node !== undefined && j < n && GAPS[j] !== GAP_WS; j++) {
      node = childOf(node, text, STARTS[j]!, ENDS[j]!);
      if (node !== undefined && node.key !== undefined) (spans ??= []).push(k, j + 1);
    }
  }
  if (spans === undefined) return undefined;
  const order: number[] = [];
  for (let s = 0; s < spans.length; s += 2) order.push(s);
  // Longest first, then leftmost (spaCy's len_start_cmp, read from the back).
  order.sort(
    (x, y) => spans[y + 1]! - spans[y]! - (spans[x + 1]! - spans[x]!) || spans[x]! - spans[y]!,
  );
  const seen = new Set<number>();
  const out: Replacement[] = [];
  for (const s of order) {
    const start = spans[s]!;
    const end = spans[s + 1]!;
    if (!seen.has(start) && !seen.has(end - 1)) {
      const pieces = SPECIAL.get(spanText(text, t, start, end));
      if (pieces !== undefined && !sameTokens(pieces, text, t, start, end))
        out.push({ start, end, pieces });
    }
    for (let k = start; k < end; k++) seen.add(k);
  }
  return out.length === 0 ? undefined : out.sort((x, y) => x.start - y.start);
}
