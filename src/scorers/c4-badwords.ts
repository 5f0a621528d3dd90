import { readBundled } from '../io/bundled.ts';
import type { DocContext, Rule, Scored } from './types.ts';
import type { Filter } from './filter.ts';
import { FRACTION, defineOptions, option, type OptionsOf } from '../config/options.ts';
import { PY_WORD_CLASS, strip } from '../text/python.ts';

/** C4BadWordsFilter's parameters (datatrove v0.10.0 names and defaults). */
export const C4_BADWORDS_OPTIONS = defineOptions('c4_badwords', {
  /** Share of documents with bad words to keep anyway (0 drops them all). */
  keep_fraction: option.number(0, FRACTION),
  fail_on_missing_language: option.boolean(true),
  /** Seed of the keep draw (only used when `keep_fraction > 0`); null means 0. */
  seed: option.numberOrNull(null),
  /** The language of every document (winnow has no per-document language yet); only `en` is bundled. */
  default_language: option.string('en'),
});
export type C4BadWordsOptions = OptionsOf<typeof C4_BADWORDS_OPTIONS>;

const NAME = 'c4_badwords';

/** The languages datatrove has LDNOOBW lists for. */
const DATATROVE_LANGUAGES = new Set(
  'ar cs da de en eo es fa fi fil fr fr-CA-u-sd-caqc hi hu it ja kab ko nl no pl pt ru sv th tlh tr zh'.split(
    ' ',
  ),
);
/** datatrove subtracts these from every language's list (its loop ignores the language). */
const ALLOWLIST = ['sm', 'グロ', '女の子', '性'];

let englishRegex: RegExp | undefined;

/**
 * The English matcher: LDNOOBW `en` at commit 25e679f0 (data/ldnoobw-en.txt), entries stripped,
 * searched in the lowercased text as whole words. Python's `(?:\W|^)(w1|…)(?:\W|$)` is written with
 * lookarounds over Python's Unicode `\w` (L*, N*, `_`), which finds a match exactly when it does.
 */
export function englishBadWordsRegex(): RegExp {
  if (englishRegex) return englishRegex;
  const file = readBundled(new URL('../../data/ldnoobw-en.txt', import.meta.url));
  const words = new Set(file.split('\n').map((l) => strip(l)));
  // Python's `for line in f` yields no line after a final "\n"; an empty entry would match everywhere.
  words.delete('');
  for (const w of ALLOWLIST) words.delete(w);
  const alternation = [...words].map((w) => w.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&')).join('|');
  englishRegex = new RegExp(`(?<![${PY_WORD_CLASS}])(?:${alternation})(?![${PY_WORD_CLASS}])`, 'u');
  return englishRegex;
}

/** A deterministic uniform draw in [0, 1) from the text and a seed (FNV-1a, then a 32-bit mix). */
function keepDraw(text: string, seed: number): number {
  let h = 0x811c9dc5 ^ seed;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  return (h >>> 0) / 2 ** 32;
}

/**
 * Statistics of C4BadWordsFilter: `has_badwords` (0/1) and, when `keep_fraction > 0` and there is a
 * match, `keep_draw` in [0, 1). Nothing for a language without a list when
 * `fail_on_missing_language` is false (datatrove keeps those documents).
 */
export function scoreC4BadWords(
  ctx: DocContext,
  regex: RegExp | undefined,
  o: C4BadWordsOptions,
): Scored {
  if (!regex) return { attrs: {}, spans: {} };
  const found = regex.test(ctx.text.toLowerCase());
  const attrs: Record<string, number> = { has_badwords: found ? 1 : 0 };
  if (found && o.keep_fraction > 0) attrs.keep_draw = keepDraw(ctx.text, o.seed ?? 0);
  return { attrs, spans: {} };
}

/**
 * `c4_badwords`: datatrove's C4BadWordsFilter for English. One rule,
 * document_removed_with_badwords: `has_badwords` is 1 and the document is not among the
 * `keep_fraction` kept anyway (`keep_draw < keep_fraction`). The keep draw is a hash of the text, not
 * numpy's random stream, so with `keep_fraction > 0` the kept share matches but not the kept documents.
 */
export function c4BadWords(options: Readonly<Record<string, unknown>> = {}): Filter {
  const o = C4_BADWORDS_OPTIONS.resolve(options);
  const lang = o.default_language;
  let regex: RegExp | undefined;
  if (lang === 'en') regex = englishBadWordsRegex();
  else if (DATATROVE_LANGUAGES.has(lang)) {
    throw new TypeError(
      `Filter ${NAME}: no bad-words list bundled for language "${lang}"; only "en" is bundled`,
    );
  } else if (o.fail_on_missing_language) {
    throw new TypeError(
      `Filter ${NAME}: there is no bad-words list for language "${lang}"; set fail_on_missing_language to false to keep such documents`,
    );
  }
  const attr = `${NAME}.has_badwords`;
  const draw = `${NAME}.keep_draw`;
  const rule: Rule & { attr: string } = {
    reason: `${NAME}/document_removed_with_badwords`,
    attr,
    fires: (attrs) =>
      attrs[attr] === 1 && !(o.keep_fraction > 0 && (attrs[draw] ?? 1) < o.keep_fraction),
  };
  return {
    name: NAME,
    options: o,
    scorer: { name: NAME, score: (ctx) => scoreC4BadWords(ctx, regex, o) },
    rules: [rule],
    keys: ['has_badwords', 'keep_draw'],
    spanKeys: [],
  };
}
