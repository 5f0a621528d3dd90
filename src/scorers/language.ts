/**
 * language: datatrove's `LanguageFilter` (fastText lid.176 by default). The text with every `\n`
 * replaced by a space is scored over all labels (`predict(text, k=-1)`); a document is kept when
 * one of `languages` scores strictly above `language_threshold` (with `languages: null`, when the
 * best label does). Like datatrove it records the best label and its score (`language`,
 * `language_score`, and `language_script` for GlotLID's `eng_Latn` labels); the attributes are `score` (the best label's) and `<lang>_score` for each of
 * `languages` (0 when the model gave that language no score).
 *
 * The identifier is loaded at the edge (`lid/models.ts`); this scorer only looks it up.
 */
import type { DocContext, Scored } from './types.ts';
import type { Filter } from './filter.ts';
import {
  FRACTION,
  defineOptions,
  option,
  type OptionSpec,
  type OptionsOf,
} from '../config/options.ts';
import { type ThresholdRule, thresholdRule } from '../rules/threshold.ts';
import { identifierFor, identifierKey, type LanguageIdentifier } from '../lid/identifier.ts';

const NAME = 'language';
const BACKENDS = ['fasttext', 'eld'];

/**
 * `languages`: codes to keep (the model's labels, e.g. `en`), null for any confident language;
 * `language_threshold`: keep when a kept language scores strictly above it; `backend`: `fasttext`
 * (lid.176 or another fastText model) or `eld` (fast triage, eld's own scores); `model`: a fastText
 * model file (path or s3://, e.g. lid.176.bin or GlotLID), null for the bundled lid.176.ftz;
 * `label_only`: attributes and metadata only, never drop.
 */
export const LANGUAGE_OPTIONS = defineOptions(NAME, {
  languages: option.stringsOrNull(['en']),
  language_threshold: option.number(0.65, FRACTION),
  backend: {
    default: 'fasttext',
    expected: `one of ${BACKENDS.join(', ')}`,
    accepts: (v: unknown) => typeof v === 'string' && BACKENDS.includes(v),
  } as OptionSpec<string>,
  model: {
    default: null,
    expected: 'a model file (path or s3://) or null',
    accepts: (v: unknown) => v === null || (typeof v === 'string' && v !== ''),
  } as OptionSpec<string | null>,
  label_only: option.boolean(false),
});
export type LanguageOptions = OptionsOf<typeof LANGUAGE_OPTIONS>;
export const LANGUAGE_DEFAULTS: LanguageOptions = LANGUAGE_OPTIONS.defaults;
/** The label of a document nothing was identified in (eld on text without letters). */
export const UNDETERMINED = 'und';

/** The attribute the keep rule reads: the one language's score, the best of several, or the top score. */
const ruleKey = (languages: readonly string[] | null): string =>
  languages === null
    ? 'score'
    : languages.length === 1
      ? `${languages[0]}_score`
      : 'languages_score';

/**
 * Scores one text with an identifier; `out` is a scratch buffer of `id.labels.length`, `wanted`
 * the label index of each of `languages` (-1: unknown to the model), computed once per filter.
 */
export function scoreLanguage(
  text: string,
  id: LanguageIdentifier,
  languages: readonly string[] | null,
  out: Float32Array,
  wanted: readonly number[] = (languages ?? []).map((l) => id.labels.indexOf(l)),
): Scored {
  const n = id.headLength ? id.headLength(text) : text.length;
  const head = n < text.length ? text.slice(0, n) : text;
  const best = id.predict(head.replaceAll('\n', ' '), out, wanted);
  const score = best < 0 ? 0 : out[best]!;
  const attrs: Record<string, number> = { score };
  if (languages) {
    let max = 0;
    for (let k = 0; k < languages.length; k++) {
      const l = languages[k]!;
      const i = wanted[k]!;
      const v = i < 0 ? 0 : out[i]!;
      attrs[`${l}_score`] = v;
      if (v > max) max = v;
    }
    if (languages.length > 1) attrs.languages_score = max;
  }
  const label = best < 0 ? UNDETERMINED : id.labels[best]!;
  // GlotLID labels are `<language>_<script>` (eng_Latn); datatrove records them apart. lid.176's
  // labels have no underscore.
  const cut = label.indexOf('_');
  const meta: Record<string, string | number> =
    cut < 0
      ? { language: label, language_score: score }
      : {
          language: label.slice(0, cut),
          language_script: label.slice(cut + 1),
          language_score: score,
        };
  return { attrs, spans: {}, meta };
}

export function language(options: Readonly<Record<string, unknown>> = {}): Filter {
  const o = LANGUAGE_OPTIONS.resolve(options);
  if (o.backend === 'eld' && o.model !== null)
    throw new TypeError(
      `\`model\` of filter ${NAME} is for backend fasttext; eld has its own data`,
    );
  if (o.languages && !o.languages.length)
    throw new TypeError(
      `Expected \`languages\` of filter ${NAME} to list at least one language (or be null for any)`,
    );
  if (o.languages && new Set(o.languages).size !== o.languages.length)
    throw new TypeError(
      `\`languages\` of filter ${NAME} lists a language twice: ${o.languages.join(', ')}`,
    );
  const key = identifierKey(o.backend, o.model);
  let id: LanguageIdentifier | null = null;
  let out = new Float32Array(0);
  let wanted: number[] = [];
  const langKeys = (o.languages ?? []).map((l) => `${l}_score`);
  const keys = [
    'score',
    ...langKeys,
    ...((o.languages?.length ?? 0) > 1 ? ['languages_score'] : []),
  ];
  const rules: ThresholdRule[] = o.label_only
    ? []
    : [
        thresholdRule(
          `${NAME}/${o.languages ? 'wrong_language' : 'low_score'}`,
          `${NAME}.${ruleKey(o.languages)}`,
          '<=',
          o.language_threshold,
        ),
      ];
  return {
    name: NAME,
    options: o,
    scorer: {
      name: NAME,
      score(ctx: DocContext): Scored {
        if (!id) {
          id = identifierFor(key);
          out = new Float32Array(id.labels.length);
          wanted = (o.languages ?? []).map((l) => id!.labels.indexOf(l));
        }
        return scoreLanguage(ctx.text, id, o.languages, out, wanted);
      },
    },
    rules,
    keys,
    spanKeys: [],
  };
}
