import type { DocContext } from './types.ts';
import { type WordIds, idArrays, wordIdsOfRanges, wordIdsOfWords } from './word-ids.ts';
import { type TokenSpans, tokenSpans } from '../text/words.ts';
import { tokenArrays } from '../text/token-spans.ts';
import { UNITS_RARE, UNITS_SURROGATE, unitsFound } from '../native/words.ts';
import { hasRareLineBreak, pyLen, splitlinesRanges } from '../text/python.ts';

/** Options of `createContext`: where token ids come from (omit for `tokenizer: none`). */
export interface ContextOptions {
  tokens?: () => Uint32Array | undefined;
  /** Where the document is (memo key `where`), for filters that look documents up (minhash). */
  where?: DocWhere;
}

/** A document's shard name and 1-based line. */
export interface DocWhere {
  readonly shard: string;
  readonly line: number;
}

/** The document's shard and line when the caller gave them, else undefined (scored text alone). */
export const whereOf = (ctx: DocContext): DocWhere | undefined =>
  ctx.has('where') ? ctx.memo<DocWhere>('where', () => ({ shard: '', line: 0 })) : undefined;

/**
 * A DocContext with a per-document memo cache. Values are computed lazily, at most once per key.
 * A caller may seed a key before scoring (`ctx.memo('words', () => known)`), e.g. to inject words.
 */
export function createContext(text: string, opts: ContextOptions = {}): DocContext {
  const cache = new Map<string, unknown>();
  if (opts.where) cache.set('where', opts.where);
  let tokens: Uint32Array | undefined;
  let tokenized = false;
  const ctx: Reusing = {
    text,
    tokens() {
      if (!tokenized) {
        tokens = opts.tokens?.();
        tokenized = true;
      }
      return tokens;
    },
    has(key: string): boolean {
      return cache.has(key);
    },
    memo<T>(key: string, compute: () => T): T {
      if (cache.has(key)) return cache.get(key) as T;
      const value = compute();
      cache.set(key, value);
      return value;
    },
    [DROP]() {
      cache.delete('token_spans');
      cache.delete('word_ids');
    },
  };
  return ctx;
}

/**
 * The memo keys `token_spans` and `word_ids` hold views of arrays that every document reuses
 * (no allocation, zero-fill or garbage per document): the document that takes them over first
 * drops them from the memo of the one that held them, which computes them again if asked
 * again. The scorers read them while scoring one document, which is all they are valid for
 * (do not keep them). The holder's memo stays reachable until the next document takes over.
 */
const DROP = Symbol('drop reused arrays');
interface Reusing extends DocContext {
  [DROP]?: () => void;
}
let holder: Reusing | undefined;

/** Takes the reused arrays over for ctx: false when it cannot give them back (not ours). */
function claimReused(ctx: Reusing): boolean {
  if (ctx[DROP] === undefined) return false;
  if (holder !== ctx) {
    holder?.[DROP]!();
    holder = ctx;
  }
  return true;
}

// The reused arrays, grown by doubling (and given back when a huge document left them far too
// large: `roomy`).
let SPANS = tokenArrays(1 << 14);
let IDS = idArrays(1 << 12);
const roomy = (have: number, need: number) => have >= need && (have <= 1 << 22 || need > 1 << 18);

/** The spaCy tokens of the document as UTF-16 ranges (memo key `token_spans`); see `tokenSpans`. */
export const tokenSpansOf = (ctx: DocContext): TokenSpans =>
  ctx.memo('token_spans', () => {
    if (!claimReused(ctx)) return tokenSpans(ctx.text);
    const spans = tokenSpans(ctx.text, SPANS); // arrays of their own when SPANS is too short
    if (!roomy(SPANS.gaps.length, spans.count)) SPANS = tokenArrays(2 * spans.count + 1);
    return spans;
  });

/** datatrove's `split_into_words(text, "eng")` for this document (memo key `words`). */
export const wordsOf = (ctx: DocContext): readonly string[] =>
  ctx.memo('words', () => {
    const { count, starts, ends } = tokenSpansOf(ctx);
    const words = new Array<string>(count);
    for (let k = 0; k < count; k++) words[k] = ctx.text.slice(starts[k]!, ends[k]!);
    return words;
  });

export type { WordIds } from './word-ids.ts';

/**
 * Words hashed to integer ids once per document (memo key `word_ids`), for n-gram statistics:
 * from the token ranges, or from the `words` memo when a caller seeded it (injected words).
 */
export const wordIdsOf = (ctx: DocContext): WordIds =>
  ctx.memo('word_ids', () => {
    if (ctx.has('words')) return wordIdsOfWords(wordsOf(ctx));
    const { count, starts, ends } = tokenSpansOf(ctx);
    // Tokens never contain whitespace: chunks are cut at every Python whitespace character.
    const facts = { astral: hasAstralOf(ctx), spaced: false };
    if (!claimReused(ctx)) return wordIdsOfRanges(ctx.text, starts, ends, count, facts);
    if (!roomy(IDS.byId.length, 5 * count)) IDS = idArrays(2 * count + 1);
    return wordIdsOfRanges(ctx.text, starts, ends, count, facts, IDS);
  });

/** A UTF-16 surrogate (native/words.c's UNITS_SURROGATE reads the same units). */
export const SURROGATE = /[\ud800-\udfff]/;
/** A surrogate or a line break other than "\n" (native/words.c's UNITS_RARE). */
export const RARE_UNIT = /[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029\ud800-\udfff]/;

/**
 * True when the text has a surrogate or a line break other than "\n" (memo key `rare_units`).
 * Web pages seldom have either (142 of the 6,200 web-pages documents), so one scan answers both
 * questions below for most documents, where two would read the whole text twice. The native
 * word kernel answers both as it loads the text (`unitsFound`), which it keeps loaded for the
 * word split that follows, so with it the text is read once for all three.
 */
const hasRareUnitOf = (ctx: DocContext): boolean =>
  ctx.memo('rare_units', () => {
    const found = unitsFound(ctx.text);
    return found < 0 ? RARE_UNIT.test(ctx.text) : (found & UNITS_RARE) !== 0;
  });

/** True when the text has a UTF-16 surrogate, i.e. code points and UTF-16 units differ (memo key `astral`). */
export const hasAstralOf = (ctx: DocContext): boolean =>
  ctx.memo('astral', () => {
    if (!hasRareUnitOf(ctx)) return false;
    const found = unitsFound(ctx.text);
    return found < 0 ? SURROGATE.test(ctx.text) : (found & UNITS_SURROGATE) !== 0;
  });

/** Python `len(text)` in code points (memo key `len`). */
export const lengthOf = (ctx: DocContext): number =>
  ctx.memo('len', () => (hasAstralOf(ctx) ? pyLen(ctx.text) : ctx.text.length));

/** Python `text.splitlines()` as flat UTF-16 `[start, end)` pairs (memo key `splitlines`). */
export const splitlinesOf = (ctx: DocContext): readonly number[] =>
  ctx.memo('splitlines', () =>
    splitlinesRanges(ctx.text, hasRareUnitOf(ctx) && hasRareLineBreak(ctx.text)),
  );
