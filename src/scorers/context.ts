import type { DocContext } from './types.ts';
import { splitWords } from '../text/words.ts';
import { pyLen, splitlinesRanges } from '../text/python.ts';

/** Options of `createContext`: where token ids come from (omit for `tokenizer: none`). */
export interface ContextOptions {
  tokens?: () => Uint32Array | undefined;
}

/**
 * A DocContext with a per-document memo cache. Values are computed lazily, at most once per key.
 * A caller may seed a key before scoring (`ctx.memo('words', () => known)`), e.g. to inject words.
 */
export function createContext(text: string, opts: ContextOptions = {}): DocContext {
  const cache = new Map<string, unknown>();
  let tokens: Uint32Array | undefined;
  let tokenized = false;
  return {
    text,
    tokens() {
      if (!tokenized) {
        tokens = opts.tokens?.();
        tokenized = true;
      }
      return tokens;
    },
    memo<T>(key: string, compute: () => T): T {
      if (cache.has(key)) return cache.get(key) as T;
      const value = compute();
      cache.set(key, value);
      return value;
    },
  };
}

/** datatrove's `split_into_words(text, "eng")` for this document (memo key `words`). */
export const wordsOf = (ctx: DocContext): readonly string[] => ctx.memo('words', () => splitWords(ctx.text));

/** The document's words as dense integer ids (first occurrence order) plus the distinct words. */
export interface WordIds {
  /** `ids[i]` is the id of `words[i]`. */
  readonly ids: Int32Array;
  /** `vocab[id]` is the word; ids are assigned in order of first occurrence. */
  readonly vocab: readonly string[];
}

/** Words hashed to integer ids once per document (memo key `word_ids`), for n-gram statistics. */
export const wordIdsOf = (ctx: DocContext): WordIds =>
  ctx.memo('word_ids', () => {
    const words = wordsOf(ctx);
    const ids = new Int32Array(words.length);
    const index = new Map<string, number>();
    const vocab: string[] = [];
    for (let i = 0; i < words.length; i++) {
      const w = words[i]!;
      let id = index.get(w);
      if (id === undefined) {
        id = vocab.length;
        index.set(w, id);
        vocab.push(w);
      }
      ids[i] = id;
    }
    return { ids, vocab };
  });

const SURROGATE = /[\ud800-\udfff]/;

/** True when the text has a UTF-16 surrogate, i.e. code points and UTF-16 units differ (memo key `astral`). */
export const hasAstralOf = (ctx: DocContext): boolean => ctx.memo('astral', () => SURROGATE.test(ctx.text));

/** Python `len(text)` in code points (memo key `len`). */
export const lengthOf = (ctx: DocContext): number =>
  ctx.memo('len', () => (hasAstralOf(ctx) ? pyLen(ctx.text) : ctx.text.length));

/** Python `text.splitlines()` as flat UTF-16 `[start, end)` pairs (memo key `splitlines`). */
export const splitlinesOf = (ctx: DocContext): readonly number[] =>
  ctx.memo('splitlines', () => splitlinesRanges(ctx.text));

/** Code points of each distinct word, by word id (memo key `word_lengths`). */
export const wordLengthsOf = (ctx: DocContext): Int32Array =>
  ctx.memo('word_lengths', () => {
    const { vocab } = wordIdsOf(ctx);
    const out = new Int32Array(vocab.length);
    // Without a surrogate in the text, no word has one: code points are UTF-16 units.
    const astral = hasAstralOf(ctx);
    for (let id = 0; id < vocab.length; id++) out[id] = astral ? pyLen(vocab[id]!) : vocab[id]!.length;
    return out;
  });
