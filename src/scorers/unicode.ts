/**
 * unicode: encoding damage and non-text. Fractions of code points that are U+FFFD replacement
 * characters, control characters (Cc other than tab, LF, CR), letters (L*), and mojibake:
 * UTF-8 read as Windows-1252 or Latin-1, which turns `é` into `Ã©` and `’` into `â€™`.
 */
import type { DocContext, Scored } from './types.ts';
import type { Filter } from './filter.ts';
import { FRACTION, defineOptions, option, type OptionsOf } from '../config/options.ts';
import { optionalRule } from '../rules/threshold.ts';
import { codePointLength } from '../text/codepoints.ts';

/**
 * unicode's parameters. Defaults measured on ../shared/corpora/web-pages: on 99 % of pages every
 * damage fraction is 0; the rules fire on ~1 % (a GBK page read as UTF-8, archived pages with
 * U+FFFD, Windows-1252 quotes left as C1 controls, NUL padding, `Â\u00a0` mojibake). Letters:
 * 1st percentile 0.64.
 */
export const UNICODE_OPTIONS = defineOptions('unicode', {
  max_replacement_fraction: option.numberOrNull(0.001, FRACTION),
  max_control_fraction: option.numberOrNull(0.001, FRACTION),
  min_letter_fraction: option.numberOrNull(0.4, FRACTION),
  max_mojibake_fraction: option.numberOrNull(0.002, FRACTION),
});
export type UnicodeOptions = OptionsOf<typeof UNICODE_OPTIONS>;
export const UNICODE_DEFAULTS: UnicodeOptions = UNICODE_OPTIONS.defaults;

const NAME = 'unicode';

/**
 * What a UTF-8 continuation byte (0x80–0xBF) becomes when read as Windows-1252 (undefined bytes
 * read as Latin-1 controls): the second character of a mojibake pair.
 */
const CONT =
  '[\\u0080-\\u00bf\\u20ac\\u201a\\u0192\\u201e\\u2026\\u2020\\u2021\\u02c6\\u2030\\u0160\\u2039\\u0152\\u017d\\u2018\\u2019\\u201c\\u201d\\u2022\\u2013\\u2014\\u02dc\\u2122\\u0161\\u203a\\u0153\\u017e\\u0178]';
/** A 2-byte lead (0xC2–0xDF → Â..ß) or 3-byte lead (0xE0–0xEF → à..ï) followed by continuations. */
const MOJIBAKE = new RegExp(`[\\u00c2-\\u00df]${CONT}|[\\u00e0-\\u00ef]${CONT}{2}`, 'g');
const REPLACEMENT = /\ufffd/g;
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
const LETTER = /\p{L}/gu;

const count = (re: RegExp, s: string): number => {
  re.lastIndex = 0;
  let n = 0;
  while (re.exec(s)) n++;
  return n;
};

/** Fractions over code points; empty text: attributes absent. */
export function scoreUnicode(text: string): Scored {
  const n = codePointLength(text);
  if (!n) return { attrs: {}, spans: {} };
  let mojibakeChars = 0;
  MOJIBAKE.lastIndex = 0;
  for (let m = MOJIBAKE.exec(text); m; m = MOJIBAKE.exec(text)) mojibakeChars += m[0].length;
  return {
    attrs: {
      replacement_fraction: count(REPLACEMENT, text) / n,
      // C1 controls (0x80–0x9F) inside a mojibake pair are counted there, not here.
      control_fraction:
        Math.max(0, count(CONTROL, text) - count(/[\u00c2-\u00ef][\u0080-\u009f]/g, text)) / n,
      letter_fraction: count(LETTER, text) / n,
      mojibake_fraction: mojibakeChars / n,
    },
    spans: {},
  };
}

export function unicode(options: Readonly<Record<string, unknown>> = {}): Filter {
  const o = UNICODE_OPTIONS.resolve(options);
  const a = (k: string) => `${NAME}.${k}`;
  return {
    name: NAME,
    options: o,
    scorer: { name: NAME, score: (ctx: DocContext) => scoreUnicode(ctx.text) },
    rules: [
      ...optionalRule(
        `${NAME}/replacement_fraction`,
        a('replacement_fraction'),
        '>',
        o.max_replacement_fraction,
      ),
      ...optionalRule(
        `${NAME}/control_fraction`,
        a('control_fraction'),
        '>',
        o.max_control_fraction,
      ),
      ...optionalRule(`${NAME}/letter_fraction`, a('letter_fraction'), '<', o.min_letter_fraction),
      ...optionalRule(
        `${NAME}/mojibake_fraction`,
        a('mojibake_fraction'),
        '>',
        o.max_mojibake_fraction,
      ),
    ],
    keys: ['replacement_fraction', 'control_fraction', 'letter_fraction', 'mojibake_fraction'],
    spanKeys: [],
  };
}
