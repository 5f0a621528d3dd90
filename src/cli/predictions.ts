/**
 * `--predictions ATTR` and `--predictions-mean bad|good`, shared by `sample` and `audit`: flags
 * in, the flows' `Predictions` out (src/sampling/predictions.ts holds the checks).
 */
import type { Argv } from 'yargs';
import type { Predictions } from '../sampling/predictions.ts';

export interface PredictionFlags {
  predictions?: string;
  predictionsMean: 'bad' | 'good';
}

export const withPredictionFlags = <T>(y: Argv<T>) =>
  y
    .option('predictions', {
      type: 'string',
      describe:
        "A model's probability per document, scored by the config (e.g. quality.p_bad): prediction-powered audits (PPI++)",
    })
    .option('predictions-mean', {
      choices: ['bad', 'good'] as const,
      default: 'bad' as const,
      describe: 'What --predictions is the probability of',
    });

/** The flags as the flows take them: null without `--predictions`. */
export const predictionsOf = (a: PredictionFlags): Predictions | null =>
  a.predictions ? { predictions: a.predictions, predictionsMean: a.predictionsMean } : null;
