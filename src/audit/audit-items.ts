/**
 * What the audit takes in: labeled items scored with the filter under audit, the sampling design
 * (the strata file), the corpus counts (a run's stats) and the options.
 */
import type { ThresholdRule } from '../rules/threshold.ts';
import type { PredictionStrata } from './ppi-audit.ts';

/** One labeled document, scored with the filter under audit. */
export interface AuditItem {
  bad: boolean;
  /** A second annotator's label, when there is one. */
  bad2?: boolean | undefined;
  /** Reasons the filter under audit gives this text (empty: kept). */
  reasons: readonly string[];
  attrs: Readonly<Record<string, number>>;
  /** Tokens (or code points without a tokenizer). */
  weight: number;
  /** The stratum `sample` drew it from. */
  stratum?: string | undefined;
  /** With `--predictions`: the model's P(bad) for this document. */
  prediction?: number | undefined;
  /** Active design: the probability with which `sample` drew it. */
  probability?: number | undefined;
}

export interface StrataDesign {
  fingerprint: string;
  design: 'doc' | 'token' | 'active';
  /** `sample --predictions ATTR`: the model's P(bad) summarised per stratum. */
  predictions?: PredictionStrata;
  strata: readonly {
    name: string;
    flagged: boolean;
    population_docs: number;
    population_tokens: number;
    population_tokens_sq?: number;
    sample_size: number;
  }[];
}

/** Exact corpus counts (from a run's stats.json). */
export interface CorpusCounts {
  docs: number;
  dropped: number;
  kept: number;
  droppedTokens: number;
  keptTokens: number;
  /** `tokens` or `chars`: what the token counts are. */
  unit: string;
  rules?: Readonly<Record<string, { hits: number; exclusive: number }>>;
}

/** A threshold rule of the filter, for the sweep: fires when `attr <op> threshold`. */
export type SweepRule = Pick<ThresholdRule, 'reason' | 'attr' | 'op' | 'threshold'>;

export interface AuditOptions {
  fingerprint: string;
  alpha: number;
  maxFdr: number;
  minRecall?: number | undefined;
  sweepRules?: readonly SweepRule[];
  seed?: number;
  /** Prediction-powered rates (PPI++) from the strata file's predictions; the items carry `prediction`. */
  predictions?: PredictionStrata | undefined;
}
