/**
 * Training a quality model from checked labels (pure: values in, a model and its metrics out):
 * features → k-fold CV over the λ grid → cross-fitted metrics → final fit on every label at the
 * chosen λ → the model with float32 weights for the buckets seen and the training documents'
 * content hashes.
 */
import { availableParallelism } from 'node:os';
import {
  contentHash,
  type AttributeSpec,
  type ModelHeader,
  type QualityModel,
} from '../formats/model.ts';
import { crossValidate, DEFAULT_LAMBDAS, fitFinal } from './cv.ts';
import {
  checkBuckets,
  DEFAULT_BUCKETS,
  FEATURE_SPEC_VERSION,
  featureWords,
  fnv1a,
  hashFeatures,
} from './features.ts';
import type { TrainingLabel } from './labels.ts';
import { buildMatrix } from './matrix.ts';
import { predict } from './logistic.ts';
import {
  attributeFilters,
  attributeNames,
  signLogAttributes,
  standardisation,
  standardise,
} from './attributes.ts';
import { trainMetrics, type TrainMetrics } from './metrics.ts';

/** Default cap on weighted buckets: 2^17 (a model file of about 1 MB). */
export const DEFAULT_MAX_WEIGHTS = 1 << 17;

/**
 * Fold fits go to worker threads from this many matrix entries (about 1,000 web pages): below it a
 * thread's start-up costs more than it saves.
 */
export const THREADS_FROM_ENTRIES = 1_000_000;
/** At most this many training threads (each holds a few weight-sized buffers per fit). */
export const MAX_THREADS = 4;

export interface TrainOptions {
  buckets?: number;
  folds?: number;
  seed?: number;
  maxFdr?: number;
  alpha?: number;
  lambdas?: readonly number[];
  /**
   * Worker threads for the fold fits; the model bytes are the same for any number. Default: one
   * per core (at most MAX_THREADS) when the matrix has THREADS_FROM_ENTRIES entries or more, else 1.
   */
  threads?: number;
  /** The fold fits' relative-decrease stop (default CV_RELATIVE_DECREASE, src/train/cv.ts). */
  relativeDecrease?: number;
  /** Buckets seen in fewer training documents keep weight 0 (default 2). */
  minDocs?: number;
  /** At most this many buckets get a weight, the most frequent (default 2^17). */
  maxWeights?: number;
  /** Recorded in the header: which label field and values meant bad and good. */
  classes: ModelHeader['classes'];
  /** How many top-weighted n-grams of each sign to list (default 15). */
  topNgrams?: number;
  /**
   * Filters (text-only, src/train/attributes.ts) whose numeric attributes join the features,
   * sign-log transformed and standardised with the training means and deviations.
   */
  attributes?: readonly { name: string; options: Readonly<Record<string, unknown>> }[];
}

export interface TrainResult {
  model: QualityModel;
  metrics: TrainMetrics;
  /** The λ walk; the passes over the training matrix the fold fits and the final fit took. */
  cv: {
    lambdas: number[];
    log_loss: number[];
    lambda: number;
    passes: number;
    final_passes: number;
  };
  /** Cross-fitted p_bad per label, in label order. */
  oof: Float64Array;
  /** Worker threads the fold fits ran in (1: this thread). */
  threads: number;
  /** The final fit's p_bad per label (float64 weights), in label order: what scoring should repeat. */
  fitted: Float64Array;
  /** The n-grams behind the largest weights (hash buckets named by the training words that fill them). */
  top: { bad: { ngram: string; weight: number }[]; good: { ngram: string; weight: number }[] };
}

export async function trainModel(
  labels: readonly TrainingLabel[],
  options: TrainOptions,
): Promise<TrainResult> {
  const {
    buckets = DEFAULT_BUCKETS,
    folds = 10,
    seed = 1,
    maxFdr = 0.1,
    alpha = 0.05,
    lambdas = DEFAULT_LAMBDAS,
    topNgrams = 15,
    minDocs = 2,
    maxWeights = DEFAULT_MAX_WEIGHTS,
  } = options;
  checkBuckets(buckets);
  if (!Number.isInteger(folds) || folds < 2 || folds > 100)
    throw new RangeError(`Expected \`folds\` to be an integer from 2 to 100, got ${folds}`);
  const attrs = options.attributes?.length
    ? attributeColumns(labels, options.attributes)
    : undefined;
  const X = buildMatrix(
    labels.map((l) => hashFeatures(l.text, buckets)),
    minDocs,
    maxWeights,
    attrs?.rows,
  );
  const y = Uint8Array.from(labels, (l) => l.bad);
  const threads =
    options.threads ??
    (X.values.length >= THREADS_FROM_ENTRIES ? Math.min(availableParallelism(), MAX_THREADS) : 1);
  const cvOptions = {
    folds,
    seed,
    lambdas,
    threads,
    ...(options.relativeDecrease !== undefined && { relativeDecrease: options.relativeDecrease }),
  };
  const cv = await crossValidate(X, y, cvOptions);
  const metrics = trainMetrics(cv.oof, y, { maxFdr, alpha });
  const fit = fitFinal(X, y, cv, cvOptions);
  // The file stores buckets ascending; columns are in frequency order.
  const textCols = X.buckets.length;
  const order = Array.from(X.buckets.keys()).sort((a, b) => X.buckets[a]! - X.buckets[b]!);
  const ids = Uint32Array.from(order, (j) => X.buckets[j]!);
  const weights = Float32Array.from(order, (j) => fit.w[j]!);
  const header: ModelHeader = {
    kind: 'winnow-quality-model',
    features: {
      version: FEATURE_SPEC_VERSION,
      kind: 'hashed-words',
      ngrams: [1, 2],
      buckets,
      scaling: 'l2',
      min_docs: minDocs,
      max_weights: maxWeights,
    },
    intercept: fit.b,
    classes: options.classes,
    labels: { n: y.length, bad: metrics.bad, good: metrics.good },
    lambda: cv.lambda,
    folds,
    seed,
    metrics,
    weights: textCols,
    training_docs: 0,
    ...(attrs && {
      attributes: { ...attrs.spec, weights: Array.from(fit.w.subarray(textCols), Math.fround) },
    }),
  };
  const top = topWeighted(labels, ids, weights, buckets, topNgrams);
  // In the header too, so a report can show them from the model file alone.
  header.top_ngrams = top;
  const model: QualityModel = {
    header,
    buckets: ids,
    weights,
    trainingDocs: new Set(labels.map((l) => contentHash(l.text))),
  };
  return {
    model,
    metrics,
    cv: {
      lambdas: cv.lambdas,
      log_loss: cv.cvLogLoss,
      lambda: cv.lambda,
      passes: cv.passes,
      final_passes: fit.passes,
    },
    oof: cv.oof,
    threads,
    fitted: predict(X, all(y.length), fit),
    top,
  };
}

const all = (n: number) => new Uint32Array(n).map((_, i) => i);

/** Standardised sign-log attributes of every label, and the spec that repeats them at scoring time. */
function attributeColumns(
  labels: readonly TrainingLabel[],
  filters: NonNullable<TrainOptions['attributes']>,
): { rows: Float64Array[]; spec: Omit<AttributeSpec, 'weights'> } {
  const built = attributeFilters(filters);
  const names = attributeNames(built);
  const raw = labels.map((l) => signLogAttributes(built, l.text));
  const { mean, sd } = standardisation(raw, names.length);
  const spec = {
    filters: built.map((f) => ({ name: f.name, options: { ...f.options } })),
    names,
    mean,
    sd,
  };
  return { rows: raw.map((r) => standardise(r, mean, sd)), spec };
}

/**
 * The k most positive (bad) and most negative (good) buckets, each named by the n-gram that fills
 * it most often in the training texts (a hash bucket can hold several).
 */
function topWeighted(
  labels: readonly TrainingLabel[],
  ids: Uint32Array,
  weights: Float32Array,
  buckets: number,
  k: number,
): TrainResult['top'] {
  const order = Array.from(weights.keys()).sort((a, b) => weights[b]! - weights[a]! || a - b);
  const pick = [...order.slice(0, k), ...order.slice(-k).reverse()].filter((i) => weights[i] !== 0);
  const wanted = new Map(pick.map((i) => [ids[i]!, new Map<string, number>()]));
  const mask = buckets - 1;
  const see = (bucket: number, ngram: string) => {
    const m = wanted.get(bucket);
    if (m) m.set(ngram, (m.get(ngram) ?? 0) + 1);
  };
  for (const l of labels) {
    const words = featureWords(l.text);
    words.forEach((w, i) => {
      see(fnv1a(w) & mask, w);
      if (i > 0) see(fnv1a(`${words[i - 1]} ${w}`) & mask, `${words[i - 1]} ${w}`);
    });
  }
  const name = (i: number) => {
    const m = wanted.get(ids[i]!)!;
    return [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? `#${ids[i]}`;
  };
  const row = (i: number) => ({ ngram: name(i), weight: weights[i]! });
  return {
    bad: pick
      .filter((i) => weights[i]! > 0)
      .slice(0, k)
      .map(row),
    good: pick
      .filter((i) => weights[i]! < 0)
      .slice(0, k)
      .map(row),
  };
}
