/**
 * The `audit` flow: the filter measured on hand labels, with intervals, per-rule numbers,
 * threshold sweeps, the corpus projection (with a run's stats) and a verdict bound to the
 * filter's fingerprint, written as audit.json (src/formats/audit-record.ts reads it back).
 */
import {
  runAudit,
  type AuditItem,
  type AuditResult,
  type StrataDesign,
  type SweepRule,
} from '../audit/audit.ts';
import { auditSampleRefusal } from '../audit/honesty.ts';
import type { FilterConfig } from '../config/config.ts';
import { DataError, UsageError } from '../errors.ts';
import { openSession } from '../exec/session.ts';
import type { LabeledRecord } from '../formats/labels.ts';
import type { QualityModel } from '../formats/model.ts';
import { strataPathOf } from '../formats/strata.ts';
import { getField } from '../io/fields.ts';
import * as store from '../io/store.ts';
import { isThresholdRule } from '../rules/threshold.ts';
import { checkPredictionAttr, predictionOf, type Predictions } from '../sampling/predictions.ts';
import { codePointLength } from '../text/codepoints.ts';
import type { Vocabulary } from '../vocab/vocabulary.ts';
import {
  checkDesignPredictions,
  checkFractions,
  readCorpus,
  readLabels,
  readStrata,
} from './audit-inputs.ts';

export interface AuditFlowOptions {
  config: FilterConfig;
  vocabulary?: Vocabulary | null;
  models?: ReadonlyMap<string, QualityModel>;
  fingerprint: string;
  /** Labeled JSONL (winnow label's output, or any JSONL with a text and a label). */
  labels: string;
  labelField: string;
  /** Label values that mean bad. Unset: `bad`, and a label neither `good` nor `bad` is refused. */
  badValues?: readonly string[] | undefined;
  /** A second annotator's label field (agreement). */
  secondLabelField?: string | undefined;
  textField: string;
  /** The sample's strata file; unset: `<labels>.strata.json` when it exists; `none`: a simple random sample. */
  strata?: string | undefined;
  /** A run's stats.json to project onto. */
  stats?: string | undefined;
  maxFdr: number;
  minRecall?: number | undefined;
  alpha: number;
  /** Where audit.json goes (a file or s3://). */
  out: string;
  predictions?: Predictions | null;
}

export interface AuditFlowResult {
  result: AuditResult;
  /** Labeled records without a label (skipped). */
  unlabeled: number;
}

/** The audit's refusal of training documents and of uncertainty samples (src/audit/honesty.ts). */
function refuseTrainingLabels(
  records: readonly LabeledRecord[],
  sampled: { fingerprint?: string; design?: string } | null,
  o: AuditFlowOptions,
  models: ReadonlyMap<string, QualityModel>,
): void {
  const labeled = records.flatMap(({ rec, where }) => {
    const label = getField(rec, o.labelField);
    const text = getField(rec, o.textField);
    if (label === undefined || label === null || label === '' || typeof text !== 'string')
      return [];
    return [
      { text, where, design: (rec.winnow_sample as { design?: string } | undefined)?.design },
    ];
  });
  const refusal = auditSampleRefusal(labeled, {
    models,
    fingerprint: o.fingerprint,
    sampledFingerprint: sampled?.fingerprint ?? null,
    sampleDesign: sampled?.design ?? null,
  });
  if (refusal) throw new UsageError(`${o.labels}: ${refusal}`);
}

/** A labeled document's P(bad) (and, in an active sample, its inclusion probability), checked against what sample recorded. */
function labeledPrediction(
  attrs: Readonly<Record<string, number>>,
  pred: Predictions,
  sample: { prediction?: number; inclusion_probability?: number } | undefined,
  file: string,
  line: number,
  id: unknown,
): { prediction: number; probability?: number } {
  const docId = typeof id === 'string' ? id : undefined;
  const prediction = predictionOf(attrs, pred, file, line, docId);
  // The model that scores the labeled texts now must be the one that scored the corpus at sampling.
  if (sample?.prediction !== undefined && Math.abs(sample.prediction - prediction) > 1e-9) {
    throw new DataError(
      `--predictions ${pred.predictions}: document ${JSON.stringify(docId ?? '')} was sampled with P(bad) = ${sample.prediction}, but this config gives ${prediction}: the predictions come from another model`,
      file,
      line,
    );
  }
  const pi = sample?.inclusion_probability;
  return pi === undefined ? { prediction } : { prediction, probability: pi };
}

/** The strata file in use (or null) and its design, checked against this filter. */
async function strataOf(
  o: AuditFlowOptions,
  records: readonly LabeledRecord[],
  models: ReadonlyMap<string, QualityModel>,
) {
  // An uncertainty sample is refused as such before its strata file, which describes no strata, is parsed as one.
  refuseTrainingLabels(records, null, o, new Map());
  const fallback = strataPathOf(o.labels);
  const path =
    o.strata === 'none' ? null : (o.strata ?? ((await store.exists(fallback)) ? fallback : null));
  const design = path ? await readStrata(path) : null;
  refuseTrainingLabels(records, design, o, models);
  if (design && design.fingerprint !== o.fingerprint) {
    throw new UsageError(
      `${path} was sampled with filter ${design.fingerprint}, but this audit is of ${o.fingerprint}: the strata do not describe this filter's flags. ` +
        'Audit with the config that sampled, or pass --strata none to treat the labels as a simple random sample.',
    );
  }
  checkDesignPredictions(design, path, o.predictions ?? null);
  return { path, design };
}

export async function audit(o: AuditFlowOptions): Promise<AuditFlowResult> {
  checkFractions([
    ['--max-fdr', o.maxFdr],
    ['--alpha', o.alpha],
    ['--min-recall', o.minRecall],
  ]);
  const fp = o.fingerprint;
  const models: ReadonlyMap<string, QualityModel> = o.models ?? new Map();
  const bad = new Set(o.badValues ?? ['bad']);
  const records = await readLabels(o.labels);
  const { path: strataPath, design } = await strataOf(o, records, models);
  const pred = o.predictions ?? null;
  const session = openSession(o.config, o.vocabulary ?? null, models);
  const { evaluator } = session;
  if (pred) checkPredictionAttr(pred.predictions, evaluator);
  let labeled: Labeled;
  try {
    labeled = labelItems(records, o, bad, design, strataPath, evaluator, session.tokenizer);
  } finally {
    session.close();
  }
  const { items, values, firstLine, unlabeled } = labeled;
  if (!items.length)
    throw new UsageError(`${o.labels}: no labeled records (field "${o.labelField}")`);
  // Labels from elsewhere (e.g. high_quality / low_quality) would all count as good under the
  // default; values given explicitly are trusted (a sample may truly have no bad document).
  if (
    o.badValues === undefined &&
    !items.some((x) => x.bad) &&
    [...values.keys()].some((v) => v !== 'good')
  ) {
    const seen = [...values]
      .sort((x, y) => y[1] - x[1])
      .map(([v, n]) => `${JSON.stringify(v)} (${n})`)
      .join(', ');
    throw new UsageError(
      `${o.labels}: no label is one of --bad-values (${[...bad].join(', ')}), so every document would count as good; the labels are ${seen}. Pass the values that mean bad with --bad-values (comma-separated)`,
    );
  }
  // Under the default values a label that is neither good nor bad (`BAD`, `unsure`) is a typo or
  // another scheme, not a good document: refuse it at its line. Values given explicitly are
  // trusted, and what they count as good is said in the audit's notes.
  const foreign = [...firstLine.keys()]
    .filter((v) => v !== 'good' && !bad.has(v))
    .sort((x, y) => firstLine.get(x)! - firstLine.get(y)!);
  if (o.badValues === undefined && foreign.length) {
    const v = foreign[0]!;
    throw new DataError(
      `label ${JSON.stringify(v)} is neither "good" nor one of --bad-values (${[...bad].join(', ')}); fix it, or pass --bad-values to say which values mean bad (the others then count as good)`,
      o.labels,
      firstLine.get(v)!,
    );
  }
  const countedGood =
    o.badValues !== undefined
      ? foreign.map((v) => `${JSON.stringify(v)} (${values.get(v) ?? 0})`)
      : [];
  const corpus = o.stats ? await readCorpus(o.stats, fp) : null;
  const sweepRules: SweepRule[] = evaluator.filters.flatMap((f) =>
    f.rules
      .filter(isThresholdRule)
      .map((r) => ({ reason: r.reason, attr: r.attr, op: r.op, threshold: r.threshold })),
  );
  const result = runAudit(items, design, corpus, {
    fingerprint: fp,
    alpha: o.alpha,
    maxFdr: o.maxFdr,
    minRecall: o.minRecall,
    sweepRules,
    predictions: pred ? design!.predictions : undefined,
  });
  if (countedGood.length)
    result.notes.push(
      `labels counted as good (not among --bad-values ${[...bad].join(', ')}): ${countedGood.join(', ')}`,
    );
  const inputs = {
    labels: o.labels,
    strata: strataPath,
    stats: o.stats ?? null,
    label_field: o.labelField,
    bad_values: [...bad],
    unlabeled,
  };
  await store.writeAtomic(o.out, JSON.stringify({ ...result, inputs }, null, 1) + '\n');
  return { result, unlabeled };
}

interface Labeled {
  items: AuditItem[];
  /** Label value → records. */
  values: Map<string, number>;
  /** Label value → its first line (for errors). */
  firstLine: Map<string, number>;
  unlabeled: number;
}

/** Each labeled record scored by the filter: what it decided beside what the annotator said. */
function labelItems(
  records: readonly LabeledRecord[],
  o: AuditFlowOptions,
  bad: ReadonlySet<string>,
  design: StrataDesign | null,
  strataPath: string | null,
  evaluator: ReturnType<typeof openSession>['evaluator'],
  tok: ReturnType<typeof openSession>['tokenizer'],
): Labeled {
  const pred = o.predictions ?? null;
  const out: Labeled = { items: [], values: new Map(), firstLine: new Map(), unlabeled: 0 };
  const strataNames = new Set(design?.strata.map((s) => s.name));
  for (const { rec, where, line } of records) {
    const label = getField(rec, o.labelField);
    if (label === undefined || label === null || label === '') {
      out.unlabeled++;
      continue;
    }
    const second = o.secondLabelField ? getField(rec, o.secondLabelField) : undefined;
    out.values.set(String(label), (out.values.get(String(label)) ?? 0) + 1);
    for (const v of [label, second])
      if (v !== undefined && v !== null && v !== '' && !out.firstLine.has(String(v)))
        out.firstLine.set(String(v), line);
    const text = getField(rec, o.textField);
    if (typeof text !== 'string') throw new UsageError(`${where}: missing string "${o.textField}"`);
    const enc = tok?.encode(text);
    const { scored, reasons } = evaluator.evaluate(text, enc ? () => enc.ids : undefined);
    const sample = rec.winnow_sample as
      { stratum?: string; prediction?: number; inclusion_probability?: number } | undefined;
    if (design && !sample?.stratum)
      throw new UsageError(
        `${where}: no winnow_sample.stratum, but a strata file is in use (pass --strata none?)`,
      );
    // A label of a stratum the strata file does not know would be left out of every estimate while n counted it.
    if (design && !strataNames.has(sample!.stratum!)) {
      const some =
        design.strata
          .slice(0, 5)
          .map((s) => s.name)
          .join(', ') + (design.strata.length > 5 ? ', …' : '');
      throw new DataError(
        `winnow_sample.stratum ${JSON.stringify(sample!.stratum)} is not a stratum of ${strataPath} (it has ${design.strata.length}: ${some}); the labels come from another sample`,
        o.labels,
        line,
      );
    }
    out.items.push({
      bad: bad.has(String(label)),
      ...(second !== undefined && second !== null && { bad2: bad.has(String(second)) }),
      reasons,
      attrs: scored.attrs,
      weight: enc ? enc.ids.length : codePointLength(text),
      ...(sample?.stratum && { stratum: sample.stratum }),
      ...(pred &&
        labeledPrediction(scored.attrs, pred, sample, o.labels, line, getField(rec, 'id'))),
    });
  }
  return out;
}
