/** What a filter is: a scorer bundled with its default rules, named and parameterised like datatrove's class. */
import type { Vocabulary } from '../vocab/vocabulary.ts';
import type { QualityModel } from '../formats/model.ts';
import type { Span } from '../document.ts';
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
  /**
   * Span sets whose removal rewrites the text as the datatrove filter does (c4_quality's
   * `bad_lines`: the kept lines, stripped, joined with "\n"), instead of cutting the spans' code points.
   */
  readonly rewrites?: Readonly<Record<string, TextRewrite>>;
}

/**
 * The text left after removing the spans `chosen` of one span set, and the spans `cuts` of other
 * sets (code points, sorted, disjoint). Runs on every kept document, even with no span chosen.
 */
export type TextRewrite = (
  text: string,
  chosen: readonly Span[],
  cuts: readonly (readonly [number, number])[],
) => string;

/** What some filters need besides options, opened at the edge by the caller (files, the tokenizer). */
export interface FilterResources {
  /** The corpus vocabulary (`vocabulary:` in the config), for rare_tokens. */
  vocabulary?: Vocabulary;
  /** The config's tokenizer name, to check the vocabulary against. */
  tokenizer?: string;
  /** Token ids → code-point offsets (ids.length + 1 entries), for token spans. */
  tokenOffsets?: (text: string, ids: Uint32Array) => Uint32Array;
  /** Quality models (winnow train) by the `model` location the config names, for the quality filter. */
  models?: ReadonlyMap<string, QualityModel>;
}

/** Builds a filter from datatrove-named options; unknown options throw a TypeError. */
export type FilterFactory = (
  options?: Readonly<Record<string, unknown>>,
  resources?: FilterResources,
) => Filter;
