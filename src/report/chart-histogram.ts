/** Per-attribute histograms of kept vs dropped documents, with their symlog axis ticks. */
import type { TopLevelSpec } from 'vega-lite';
import { COLORS } from './charts.ts';
import type { AttributeRow } from './summary.ts';
import { count, markText } from './format.ts';

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
  const scale = {
    type: x.scale,
    ...(first && last && { domain: [first.lo, last.hi] }),
    nice: false,
    zero: false,
  };
  // vega's automatic ticks on a symlog scale bunch up; 0, ±1, 2, 5, 10, 20, 50, … read better.
  const ticks = x.scale === 'symlog' && first && last ? symlogTicks(first.lo, last.hi) : undefined;
  const marks = x.thresholds.map((m) => ({ threshold: m.threshold, label: markText(m) }));
  return {
    width: 250,
    height: 110,
    title: {
      text: x.attr,
      subtitle: `kept n = ${count(x.kept.count)}, dropped n = ${count(x.dropped.count)}${x.scale === 'symlog' ? '; log-like axis' : ''}`,
    },
    layer: [
      {
        data: { values },
        mark: { type: 'rect', opacity: 0.6 },
        encoding: {
          x: {
            field: 'lo',
            type: 'quantitative',
            scale,
            title: null,
            axis: { labelFlush: true, ...(ticks ? { values: ticks } : { tickCount: 6 }) },
          },
          x2: { field: 'hi' },
          y: {
            field: 'share',
            type: 'quantitative',
            stack: null,
            title: 'share',
            axis: { format: '.0%', tickCount: 3 },
          },
          y2: { datum: 0 },
          color: {
            field: 'outcome',
            type: 'nominal',
            scale: { domain: ['kept', 'dropped'], range: [COLORS.kept, COLORS.dropped] },
            legend: null,
          },
        },
      },
      ...(marks.length
        ? [
            {
              data: { values: marks },
              mark: {
                type: 'rule' as const,
                color: COLORS.threshold,
                strokeDash: [4, 3],
                strokeWidth: 1.5,
              },
              encoding: { x: { field: 'threshold', type: 'quantitative' as const } },
            },
            {
              data: { values: marks },
              mark: {
                type: 'text' as const,
                align: 'left' as const,
                baseline: 'top' as const,
                dx: 3,
                dy: 2,
                fontSize: 10,
                color: COLORS.threshold,
              },
              encoding: {
                x: { field: 'threshold', type: 'quantitative' as const },
                y: { value: 0 },
                text: { field: 'label', type: 'nominal' as const },
              },
            },
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
  for (let e = 0; e <= 15; e++)
    for (const m of steps) {
      add(m * 10 ** e);
      add(-m * 10 ** e);
    }
  out.sort((a, b) => a - b);
  // Keep every k-th counted from 0 (or from the first), so the axis is not crowded.
  const k = Math.ceil(out.length / 8);
  const anchor = Math.max(0, out.indexOf(0));
  return out.filter((_, i) => (i - anchor) % k === 0);
}
