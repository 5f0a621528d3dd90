/** The whole token list of spaCy's blank("en") tokenizer, whitespace tokens included. */
import { GAP_WS, hasTrailingSpaceToken, tokenSpans } from './words.ts';

/**
 * Every token spaCy's blank("en") tokenizer makes for text, whitespace tokens included
 * (a run of whitespace other than a single " " after a token is one token, e.g. "\n" or
 * "  "). This is the token list the sentencizer sees.
 */
export function spacyTokens(text: string): string[] {
  const { count, starts: STARTS, ends: ENDS, gaps: GAPS } = tokenSpans(text);
  const out: string[] = [];
  for (let k = 0; k < count; k++) {
    if (GAPS[k] === GAP_WS) {
      // The run between the previous token and this one, less the previous token's trailing " ".
      const prevEnd = k === 0 ? 0 : ENDS[k - 1]!;
      out.push(
        text.slice(k > 0 && text.charCodeAt(prevEnd) === 0x20 ? prevEnd + 1 : prevEnd, STARTS[k]!),
      );
    }
    out.push(text.slice(STARTS[k]!, ENDS[k]!));
  }
  const lastEnd = count === 0 ? 0 : ENDS[count - 1]!;
  if (hasTrailingSpaceToken(text, lastEnd)) {
    out.push(text.slice(lastEnd > 0 && text.charCodeAt(lastEnd) === 0x20 ? lastEnd + 1 : lastEnd));
  }
  return out;
}
