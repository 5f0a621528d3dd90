/**
 * The one list of filters: config name → factory, option schema, and whether it needs token ids.
 * Adding a filter touches its own file, one line here and a test.
 */
import type { Span } from '../document.ts';
import type { OptionSchema } from '../config/options.ts';
import type { Filter, FilterFactory, FilterResources } from './filter.ts';
import type { DocContext, Scored } from './types.ts';
import { C4_BADWORDS_OPTIONS, c4BadWords } from './c4-badwords.ts';
import { C4_QUALITY_OPTIONS, c4Quality } from './c4-quality.ts';
import { FINEWEB_QUALITY_OPTIONS, finewebQuality } from './fineweb-quality.ts';
import { GOPHER_QUALITY_OPTIONS, gopherQuality } from './gopher-quality.ts';
import { GOPHER_REPETITION_OPTIONS, gopherRepetition } from './gopher-repetition.ts';
import { RARE_TOKENS_OPTIONS, rareTokens } from './rare-tokens.ts';
import { COMPRESSION_OPTIONS, compression } from './compression.ts';
import { UNICODE_OPTIONS, unicode } from './unicode.ts';
import { TOKENS_OPTIONS, tokens } from './tokens.ts';
import { LANGUAGE_OPTIONS, language } from './language.ts';
import { MINHASH_OPTIONS, minhash } from './minhash.ts';
import { EXACT_OPTIONS, exact } from './exact.ts';
import { QUALITY_OPTIONS, quality } from './quality.ts';

export type { Filter, FilterFactory, FilterResources } from './filter.ts';

/** A registered filter. */
export interface FilterEntry {
  readonly create: FilterFactory;
  readonly options: OptionSchema<object>;
  /** Needs token ids (not usable with `tokenizer: none`). */
  readonly tokens?: true;
}

/** The filters by config name, in the order `config show` and errors list them. */
export const REGISTRY: Readonly<Record<string, FilterEntry>> = {
  gopher_quality: { create: gopherQuality, options: GOPHER_QUALITY_OPTIONS },
  gopher_repetition: { create: gopherRepetition, options: GOPHER_REPETITION_OPTIONS },
  c4_quality: { create: c4Quality, options: C4_QUALITY_OPTIONS },
  c4_badwords: { create: c4BadWords, options: C4_BADWORDS_OPTIONS },
  fineweb_quality: { create: finewebQuality, options: FINEWEB_QUALITY_OPTIONS },
  rare_tokens: { create: rareTokens, options: RARE_TOKENS_OPTIONS, tokens: true },
  compression: { create: compression, options: COMPRESSION_OPTIONS },
  unicode: { create: unicode, options: UNICODE_OPTIONS },
  tokens: { create: tokens, options: TOKENS_OPTIONS, tokens: true },
  language: { create: language, options: LANGUAGE_OPTIONS },
  minhash: { create: minhash, options: MINHASH_OPTIONS },
  exact: { create: exact, options: EXACT_OPTIONS },
  quality: { create: quality, options: QUALITY_OPTIONS },
};

/** Factories by config name. */
export const FILTERS: Readonly<Record<string, FilterFactory>> = Object.fromEntries(
  Object.entries(REGISTRY).map(([k, e]) => [k, e.create]),
);

/** Filters that need token ids (not usable with `tokenizer: none`). */
export const TOKEN_FILTERS: ReadonlySet<string> = new Set(
  Object.keys(REGISTRY).filter((k) => REGISTRY[k]!.tokens),
);

/** `FILTERS[name](options)`, with a TypeError naming the known filters for an unknown name. */
export function createFilter(
  name: string,
  options: Readonly<Record<string, unknown>> = {},
  resources: FilterResources = {},
): Filter {
  const factory = Object.hasOwn(FILTERS, name) ? FILTERS[name] : undefined;
  if (!factory) {
    throw new TypeError(
      `Unknown filter \`${name}\`; expected one of: ${Object.keys(FILTERS).join(', ')}`,
    );
  }
  return factory(options, resources);
}

/** Runs every filter's scorer on one document; keys come back as `<filter>.<key>`. */
export function scoreDocument(filters: readonly Filter[], ctx: DocContext): Scored {
  const attrs: Record<string, number> = {};
  const spans: Record<string, Span[]> = {};
  let meta: Record<string, string | number> | undefined;
  for (const f of filters) {
    const s = f.scorer.score(ctx);
    const names = namesOf(f.name);
    for (const k in s.attrs) attrs[prefixed(names, f.name, k)] = s.attrs[k]!;
    for (const k in s.spans) spans[prefixed(names, f.name, k)] = s.spans[k]!;
    if (s.meta) meta = { ...meta, ...s.meta };
  }
  return meta ? { attrs, spans, meta } : { attrs, spans };
}

const PREFIXED = new Map<string, Map<string, string>>();
/** A filter's `<key>` → `<filter>.<key>` names (the same few dozen keys come back for every document). */
function namesOf(filter: string): Map<string, string> {
  let names = PREFIXED.get(filter);
  if (!names) PREFIXED.set(filter, (names = new Map()));
  return names;
}

/** `<filter>.<key>`, built once per pair. */
function prefixed(names: Map<string, string>, filter: string, key: string): string {
  let full = names.get(key);
  if (full === undefined) {
    full = `${filter}.${key}`;
    if (names.size < 4096) names.set(key, full);
  }
  return full;
}
