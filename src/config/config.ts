/**
 * Filter configs (JSON or YAML): which filters, extra rules, tokenizer, vocabulary. Parsed and
 * validated here with errors that name the field, the value and what is allowed; resolved into a
 * canonical form (defaults filled, keys sorted) whose hash is the filter's fingerprint.
 */
import { createRequire } from 'node:module';
import { UsageError } from '../errors.ts';
import { FILTERS, TOKEN_FILTERS, createFilter } from '../scorers/registry.ts';
import type { Filter, FilterResources } from '../scorers/filter.ts';
import { showValue } from './options.ts';

/**
 * yaml, loaded on first use: only a config file or `config show` needs it, while every worker
 * thread of a run imports this module (loading yaml cost each thread ~35 ms of CPU).
 */
const require = createRequire(import.meta.url);
const yaml = (): typeof import('yaml') => require('yaml');

/** Bumped whenever a scorer's definition changes what it computes: old audits stop matching. 2: rare_tokens spans widened to whole words. */
export const SCORER_VERSION = 'winnow-scorers-2';

export const TOKENIZERS = ['cl100k_base', 'o200k_base', 'p50k_base', 'r50k_base', 'none'] as const;
export type TokenizerName = (typeof TOKENIZERS)[number];

/** An extra threshold on any attribute: drops when the value is below `min` or above `max`. */
export interface AttrRule {
  readonly attr: string;
  readonly min?: number;
  readonly max?: number;
}
/** A span action: remove the spans of `spans` (score >= `min_score`); too much removed → drop. */
export interface SpanRule {
  readonly spans: string;
  readonly action: 'remove';
  readonly min_score?: number;
  readonly max_removed_fraction?: number;
}
export type RuleSpec = AttrRule | SpanRule;

/** A resolved config: every filter option filled in with its default. */
export interface FilterConfig {
  readonly tokenizer: TokenizerName;
  readonly vocabulary: string | null;
  readonly filters: readonly {
    readonly name: string;
    readonly options: Readonly<Record<string, unknown>>;
  }[];
  readonly rules: readonly RuleSpec[];
}

/** Config problems are usage errors (exit 2); the message starts with the field's path. */
export class ConfigError extends UsageError {
  constructor(source: string, field: string, message: string) {
    super(`${source}: ${field}: ${message}`);
  }
}

/** Named configs, kept apart from filter names (`fineweb` is a stack, `fineweb_quality` a filter). */
export const PRESETS: Readonly<Record<string, unknown>> = {
  gopher: { filters: ['gopher_repetition', 'gopher_quality'] },
  /** C4QualityFilter, which also rewrites a kept document's text as datatrove does (its lines stripped, bad lines and citations gone). */
  c4: { filters: ['c4_quality'], rules: [{ spans: 'c4_quality.bad_lines', action: 'remove' }] },
  fineweb: {
    filters: [
      'gopher_repetition',
      'gopher_quality',
      { c4_quality: { filter_no_terminal_punct: false } },
      'fineweb_quality',
    ],
  },
  /** Token-level junk: needs `--vocabulary vocab.bin` (winnow vocab). */
  rare: { filters: ['rare_tokens', 'compression', 'unicode', 'tokens'] },
};

const show = showValue;

/** Fields a caller may set over a config's own (the `--tokenizer` and `--vocabulary` flags). */
export type ConfigOverrides = Partial<Pick<FilterConfig, 'tokenizer' | 'vocabulary'>>;

const withOverrides = (raw: unknown, o: ConfigOverrides): unknown =>
  raw && typeof raw === 'object' && !Array.isArray(raw) ? { ...raw, ...o } : raw;

/** Parses JSON or YAML text (YAML is a superset of JSON) and resolves it. */
export function parseConfig(
  text: string,
  source = 'config',
  overrides: ConfigOverrides = {},
): FilterConfig {
  return parseConfigText(text, source, overrides).config;
}

/**
 * parseConfig, also reading what `config show` prints: `{fingerprint, config}` (JSON), whose
 * `stated` fingerprint the caller checks, or `--yaml` (a plain config; the fingerprint line is a
 * comment, so the file can be edited).
 */
export function parseConfigText(
  text: string,
  source = 'config',
  overrides: ConfigOverrides = {},
): { config: FilterConfig; stated: string | null } {
  if (typeof text !== 'string')
    throw new TypeError(
      'parseConfig reads JSON or YAML text; resolve an object with resolveConfig',
    );
  let raw: unknown;
  try {
    raw = yaml().parse(text);
  } catch (e) {
    throw new ConfigError(
      source,
      '(file)',
      `not valid JSON or YAML: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  let stated: string | null = null;
  if (
    raw &&
    typeof raw === 'object' &&
    !Array.isArray(raw) &&
    'fingerprint' in raw &&
    'config' in raw &&
    Object.keys(raw).length === 2
  ) {
    const shown = raw as { fingerprint: unknown; config: unknown };
    if (typeof shown.fingerprint !== 'string')
      throw new ConfigError(
        source,
        'fingerprint',
        `got ${show(shown.fingerprint)}; expected "sha256:…"`,
      );
    stated = shown.fingerprint;
    raw = shown.config;
  }
  return { config: resolveConfig(withOverrides(raw, overrides), source), stated };
}

/** The canonical config as YAML that parseConfig reads back, its fingerprint on the first line. */
export const renderConfigYaml = (canonical: unknown, fingerprint: string): string =>
  `# fingerprint: ${fingerprint}\n${yaml().stringify(canonical, { lineWidth: 0 })}`;

/** A preset by name, resolved. */
export function presetConfig(name: string, overrides: ConfigOverrides = {}): FilterConfig {
  if (!Object.hasOwn(PRESETS, name)) {
    throw new UsageError(
      `Unknown preset \`${name}\`; expected one of: ${Object.keys(PRESETS).join(', ')}`,
    );
  }
  return resolveConfig(withOverrides(PRESETS[name], overrides), `preset ${name}`);
}

/** Validates a parsed config object and fills every default. */
export function resolveConfig(raw: unknown, source = 'config'): FilterConfig {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError(
      source,
      '(top level)',
      `expected an object with "filters", got ${show(raw)}`,
    );
  }
  const obj = raw as Record<string, unknown>;
  const known = ['tokenizer', 'vocabulary', 'filters', 'rules'];
  for (const k of Object.keys(obj)) {
    if (!known.includes(k))
      throw new ConfigError(source, k, `unknown field; expected one of: ${known.join(', ')}`);
  }
  const tokenizer = obj.tokenizer ?? 'cl100k_base';
  if (!TOKENIZERS.includes(tokenizer as TokenizerName)) {
    throw new ConfigError(
      source,
      'tokenizer',
      `got ${show(tokenizer)}; expected one of: ${TOKENIZERS.join(', ')}`,
    );
  }
  const vocabulary = obj.vocabulary ?? null;
  if (vocabulary !== null && typeof vocabulary !== 'string') {
    throw new ConfigError(source, 'vocabulary', `got ${show(vocabulary)}; expected a file path`);
  }
  if (!Array.isArray(obj.filters) || obj.filters.length === 0) {
    throw new ConfigError(
      source,
      'filters',
      `got ${show(obj.filters)}; expected a non-empty list of filter names or {name: options}`,
    );
  }
  const filters = obj.filters.map((f, i) => resolveFilter(f, `filters[${i}]`, source));
  const seen = new Set<string>();
  for (const [i, f] of filters.entries()) {
    if (seen.has(f.name))
      throw new ConfigError(source, `filters[${i}]`, `filter ${f.name} is listed twice`);
    seen.add(f.name);
  }
  for (const [i, f] of filters.entries()) {
    if (TOKEN_FILTERS.has(f.name) && tokenizer === 'none') {
      throw new ConfigError(
        source,
        `filters[${i}]`,
        `${f.name} measures tokens, so it needs a tokenizer (not tokenizer: none)`,
      );
    }
    if (f.name === 'rare_tokens' && vocabulary === null) {
      throw new ConfigError(
        source,
        'vocabulary',
        'rare_tokens needs a vocabulary file: `vocabulary: vocab.bin` (made by winnow vocab), or --vocabulary FILE',
      );
    }
  }
  const rulesRaw = obj.rules ?? [];
  if (!Array.isArray(rulesRaw))
    throw new ConfigError(source, 'rules', `got ${show(rulesRaw)}; expected a list`);
  const rules = rulesRaw.map((r, i) => resolveRule(r, `rules[${i}]`, source));
  rules.forEach((r, i) => checkRuleTarget(r, filters, `rules[${i}]`, source));
  return { tokenizer: tokenizer as TokenizerName, vocabulary, filters, rules };
}

/**
 * A rule on an attribute or span set that no configured filter emits would never fire, silently
 * (a typo such as `tokens.cnt`, or `tokens.count` without the `tokens` filter): refuse it.
 */
function checkRuleTarget(
  r: RuleSpec,
  filters: FilterConfig['filters'],
  field: string,
  source: string,
): void {
  const [kind, name] = 'attr' in r ? (['attr', r.attr] as const) : (['spans', r.spans] as const);
  const dot = name.indexOf('.');
  const prefix = name.slice(0, dot);
  const key = name.slice(dot + 1);
  const f = filters.find((x) => x.name === prefix);
  if (!f) {
    throw new ConfigError(
      source,
      `${field}.${kind}`,
      `got ${show(name)}, but no filter in \`filters\` is named ${show(prefix)}; configured: ${filters.map((x) => x.name).join(', ')}`,
    );
  }
  const made = createFilter(f.name, f.options);
  const known = kind === 'attr' ? made.keys : made.spanKeys;
  if (!known.includes(key)) {
    const what = kind === 'attr' ? 'attributes' : 'span sets';
    throw new ConfigError(
      source,
      `${field}.${kind}`,
      `got ${show(name)}; ${f.name} emits no such ${kind === 'attr' ? 'attribute' : 'span set'} (its ${what}: ${known.join(', ') || 'none'})`,
    );
  }
}

function resolveFilter(f: unknown, field: string, source: string): FilterConfig['filters'][number] {
  let name: string;
  let given: Record<string, unknown> = {};
  if (typeof f === 'string') name = f;
  else if (f && typeof f === 'object' && !Array.isArray(f) && Object.keys(f).length === 1) {
    name = Object.keys(f)[0]!;
    const opts = (f as Record<string, unknown>)[name];
    if (opts !== null && opts !== undefined && (typeof opts !== 'object' || Array.isArray(opts))) {
      throw new ConfigError(
        source,
        `${field}.${name}`,
        `got ${show(opts)}; expected an object of options`,
      );
    }
    given = (opts ?? {}) as Record<string, unknown>;
  } else {
    throw new ConfigError(
      source,
      field,
      `got ${show(f)}; expected a filter name or {name: {options}}`,
    );
  }
  if (!Object.hasOwn(FILTERS, name)) {
    throw new ConfigError(
      source,
      field,
      `unknown filter ${show(name)}; expected one of: ${Object.keys(FILTERS).join(', ')}`,
    );
  }
  try {
    return { name, options: createFilter(name, given).options };
  } catch (e) {
    throw new ConfigError(source, `${field}.${name}`, e instanceof Error ? e.message : String(e));
  }
}

function resolveRule(r: unknown, field: string, source: string): RuleSpec {
  if (!r || typeof r !== 'object' || Array.isArray(r)) {
    throw new ConfigError(
      source,
      field,
      `got ${show(r)}; expected {attr, min?, max?} or {spans, action: remove}`,
    );
  }
  const o = r as Record<string, unknown>;
  const num = (k: string) => {
    if (o[k] !== undefined && (typeof o[k] !== 'number' || !Number.isFinite(o[k]))) {
      throw new ConfigError(source, `${field}.${k}`, `got ${show(o[k])}; expected a finite number`);
    }
  };
  const only = (keys: string[]) => {
    for (const k of Object.keys(o))
      if (!keys.includes(k))
        throw new ConfigError(
          source,
          `${field}.${k}`,
          `unknown field; expected one of: ${keys.join(', ')}`,
        );
  };
  if ('attr' in o) {
    only(['attr', 'min', 'max']);
    if (typeof o.attr !== 'string' || !o.attr.includes('.')) {
      throw new ConfigError(
        source,
        `${field}.attr`,
        `got ${show(o.attr)}; expected an attribute name <filter>.<key>`,
      );
    }
    num('min');
    num('max');
    if (o.min === undefined && o.max === undefined)
      throw new ConfigError(source, field, 'expected min, max or both');
    if (o.min !== undefined && o.max !== undefined && (o.min as number) > (o.max as number)) {
      throw new ConfigError(
        source,
        field,
        `min ${o.min} is above max ${o.max}: every document with ${o.attr} would be dropped`,
      );
    }
    return {
      attr: o.attr,
      ...(o.min !== undefined && { min: o.min as number }),
      ...(o.max !== undefined && { max: o.max as number }),
    };
  }
  if ('spans' in o) {
    only(['spans', 'action', 'min_score', 'max_removed_fraction']);
    if (typeof o.spans !== 'string' || !o.spans.includes('.'))
      throw new ConfigError(
        source,
        `${field}.spans`,
        `got ${show(o.spans)}; expected a span name <filter>.<key>`,
      );
    if (o.action !== 'remove')
      throw new ConfigError(source, `${field}.action`, `got ${show(o.action)}; expected "remove"`);
    num('min_score');
    num('max_removed_fraction');
    const f = o.max_removed_fraction as number | undefined;
    if (f !== undefined && (f < 0 || f > 1))
      throw new ConfigError(
        source,
        `${field}.max_removed_fraction`,
        `got ${f}; expected a fraction from 0 to 1`,
      );
    return {
      spans: o.spans,
      action: 'remove',
      ...(o.min_score !== undefined && { min_score: o.min_score as number }),
      ...(f !== undefined && { max_removed_fraction: f }),
    };
  }
  throw new ConfigError(
    source,
    field,
    `got ${show(r)}; expected {attr, min?, max?} or {spans, action: remove}`,
  );
}

/** Builds the filters of a resolved config, with the resources some of them need. */
export const buildFilters = (config: FilterConfig, resources: FilterResources = {}): Filter[] =>
  config.filters.map((f) =>
    createFilter(f.name, f.options, { ...resources, tokenizer: config.tokenizer }),
  );
