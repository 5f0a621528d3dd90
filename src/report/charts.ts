/**
 * The report's charts: Vega-Lite specs compiled by vega-lite and rendered to SVG strings by
 * vega's headless view (renderer 'none' + toSVG), in Node, without a browser or the network:
 * every spec carries its data inline. vega and vega-lite live behind this one file (the chart-*.ts
 * modules beside it only build specs, typed by vega-lite's TopLevelSpec).
 *
 * Data strings (rule and attribute names) only ever appear as data values and literal titles,
 * which vega writes as escaped SVG text; they are never used as field names or inside
 * expressions. Renders run one after another from `resetChartIds()`, so the SVG definition ids
 * vega numbers globally are the same on every run and unique within one page.
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { escapeHtml } from './escape.ts';

export const COLORS = {
  kept: '#4c78a8',
  dropped: '#e45756',
  errors: '#9d755d',
  removed: '#f58518',
  threshold: '#222222',
  good: '#54a24b',
};

const FONT = 'Arial, Helvetica, "Liberation Sans", sans-serif';
const CONFIG = {
  // No ARIA label on every mark (it was 40 % of the page's bytes): the tables beside each chart
  // carry the numbers, and each chart's `description` labels its SVG.
  aria: false,
  font: FONT,
  view: { stroke: '#ddd' },
  axis: {
    labelFontSize: 11,
    titleFontSize: 11,
    titleFontWeight: 'normal' as const,
    labelLimit: 320,
  },
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
  278,
  278,
  355,
  556,
  556,
  889,
  667,
  191,
  333,
  333,
  389,
  584,
  278,
  333,
  278,
  278, // space ! " # $ % & ' ( ) * + , - . /
  556,
  556,
  556,
  556,
  556,
  556,
  556,
  556,
  556,
  556,
  278,
  278,
  584,
  584,
  584,
  556, // 0-9 : ; < = > ?
  1015,
  667,
  667,
  722,
  722,
  667,
  611,
  778,
  722,
  278,
  500,
  667,
  556,
  833,
  722,
  778, // @ A-O
  667,
  778,
  722,
  667,
  611,
  722,
  667,
  944,
  667,
  667,
  611,
  278,
  278,
  278,
  469,
  556, // P-Z [ \ ] ^ _
  333,
  556,
  556,
  500,
  556,
  556,
  278,
  556,
  556,
  222,
  222,
  500,
  222,
  833,
  556,
  556, // ` a-o
  556,
  556,
  333,
  500,
  278,
  556,
  500,
  722,
  500,
  500,
  500,
  334,
  260,
  334,
  584, // p-z { | } ~
];
const WIDE =
  /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/;

function textWidth(
  item: { fontSize?: number; fontWeight?: string | number; text?: unknown },
  text?: unknown,
): number {
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
  const { spec: vg } = compile(
    { ...spec, config: { ...CONFIG, ...(spec.config ?? {}) } } as TopLevelSpec,
    { logger: silent as never },
  );
  const view = new vega.View(vega.parse(vg), { renderer: 'none', logLevel: vega.None });
  try {
    const svg = await view.toSVG();
    return label
      ? svg.replace(/^<svg /, `<svg role="img" aria-label="${escapeHtml(label)}" `)
      : svg;
  } finally {
    view.finalize();
  }
}
