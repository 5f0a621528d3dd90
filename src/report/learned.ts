/**
 * The report's learned-screen panel: the `quality` model beside the heuristics. On the audit's
 * labels, the ROC curve of every swept attribute (the model's `quality.p_bad` and each heuristic's
 * score, from audit.json's sweeps), so one picture says which separates good from bad pages; and
 * per model, what it weighs most (its top n-grams toward bad and toward good, from the model
 * file's header) with its cross-fitted AUC on its own training labels. Pure: models come in as
 * header values.
 */
import type { AuditRecord } from '../formats/audit-record.ts';
import type { ModelHeader } from '../formats/model.ts';
import { round6 } from './format.ts';

/** What the report needs of one quality model (its file's header). */
export interface LearnedInput {
  /** Where the config's `quality` filter reads it. */
  model: string;
  labels: { n: number; bad: number; good: number };
  lambda: number;
  /** Cross-fitted ROC AUC on the training labels (null when the header has none). */
  cv_auc: { estimate: number; lo: number; hi: number } | null;
  /** Top-weighted n-grams; null for a model trained before the header carried them. */
  top: NonNullable<ModelHeader['top_ngrams']> | null;
}

export interface RocRow {
  attr: string;
  rule: string;
  /** The learned screen (`quality.*`), drawn apart from the heuristics. */
  learned: boolean;
  auc: { estimate: number | null; lo: number | null; hi: number | null };
  /** (FPR, TPR) points from (0, 0), as the audit thinned them. */
  points: { fpr: number; tpr: number }[];
}

export interface LearnedSummary {
  /** Curves on the audit's labels, highest AUC first; empty without an audit. */
  roc: RocRow[];
  /** The labels the curves are drawn on. */
  labels: { n: number; bad: number; good: number; design: string } | null;
  models: LearnedInput[];
}

/** The report's input for one model, from its header. */
export function learnedInput(model: string, h: ModelHeader): LearnedInput {
  const auc = (h.metrics as { auc?: { estimate?: unknown; lo?: unknown; hi?: unknown } } | null)
    ?.auc;
  const fin = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
  return {
    model,
    labels: h.labels,
    lambda: h.lambda,
    cv_auc:
      auc && fin(auc.estimate) && fin(auc.lo) && fin(auc.hi)
        ? { estimate: auc.estimate, lo: auc.lo, hi: auc.hi }
        : null,
    top: h.top_ngrams ?? null,
  };
}

/** Is this attribute the learned screen's? */
export const isLearned = (attr: string): boolean => attr.startsWith('quality.');

/** The panel's data, or null when there is nothing to show. */
export function learnedSummary(
  audit: AuditRecord | null,
  models: readonly LearnedInput[],
): LearnedSummary | null {
  const roc: RocRow[] = [];
  for (const [attr, t] of Object.entries(audit?.thresholds ?? {})) {
    const points = (t.roc ?? [])
      .filter((p) => typeof p.fpr === 'number' && typeof p.tpr === 'number')
      .map((p) => ({ fpr: round6(p.fpr!), tpr: round6(p.tpr!) }));
    if (points.length < 2) continue;
    const a = t.auc;
    roc.push({
      attr,
      rule: t.rule ?? attr,
      learned: isLearned(attr),
      auc: { estimate: a?.estimate ?? null, lo: a?.lo ?? null, hi: a?.hi ?? null },
      points,
    });
  }
  roc.sort((x, y) => (y.auc.estimate ?? -1) - (x.auc.estimate ?? -1) || (x.attr < y.attr ? -1 : 1));
  if (!roc.length && !models.length) return null;
  const labels = audit && roc.length ? { ...audit.labels, design: audit.design } : null;
  return { roc, labels, models: [...models] };
}

/** The report's inputs for the models a config loaded (location → model), in config order. */
export const learnedInputs = (
  models: ReadonlyMap<string, { header: ModelHeader }>,
): LearnedInput[] => [...models].map(([location, m]) => learnedInput(location, m.header));
