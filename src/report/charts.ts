/**
 * The report's charts: Vega-Lite specs compiled by vega-lite and rendered to SVG strings by
 * vega's headless view (renderer 'none' + toSVG), in Node, without a browser or the network:
 * every spec carries its data inline. vega and vega-lite live behind this one file.
 *
 * Data strings (rule and attribute names) only ever appear as data values and literal titles,
 * which vega writes as escaped SVG text; they are never used as field names or inside
 * expressions. Renders run one after another from `resetChartIds()`, so the SVG definition ids
 * vega numbers globally are the same on every run and unique within one page.
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { escapeHtml } from './escape.ts';
import type { AttributeRow, AuditSummary, CurveRow, Summary } from './summary.ts';
import type { DedupSummary } from './dedup.ts';
import type { LearnedSummary } from './learned.ts';
import { count, markText } from './format.ts';

export const COLORS = { kept: '#4c78a8', dropped: '#e45756', errors: '#9d755d', removed: '#f58518', threshold: '#222222', good: '#54a24b' };

const FONT = 'Arial, Helvetica, "Liberation Sans", sans-serif';
const CONFIG = {
  // No ARIA label on every mark (it was 40 % of the page's bytes): the tables beside each chart
  // carry the numbers, and each chart's `description` labels its SVG.
  aria: false,
  font: FONT,
  view: { stroke: '#ddd' },
  axis: { labelFontSize: 11, titleFontSize: 11, titleFontWeight: 'normal' as const, labelLimit: 320 },
  title: { fontSize: 13, subtitleFontSize: 11, anchor: 'start' as const, subtitleColor: '#555' },
  legend: { labelFontSize: 11, titleFontSize: 11 },
};

const silent = vega.logger(vega.None);

/**
 * Text widths. Without node-canvas (a native module we do not want) vega estimates every glyph at
 * 0.8 em, twice a real sans-serif's average, so labels get cut and charts padded. vega supports a
 * user-defined `textMetrics.width` (vl-convert does the same): ours sums Helvetica/Arial advance
 * widths per character, ×1.12 so that DejaVu Sans (the Linux fallback, wider) still fits. It returns
 * the untruncated width, which is what vega's own truncation expects from it.
 */
const ASCII_WIDTHS = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // space ! " # $ % & ' ( ) * + , - . /
  556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, // 0-9 : ; < = > ?
  1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, // @ A-O
  667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, // P-Z [ \ ] ^ _
  333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, // ` a-o
  556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, // p-z { | } ~
];
const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/;

function textWidth(item: { fontSize?: number; fontWeight?: string | number; text?: unknown }, text?: unknown): number {
  const s = String(text ?? '').trim();
  const size = item.fontSize != null ? +item.fontSize || 0 : 11;
  let em = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    em += c >= 32 && c <= 126 ? ASCII_WIDTHS[c - 32]! / 1000 : WIDE.test(ch) ? 1 : 0.6;
  }
  const bold = item.fontWeight === 'bold' || Number(item.fontWeight) >= 600 ? 1.06 : 1;
  return em * size * bold * 1.12;
}
(vega as unknown as { textMetrics: { width: typeof textWidth } }).textMetrics.width = textWidth; // not in vega's typings

/** Restarts vega's global SVG id counter: call once before the charts of one page. */
export function resetChartIds(): void {
  vega.resetSVGDefIds();
}

/** Compiles a Vega-Lite spec and renders it to an SVG string, labelled `label` for screen readers. */
export async function renderSvg(spec: TopLevelSpec, label = ''): Promise<string> {
  const { spec: vg } = compile({ ...spec, config: { ...CONFIG, ...(spec.config ?? {}) } } as TopLevelSpec, { logger: silent as never });
  const view = new vega.View(vega.parse(vg), { renderer: 'none', logLevel: vega.None });
  try {
    const svg = await view.toSVG();
    return label ? svg.replace(/^<svg /, `<svg role="img" aria-label="${escapeHtml(label)}" `) : svg;
  } finally {
    view.finalize();
  }
}

/** Documents and tokens (or chars) in, split into kept / dropped / errors / removed, as shares. */
export function funnelSpec(s: Summary): TopLevelSpec {
  const f = s.funnel;
  const rows: { measure: string; outcome: string; value: number; order: number }[] = [];
  const measures: [string, typeof f.docs | null][] = [['documents', f.docs], [f.unit === 'tokens' ? 'tokens' : 'characters', f.unit === 'tokens' ? f.tokens : f.chars]];
  const outcomes = ['kept', 'dropped', 'errors', 'removed'] as const;
  for (const [measure, c] of measures) {
    if (!c) continue;
    outcomes.forEach((o, order) => {
      if (c[o] > 0) rows.push({ measure, outcome: o, value: c[o], order });
    });
  }
  return {
    width: 560,
    height: { step: 28 },
    data: { values: rows },
    mark: { type: 'bar' },
    encoding: {
      y: { field: 'measure', type: 'nominal', title: null, sort: null },
      x: { field: 'value', type: 'quantitative', stack: 'normalize', title: 'share of input', axis: { format: '.0%' } },
      color: { field: 'outcome', type: 'nominal', scale: { domain: [...outcomes], range: [COLORS.kept, COLORS.dropped, COLORS.errors, COLORS.removed] }, legend: { orient: 'bottom', title: null } },
      order: { field: 'order', type: 'quantitative' },
    },
  };
}

/** Hits and exclusive drops per rule, most hits first. */
export function rulesSpec(s: Summary): TopLevelSpec {
  const values = s.rules.map((r, order) => ({ rule: r.rule, hits: r.hits, exclusive: r.exclusive, order }));
  const y = { field: 'rule', type: 'nominal' as const, title: null, sort: { field: 'order' } };
  return {
    width: 360,
    height: { step: 18 },
    data: { values },
    layer: [
      { mark: { type: 'bar', color: '#9ecae9' }, encoding: { y, x: { field: 'hits', type: 'quantitative', title: 'documents (light: hits; dark: only this rule fired)' } } },
      { mark: { type: 'bar', color: COLORS.kept }, encoding: { y, x: { field: 'exclusive', type: 'quantitative' } } },
      { mark: { type: 'text', align: 'left', dx: 3, fontSize: 10 }, encoding: { y, x: { field: 'hits', type: 'quantitative' }, text: { field: 'hits', type: 'quantitative', format: ',' } } },
    ],
  };
}

/** A rule's family: its name with every number as `#` (`gopher_repetition/top_#_gram`). */
export const ruleFamily = (rule: string): string => rule.replace(/\d+/g, '#');

/**
 * The rules the overlap matrix shows: at most `max`, most hits first, one per family (the
 * n-gram rules of one family fire on nearly the same documents: one of them stands for the rest).
 * `folded` maps each shown rule to the family members it stands for.
 */
export function matrixRules(s: Summary, max: number): { shown: string[]; folded: Map<string, string[]> } {
  const byFamily = new Map<string, string>();
  const folded = new Map<string, string[]>();
  const shown: string[] = [];
  for (const r of s.overlap.rules) {
    const first = byFamily.get(ruleFamily(r));
    if (first !== undefined) folded.get(first)!.push(r);
    else if (shown.length < max) {
      byFamily.set(ruleFamily(r), r);
      folded.set(r, []);
      shown.push(r);
    }
  }
  return { shown, folded };
}

/** The overlap matrix: documents on which both rules fired (diagonal: hits), for the rules `names`. */
export function overlapSpec(s: Summary, names: readonly string[] = s.overlap.rules): TopLevelSpec {
  const index = names.map((r) => s.overlap.rules.indexOf(r));
  const values: { a: string; b: string; n: number; ai: number; bi: number }[] = [];
  names.forEach((a, i) => names.forEach((b, j) => values.push({ a, b, n: s.overlap.matrix[index[i]!]![index[j]!]!, ai: i, bi: j })));
  const top = Math.max(1, ...values.filter((v) => v.ai !== v.bi).map((v) => v.n));
  const x = { field: 'b', type: 'nominal' as const, title: null, sort: { field: 'bi' }, axis: { labelAngle: -50, labelLimit: 320, orient: 'top' as const } };
  const y = { field: 'a', type: 'nominal' as const, title: null, sort: { field: 'ai' }, axis: { labelLimit: 320 } };
  return {
    width: { step: 22 },
    height: { step: 22 },
    data: { values },
    layer: [
      {
        mark: { type: 'rect' },
        encoding: {
          x, y,
          color: {
            condition: { test: 'datum.ai === datum.bi', value: '#eeeeee' },
            field: 'n', type: 'quantitative', scale: { scheme: 'blues', domain: [0, top] }, legend: null,
          },
        },
      },
      {
        mark: { type: 'text', fontSize: 9 },
        encoding: {
          x, y,
          text: { field: 'n', type: 'quantitative', format: ',' },
          color: { condition: { test: `datum.ai !== datum.bi && datum.n > ${top * 0.6}`, value: 'white' }, value: '#333' },
        },
      },
    ],
  };
}

/** Metrics of the audit: estimate, interval and (gating metrics) the one-sided upper bound. */
export function metricsSpec(a: AuditSummary): TopLevelSpec {
  const values = a.metrics.filter((m) => m.estimate !== null).map((m, order) => ({ name: m.name, estimate: m.estimate, lo: m.lo ?? m.estimate, hi: m.hi ?? m.estimate, upper: m.upper, order }));
  const y = { field: 'name', type: 'nominal' as const, title: null, sort: { field: 'order' } };
  const x = { type: 'quantitative' as const, scale: { domain: [0, 1] }, axis: { format: '.0%' } };
  return {
    width: 360,
    height: { step: 20 },
    data: { values },
    layer: [
      { mark: { type: 'rule', strokeWidth: 2, color: '#888' }, encoding: { y, x: { field: 'lo', ...x, title: `estimate and ${Math.round((1 - a.alpha) * 100)} % interval (red tick: one-sided upper bound)` }, x2: { field: 'hi' } } },
      { mark: { type: 'point', filled: true, size: 40, color: COLORS.kept }, encoding: { y, x: { field: 'estimate', ...x } } },
      { transform: [{ filter: 'isValid(datum.upper)' }], mark: { type: 'tick', color: COLORS.dropped, thickness: 2, size: 12 }, encoding: { y, x: { field: 'upper', ...x } } },
    ],
  };
}

/** A precision–recall curve with the current threshold's point and the suggested one. */
export function prSpec(c: CurveRow): TopLevelSpec {
  const values = [
    ...c.points.map((p, i) => ({ kind: 'curve', recall: p.recall, precision: p.precision, i })),
    ...(c.current_point ? [{ kind: 'now', ...c.current_point, i: 0 }] : []),
    ...(c.recommended && c.recommended.recall !== null && c.recommended.precision !== null ? [{ kind: 'suggested', recall: c.recommended.recall, precision: c.recommended.precision, i: 0 }] : []),
  ];
  const unit = { type: 'quantitative' as const, scale: { domain: [0, 1] }, axis: { format: '.0%', tickCount: 5 } };
  const auc = c.auc.estimate === null ? '' : `AUC ${c.auc.estimate.toFixed(3)}`;
  return {
    width: 190,
    height: 130,
    title: { text: c.attr, subtitle: `${auc}${auc ? '; ' : ''}now ${markText(c.current)}${c.recommended ? `, suggested ${markText(c.recommended)}` : ''}` },
    data: { values },
    layer: [
      { transform: [{ filter: "datum.kind === 'curve'" }], mark: { type: 'line', point: { size: 12 }, color: COLORS.kept }, encoding: { x: { field: 'recall', ...unit, title: 'recall' }, y: { field: 'precision', ...unit, title: 'precision' }, order: { field: 'i', type: 'quantitative' } } },
      { transform: [{ filter: "datum.kind === 'now'" }], mark: { type: 'point', shape: 'circle', size: 90, filled: true, color: COLORS.dropped }, encoding: { x: { field: 'recall', ...unit }, y: { field: 'precision', ...unit } } },
      { transform: [{ filter: "datum.kind === 'suggested'" }], mark: { type: 'point', shape: 'diamond', size: 90, filled: true, color: COLORS.good }, encoding: { x: { field: 'recall', ...unit }, y: { field: 'precision', ...unit } } },
    ],
  };
}

/** Kept vs dropped distribution of one attribute (share of each group per bin), thresholds marked. */
export function histogramSpec(x: AttributeRow): TopLevelSpec {
  const values: { lo: number; hi: number; share: number; outcome: string }[] = [];
  for (const o of ['kept', 'dropped'] as const) {
    const total = x[o].count;
    if (!total) continue;
    for (const b of x.bins) values.push({ lo: b.lo, hi: b.hi, share: b[o] / total, outcome: o });
  }
  const first = x.bins[0];
  const last = x.bins[x.bins.length - 1];
  const scale = { type: x.scale, ...(first && last && { domain: [first.lo, last.hi] }), nice: false, zero: false };
  // vega's automatic ticks on a symlog scale bunch up; 0, ±1, 2, 5, 10, 20, 50, … read better.
  const ticks = x.scale === 'symlog' && first && last ? symlogTicks(first.lo, last.hi) : undefined;
  const marks = x.thresholds.map((m) => ({ threshold: m.threshold, label: markText(m) }));
  return {
    width: 250,
    height: 110,
    title: { text: x.attr, subtitle: `kept n = ${count(x.kept.count)}, dropped n = ${count(x.dropped.count)}${x.scale === 'symlog' ? '; log-like axis' : ''}` },
    layer: [
      {
        data: { values },
        mark: { type: 'rect', opacity: 0.6 },
        encoding: {
          x: { field: 'lo', type: 'quantitative', scale, title: null, axis: { labelFlush: true, ...(ticks ? { values: ticks } : { tickCount: 6 }) } },
          x2: { field: 'hi' },
          y: { field: 'share', type: 'quantitative', stack: null, title: 'share', axis: { format: '.0%', tickCount: 3 } },
          y2: { datum: 0 },
          color: { field: 'outcome', type: 'nominal', scale: { domain: ['kept', 'dropped'], range: [COLORS.kept, COLORS.dropped] }, legend: null },
        },
      },
      ...(marks.length
        ? [
            { data: { values: marks }, mark: { type: 'rule' as const, color: COLORS.threshold, strokeDash: [4, 3], strokeWidth: 1.5 }, encoding: { x: { field: 'threshold', type: 'quantitative' as const } } },
            { data: { values: marks }, mark: { type: 'text' as const, align: 'left' as const, baseline: 'top' as const, dx: 3, dy: 2, fontSize: 10, color: COLORS.threshold }, encoding: { x: { field: 'threshold', type: 'quantitative' as const }, y: { value: 0 }, text: { field: 'label', type: 'nominal' as const } } },
          ]
        : []),
    ],
  } as TopLevelSpec;
}

/** 1-2-5 ticks (and 0, and their negatives) within [lo, hi], thinned to at most 8. */
export function symlogTicks(lo: number, hi: number): number[] {
  const out: number[] = [];
  const steps = [1, 2, 5];
  const add = (v: number) => {
    if (v >= lo && v <= hi) out.push(v);
  };
  add(0);
  for (let e = 0; e <= 15; e++) for (const m of steps) {
    add(m * 10 ** e);
    add(-m * 10 ** e);
  }
  out.sort((a, b) => a - b);
  // Keep every k-th counted from 0 (or from the first), so the axis is not crowded.
  const k = Math.ceil(out.length / 8);
  const anchor = Math.max(0, out.indexOf(0));
  return out.filter((_, i) => (i - anchor) % k === 0);
}

/** The LSH S-curve, with the measured shares of planted pairs as points when known. */
export function sCurveSpec(d: DedupSummary): TopLevelSpec {
  const c = d.s_curve;
  const values = [
    ...c.points.map((p, i) => ({ kind: 'curve', jaccard: p.jaccard, share: p.probability, i })),
    ...c.detected.map((p, i) => ({ kind: 'detected', jaccard: p.jaccard, share: p.share, i })),
  ];
  const unit = (title: string) => ({ type: 'quantitative' as const, scale: { domain: [0, 1] }, axis: { format: '.0%', tickCount: 5 }, title });
  return {
    width: 320,
    height: 180,
    title: { text: 'P(candidate pair) by 5-gram Jaccard', subtitle: `1 − (1 − s^${c.hashes_per_bucket})^${c.buckets}` },
    data: { values },
    layer: [
      { transform: [{ filter: "datum.kind === 'curve'" }], mark: { type: 'line', color: COLORS.kept }, encoding: { x: { field: 'jaccard', ...unit('Jaccard') }, y: { field: 'share', ...unit('share') }, order: { field: 'i', type: 'quantitative' } } },
      { transform: [{ filter: "datum.kind === 'detected'" }], mark: { type: 'point', filled: true, size: 50, color: COLORS.dropped }, encoding: { x: { field: 'jaccard', ...unit('Jaccard') }, y: { field: 'share', ...unit('share') } } },
    ],
  };
}

/** Clusters per cluster size (log scale: most clusters are pairs). */
export function clusterSizesSpec(d: DedupSummary): TopLevelSpec {
  return {
    width: 320,
    height: 160,
    data: { values: d.sizes.map((r) => ({ size: r.size, clusters: r.clusters })) },
    mark: { type: 'bar', color: COLORS.dropped },
    encoding: {
      x: { field: 'size', type: 'ordinal', title: 'cluster size (documents)' },
      y: { field: 'clusters', type: 'quantitative', scale: { type: 'log' }, title: 'clusters' },
    },
  };
}

/**
 * ROC curves of every swept attribute on the audit's labels in one chart: the learned screen's
 * bold and coloured, each heuristic thin and grey, the chance diagonal dashed.
 */
/** Heuristic curves drawn beside the learned screen's: those with the highest AUC. */
export const ROC_HEURISTICS = 6;

export function rocSpec(l: LearnedSummary): TopLevelSpec {
  // The learned screen's curves and the best heuristics': thirty grey lines would hide each other.
  const shown = [...l.roc.filter((r) => r.learned), ...l.roc.filter((r) => !r.learned).slice(0, ROC_HEURISTICS)];
  const values = shown.flatMap((r) => {
    const auc = r.auc.estimate === null ? '' : ` (AUC ${r.auc.estimate.toFixed(2)})`;
    return r.points.map((p, i) => ({ curve: `${r.attr}${auc}`, learned: r.learned, fpr: p.fpr, tpr: p.tpr, i }));
  });
  const unit = (title: string) => ({ type: 'quantitative' as const, scale: { domain: [0, 1] }, axis: { format: '.0%', tickCount: 5 }, title });
  const line = (learned: boolean) => ({
    transform: [{ filter: `${learned ? '' : '!'}datum.learned` }],
    mark: { type: 'line' as const, strokeWidth: learned ? 3 : 1, ...(learned ? {} : { color: '#b0b0b0' }) },
    encoding: {
      x: { field: 'fpr', ...unit('false positive rate (good pages dropped)') },
      y: { field: 'tpr', ...unit('true positive rate (bad pages dropped)') },
      detail: { field: 'curve', type: 'nominal' as const },
      order: { field: 'i', type: 'quantitative' as const },
      ...(learned ? { color: { field: 'curve', type: 'nominal' as const, scale: { range: [COLORS.dropped, COLORS.good, COLORS.kept] }, legend: { orient: 'bottom' as const, title: null } } } : {}),
    },
  });
  return {
    width: 320,
    height: 240,
    title: { text: 'ROC on the audit labels', subtitle: `bold: the learned screen; grey: the ${ROC_HEURISTICS} heuristic scores of highest AUC` },
    data: { values },
    layer: [
      { data: { values: [{ x: 0, y: 0 }, { x: 1, y: 1 }] }, mark: { type: 'line', strokeDash: [4, 3], color: '#888' }, encoding: { x: { field: 'x', ...unit('') }, y: { field: 'y', ...unit('') } } },
      line(false),
      line(true),
    ],
  } as TopLevelSpec;
}
