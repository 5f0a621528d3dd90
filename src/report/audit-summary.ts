/**
 * The audit part of the report's data: audit.json (checked by its format) and the run's stats →
 * `AuditSummary`: metrics in a fixed order, PR curves in attribute units, the projection onto this
 * run's exact counts in one plain sentence. Pure.
 */
import { checkSample, projectCorpus, sampleMismatch, type Projected } from '../audit/projection.ts';
import type { AuditMetric, AuditRecord } from '../formats/audit-record.ts';
import type { Stats } from '../stats/stats.ts';
import { compact, compactRange, pctRange, round6 } from './format.ts';
import type { AuditSummary, CurveRow, Interval } from './summary-types.ts';
import { fires, type ThresholdMark } from './thresholds.ts';

/** A finite number, or null (audit.json writes NaN as null). */
export const num = (x: unknown): number | null =>
  typeof x === 'number' && Number.isFinite(x) ? x : null;

const METRIC_ORDER = [
  'precision',
  'recall',
  'recall_approximate',
  'fdr',
  'fpr',
  'for',
  'specificity',
  'npv',
  'accuracy',
  'f1',
  'mcc',
  'token_fdr',
  'token_for',
];

const interval = (m: AuditMetric | null | undefined): Interval | null =>
  m ? { estimate: num(m.estimate), lo: num(m.lo), hi: num(m.hi) } : null;

function curveOf(attr: string, t: NonNullable<AuditRecord['thresholds']>[string]): CurveRow | null {
  const cur = t.current;
  if (!cur) return null;
  const sign = cur.op === '<' || cur.op === '<=' ? -1 : 1;
  // The audit orients scores so that higher means "more likely dropped"; back to attribute units.
  const points = (t.pr ?? [])
    .filter((p) => num(p.recall) !== null && num(p.precision) !== null && num(p.threshold) !== null)
    .map((p) => ({
      recall: round6(p.recall!),
      precision: round6(p.precision!),
      threshold: round6(sign * p.threshold! || 0),
    }));
  const mark = { op: cur.op as ThresholdMark['op'], threshold: cur.threshold };
  let current: CurveRow['current_point'] = null;
  for (const p of points)
    if (fires(mark, p.threshold) && (!current || p.recall > current.recall))
      current = { recall: p.recall, precision: p.precision };
  const r = t.recommended;
  return {
    attr,
    rule: t.rule ?? attr,
    current: { op: cur.op, threshold: cur.threshold },
    auc: {
      estimate: num(t.auc?.estimate),
      lo: num(t.auc?.lo),
      hi: num(t.auc?.hi),
      method: t.auc?.method ?? '',
    },
    points,
    current_point: current,
    recommended: r
      ? {
          op: r.op,
          threshold: r.threshold,
          recall: num(r.recall),
          precision:
            r.labeled_flagged > 0 ? round6(1 - r.labeled_good_flagged / r.labeled_flagged) : null,
          fdr_upper: num(r.fdr_upper),
        }
      : null,
  };
}

const fmtInterval = (p: Projected | undefined): Interval | null =>
  p ? { estimate: p.estimate, lo: p.interval[0], hi: p.interval[1] } : null;

/** The projection onto this run's exact counts (audit-methods.md §4), with one plain sentence. */
function projectionOf(s: Stats, a: AuditRecord): AuditSummary['projection'] {
  const t = s.tokens ?? s.chars;
  const unit = s.tokens ? 'tokens' : 'characters';
  const counts = {
    dropped: s.docs.dropped,
    kept: s.docs.kept,
    droppedTokens: t.dropped,
    keptTokens: t.kept + t.removed,
  };
  const rate = (m?: AuditMetric): Projected | undefined => {
    const e = num(m?.estimate);
    const lo = num(m?.lo);
    const hi = num(m?.hi);
    return e !== null && lo !== null && hi !== null
      ? { estimate: e, interval: [lo, hi] }
      : undefined;
  };
  const p = projectCorpus(counts, {
    fdr: rate(a.metrics.fdr),
    tokenFdr: rate(a.metrics.token_fdr),
    for: rate(a.metrics.for),
    tokenFor: rate(a.metrics.token_for),
  });
  const fdr = rate(a.metrics.fdr);
  const tokFdr = rate(a.metrics.token_fdr);
  const forR = rate(a.metrics.for);
  const span = (x: Projected) => compactRange(x.interval[0], x.interval[1]);
  const level = ` (${Math.round(100 * (1 - a.alpha))} % intervals).`;
  // Labels drawn at random from another corpus say nothing about this one's counts.
  const check =
    a.design === 'simple-random-sample'
      ? checkSample(a.confusion.docs.tp + a.confusion.docs.fp, a.labels.n, counts)
      : null;
  let sentence: string | null = null;
  if (check && !check.consistent) sentence = null;
  else if (fdr) {
    // Document and token shares have intervals of their own: each is said with its own count.
    sentence =
      `Of the ${compact(counts.dropped)} documents this filter drops, an estimated ${pctRange(fdr.interval[0], fdr.interval[1])} are good` +
      (p.goodTokensLost
        ? `; of the ${compact(counts.droppedTokens)} ${unit} it drops, ${span(p.goodTokensLost)} are in good documents`
        : '') +
      (forR
        ? `; of the ${compact(counts.kept)} documents it keeps, ${pctRange(forR.interval[0], forR.interval[1])} are bad`
        : '') +
      level;
  } else if (tokFdr && p.goodTokensLost) {
    sentence = `Of the ${compact(counts.droppedTokens)} ${unit} this filter drops, an estimated ${pctRange(tokFdr.interval[0], tokFdr.interval[1])} (${span(p.goodTokensLost)}) are in good documents${level}`;
  }
  return {
    sentence,
    unit,
    sample_mismatch: check && !check.consistent ? sampleMismatch(check) : null,
    dropped_docs: counts.dropped,
    kept_docs: counts.kept,
    dropped_tokens: counts.droppedTokens,
    kept_tokens: counts.keptTokens,
    good_docs_dropped: fmtInterval(p.goodDocsDropped),
    good_tokens_dropped: fmtInterval(p.goodTokensLost),
    bad_docs_kept: fmtInterval(p.badDocsKept),
    bad_tokens_kept: fmtInterval(p.badTokensKept),
    audit_sentence: typeof a.projection?.sentence === 'string' ? a.projection.sentence : null,
  };
}

export function auditSummary(s: Stats, a: AuditRecord): AuditSummary {
  const names = [
    ...METRIC_ORDER.filter((n) => a.metrics[n]),
    ...Object.keys(a.metrics)
      .filter((n) => !METRIC_ORDER.includes(n))
      .sort(),
  ];
  // A PPI++ metric is followed by its classical interval (`<name> (classical)`), so every table shows both.
  const metrics = names.flatMap((name) => {
    const m = a.metrics[name]!;
    const row = (n: string, x: AuditMetric) => ({
      name: n,
      estimate: num(x.estimate),
      lo: num(x.lo),
      hi: num(x.hi),
      upper: num(x.upper),
      method: x.method ?? '',
    });
    return m.classical ? [row(name, m), row(`${name} (classical)`, m.classical)] : [row(name, m)];
  });
  const worth = Object.entries(a.predictions?.label_equivalent ?? {}).map(
    ([rate, g]) =>
      `${rate.toUpperCase()}: these ${g.labels} labels are worth ≈ ${g.classical_labels} classical labels`,
  );
  const ppiNote = a.predictions
    ? [
        `${a.predictions.estimator} with the predictions of ${a.predictions.attr}${worth.length ? `; ${worth.join('; ')}` : ''}.`,
      ]
    : [];
  const rules = Object.keys(a.rules ?? {})
    .sort()
    .map((rule) => {
      const r = a.rules![rule]!;
      return {
        rule,
        labeled_hits: r.labeled_hits ?? 0,
        labeled_exclusive: r.labeled_exclusive ?? 0,
        precision: interval(r.precision),
        exclusive_precision: interval(r.exclusive_precision),
      };
    });
  const curves = Object.keys(a.thresholds ?? {})
    .sort()
    .map((attr) => curveOf(attr, a.thresholds![attr]!))
    .filter((c): c is CurveRow => c !== null);
  const ag = a.agreement;
  return {
    fingerprint: a.fingerprint,
    design: a.design,
    alpha: a.alpha,
    labels: a.labels,
    confusion: a.confusion,
    metrics,
    verdict: a.verdict,
    projection: projectionOf(s, a),
    rules,
    curves,
    agreement: ag
      ? {
          n: ag.n,
          kappa: num(ag.kappa),
          lo: num(ag.interval?.[0]),
          hi: num(ag.interval?.[1]),
          observed: num(ag.observed),
          pabak: num(ag.pabak),
        }
      : null,
    notes: [...ppiNote, ...(a.notes ?? [])],
  };
}
