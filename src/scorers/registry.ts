import type { Span } from '../document.ts';
import type { DocContext, Rule, Scored, Scorer } from './types.ts';
import { c4BadWords } from './c4-badwords.ts';
import { c4Quality } from './c4-quality.ts';
import { finewebQuality } from './fineweb-quality.ts';
import { gopherQuality } from './gopher-quality.ts';
import { gopherRepetition } from './gopher-repetition.ts';
import { rareTokens } from './rare-tokens.ts';
import { compression } from './compression.ts';
import { unicode } from './unicode.ts';
import { tokens } from './tokens.ts';
import { minhash } from './minhash.ts';
import type { ClusterIndex } from '../dedup/cluster-index.ts';
import type { Vocabulary } from '../vocab/vocabulary.ts';

// The filter modules import `thresholdRule` and `resolveOptions` from here, and this module imports
// them: the cycle is safe because both sides only export function declarations (hoisted) and use
// each other's exports inside functions, never at module top level.

/** A filter: a scorer bundled with its default rules, named and parameterised like datatrove's class. */
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
  /** The clusters of a `winnow dedup minhash` output folder, for the minhash filter. */
  clusterIndex?: (dir: string) => ClusterIndex;
}

/** Builds a filter from datatrove-named options; unknown options throw a TypeError. */
export type FilterFactory = (options?: Readonly<Record<string, unknown>>, resources?: FilterResources) => Filter;

/** The datatrove-parity filters by config name. */
export const FILTERS: Readonly<Record<string, FilterFactory>> = {
  gopher_quality: gopherQuality,
  gopher_repetition: gopherRepetition,
  c4_quality: c4Quality,
  c4_badwords: c4BadWords,
  fineweb_quality: finewebQuality,
  rare_tokens: rareTokens,
  compression,
  unicode,
  tokens,
  minhash,
};

/** Filters that need token ids (not usable with `tokenizer: none`). */
export const TOKEN_FILTERS: ReadonlySet<string> = new Set(['rare_tokens', 'tokens']);

/** `FILTERS[name](options)`, with a TypeError naming the known filters for an unknown name. */
export function createFilter(name: string, options: Readonly<Record<string, unknown>> = {}, resources: FilterResources = {}): Filter {
  const factory = Object.hasOwn(FILTERS, name) ? FILTERS[name] : undefined;
  if (!factory) {
    throw new TypeError(`Unknown filter \`${name}\`; expected one of: ${Object.keys(FILTERS).join(', ')}`);
  }
  return factory(options, resources);
}

/** Runs every filter's scorer on one document; keys come back as `<filter>.<key>`. */
export function scoreDocument(filters: readonly Filter[], ctx: DocContext): Scored {
  const attrs: Record<string, number> = {};
  const spans: Record<string, Span[]> = {};
  for (const f of filters) {
    const s = f.scorer.score(ctx);
    const names = namesOf(f.name);
    for (const k in s.attrs) attrs[prefixed(names, f.name, k)] = s.attrs[k]!;
    for (const k in s.spans) spans[prefixed(names, f.name, k)] = s.spans[k]!;
  }
  return { attrs, spans };
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

/** Every rule of every filter is asked (no short-circuit); returns the reasons that fired, in rule order. */
export function decide(filters: readonly Filter[], scored: Scored): string[] {
  const reasons: string[] = [];
  for (const f of filters) for (const r of f.rules) if (r.fires(scored.attrs)) reasons.push(r.reason);
  return reasons;
}

/** Comparison of a threshold rule: the rule fires when `attr <op> threshold`. */
export type Op = '<' | '<=' | '>' | '>=';

/** A rule that is plain data over one attribute, so thresholds can be swept over stored scores. */
export interface ThresholdRule extends Rule {
  /** The full attribute key, `<filter>.<key>`. */
  readonly attr: string;
  readonly op: Op;
  readonly threshold: number;
  /** A value that never fires (FineWeb's `line_punct_exclude_zero`: a ratio of exactly 0 is exempt). */
  readonly exempt?: number;
}

/** A ThresholdRule; an absent attribute (not computable, e.g. a division by zero in datatrove) never fires. */
export function thresholdRule(reason: string, attr: string, op: Op, threshold: number, exempt?: number): ThresholdRule {
  const fires = (attrs: Readonly<Record<string, number>>): boolean => {
    const v = attrs[attr];
    if (v === undefined || v === exempt) return false;
    switch (op) {
      case '<':
        return v < threshold;
      case '<=':
        return v <= threshold;
      case '>':
        return v > threshold;
      case '>=':
        return v >= threshold;
    }
  };
  return exempt === undefined ? { reason, attr, op, threshold, fires } : { reason, attr, op, threshold, exempt, fires };
}

/** A ThresholdRule when the threshold is set, none when the option is null (the rule is off). */
export function optionalRule(reason: string, attr: string, op: Op, threshold: number | null): ThresholdRule[] {
  return threshold === null ? [] : [thresholdRule(reason, attr, op, threshold)];
}

/** How an option's value is checked: `number?` and `string?` also accept null (Python `None`). */
export type OptionKind = 'number' | 'number?' | 'boolean' | 'string' | 'string?' | 'strings?' | 'pairs';

const KIND_TEXT: Record<OptionKind, string> = {
  number: 'a number',
  'number?': 'a number or null',
  boolean: 'a boolean',
  string: 'a string',
  'string?': 'a string or null',
  'strings?': 'an array of strings or null',
  pairs: 'an array of [n, fraction] pairs',
};

function hasKind(v: unknown, kind: OptionKind): boolean {
  switch (kind) {
    case 'number':
      return typeof v === 'number' && !Number.isNaN(v);
    case 'number?':
      return v === null || (typeof v === 'number' && !Number.isNaN(v));
    case 'boolean':
      return typeof v === 'boolean';
    case 'string':
      return typeof v === 'string';
    case 'string?':
      return v === null || typeof v === 'string';
    case 'strings?':
      return v === null || (Array.isArray(v) && v.every((s) => typeof s === 'string'));
    case 'pairs':
      return (
        Array.isArray(v) &&
        v.every(
          (p) =>
            Array.isArray(p) && p.length === 2 && Number.isInteger(p[0]) && p[0] >= 1 && typeof p[1] === 'number',
        )
      );
  }
}

/**
 * Fills datatrove's defaults into `given` and checks it: an unknown option throws a TypeError that
 * names it and lists the allowed ones; a value of the wrong type throws a TypeError that names it.
 */
export function resolveOptions<T extends object>(
  filter: string,
  defaults: T,
  kinds: { readonly [K in keyof T]: OptionKind },
  given: Readonly<Record<string, unknown>> = {},
): T {
  const allowed = Object.keys(defaults);
  for (const [key, value] of Object.entries(given)) {
    if (!allowed.includes(key)) {
      throw new TypeError(`Unknown option \`${key}\` for filter ${filter}; expected one of: ${allowed.join(', ')}`);
    }
    const kind = kinds[key as keyof T];
    if (value !== undefined && !hasKind(value, kind)) {
      throw new TypeError(`Expected \`${key}\` of filter ${filter} to be ${KIND_TEXT[kind]}, got ${JSON.stringify(value)}`);
    }
  }
  const out = { ...defaults } as Record<string, unknown>;
  for (const [key, value] of Object.entries(given)) if (value !== undefined) out[key] = value;
  return out as T;
}
