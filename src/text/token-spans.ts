/** What words.ts's spaCy-compatible tokenizer returns as ranges, and its trailing-whitespace rule. */
/**
 * The tokens of spaCy's `blank("en")` tokenizer over a text, as UTF-16 ranges: token k is
 * `text.slice(starts[k], ends[k])`. Whitespace tokens are not listed; `gaps[k]` says what
 * precedes token k (GAP_NONE, GAP_SPACE or GAP_WS), and a whitespace token ends the text when
 * `hasTrailingSpaceToken` says so.
 */
export interface TokenSpans {
  /** The number of (non-whitespace) tokens. */
  readonly count: number;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly gaps: Uint8Array;
}

/**
 * True when spaCy ends text with a whitespace token after its last token, which ends at
 * UTF-16 offset `lastEnd` (0 without tokens): any whitespace there except one " ".
 */
export function hasTrailingSpaceToken(text: string, lastEnd: number): boolean {
  const start = lastEnd > 0 && text.charCodeAt(lastEnd) === 0x20 ? lastEnd + 1 : lastEnd;
  return start < text.length;
}

/** The three arrays of TokenSpans with room for some number of tokens (a caller may reuse them). */
export interface TokenArrays {
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly gaps: Uint8Array;
}

/** TokenArrays with room for n tokens, in one allocation (allocations cost more than copies). */
export function tokenArrays(n: number): TokenArrays {
  const buffer = new ArrayBuffer(9 * n);
  return {
    starts: new Int32Array(buffer, 0, n),
    ends: new Int32Array(buffer, 4 * n, n),
    gaps: new Uint8Array(buffer, 8 * n, n),
  };
}
