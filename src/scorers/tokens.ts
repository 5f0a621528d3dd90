/**
 * tokens: token count, characters per token and bytes per token. Text the tokenizer handles
 * poorly (few characters per token) is usually not natural language: base64, hex, mojibake.
 */
import type { DocContext, Scored } from './types.ts';
import type { Filter } from './filter.ts';
import { COUNT, defineOptions, option, type OptionsOf } from '../config/options.ts';
import { optionalRule } from '../rules/threshold.ts';
import { codePointLength } from '../text/codepoints.ts';

/** No rules by default: token counts are for accounting and for rules a user writes. */
export const TOKENS_OPTIONS = defineOptions(
  'tokens',
  {
    min_count: option.numberOrNull(null, COUNT),
    max_count: option.numberOrNull(null, COUNT),
    min_chars_per_token: option.numberOrNull(null, COUNT),
  },
  [['min_count', 'max_count']],
);
export type TokensOptions = OptionsOf<typeof TOKENS_OPTIONS>;
export const TOKENS_DEFAULTS: TokensOptions = TOKENS_OPTIONS.defaults;
const NAME = 'tokens';

/** `count`, and for non-empty text `chars_per_token` (code points) and `bytes_per_token` (UTF-8). */
export function scoreTokens(text: string, ids: Uint32Array): Scored {
  const n = ids.length;
  if (!n) return { attrs: { count: 0 }, spans: {} };
  return {
    attrs: {
      count: n,
      chars_per_token: codePointLength(text) / n,
      bytes_per_token: Buffer.byteLength(text) / n,
    },
    spans: {},
  };
}

export function tokens(options: Readonly<Record<string, unknown>> = {}): Filter {
  const o = TOKENS_OPTIONS.resolve(options);
  const a = (k: string) => `${NAME}.${k}`;
  return {
    name: NAME,
    options: o,
    scorer: {
      name: NAME,
      score: (ctx: DocContext) => {
        const ids = ctx.tokens();
        if (!ids) throw new TypeError('the tokens filter needs a tokenizer (not tokenizer: none)');
        return scoreTokens(ctx.text, ids);
      },
    },
    rules: [
      ...optionalRule(`${NAME}/min_count`, a('count'), '<', o.min_count),
      ...optionalRule(`${NAME}/max_count`, a('count'), '>', o.max_count),
      ...optionalRule(`${NAME}/chars_per_token`, a('chars_per_token'), '<', o.min_chars_per_token),
    ],
    keys: ['count', 'chars_per_token', 'bytes_per_token'],
    spanKeys: [],
  };
}
