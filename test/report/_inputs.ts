/** Small hand-built report inputs: stats of 10 documents, an audit of the same filter, examples. */
import { addDocument, addError, emptyStats, type Stats } from '../../src/stats/stats.ts';
import { excerptOf } from '../../src/report/excerpt.ts';
import {
  buildSummary,
  type AuditRecord,
  type ExampleDoc,
  type SummaryInput,
} from '../../src/report/summary.ts';
import type { Thresholds } from '../../src/report/thresholds.ts';

export const FP = 'sha256:' + 'ab'.repeat(32);
export const NOW = '2030-01-02T03:04:05.000Z';

/** Hostile document texts: markup, script, event handlers, links, control characters, backticks. */
export const HOSTILE = [
  "<script>document.title='pwned';window.__pwned=1</script>",
  '</style><script>window.__pwned=1</script>',
  '<img src=x onerror="window.__pwned=1">',
  '<a href="javascript:window.__pwned=1">x</a>',
  '"><svg onload=alert(1)> & \' `code` ```fence``` | *em* _u_ [l](javascript:x) # h',
  'terminal \u001b[2J\u001b[31mred\u001b[0m and \r overprint, bidi \u202eevil\u202c',
];

/**
 * 10 scored documents and 1 bad line: 6 kept, 4 dropped by two rules (`q/short`, `q/junk`,
 * overlapping on one document); attribute `q.words` with a threshold `< 5`.
 */
export function smallStats(audited = true): Stats {
  const s = emptyStats('a.jsonl', FP, 'cl100k_base', audited);
  const kept = [20, 30, 40, 50, 60, 70];
  for (const w of kept)
    addDocument(s, {
      reasons: [],
      attrs: { 'q.words': w, 'q.junk_ratio': 0.01 },
      chars: w * 5,
      tokens: w,
      approximateTokens: false,
    });
  addDocument(s, {
    reasons: ['q/short'],
    attrs: { 'q.words': 2, 'q.junk_ratio': 0 },
    chars: 10,
    tokens: 3,
    approximateTokens: false,
  });
  addDocument(s, {
    reasons: ['q/short'],
    attrs: { 'q.words': 3, 'q.junk_ratio': 0 },
    chars: 15,
    tokens: 4,
    approximateTokens: false,
  });
  addDocument(s, {
    reasons: ['q/junk'],
    attrs: { 'q.words': 40, 'q.junk_ratio': 0.9 },
    chars: 200,
    tokens: 80,
    approximateTokens: false,
  });
  addDocument(s, {
    reasons: ['q/short', 'q/junk'],
    attrs: { 'q.words': 1, 'q.junk_ratio': 1 },
    chars: 5,
    tokens: 2,
    approximateTokens: false,
  });
  addError(s);
  s.lines = 12;
  s.blank = 1;
  return s;
}

const m = (estimate: number, lo: number, hi: number, upper?: number) => ({
  estimate,
  lo,
  hi,
  ...(upper !== undefined && { upper }),
  method: 'Wilson',
});

export function smallAudit(pass = true): AuditRecord {
  return {
    fingerprint: FP,
    design: 'simple-random-sample',
    alpha: 0.05,
    labels: { n: 100, bad: 40, good: 60 },
    confusion: {
      docs: { tp: 30, fp: 3, fn: 10, tn: 57 },
      tokens: { tp: 3000, fp: 120, fn: 900, tn: 9000 },
    },
    metrics: {
      precision: m(0.909, 0.764, 0.969),
      recall: m(0.75, 0.598, 0.858),
      fdr: m(0.091, 0.031, 0.236, pass ? 0.08 : 0.21),
      for: m(0.149, 0.083, 0.253),
      token_fdr: m(0.038, 0.01, 0.12, 0.1),
      f1: { estimate: 0.82, lo: null, hi: null, method: 'bootstrap' },
    },
    rules: {
      'q/short': {
        labeled_hits: 20,
        labeled_exclusive: 15,
        precision: m(0.95, 0.76, 0.99),
        exclusive_precision: null,
      },
    },
    thresholds: {
      'q.words': {
        rule: 'q/short',
        current: { op: '<', threshold: 5 },
        auc: { estimate: 0.81, lo: 0.7, hi: 0.9, method: 'DeLong, logit' },
        // Oriented scores (higher = more likely dropped): −words.
        pr: [
          { recall: 0.2, precision: 1, threshold: -1 },
          { recall: 0.5, precision: 0.9, threshold: -4 },
          { recall: 0.8, precision: 0.6, threshold: -10 },
          { recall: 1, precision: 0.4, threshold: -70 },
        ],
        recommended: {
          op: '<=',
          threshold: 4,
          labeled_flagged: 10,
          labeled_good_flagged: 1,
          fdr_upper: 0.08,
          recall: 0.5,
        },
      },
    },
    projection: { sentence: 'audit sentence' },
    agreement: null,
    notes: [],
    verdict: {
      pass,
      fingerprint: FP,
      metric: 'fdr',
      fdr_upper: pass ? 0.08 : 0.21,
      max_fdr: 0.1,
      alpha: 0.05,
      reasons: pass ? [] : ['fdr upper bound 21.0 % exceeds the budget 10.0 %'],
    },
  };
}

/** One example document per hostile text, all dropped by `q/junk`, with a span over the payload. */
export function hostileExamples(): ExampleDoc[] {
  return HOSTILE.map((text, i) => {
    const spans = {
      'q.bad_spans': [[0, Math.min(12, text.length), 1] as [number, number, number]],
    };
    return {
      id: `<b>id-${i}</b>`,
      shard: 'a.jsonl',
      file: 'dropped/a.jsonl',
      line: i + 1,
      reasons: ['q/junk', '<i>rule</i>'],
      span_counts: { 'q.bad_spans': 1 },
      excerpt: excerptOf(text, spans),
    };
  });
}

export const auditThresholds: Thresholds = {
  source: 'audit',
  marks: [{ attr: 'q.words', rule: 'q/short', op: '<', threshold: 5 }],
};

export function input(over: Partial<SummaryInput> = {}): SummaryInput {
  return {
    stats: smallStats(),
    audit: smallAudit(),
    thresholds: auditThresholds,
    examples: {
      per_rule: 3,
      source: 'run/dropped/',
      scanned: 4,
      byRule: { 'q/junk': hostileExamples().slice(0, 3), 'q/short': hostileExamples().slice(3) },
    },
    winnowVersion: '9.9.9',
    generatedAt: NOW,
    inputs: { stats: 'run/stats.json', run_dir: 'run', audit: 'audit.json', config: null },
    ...over,
  };
}

export const summary = (over: Partial<SummaryInput> = {}) => buildSummary(input(over));
