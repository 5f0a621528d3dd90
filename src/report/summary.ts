/**
 * The report as plain data: run stats (+ an audit, + a few dropped documents) → `Summary`. The
 * renderers (Markdown, JSON, HTML) only format a Summary; every number a reader sees is computed
 * here, once. Pure: no I/O, no clock (the time of the report comes in as `generatedAt`, the only
 * field that differs between two reports of the same inputs).
 */
import { binValue, quantile, QUANTILES, type Histogram } from '../stats/histogram.ts';
import { conservation, type Stats } from '../stats/stats.ts';
import { rulesByHits, type ExampleDoc } from './examples.ts';
import type { AuditRecord } from '../formats/audit-record.ts';
import { languageRows } from './languages.ts';
import { dedupSummary } from './dedup.ts';
import { auditSummary } from './audit-summary.ts';
import { learnedSummary } from './learned.ts';
export type { LanguageRow } from './languages.ts';
export type { ExampleDoc } from './examples.ts';
import { count, pct, round6 } from './format.ts';
import type { ThresholdMark, Thresholds } from './thresholds.ts';
import type {
  AttributeRow,
  DisplayBin,
  HistogramSummary,
  RuleRow,
  Summary,
  SummaryInput,
} from './summary-types.ts';
export type * from './summary-types.ts';
export type { AuditMetric, AuditRecord } from '../formats/audit-record.ts';

/** Bumped when a field of the JSON report changes meaning or goes away. */
export const REPORT_VERSION = 1;

// ---------------------------------------------------------------------------------------------

const ratioOf = (a: number, b: number): number | null => (b > 0 ? a / b : null);
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Rules most hits first, then by name. */
function ruleRows(s: Stats, droppedUnits: number): RuleRow[] {
  const scored = s.docs.in - s.docs.errors;
  return rulesByHits(s.rules).map((rule) => {
    const r = s.rules[rule]!;
    return {
      rule,
      hits: r.hits,
      exclusive: r.exclusive,
      tokens: r.tokens,
      exclusive_tokens: r.exclusive_tokens,
      chars: r.chars,
      share_docs: ratioOf(r.hits, s.docs.dropped),
      share_tokens: ratioOf(r.tokens, droppedUnits),
      coverage: ratioOf(r.hits, scored),
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
  for (const p of QUANTILES)
    quantiles[`p${Math.round(p * 100)}`] = h.count ? round6(quantile(h, p)) : null;
  return {
    count: h.count,
    min: h.count ? h.min : null,
    max: h.count ? h.max : null,
    mean: h.count ? round6(h.sum / h.count) : null,
    quantiles,
  };
}

const BINS = 40;

/**
 * Regroups two log-binned histograms (and the thresholds, so they fall inside the axis) into at
 * most 40 equal bins of the chart's scale. A log bin goes where its representative value (clamped
 * to the exact min and max) falls, so a value is off by at most its bin's ±2 %.
 */
export function displayBins(
  kept: Histogram,
  dropped: Histogram,
  marks: readonly ThresholdMark[],
): { scale: AttributeRow['scale']; bins: DisplayBin[] } {
  const hs = [kept, dropped].filter((h) => h.count > 0);
  const values = [...hs.flatMap((h) => [h.min, h.max]), ...marks.map((m) => m.threshold)].filter(
    Number.isFinite,
  );
  if (!values.length) return { scale: 'linear', bins: [] };
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  const scale = Math.max(Math.abs(lo), Math.abs(hi)) >= 50 ? 'symlog' : 'linear';
  const t =
    scale === 'symlog' ? (v: number) => Math.sign(v) * Math.log1p(Math.abs(v)) : (v: number) => v;
  const inv =
    scale === 'symlog' ? (v: number) => Math.sign(v) * Math.expm1(Math.abs(v)) : (v: number) => v;
  if (lo === hi) {
    lo -= 0.5;
    hi += 0.5;
  }
  const t0 = t(lo);
  const w = (t(hi) - t0) / BINS;
  const bins: DisplayBin[] = Array.from({ length: BINS }, (_, i) => ({
    lo: round6(inv(t0 + i * w)),
    hi: round6(i === BINS - 1 ? hi : inv(t0 + (i + 1) * w)),
    kept: 0,
    dropped: 0,
  }));
  bins[0]!.lo = round6(lo);
  for (const [key, h] of [
    ['kept', kept],
    ['dropped', dropped],
  ] as const) {
    for (const [k, c] of Object.entries(h.bins)) {
      const v = Math.min(h.max, Math.max(h.min, binValue(Number(k))));
      const i = Math.min(BINS - 1, Math.max(0, Math.floor((t(v) - t0) / w)));
      bins[i]![key] += c;
    }
  }
  return { scale, bins };
}

function statusOf(s: Stats, a: AuditRecord | null): Summary['status'] {
  const verdict = a ? (a.verdict.pass ? 'pass' : 'fail') : null;
  const bound = a
    ? `${a.verdict.metric} ≤ ${pct(a.verdict.fdr_upper)} (one-sided ${Math.round((1 - a.verdict.alpha) * 100)} % bound) against a budget of ${pct(a.verdict.max_fdr)}`
    : '';
  const attached = a
    ? ` An audit of this filter is attached: ${a.verdict.pass ? 'PASS' : 'FAIL'}, ${bound}.`
    : '';
  // The gate may have run with another --max-fdr than the audit's own verdict: say both.
  const gate =
    s.gate_max_fdr === null
      ? 'the audit gate'
      : `the audit gate at a budget of ${pct(s.gate_max_fdr)} (--max-fdr)`;
  const looser =
    a && s.gate_max_fdr !== null && s.gate_max_fdr > a.verdict.max_fdr
      ? ` The run's budget was looser than the audit's own ${pct(a.verdict.max_fdr)}.`
      : '';
  const headline = !s.audited
    ? `UNAUDITED: the stats record audited: false. These documents were dropped (or, in a dry run, would be) without passing the audit gate.${attached}`
    : a
      ? `AUDITED: dropping passed ${gate}, and the attached audit says ${a.verdict.pass ? 'PASS' : 'FAIL'}: ${bound}.${looser}`
      : `AUDITED: dropping passed ${gate} at run time, but no audit.json was given to this report (--audit), so its numbers are not shown.`;
  return {
    audited: s.audited,
    audit_attached: a !== null,
    verdict,
    label: s.audited ? 'AUDITED' : 'UNAUDITED',
    headline,
  };
}

const THRESHOLD_NOTES: Record<Thresholds['source'], string> = {
  config:
    'Thresholds are the rules of the filter config given to the report (its fingerprint matches the run).',
  audit:
    "Thresholds are the audit's current rule per swept attribute (one per attribute; pass -c/--preset for every rule).",
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
  for (const m of i.thresholds.marks)
    marksByAttr.set(m.attr, [...(marksByAttr.get(m.attr) ?? []), m]);
  const attributes = Object.keys(s.attributes)
    .sort()
    .map((attr) => {
      const h = s.attributes[attr]!;
      const marks = marksByAttr.get(attr) ?? [];
      return {
        attr,
        thresholds: marks,
        kept: histogramSummary(h.kept),
        dropped: histogramSummary(h.dropped),
        ...displayBins(h.kept, h.dropped, marks),
      };
    });
  const warnings: string[] = [];
  if (!cons.ok)
    warnings.push(
      `Conservation check FAILED: ${cons.lines.filter((l) => l.includes('MISMATCH')).join('; ')}`,
    );
  for (const [shard, why] of Object.entries(s.failed).sort())
    warnings.push(`Shard ${shard} could not be read to its end: ${why}`);
  if (s.accepted_foreign_audit) {
    warnings.push(
      'The audit gate let this run drop with an audit whose labels are not a sample of the corpus it checked (--accept-foreign-audit): its error rates need not hold for this corpus.',
    );
  }
  if (s.approximate_token_docs)
    warnings.push(
      `${count(s.approximate_token_docs)} documents have approximate token counts (a piece over 10,000 code points).`,
    );
  const missingMarks = i.thresholds.marks.filter((m) => !s.attributes[m.attr]).map((m) => m.attr);
  if (missingMarks.length)
    warnings.push(
      `Thresholds on attributes the stats have no histogram of: ${[...new Set(missingMarks)].join(', ')}`,
    );
  const audit = a ? auditSummary(s, a) : null;
  const learned = learnedSummary(a, i.models ?? []);
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
  const exampleRules = rules.map((r) => ({
    rule: r.rule,
    hits: r.hits,
    documents: (i.examples.byRule[r.rule] ?? []).map(indexOf),
  }));
  return {
    report_version: REPORT_VERSION,
    generated_at: i.generatedAt,
    winnow_version: i.winnowVersion,
    inputs: i.inputs,
    run: {
      fingerprint: s.fingerprint,
      tokenizer: s.tokenizer,
      shards: [...s.shards],
      failed_shards: { ...s.failed },
    },
    status: statusOf(s, a),
    funnel: {
      unit: s.tokens ? 'tokens' : 'characters',
      lines: s.lines,
      blank: s.blank,
      docs: s.docs,
      chars: s.chars,
      tokens: s.tokens,
      approximate_token_docs: s.approximate_token_docs,
      removed_spans: Object.keys(s.spans)
        .sort()
        .map((name) => ({ name, ...s.spans[name]! })),
      conservation: cons,
    },
    rules,
    overlap: overlapOf(s, rules),
    thresholds: { source: i.thresholds.source, note: THRESHOLD_NOTES[i.thresholds.source] },
    attributes,
    ...(languages && { languages }),
    ...(i.dedup && { dedup: dedupSummary(i.dedup) }),
    ...(learned && { learned }),
    audit,
    examples: {
      per_rule: i.examples.per_rule,
      source: i.examples.source,
      scanned: i.examples.scanned,
      note: i.examples.note ?? null,
      documents,
      rules: exampleRules,
    },
    warnings,
  };
}
