/**
 * The report as plain data: run stats (+ an audit, + a few dropped documents) → `Summary`. The
 * renderers (Markdown, JSON, HTML) only format a Summary; every number a reader sees is computed
 * here, once. Pure: no I/O, no clock (the time of the report comes in as `generatedAt`, the only
 * field that differs between two reports of the same inputs).
 */
import { checkSample, projectCorpus, sampleMismatch, type Projected } from '../audit/projection.ts';
import { binValue, quantile, QUANTILES, type Histogram } from '../stats/histogram.ts';
import { conservation, type Stats } from '../stats/stats.ts';
import { rulesByHits, type ExampleDoc } from './examples.ts';
import { languageRows, type LanguageRow } from './languages.ts';
import { dedupSummary, type DedupInput, type DedupSummary } from './dedup.ts';
export type { LanguageRow } from './languages.ts';
export type { ExampleDoc } from './examples.ts';
import type { Excerpt } from './excerpt.ts';
import { compact, compactRange, count, pct, pctRange, round6 } from './format.ts';
import { fires, type ThresholdMark, type Thresholds } from './thresholds.ts';

/** Bumped when a field of the JSON report changes meaning or goes away. */
export const REPORT_VERSION = 1;

// ---------------------------------------------------------------------------------------------
// Inputs

export type { AuditMetric, AuditRecord } from '../formats/audit-record.ts';
import type { AuditMetric, AuditRecord } from '../formats/audit-record.ts';

export interface ExamplesInput {
  /** Examples wanted per rule. */
  per_rule: number;
  /** Where they were read from (`dropped/` of the run directory), null when there was nothing to read. */
  source: string | null;
  /** Dropped records read to find them. */
  scanned: number;
  /** Per rule, in shard order; a document several rules fired on may appear under each (same file and line: listed once). */
  byRule: Record<string, ExampleDoc[]>;
  /** Why there are none (dry run, --discard-dropped, …), when there are none. */
  note?: string;
}

export interface SummaryInput {
  stats: Stats;
  audit: AuditRecord | null;
  thresholds: Thresholds;
  examples: ExamplesInput;
  winnowVersion: string;
  /** ISO 8601 time of the report: the one non-deterministic field. */
  generatedAt: string;
  /** Paths as given on the command line (shown, never opened by the renderers). */
  inputs: { stats: string; run_dir: string | null; audit: string | null; config: string | null };
  /** The clusters of the run's `minhash` filter, when the report was given its config. */
  dedup?: DedupInput | null;
}

// ---------------------------------------------------------------------------------------------
// The Summary

export interface Interval {
  estimate: number | null;
  lo: number | null;
  hi: number | null;
}

export interface RuleRow {
  rule: string;
  hits: number;
  exclusive: number;
  /** Input tokens (characters without a tokenizer: see `funnel.unit`) of the documents it fired on. */
  tokens: number;
  exclusive_tokens: number;
  chars: number;
  /** hits / dropped documents. Rules overlap, so shares add up to more than 1. */
  share_docs: number | null;
  /** tokens / dropped tokens. */
  share_tokens: number | null;
  /** hits / documents scored (in − errors). */
  coverage: number | null;
}

export interface HistogramSummary {
  count: number;
  min: number | null;
  max: number | null;
  mean: number | null;
  /** p1 … p99, read from the log bins (±2 %). */
  quantiles: Record<string, number | null>;
}

export interface DisplayBin {
  /** [lo, hi) in attribute units (the last bin includes hi). */
  lo: number;
  hi: number;
  kept: number;
  dropped: number;
}

export interface AttributeRow {
  attr: string;
  thresholds: ThresholdMark[];
  kept: HistogramSummary;
  dropped: HistogramSummary;
  /** x scale of the chart: `symlog` (sign·ln(1+|x|)) for wide ranges, else `linear`. */
  scale: 'linear' | 'symlog';
  /** The stats' log bins regrouped into at most 40 equal bins of the chart's scale. */
  bins: DisplayBin[];
}

export interface MetricRow extends Interval {
  name: string;
  /** One-sided upper bound, for gating metrics. */
  upper: number | null;
  method: string;
}

export interface CurveRow {
  attr: string;
  rule: string;
  current: { op: string; threshold: number };
  auc: Interval & { method: string };
  /** Precision–recall points of the labeled sample, thresholds in attribute units. */
  points: { recall: number; precision: number; threshold: number }[];
  /** The curve's point nearest to the current threshold (the most lenient point where the rule fires). */
  current_point: { recall: number; precision: number } | null;
  /** The most lenient threshold whose FDR bound stays within budget (fixed-sequence), or null. */
  recommended: { op: string; threshold: number; recall: number | null; precision: number | null; fdr_upper: number | null } | null;
}

export interface AuditSummary {
  fingerprint: string;
  design: string;
  alpha: number;
  labels: { n: number; bad: number; good: number };
  confusion: AuditRecord['confusion'];
  metrics: MetricRow[];
  verdict: AuditRecord['verdict'];
  projection: {
    /** One plain sentence, from this run's exact counts and the audit's rates; null when nothing can be projected. */
    sentence: string | null;
    /** Why nothing is projected: the labels are no random sample of this run's corpus (simple random samples only). */
    sample_mismatch: string | null;
    unit: string;
    dropped_docs: number;
    kept_docs: number;
    dropped_tokens: number;
    kept_tokens: number;
    good_docs_dropped: Interval | null;
    good_tokens_dropped: Interval | null;
    bad_docs_kept: Interval | null;
    bad_tokens_kept: Interval | null;
    /** The sentence audit.json itself wrote (projected onto the stats it was given). */
    audit_sentence: string | null;
  };
  rules: { rule: string; labeled_hits: number; labeled_exclusive: number; precision: Interval | null; exclusive_precision: Interval | null }[];
  curves: CurveRow[];
  agreement: { n: number; kappa: number | null; lo: number | null; hi: number | null; observed: number | null; pabak: number | null } | null;
  notes: string[];
}

export interface Summary {
  report_version: number;
  /** The only field that differs between two reports of the same inputs. */
  generated_at: string;
  winnow_version: string;
  inputs: SummaryInput['inputs'];
  run: {
    fingerprint: string;
    tokenizer: string;
    shards: string[];
    /** Shards that could not be read to their end, with the reason. */
    failed_shards: Record<string, string>;
  };
  status: {
    /** What the stats record: dropping passed the audit gate. */
    audited: boolean;
    audit_attached: boolean;
    verdict: 'pass' | 'fail' | null;
    /** `AUDITED` or `UNAUDITED`. */
    label: string;
    headline: string;
  };
  /** The stats' counts (docs, chars, tokens: in / kept / dropped / errors / removed), and what they add up to. */
  funnel: Pick<Stats, 'lines' | 'blank' | 'docs' | 'chars' | 'tokens' | 'approximate_token_docs'> & {
    /** What `tokens` columns count: `tokens`, or `characters` with `tokenizer: none`. */
    unit: 'tokens' | 'characters';
    removed_spans: { name: string; docs: number; spans: number; chars: number }[];
    conservation: { ok: boolean; lines: string[] };
  };
  rules: RuleRow[];
  overlap: {
    /** Row and column order of `matrix`: the rules in table order. */
    rules: string[];
    /** matrix[i][j]: documents on which rules i and j both fired; the diagonal holds each rule's hits. */
    matrix: number[][];
    /** Pairs that co-fired, most first: both, and Jaccard = both / (hits_a + hits_b − both). */
    pairs: { a: string; b: string; both: number; jaccard: number }[];
  };
  thresholds: { source: Thresholds['source']; note: string };
  attributes: AttributeRow[];
  /** Per detected language, when the run had a `language` filter (absent otherwise). */
  languages?: LanguageRow[];
  /** The clusters of the `minhash` filter, when the report was given a config with one (absent otherwise). */
  dedup?: DedupSummary;
  audit: AuditSummary | null;
  examples: {
    per_rule: number;
    source: string | null;
    scanned: number;
    note: string | null;
    /** Each example document once, in the order the rules first show them. */
    documents: ExampleDoc[];
    /** Per rule, in table order: indices into `documents`. */
    rules: { rule: string; hits: number; documents: number[] }[];
  };
  warnings: string[];
}

// ---------------------------------------------------------------------------------------------

const num = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);
const ratioOf = (a: number, b: number): number | null => (b > 0 ? a / b : null);
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Rules most hits first, then by name. */
function ruleRows(s: Stats, droppedUnits: number): RuleRow[] {
  const scored = s.docs.in - s.docs.errors;
  return rulesByHits(s.rules).map((rule) => {
    const r = s.rules[rule]!;
    return {
      rule, hits: r.hits, exclusive: r.exclusive, tokens: r.tokens, exclusive_tokens: r.exclusive_tokens, chars: r.chars,
      share_docs: ratioOf(r.hits, s.docs.dropped), share_tokens: ratioOf(r.tokens, droppedUnits), coverage: ratioOf(r.hits, scored),
    };
  });
}

function overlapOf(s: Stats, rules: readonly RuleRow[]): Summary['overlap'] {
  const names = rules.map((r) => r.rule);
  const both = (a: string, b: string) => (a < b ? s.overlap[a]?.[b] : s.overlap[b]?.[a]) ?? 0;
  const matrix = names.map((a, i) => names.map((b, j) => (i === j ? rules[i]!.hits : both(a, b))));
  const pairs: Summary['overlap']['pairs'] = [];
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) {
      const n = matrix[i]![j]!;
      if (!n) continue;
      const [a, b] = names[i]! < names[j]! ? [names[i]!, names[j]!] : [names[j]!, names[i]!];
      pairs.push({ a, b, both: n, jaccard: round6(n / (rules[i]!.hits + rules[j]!.hits - n)) });
    }
  }
  pairs.sort((x, y) => y.both - x.both || cmp(x.a, y.a) || cmp(x.b, y.b));
  return { rules: names, matrix, pairs };
}

function histogramSummary(h: Histogram): HistogramSummary {
  const quantiles: Record<string, number | null> = {};
  for (const p of QUANTILES) quantiles[`p${Math.round(p * 100)}`] = h.count ? round6(quantile(h, p)) : null;
  return { count: h.count, min: h.count ? h.min : null, max: h.count ? h.max : null, mean: h.count ? round6(h.sum / h.count) : null, quantiles };
}

const BINS = 40;

/**
 * Regroups two log-binned histograms (and the thresholds, so they fall inside the axis) into at
 * most 40 equal bins of the chart's scale. A log bin goes where its representative value (clamped
 * to the exact min and max) falls, so a value is off by at most its bin's ±2 %.
 */
export function displayBins(kept: Histogram, dropped: Histogram, marks: readonly ThresholdMark[]): { scale: AttributeRow['scale']; bins: DisplayBin[] } {
  const hs = [kept, dropped].filter((h) => h.count > 0);
  const values = [...hs.flatMap((h) => [h.min, h.max]), ...marks.map((m) => m.threshold)].filter(Number.isFinite);
  if (!values.length) return { scale: 'linear', bins: [] };
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  const scale = Math.max(Math.abs(lo), Math.abs(hi)) >= 50 ? 'symlog' : 'linear';
  const t = scale === 'symlog' ? (v: number) => Math.sign(v) * Math.log1p(Math.abs(v)) : (v: number) => v;
  const inv = scale === 'symlog' ? (v: number) => Math.sign(v) * Math.expm1(Math.abs(v)) : (v: number) => v;
  if (lo === hi) {
    lo -= 0.5;
    hi += 0.5;
  }
  const t0 = t(lo);
  const w = (t(hi) - t0) / BINS;
  const bins: DisplayBin[] = Array.from({ length: BINS }, (_, i) => ({ lo: round6(inv(t0 + i * w)), hi: round6(i === BINS - 1 ? hi : inv(t0 + (i + 1) * w)), kept: 0, dropped: 0 }));
  bins[0]!.lo = round6(lo);
  for (const [key, h] of [['kept', kept], ['dropped', dropped]] as const) {
    for (const [k, c] of Object.entries(h.bins)) {
      const v = Math.min(h.max, Math.max(h.min, binValue(Number(k))));
      const i = Math.min(BINS - 1, Math.max(0, Math.floor((t(v) - t0) / w)));
      bins[i]![key] += c;
    }
  }
  return { scale, bins };
}

const METRIC_ORDER = ['precision', 'recall', 'recall_approximate', 'fdr', 'fpr', 'for', 'specificity', 'npv', 'accuracy', 'f1', 'mcc', 'token_fdr', 'token_for'];

const interval = (m: AuditMetric | null | undefined): Interval | null => (m ? { estimate: num(m.estimate), lo: num(m.lo), hi: num(m.hi) } : null);

function curveOf(attr: string, t: NonNullable<AuditRecord['thresholds']>[string]): CurveRow | null {
  const cur = t.current;
  if (!cur) return null;
  const sign = cur.op === '<' || cur.op === '<=' ? -1 : 1;
  // The audit orients scores so that higher means "more likely dropped"; back to attribute units.
  const points = (t.pr ?? [])
    .filter((p) => num(p.recall) !== null && num(p.precision) !== null && num(p.threshold) !== null)
    .map((p) => ({ recall: round6(p.recall!), precision: round6(p.precision!), threshold: round6(sign * p.threshold! || 0) }));
  const mark = { op: cur.op as ThresholdMark['op'], threshold: cur.threshold };
  let current: CurveRow['current_point'] = null;
  for (const p of points) if (fires(mark, p.threshold) && (!current || p.recall > current.recall)) current = { recall: p.recall, precision: p.precision };
  const r = t.recommended;
  return {
    attr, rule: t.rule ?? attr, current: { op: cur.op, threshold: cur.threshold },
    auc: { estimate: num(t.auc?.estimate), lo: num(t.auc?.lo), hi: num(t.auc?.hi), method: t.auc?.method ?? '' },
    points, current_point: current,
    recommended: r
      ? { op: r.op, threshold: r.threshold, recall: num(r.recall), precision: r.labeled_flagged > 0 ? round6(1 - r.labeled_good_flagged / r.labeled_flagged) : null, fdr_upper: num(r.fdr_upper) }
      : null,
  };
}

const fmtInterval = (p: Projected | undefined): Interval | null => (p ? { estimate: p.estimate, lo: p.interval[0], hi: p.interval[1] } : null);

/** The projection onto this run's exact counts (audit-methods.md §4), with one plain sentence. */
function projectionOf(s: Stats, a: AuditRecord): AuditSummary['projection'] {
  const t = s.tokens ?? s.chars;
  const unit = s.tokens ? 'tokens' : 'characters';
  const counts = { dropped: s.docs.dropped, kept: s.docs.kept, droppedTokens: t.dropped, keptTokens: t.kept + t.removed };
  const rate = (m?: AuditMetric): Projected | undefined => {
    const e = num(m?.estimate);
    const lo = num(m?.lo);
    const hi = num(m?.hi);
    return e !== null && lo !== null && hi !== null ? { estimate: e, interval: [lo, hi] } : undefined;
  };
  const p = projectCorpus(counts, { fdr: rate(a.metrics.fdr), tokenFdr: rate(a.metrics.token_fdr), for: rate(a.metrics.for), tokenFor: rate(a.metrics.token_for) });
  const fdr = rate(a.metrics.fdr);
  const tokFdr = rate(a.metrics.token_fdr);
  const forR = rate(a.metrics.for);
  const span = (x: Projected) => compactRange(x.interval[0], x.interval[1]);
  const level = ` (${Math.round(100 * (1 - a.alpha))} % intervals).`;
  // Labels drawn at random from another corpus say nothing about this one's counts.
  const check = a.design === 'simple-random-sample' ? checkSample(a.confusion.docs.tp + a.confusion.docs.fp, a.labels.n, counts) : null;
  let sentence: string | null = null;
  if (check && !check.consistent) sentence = null;
  else if (fdr) {
    // Document and token shares have intervals of their own: each is said with its own count.
    sentence =
      `Of the ${compact(counts.dropped)} documents this filter drops, an estimated ${pctRange(fdr.interval[0], fdr.interval[1])} are good` +
      (p.goodTokensLost ? `; of the ${compact(counts.droppedTokens)} ${unit} it drops, ${span(p.goodTokensLost)} are in good documents` : '') +
      (forR ? `; of the ${compact(counts.kept)} documents it keeps, ${pctRange(forR.interval[0], forR.interval[1])} are bad` : '') +
      level;
  } else if (tokFdr && p.goodTokensLost) {
    sentence = `Of the ${compact(counts.droppedTokens)} ${unit} this filter drops, an estimated ${pctRange(tokFdr.interval[0], tokFdr.interval[1])} (${span(p.goodTokensLost)}) are in good documents${level}`;
  }
  return {
    sentence, unit, sample_mismatch: check && !check.consistent ? sampleMismatch(check) : null, dropped_docs: counts.dropped, kept_docs: counts.kept, dropped_tokens: counts.droppedTokens, kept_tokens: counts.keptTokens,
    good_docs_dropped: fmtInterval(p.goodDocsDropped), good_tokens_dropped: fmtInterval(p.goodTokensLost),
    bad_docs_kept: fmtInterval(p.badDocsKept), bad_tokens_kept: fmtInterval(p.badTokensKept),
    audit_sentence: typeof a.projection?.sentence === 'string' ? a.projection.sentence : null,
  };
}

function auditSummary(s: Stats, a: AuditRecord): AuditSummary {
  const names = [...METRIC_ORDER.filter((n) => a.metrics[n]), ...Object.keys(a.metrics).filter((n) => !METRIC_ORDER.includes(n)).sort()];
  // A PPI++ metric is followed by its classical interval (`<name> (classical)`), so every table shows both.
  const metrics = names.flatMap((name) => {
    const m = a.metrics[name]!;
    const row = (n: string, x: AuditMetric) => ({ name: n, estimate: num(x.estimate), lo: num(x.lo), hi: num(x.hi), upper: num(x.upper), method: x.method ?? '' });
    return m.classical ? [row(name, m), row(`${name} (classical)`, m.classical)] : [row(name, m)];
  });
  const worth = Object.entries(a.predictions?.label_equivalent ?? {}).map(([rate, g]) => `${rate.toUpperCase()}: these ${g.labels} labels are worth ≈ ${g.classical_labels} classical labels`);
  const ppiNote = a.predictions ? [`${a.predictions.estimator} with the predictions of ${a.predictions.attr}${worth.length ? `; ${worth.join('; ')}` : ''}.`] : [];
  const rules = Object.keys(a.rules ?? {}).sort().map((rule) => {
    const r = a.rules![rule]!;
    return { rule, labeled_hits: r.labeled_hits ?? 0, labeled_exclusive: r.labeled_exclusive ?? 0, precision: interval(r.precision), exclusive_precision: interval(r.exclusive_precision) };
  });
  const curves = Object.keys(a.thresholds ?? {}).sort().map((attr) => curveOf(attr, a.thresholds![attr]!)).filter((c): c is CurveRow => c !== null);
  const ag = a.agreement;
  return {
    fingerprint: a.fingerprint, design: a.design, alpha: a.alpha, labels: a.labels, confusion: a.confusion, metrics,
    verdict: a.verdict, projection: projectionOf(s, a), rules, curves,
    agreement: ag ? { n: ag.n, kappa: num(ag.kappa), lo: num(ag.interval?.[0]), hi: num(ag.interval?.[1]), observed: num(ag.observed), pabak: num(ag.pabak) } : null,
    notes: [...ppiNote, ...(a.notes ?? [])],
  };
}

function statusOf(s: Stats, a: AuditRecord | null): Summary['status'] {
  const verdict = a ? (a.verdict.pass ? 'pass' : 'fail') : null;
  const bound = a ? `${a.verdict.metric} ≤ ${pct(a.verdict.fdr_upper)} (one-sided ${Math.round((1 - a.verdict.alpha) * 100)} % bound) against a budget of ${pct(a.verdict.max_fdr)}` : '';
  const attached = a ? ` An audit of this filter is attached: ${a.verdict.pass ? 'PASS' : 'FAIL'}, ${bound}.` : '';
  // The gate may have run with another --max-fdr than the audit's own verdict: say both.
  const gate = s.gate_max_fdr === null ? 'the audit gate' : `the audit gate at a budget of ${pct(s.gate_max_fdr)} (--max-fdr)`;
  const looser = a && s.gate_max_fdr !== null && s.gate_max_fdr > a.verdict.max_fdr
    ? ` The run's budget was looser than the audit's own ${pct(a.verdict.max_fdr)}.`
    : '';
  const headline = !s.audited
    ? `UNAUDITED: the stats record audited: false. These documents were dropped (or, in a dry run, would be) without passing the audit gate.${attached}`
    : a
      ? `AUDITED: dropping passed ${gate}, and the attached audit says ${a.verdict.pass ? 'PASS' : 'FAIL'}: ${bound}.${looser}`
      : `AUDITED: dropping passed ${gate} at run time, but no audit.json was given to this report (--audit), so its numbers are not shown.`;
  return { audited: s.audited, audit_attached: a !== null, verdict, label: s.audited ? 'AUDITED' : 'UNAUDITED', headline };
}

const THRESHOLD_NOTES: Record<Thresholds['source'], string> = {
  config: 'Thresholds are the rules of the filter config given to the report (its fingerprint matches the run).',
  audit: "Thresholds are the audit's current rule per swept attribute (one per attribute; pass -c/--preset for every rule).",
  none: 'No thresholds are marked: pass --audit audit.json or the filter config (-c FILE | --preset NAME).',
};

/** Builds the report's data. Deterministic for the same inputs (`generatedAt` aside). */
export function buildSummary(i: SummaryInput): Summary {
  const s = i.stats;
  const a = i.audit;
  const unitCounts = s.tokens ?? s.chars;
  const rules = ruleRows(s, unitCounts.dropped);
  const cons = conservation(s);
  const marksByAttr = new Map<string, ThresholdMark[]>();
  for (const m of i.thresholds.marks) marksByAttr.set(m.attr, [...(marksByAttr.get(m.attr) ?? []), m]);
  const attributes = Object.keys(s.attributes).sort().map((attr) => {
    const h = s.attributes[attr]!;
    const marks = marksByAttr.get(attr) ?? [];
    return { attr, thresholds: marks, kept: histogramSummary(h.kept), dropped: histogramSummary(h.dropped), ...displayBins(h.kept, h.dropped, marks) };
  });
  const warnings: string[] = [];
  if (!cons.ok) warnings.push(`Conservation check FAILED: ${cons.lines.filter((l) => l.includes('MISMATCH')).join('; ')}`);
  for (const [shard, why] of Object.entries(s.failed).sort()) warnings.push(`Shard ${shard} could not be read to its end: ${why}`);
  if (s.accepted_foreign_audit) {
    warnings.push('The audit gate let this run drop with an audit whose labels are not a sample of the corpus it checked (--accept-foreign-audit): its error rates need not hold for this corpus.');
  }
  if (s.approximate_token_docs) warnings.push(`${count(s.approximate_token_docs)} documents have approximate token counts (a piece over 10,000 code points).`);
  const missingMarks = i.thresholds.marks.filter((m) => !s.attributes[m.attr]).map((m) => m.attr);
  if (missingMarks.length) warnings.push(`Thresholds on attributes the stats have no histogram of: ${[...new Set(missingMarks)].join(', ')}`);
  const audit = a ? auditSummary(s, a) : null;
  const languages = languageRows(s);
  if (audit?.projection.sample_mismatch) warnings.push(audit.projection.sample_mismatch);
  // A document that several rules fired on is listed once and referred to by index.
  const documents: ExampleDoc[] = [];
  const index = new Map<string, number>();
  const indexOf = (d: ExampleDoc) => {
    const key = `${d.file}\n${d.line}`;
    let k = index.get(key);
    if (k === undefined) index.set(key, (k = documents.push(d) - 1));
    return k;
  };
  const exampleRules = rules.map((r) => ({ rule: r.rule, hits: r.hits, documents: (i.examples.byRule[r.rule] ?? []).map(indexOf) }));
  return {
    report_version: REPORT_VERSION,
    generated_at: i.generatedAt,
    winnow_version: i.winnowVersion,
    inputs: i.inputs,
    run: { fingerprint: s.fingerprint, tokenizer: s.tokenizer, shards: [...s.shards], failed_shards: { ...s.failed } },
    status: statusOf(s, a),
    funnel: {
      unit: s.tokens ? 'tokens' : 'characters', lines: s.lines, blank: s.blank,
      docs: s.docs, chars: s.chars, tokens: s.tokens, approximate_token_docs: s.approximate_token_docs,
      removed_spans: Object.keys(s.spans).sort().map((name) => ({ name, ...s.spans[name]! })),
      conservation: cons,
    },
    rules,
    overlap: overlapOf(s, rules),
    thresholds: { source: i.thresholds.source, note: THRESHOLD_NOTES[i.thresholds.source] },
    attributes,
    ...(languages && { languages }),
    ...(i.dedup && { dedup: dedupSummary(i.dedup) }),
    audit,
    examples: {
      per_rule: i.examples.per_rule, source: i.examples.source, scanned: i.examples.scanned, note: i.examples.note ?? null,
      documents, rules: exampleRules,
    },
    warnings,
  };
}
