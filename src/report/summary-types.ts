/**
 * The report's data shapes: what buildSummary takes (`SummaryInput`) and what every renderer reads
 * (`Summary`, the JSON report's fields). Types only.
 */
import type { AuditRecord } from '../formats/audit-record.ts';
import type { Stats } from '../stats/stats.ts';
import type { DedupInput, DedupSummary } from './dedup.ts';
import type { ExampleDoc } from './examples.ts';
import type { LanguageRow } from './languages.ts';
import type { LearnedInput, LearnedSummary } from './learned.ts';
import type { ThresholdMark, Thresholds } from './thresholds.ts';

// ---------------------------------------------------------------------------------------------
// Inputs

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
  /** The models of the config's `quality` filters (their headers), when the report was given it. */
  models?: LearnedInput[] | null;
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
  recommended: {
    op: string;
    threshold: number;
    recall: number | null;
    precision: number | null;
    fdr_upper: number | null;
  } | null;
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
  rules: {
    rule: string;
    labeled_hits: number;
    labeled_exclusive: number;
    precision: Interval | null;
    exclusive_precision: Interval | null;
  }[];
  curves: CurveRow[];
  agreement: {
    n: number;
    kappa: number | null;
    lo: number | null;
    hi: number | null;
    observed: number | null;
    pabak: number | null;
  } | null;
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
  funnel: Pick<
    Stats,
    'lines' | 'blank' | 'docs' | 'chars' | 'tokens' | 'approximate_token_docs'
  > & {
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
  /**
   * The learned screen next to the heuristics: ROC curves of every swept attribute on the audit's
   * labels, the quality model's among them, and what each model weighs most. Absent when there
   * is neither a model nor an audit with ROC curves.
   */
  learned?: LearnedSummary;
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
