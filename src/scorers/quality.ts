/**
 * quality: a screen learned from your own labels (`winnow train`). The scorer measures `p_bad`, the
 * model's probability that the document is bad, from hashed word unigrams and bigrams
 * (src/train/features.ts); the rule drops above `max_p_bad`. The model file is opened at the edge
 * (the config loader) and handed in as a resource; its sha256, not its path, enters the fingerprint.
 */
import type { QualityModel } from '../formats/model.ts';
import { linearScore } from '../train/features.ts';
import { sigmoid } from '../train/logistic.ts';
import type { DocContext } from './types.ts';
import type { Filter, FilterResources } from './filter.ts';
import { FRACTION, defineOptions, option, type OptionSpec, type OptionsOf } from '../config/options.ts';
import { thresholdRule } from '../rules/threshold.ts';

const NAME = 'quality';

export const QUALITY_OPTIONS = defineOptions(NAME, {
  /** The model file (local path, relative to the config, or s3://), from `winnow train`. */
  model: { default: '', expected: 'a model file from winnow train (path or s3://)', accepts: (v: unknown) => typeof v === 'string' && v !== '' } as OptionSpec<string>,
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

/**
 * p_bad of one text under a model: σ(b + Σ_j w_j c_j / ‖c‖₂) over the text's hashed unigram and
 * bigram counts c (the same features as training, without building the sparse vector).
 */
export function pBad(model: QualityModel, text: string): number {
  return sigmoid(linearScore(text, denseWeights(model), model.header.intercept));
}

export function quality(options: Readonly<Record<string, unknown>> = {}, resources: FilterResources = {}): Filter {
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
        if (!model) throw new TypeError(`quality: model ${o.model} was not loaded (configs are opened by the config loader, which reads it)`);
        return { attrs: { p_bad: pBad(model, ctx.text) }, spans: {} };
      },
    },
    rules: [thresholdRule(`${NAME}/p_bad_above_threshold`, `${NAME}.p_bad`, '>', o.max_p_bad)],
    keys: ['p_bad'],
    spanKeys: [],
  };
}
