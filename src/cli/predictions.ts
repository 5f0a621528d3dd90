/**
 * `--predictions ATTR` and `--predictions-mean bad|good`, shared by `sample` and `audit`: which
 * attribute of the config's scoring is a model's probability, and the checks every value passes
 * (declared by a filter of the config, present on every document, within [0, 1]). A refusal names
 * the attribute and the first offending document.
 */
import type { Argv } from 'yargs';
import { badProbability } from '../audit/ppi-audit.ts';
import { DataError, UsageError } from '../errors.ts';
import type { Evaluator } from '../rules/evaluator.ts';

export interface PredictionFlags {
  predictions?: string;
  predictionsMean: 'bad' | 'good';
}

export const withPredictionFlags = <T>(y: Argv<T>) =>
  y
    .option('predictions', { type: 'string', describe: "A model's probability per document, scored by the config (e.g. quality.p_bad): prediction-powered audits (PPI++)" })
    .option('predictions-mean', { choices: ['bad', 'good'] as const, default: 'bad' as const, describe: 'What --predictions is the probability of' });

/** Refuses an attribute no filter of the config emits (a typo would otherwise fail on every document). */
export function checkPredictionAttr(attr: string, evaluator: Evaluator): void {
  const declared = evaluator.filters.flatMap((f) => f.keys.map((k) => `${f.name}.${k}`));
  if (!declared.includes(attr)) {
    throw new UsageError(`--predictions ${attr}: no filter of this config emits that attribute; it emits ${declared.slice(0, 12).join(', ')}${declared.length > 12 ? ', …' : ''}`);
  }
}

/** P(bad) of one document from its scored attributes; DataError at `where` (file, line) when missing or outside [0, 1]. */
export function predictionOf(attrs: Readonly<Record<string, number>>, f: PredictionFlags & { predictions: string }, file: string, line: number, id?: string): number {
  const value = attrs[f.predictions];
  const doc = id === undefined ? 'document' : `document ${JSON.stringify(id)}`;
  if (value === undefined) throw new DataError(`--predictions ${f.predictions}: ${doc} has no value (predictions are needed for every document)`, file, line);
  try {
    return badProbability(value, f.predictionsMean);
  } catch (e) {
    throw new DataError(`--predictions ${f.predictions}: ${doc}: ${(e as Error).message}`, file, line);
  }
}
