/**
 * A model's probability per document, read off the config's scoring (`--predictions ATTR`,
 * `--predictions-mean bad|good`), shared by the sample and audit flows: which attribute it is,
 * and the checks every value passes (declared by a filter of the config, present on every
 * document, within [0, 1]). A refusal names the attribute and the first offending document.
 */
import { badProbability } from '../audit/ppi-audit.ts';
import { DataError, UsageError } from '../errors.ts';
import type { Evaluator } from '../rules/evaluator.ts';

/** The attribute holding a model's probability, and what it is the probability of. */
export interface Predictions {
  predictions: string;
  predictionsMean: 'bad' | 'good';
}

/** Refuses an attribute no filter of the config emits (a typo would otherwise fail on every document). */
export function checkPredictionAttr(attr: string, evaluator: Evaluator): void {
  const declared = evaluator.filters.flatMap((f) => f.keys.map((k) => `${f.name}.${k}`));
  if (!declared.includes(attr)) {
    throw new UsageError(
      `--predictions ${attr}: no filter of this config emits that attribute; it emits ${declared.slice(0, 12).join(', ')}${declared.length > 12 ? ', …' : ''}`,
    );
  }
}

/** P(bad) of one document from its scored attributes; DataError at `where` (file, line) when missing or outside [0, 1]. */
export function predictionOf(
  attrs: Readonly<Record<string, number>>,
  f: Predictions,
  file: string,
  line: number,
  id?: string,
): number {
  const value = attrs[f.predictions];
  const doc = id === undefined ? 'document' : `document ${JSON.stringify(id)}`;
  if (value === undefined)
    throw new DataError(
      `--predictions ${f.predictions}: ${doc} has no value (predictions are needed for every document)`,
      file,
      line,
    );
  try {
    return badProbability(value, f.predictionsMean);
  } catch (e) {
    throw new DataError(
      `--predictions ${f.predictions}: ${doc}: ${(e as Error).message}`,
      file,
      line,
    );
  }
}
