/**
 * quality: a screen learned from your own labels (`winnow train`). The scorer measures `p_bad`, the
 * model's probability that the document is bad, from hashed word unigrams and bigrams
 * (src/train/features.ts); the rule drops above `max_p_bad`. The model file is opened at the edge
 * (the config loader) and handed in as a resource; its sha256, not its path, enters the fingerprint.
 */
import type { QualityModel } from '../formats/model.ts';
import { linearScore } from '../train/features.ts';
import { attributeFilters, attributeScore } from '../train/attributes.ts';
import { createContext } from './context.ts';
import { sigmoid } from '../train/logistic.ts';
import type { DocContext } from './types.ts';
import type { Filter, FilterResources } from './filter.ts';
import {
  FRACTION,
  defineOptions,
  option,
  type OptionSpec,
  type OptionsOf,
} from '../config/options.ts';
import { thresholdRule } from '../rules/threshold.ts';

const NAME = 'quality';

export const QUALITY_OPTIONS = defineOptions(NAME, {
  /** The model file (local path, relative to the config, or s3://), from `winnow train`. */
  model: {
    default: '',
    expected: 'a model file from winnow train (path or s3://)',
    accepts: (v: unknown) => typeof v === 'string' && v !== '',
  } as OptionSpec<string>,
  /** Drop when p_bad is above this. */
  max_p_bad: option.number(0.5, FRACTION),
});
export type QualityOptions = OptionsOf<typeof QUALITY_OPTIONS>;

/** A model's weights spread over all its buckets (zero where training saw nothing), built once per model. */
const DENSE = new WeakMap<QualityModel, Float32Array>();
function denseWeights(m: QualityModel): Float32Array {
  let w = DENSE.get(m);
  if (!w) {
    w = new Float32Array(m.header.features.buckets);
    for (let i = 0; i < m.buckets.length; i++) w[m.buckets[i]!] = m.weights[i]!;
    DENSE.set(m, w);
  }
  return w;
}

/** The filters behind a model's attribute features (none without), built once per model. */
const ATTRIBUTE_FILTERS = new WeakMap<QualityModel, Filter[]>();
function filtersOf(m: QualityModel): Filter[] {
  let f = ATTRIBUTE_FILTERS.get(m);
  if (!f)
    ATTRIBUTE_FILTERS.set(
      m,
      (f = m.header.attributes ? attributeFilters(m.header.attributes.filters) : []),
    );
  return f;
}

/**
 * p_bad of one text under a model: σ(b + Σ_j w_j c_j / ‖c‖₂ + Σ_a v_a z_a) over the text's hashed
 * unigram and bigram counts c (the same features as training, without building the sparse vector)
 * and, for a model trained with attributes, its standardised sign-log attributes z (computed from
 * `ctx` when given, so filters of the same config share their per-document work).
 */
export function pBad(model: QualityModel, text: string, ctx?: DocContext): number {
  const a = model.header.attributes;
  const extra = a ? attributeScore(a, filtersOf(model), ctx ?? createContext(text)) : 0;
  return sigmoid(linearScore(text, denseWeights(model), model.header.intercept) + extra);
}

export function quality(
  options: Readonly<Record<string, unknown>> = {},
  resources: FilterResources = {},
): Filter {
  // `model` has no default; the config loader refuses a quality filter without one (flows/models.ts).
  const o = QUALITY_OPTIONS.resolve(options);
  const model = resources.models?.get(o.model);
  return {
    name: NAME,
    options: o,
    scorer: {
      name: NAME,
      score: (ctx: DocContext) => {
        // Config validation builds filters without resources; scoring always has the model.
        if (!model)
          throw new TypeError(
            `quality: model ${o.model} was not loaded (configs are opened by the config loader, which reads it)`,
          );
        return { attrs: { p_bad: pBad(model, ctx.text, ctx) }, spans: {} };
      },
    },
    rules: [thresholdRule(`${NAME}/p_bad_above_threshold`, `${NAME}.p_bad`, '>', o.max_p_bad)],
    keys: ['p_bad'],
    spanKeys: [],
  };
}
