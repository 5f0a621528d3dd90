/**
 * What an audit of a learned screen refuses (pure; the audit command calls it before scoring):
 *
 * - labels of an uncertainty sample (`winnow sample --strategy uncertainty`): chosen for being
 *   hard, not at random, they say nothing about the corpus's FDR; they are for training;
 * - labeled documents the config's model was trained on, unless the labels are a `winnow sample`
 *   drawn under this very fingerprint: a model scores its own training documents too well, so they
 *   flatter it; in a probability sample of the corpus the filter acts on, a training document is
 *   one member of the population like any other and keeps its inclusion probability.
 */
import { contentHash, type QualityModel } from '../formats/model.ts';

export interface LabeledText {
  text: string;
  /** `file:line`, for the message. */
  where: string;
  /** The record's `winnow_sample.design`, if any. */
  design?: string | undefined;
}

/** The refusal message, or null when the labels may audit this config. */
export function auditSampleRefusal(
  labels: readonly LabeledText[],
  o: {
    models: ReadonlyMap<string, QualityModel>;
    fingerprint: string;
    sampledFingerprint: string | null;
    sampleDesign: string | null;
  },
): string | null {
  const uncertain = labels.filter((l) => l.design === 'uncertainty');
  if (o.sampleDesign === 'uncertainty' || uncertain.length) {
    return `these labels are an uncertainty sample (${uncertain.length || labels.length} documents chosen for being near the model's threshold, not at random), so they cannot estimate the filter's FDR; train on them (winnow train), and audit on a winnow sample drawn under the filter`;
  }
  if (!o.models.size || o.sampledFingerprint === o.fingerprint) return null;
  const trained = labels.filter((l) => {
    const h = contentHash(l.text);
    for (const m of o.models.values()) if (m.trainingDocs.has(h)) return true;
    return false;
  });
  if (!trained.length) return null;
  const shown = trained
    .slice(0, 5)
    .map((l) => l.where)
    .join(', ');
  return (
    `${trained.length} of ${labels.length} labeled documents were used to train the model (${shown}${trained.length > 5 ? ', …' : ''}); ` +
    'a model scores its own training documents too well, so they would flatter the audit. Audit on labels of a `winnow sample` drawn with this config (a probability sample, where a training document counts like any other), or remove them'
  );
}
