/**
 * What scoring needs, opened once per process or thread: the tokenizer (WASM, freed explicitly)
 * and the compiled filters with their resources (vocabulary, token offsets).
 */
import type { FilterConfig } from '../config/config.ts';
import { createEvaluator, type Evaluator } from '../rules/evaluator.ts';
import { openTokenizer, type Tokenizer } from '../tokenize/tokenizer.ts';
import type { Vocabulary } from '../vocab/vocabulary.ts';
import type { QualityModel } from '../formats/model.ts';
import type { SharedRanks } from '../tokenize/tokenizer.ts';

/** What the worker threads of a run share: the rank tables, built once. */
export interface TokenizerShares {
  ranks?: SharedRanks;
}

export interface Session {
  evaluator: Evaluator;
  tokenizer: Tokenizer | null;
  /** Frees the tokenizer; call it in a `finally`. */
  close(): void;
}

/** `shares`: what this thread shares with the other worker threads of a run. */
export function openSession(
  config: FilterConfig,
  vocabulary: Vocabulary | null = null,
  models?: ReadonlyMap<string, QualityModel>,
  shares: TokenizerShares = {},
): Session {
  const tokenizer =
    config.tokenizer === 'none'
      ? null
      : openTokenizer(config.tokenizer, shares.ranks ? { ranks: shares.ranks } : {});
  try {
    const evaluator = createEvaluator(config, {
      ...(vocabulary && { vocabulary }),
      ...(models && { models }),
      ...(tokenizer && {
        tokenOffsets: (text: string, ids: Uint32Array) => tokenizer.codePointOffsets(text, ids),
      }),
    });
    return { evaluator, tokenizer, close: () => tokenizer?.free() };
  } catch (e) {
    tokenizer?.free();
    throw e;
  }
}
