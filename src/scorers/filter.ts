/** What a filter is: a scorer bundled with its default rules, named and parameterised like datatrove's class. */
import type { Vocabulary } from '../vocab/vocabulary.ts';
import type { Rule, Scorer } from './types.ts';

export interface Filter {
  /** `gopher_quality`, `c4_quality`, ...: the attribute prefix and the reason prefix. */
  readonly name: string;
  /** The resolved options (datatrove's parameter names, defaults filled in). */
  readonly options: Readonly<Record<string, unknown>>;
  readonly scorer: Scorer;
  /** One rule per datatrove check; attributes are read with their `<filter>.` prefix. */
  readonly rules: readonly Rule[];
  /** Every attribute the scorer can emit (`<key>`, without the prefix); some documents lack some. */
  readonly keys: readonly string[];
  /** Every span set the scorer can emit. */
  readonly spanKeys: readonly string[];
}

/** What some filters need besides options, opened at the edge by the caller (files, the tokenizer). */
export interface FilterResources {
  /** The corpus vocabulary (`vocabulary:` in the config), for rare_tokens. */
  vocabulary?: Vocabulary;
  /** The config's tokenizer name, to check the vocabulary against. */
  tokenizer?: string;
  /** Token ids → code-point offsets (ids.length + 1 entries), for token spans. */
  tokenOffsets?: (text: string, ids: Uint32Array) => Uint32Array;
}

/** Builds a filter from datatrove-named options; unknown options throw a TypeError. */
export type FilterFactory = (options?: Readonly<Record<string, unknown>>, resources?: FilterResources) => Filter;
