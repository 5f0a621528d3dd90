/**
 * quality: a screen learned from your own labels (`winnow train`). The scorer measures `p_bad`, the
 * model's probability that the document is bad, from hashed word unigrams and bigrams
 * (src/train/features.ts); the rule drops above `max_p_bad`. The model file is opened at the edge
 * (the config loader) and handed in as a resource; its sha256, not its path, enters the fingerprint.
 */
import type { QualityModel } from '../formats/model.ts';
import { countFeatures } from '../train/features.ts';
import { sigmoid } from '../train/logistic.ts';
import type { DocContext } from './types.ts';
import { resolveOptions, thresholdRule, type Filter, type FilterResources, type OptionKind } from './registry.ts';

export type QualityOptions = {
  /** The model file (local path or s3://), from `winnow train`. */
  model: string;
  /** Drop when p_bad is above this. */
  max_p_bad: number;
};

const DEFAULTS: QualityOptions = { model: '', max_p_bad: 0.5 };
const KINDS: { [K in keyof QualityOptions]: OptionKind } = { model: 'string', max_p_bad: 'number' };
const NAME = 'quality';

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
  const w = denseWeights(model);
  const counts = countFeatures(text, model.header.features.buckets);
  let dot = 0;
  let norm = 0;
  for (const [j, c] of counts) {
    dot += w[j]! * c;
    norm += c * c;
  }
  return sigmoid(model.header.intercept + (norm > 0 ? dot / Math.sqrt(norm) : 0));
}

export function quality(options: Readonly<Record<string, unknown>> = {}, resources: FilterResources = {}): Filter {
  const o = resolveOptions(NAME, DEFAULTS, KINDS, options);
  if (!o.model) throw new TypeError('Expected `model` of filter quality: the model file from winnow train (a path or s3:// URI)');
  if (!(o.max_p_bad >= 0 && o.max_p_bad <= 1)) throw new TypeError(`Expected \`max_p_bad\` of filter quality to be a probability from 0 to 1, got ${o.max_p_bad}`);
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
