/**
 * The `train` flow: labels file → checked labels → model file (+ optional JSON report). Typed
 * options in, typed result out; the CLI only maps flags and prints. Reads and writes go through
 * readBytes / writeFileAtomic (local paths and s3:// alike).
 */
import { modelHash, serializeModel } from '../formats/model.ts';
import { readBytes } from '../io/source.ts';
import { writeFileAtomic } from '../io/writer.ts';
import { UsageError } from '../errors.ts';
import { parseTrainingLabels } from '../train/labels.ts';
import { trainModel, type TrainResult } from '../train/train.ts';
import { CROSS_FIT_NOTE } from '../train/metrics.ts';

export interface TrainFlowOptions {
  labels: string;
  labelField: string;
  textField: string;
  badValues: readonly string[];
  goodValues: readonly string[];
  out: string;
  report?: string | undefined;
  buckets?: number;
  folds?: number;
  seed?: number;
  maxFdr?: number;
  alpha?: number;
  /** Filters whose numeric attributes join the features (src/train/attributes.ts). */
  attributes?: readonly { name: string; options: Readonly<Record<string, unknown>> }[];
}

export interface TrainFlowResult extends TrainResult {
  modelHash: string;
  modelBytes: number;
  unlabeled: number;
  /** What `--report` holds. */
  report: Record<string, unknown>;
}

export async function train(o: TrainFlowOptions): Promise<TrainFlowResult> {
  let text: string;
  try {
    text = (await readBytes(o.labels)).toString('utf8');
  } catch (e) {
    throw new UsageError(
      `Cannot read labels ${o.labels}: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  const spec = {
    labelField: o.labelField,
    textField: o.textField,
    badValues: o.badValues,
    goodValues: o.goodValues,
  };
  const { labels, unlabeled } = parseTrainingLabels(text, o.labels, spec);
  const result = await trainModel(labels, {
    classes: {
      label_field: o.labelField,
      bad_values: [...o.badValues],
      good_values: [...o.goodValues],
    },
    ...(o.buckets !== undefined && { buckets: o.buckets }),
    ...(o.folds !== undefined && { folds: o.folds }),
    ...(o.seed !== undefined && { seed: o.seed }),
    ...(o.maxFdr !== undefined && { maxFdr: o.maxFdr }),
    ...(o.alpha !== undefined && { alpha: o.alpha }),
    ...(o.attributes?.length && { attributes: o.attributes }),
  });
  const bytes = serializeModel(result.model);
  await writeFileAtomic(o.out, bytes);
  const hash = modelHash(bytes);
  const report = {
    note: CROSS_FIT_NOTE,
    model: {
      path: o.out,
      sha256: hash,
      bytes: bytes.length,
      weights: result.model.buckets.length,
      ...result.model.header.features,
      ...(result.model.header.attributes && { attributes: result.model.header.attributes.names }),
    },
    labels: {
      path: o.labels,
      n: labels.length,
      bad: result.metrics.bad,
      good: result.metrics.good,
      unlabeled,
      ...spec,
    },
    cv: result.cv,
    metrics: result.metrics,
    top_ngrams: result.top,
  };
  if (o.report) await writeFileAtomic(o.report, JSON.stringify(report, null, 1) + '\n');
  return { ...result, modelHash: hash, modelBytes: bytes.length, unlabeled, report };
}
