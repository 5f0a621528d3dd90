/**
 * audit.json (`winnow audit -o`): its type, the one parser the gate and the report share, and
 * the check that its verdict follows from what it carries. A record edited by hand (a verdict
 * bound lowered, counts that do not add up, a bare `{"verdict": …}`) is refused, naming the
 * file and the field.
 */
import { clopperPearsonUpper } from '../audit/intervals.ts';
import { DataError } from '../errors.ts';
import { fieldError, parseJsonObject } from './json-file.ts';

/** audit.json carries no version field yet; this is the shape `winnow audit` writes today. */
export const AUDIT_RECORD_VERSION = 1;

/** A metric as audit.json stores it (NaN is written as null). */
export interface AuditMetric {
  estimate: number | null;
  lo: number | null;
  hi: number | null;
  upper?: number | null;
  method?: string;
  /** With predictions: the classical interval beside the PPI++ one. */
  classical?: AuditMetric;
}

export interface AuditConfusion {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

/** The fields of audit.json (`winnow audit -o`) the report reads. */
export interface AuditRecord {
  fingerprint: string;
  design: string;
  alpha: number;
  labels: { n: number; bad: number; good: number };
  confusion: {
    docs: AuditConfusion;
    tokens: AuditConfusion;
    estimated_corpus_docs?: AuditConfusion;
  };
  metrics: Record<string, AuditMetric>;
  rules?: Record<
    string,
    {
      labeled_hits?: number;
      labeled_exclusive?: number;
      precision?: AuditMetric | null;
      exclusive_precision?: AuditMetric | null;
    }
  >;
  thresholds?: Record<
    string,
    {
      rule?: string;
      current?: { op: string; threshold: number };
      auc?: { estimate: number | null; lo: number | null; hi: number | null; method?: string };
      pr?: { recall: number | null; precision: number | null; threshold: number | null }[];
      /** ROC points (FPR, TPR), strict → lenient, from (0, 0); thresholds oriented as `pr`'s. */
      roc?: { fpr: number | null; tpr: number | null; threshold: number | null }[];
      recommended?: {
        op: string;
        threshold: number;
        labeled_flagged: number;
        labeled_good_flagged: number;
        fdr_upper: number | null;
        recall: number | null;
      } | null;
    }
  >;
  projection?: { sentence?: string | null } | null;
  agreement?: {
    n: number;
    kappa: number | null;
    interval?: [number | null, number | null];
    observed?: number | null;
    pabak?: number | null;
  } | null;
  notes?: string[];
  /** `audit --predictions`: PPI++ metrics carry `classical`; this says what the model bought. */
  predictions?: {
    attr: string;
    estimator: string;
    label_equivalent?: Record<string, { labels: number; classical_labels: number }>;
  } | null;
  /** Whether labels given as a simple random sample can be one of the corpus of --stats (null: not checked). */
  sample_check?: {
    flagged: number;
    n: number;
    corpus_share: number;
    interval: [number, number];
    consistent: boolean;
  } | null;
  verdict: {
    pass: boolean;
    fingerprint: string;
    metric: string;
    fdr_upper: number | null;
    max_fdr: number;
    alpha: number;
    min_recall?: number;
    recall_lower?: number | null;
    reasons: string[];
  };
  inputs?: Record<string, unknown>;
}

/** The record as `winnow audit -o` writes it (one space of indent, a final newline). */
export const serializeAuditRecord = (record: unknown): string =>
  JSON.stringify(record, null, 1) + '\n';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** Parses and checks audit.json; throws a DataError `file:field: what` on anything off. */
export function parseAuditRecord(text: string, source: string): AuditRecord {
  const raw = parseJsonObject(text, source, 'an audit file from winnow audit');
  const bad = fieldError(source);
  for (const k of ['fingerprint', 'design', 'alpha', 'labels', 'confusion', 'metrics', 'verdict']) {
    if (!(k in raw))
      bad(
        k,
        'missing: not an audit file from winnow audit (a record needs fingerprint, design, alpha, labels, confusion, metrics and verdict)',
      );
  }
  const r = raw as unknown as AuditRecord;
  if (typeof r.fingerprint !== 'string')
    bad('fingerprint', `expected a string, got ${JSON.stringify(r.fingerprint)}`);
  if (!['simple-random-sample', 'stratified', 'active', 'token-pps'].includes(r.design))
    bad(
      'design',
      `expected simple-random-sample, stratified, active or token-pps, got ${JSON.stringify(r.design)}`,
    );
  if (!(typeof r.alpha === 'number' && r.alpha > 0 && r.alpha < 1))
    bad('alpha', `expected a number between 0 and 1, got ${JSON.stringify(r.alpha)}`);
  const count = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0;
  if (!isObject(r.labels) || !count(r.labels.n) || !count(r.labels.bad) || !count(r.labels.good))
    bad('labels', 'expected {n, bad, good} counts');
  if (r.labels.bad + r.labels.good !== r.labels.n)
    bad('labels', `bad ${r.labels.bad} + good ${r.labels.good} is not n = ${r.labels.n}`);
  if (!isObject(r.confusion) || !isObject(r.confusion.docs))
    bad('confusion.docs', 'expected {tp, fp, fn, tn}');
  const d = r.confusion.docs;
  for (const k of ['tp', 'fp', 'fn', 'tn'] as const)
    if (!count(d[k])) bad(`confusion.docs.${k}`, `expected a count, got ${JSON.stringify(d[k])}`);
  if (d.tp + d.fp + d.fn + d.tn !== r.labels.n)
    bad(
      'confusion.docs',
      `tp + fp + fn + tn = ${d.tp + d.fp + d.fn + d.tn}, but labels.n = ${r.labels.n}`,
    );
  if (d.tp + d.fn !== r.labels.bad)
    bad('confusion.docs', `tp + fn = ${d.tp + d.fn}, but labels.bad = ${r.labels.bad}`);
  if (!isObject(r.metrics)) bad('metrics', 'expected an object of metrics');
  for (const [name, m] of Object.entries(r.metrics)) {
    if (!isObject(m)) bad(`metrics.${name}`, 'expected {estimate, lo, hi}');
    for (const k of ['estimate', 'lo', 'hi', 'upper'] as const) {
      const v = m[k];
      if (v !== undefined && v !== null && !(typeof v === 'number' && Number.isFinite(v)))
        bad(`metrics.${name}.${k}`, `expected a number or null, got ${JSON.stringify(v)}`);
    }
  }
  if (!isObject(r.verdict)) bad('verdict', 'expected an object');
  const v = r.verdict;
  if (typeof v.pass !== 'boolean') bad('verdict.pass', 'expected a boolean');
  if (v.fingerprint !== r.fingerprint)
    bad(
      'verdict.fingerprint',
      `${JSON.stringify(v.fingerprint)} is not the record's fingerprint ${r.fingerprint}`,
    );
  if (!(typeof v.max_fdr === 'number' && v.max_fdr > 0 && v.max_fdr < 1))
    bad('verdict.max_fdr', `expected a number between 0 and 1, got ${JSON.stringify(v.max_fdr)}`);
  if (v.alpha !== r.alpha)
    bad('verdict.alpha', `${JSON.stringify(v.alpha)} is not the record's alpha ${r.alpha}`);
  if (!Array.isArray(v.reasons) || !v.reasons.every((x) => typeof x === 'string'))
    bad('verdict.reasons', 'expected a list of strings');
  if (
    v.fdr_upper !== null &&
    !(typeof v.fdr_upper === 'number' && v.fdr_upper >= 0 && v.fdr_upper <= 1)
  )
    bad(
      'verdict.fdr_upper',
      `expected a number from 0 to 1 or null, got ${JSON.stringify(v.fdr_upper)}`,
    );
  checkVerdict(r, source);
  return r;
}

const close = (a: number, b: number) =>
  Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a), Math.abs(b));

/**
 * The verdict's bound must follow from the record: recomputed from the confusion counts (a simple
 * random sample: Clopper–Pearson on fp of tp + fp) or from the labels (token draws: good of n);
 * under a stratified or active design (whose strata the record does not carry), equal to the FDR
 * metric's bound, which lies between its estimate and its two-sided upper end. And `pass` must follow from that bound and the budget.
 */
export function checkVerdict(r: AuditRecord, source: string): void {
  const v = r.verdict;
  const bad = (field: string, what: string): never => {
    throw new DataError(
      `${what}; the record was edited or is damaged: rerun winnow audit`,
      source,
      field,
    );
  };
  const metricName = r.design === 'token-pps' ? 'token_fdr' : 'fdr';
  if (v.metric !== metricName)
    bad(
      'verdict.metric',
      `a ${r.design} audit gates on ${metricName}, got ${JSON.stringify(v.metric)}`,
    );
  const m = r.metrics[metricName];
  const d = r.confusion.docs;
  let expected: number | null;
  // As confusionIntervals and runAudit compute it (an empty denominator bounds nothing: 1).
  if (r.design === 'simple-random-sample')
    expected = d.tp + d.fp === 0 ? 1 : clopperPearsonUpper(d.fp, d.tp + d.fp, r.alpha);
  else if (r.design === 'token-pps')
    expected =
      r.labels.n === 0
        ? (m?.upper ?? null)
        : clopperPearsonUpper(r.labels.good, r.labels.n, r.alpha);
  else {
    expected = m?.upper ?? null;
    if (
      expected !== null &&
      m &&
      typeof m.estimate === 'number' &&
      typeof m.hi === 'number' &&
      !(m.estimate - 1e-12 <= expected && expected <= m.hi + 1e-12)
    ) {
      bad(
        `metrics.${metricName}.upper`,
        `the one-sided bound ${expected} is not between the estimate ${m.estimate} and the interval's upper end ${m.hi}`,
      );
    }
  }
  if (
    (r.design === 'simple-random-sample' || r.design === 'token-pps') &&
    m &&
    typeof m.upper === 'number' &&
    expected !== null &&
    !close(m.upper, expected)
  ) {
    bad(`metrics.${metricName}.upper`, `is ${m.upper}, but the counts it carries give ${expected}`);
  }
  if (
    expected === null ? v.fdr_upper !== null : v.fdr_upper === null || !close(v.fdr_upper, expected)
  ) {
    bad(
      'verdict.fdr_upper',
      `is ${v.fdr_upper}, but the counts and intervals the record carries give ${expected}`,
    );
  }
  const within = v.fdr_upper !== null && v.fdr_upper <= v.max_fdr;
  if (v.pass && !within)
    bad('verdict.pass', `is true, but the bound ${v.fdr_upper} is not within max_fdr ${v.max_fdr}`);
}
