import type { Span } from '../document.ts';

/** What a scorer measured on one document: numeric attributes and flagged spans. */
export interface Scored {
  /** `<key>` → value; the registry prefixes `<filter>.` when it merges scorers' outputs. */
  attrs: Record<string, number>;
  /** `<key>` → spans in code points (e.g. `bad_lines` for c4_quality). */
  spans: Record<string, Span[]>;
  /** Categorical results under datatrove's metadata names (`language`, `language_score`), unprefixed. */
  meta?: Record<string, string | number>;
}

/**
 * Per-document values that several scorers need, each computed at most once (lazily).
 * Scorers must not mutate what they get.
 */
export interface DocContext {
  readonly text: string;
  /** Token ids, or undefined with `tokenizer: none`. */
  tokens(): Uint32Array | undefined;
  /** Per-document cache: `memo('words', () => splitWords(text))`. */
  memo<T>(key: string, compute: () => T): T;
  /** True when the cache holds `key` (computed, or seeded by a caller). */
  has(key: string): boolean;
}

/** A scorer measures; it never decides. */
export interface Scorer {
  readonly name: string;
  score(ctx: DocContext): Scored;
}

/** A rule decides from attributes; `reason` is `<filter>/<reason>`. */
export interface Rule {
  readonly reason: string;
  fires(attrs: Readonly<Record<string, number>>): boolean;
}
