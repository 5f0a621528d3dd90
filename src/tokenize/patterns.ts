/**
 * The pre-tokenizer patterns of the tiktoken encodings, and their translation to JavaScript.
 *
 * tiktoken splits text with one regex per encoding (Rust `fancy-regex`) and runs BPE on each piece
 * independently. The hand-written scanner in `pieces.ts` is what the tokenizer runs; the RegExps
 * here are the readable spec it is tested against. One difference: a RegExp uses the running V8's
 * Unicode tables (17.0 in Node 20.20), the scanner tiktoken's (16.0, see `unicode-16.ts`).
 */
import type { EncodingName } from './tokenizer.ts';

/** tiktoken's own `pat_str` for each encoding (Rust regex syntax), as shipped in tiktoken 1.0.22. */
export const RUST_PATTERNS: Readonly<Record<EncodingName, string>> = {
  r50k_base: String.raw`'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`,
  p50k_base: String.raw`'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`,
  cl100k_base: String.raw`(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`,
  o200k_base:
    String.raw`[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?` +
    String.raw`|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?` +
    String.raw`|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+`,
};

/**
 * Rust's `\s` (Unicode White_Space) as the inside of a JS class. JS `\s` differs: it adds U+FEFF
 * and lacks U+0085, so a BOM would otherwise glue onto the next word.
 */
export const RUST_WHITE_SPACE = String.raw`\t-\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000`;

const S = `[${RUST_WHITE_SPACE}]`;
const NOT_S = `[^${RUST_WHITE_SPACE}]`;
const OTHER = `[^${RUST_WHITE_SPACE}\\p{L}\\p{N}]`;

/**
 * Rust's `(?i:'s|'t|'re|'ve|'m|'ll|'d)`. Node 20 has no inline `(?i:)`, and Rust folds Unicode
 * simple case: `s` also matches U+017F LONG S. No other code point folds to t, r, e, v, m, l or d.
 */
const CONTRACTION_I = `'(?:[sS\\u017F]|[tT]|[rR][eE]|[vV][eE]|[mM]|[lL][lL]|[dD])`;
const CONTRACTION = `'(?:s|t|re|ve|m|ll|d)`;
const UPPERISH = String.raw`[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]`;
const LOWERISH = String.raw`[\p{Ll}\p{Lm}\p{Lo}\p{M}]`;

const GPT2 = `${CONTRACTION}| ?\\p{L}+| ?\\p{N}+| ?${OTHER}+|${S}+(?!${NOT_S})|${S}+`;

/** JS source of each pattern (flag `u` required); same alternatives, in the same order, as Rust's. */
export const JS_PATTERNS: Readonly<Record<EncodingName, string>> = {
  r50k_base: GPT2,
  p50k_base: GPT2,
  cl100k_base:
    `${CONTRACTION_I}|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?${OTHER}+[\\r\\n]*` +
    `|${S}*[\\r\\n]+|${S}+(?!${NOT_S})|${S}+`,
  o200k_base:
    `[^\\r\\n\\p{L}\\p{N}]?${UPPERISH}*${LOWERISH}+(?:${CONTRACTION_I})?` +
    `|[^\\r\\n\\p{L}\\p{N}]?${UPPERISH}+${LOWERISH}*(?:${CONTRACTION_I})?` +
    `|\\p{N}{1,3}| ?${OTHER}+[\\r\\n/]*|${S}*[\\r\\n]+|${S}+(?!${NOT_S})|${S}+`,
};

/** A fresh global RegExp over the pieces of `name` (stateful `lastIndex`, so one per caller). */
export function pieceRegExp(name: EncodingName): RegExp {
  return new RegExp(JS_PATTERNS[name], 'gu');
}

/** The pieces of `text` by the JS RegExp: slow, allocating, for tests and debugging. */
export function splitWithRegExp(name: EncodingName, text: string): string[] {
  return text.match(pieceRegExp(name)) ?? [];
}
