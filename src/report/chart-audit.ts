/** Charts of the audit on hand labels: metrics with intervals, precision–recall and ROC curves. */
import type { TopLevelSpec } from 'vega-lite';
import { COLORS } from './charts.ts';
import type { AuditSummary, CurveRow } from './summary.ts';
import type { LearnedSummary } from './learned.ts';
import { markText } from './format.ts';

/** Metrics of the audit: estimate, interval and (gating metrics) the one-sided upper bound. */
export function metricsSpec(a: AuditSummary): TopLevelSpec {
  const values = a.metrics
    .filter((m) => m.estimate !== null)
    .map((m, order) => ({
      name: m.name,
      estimate: m.estimate,
      lo: m.lo ?? m.estimate,
      hi: m.hi ?? m.estimate,
      upper: m.upper,
      order,
    }));
  const y = { field: 'name', type: 'nominal' as const, title: null, sort: { field: 'order' } };
  const x = { type: 'quantitative' as const, scale: { domain: [0, 1] }, axis: { format: '.0%' } };
  return {
    width: 360,
    height: { step: 20 },
    data: { values },
    layer: [
      {
        mark: { type: 'rule', strokeWidth: 2, color: '#888' },
        encoding: {
          y,
          x: {
            field: 'lo',
            ...x,
            title: `estimate and ${Math.round((1 - a.alpha) * 100)} % interval (red tick: one-sided upper bound)`,
          },
          x2: { field: 'hi' },
        },
      },
      {
        mark: { type: 'point', filled: true, size: 40, color: COLORS.kept },
        encoding: { y, x: { field: 'estimate', ...x } },
      },
      {
        transform: [{ filter: 'isValid(datum.upper)' }],
        mark: { type: 'tick', color: COLORS.dropped, thickness: 2, size: 12 },
        encoding: { y, x: { field: 'upper', ...x } },
      },
    ],
  };
}

/** A precision–recall curve with the current threshold's point and the suggested one. */
export function prSpec(c: CurveRow): TopLevelSpec {
  const values = [
    ...c.points.map((p, i) => ({ kind: 'curve', recall: p.recall, precision: p.precision, i })),
    ...(c.current_point ? [{ kind: 'now', ...c.current_point, i: 0 }] : []),
    ...(c.recommended && c.recommended.recall !== null && c.recommended.precision !== null
      ? [
          {
            kind: 'suggested',
            recall: c.recommended.recall,
            precision: c.recommended.precision,
            i: 0,
          },
        ]
      : []),
  ];
  const unit = {
    type: 'quantitative' as const,
    scale: { domain: [0, 1] },
    axis: { format: '.0%', tickCount: 5 },
  };
  const auc = c.auc.estimate === null ? '' : `AUC ${c.auc.estimate.toFixed(3)}`;
  return {
    width: 190,
    height: 130,
    title: {
      text: c.attr,
      subtitle: `${auc}${auc ? '; ' : ''}now ${markText(c.current)}${c.recommended ? `, suggested ${markText(c.recommended)}` : ''}`,
    },
    data: { values },
    layer: [
      {
        transform: [{ filter: "datum.kind === 'curve'" }],
        mark: { type: 'line', point: { size: 12 }, color: COLORS.kept },
        encoding: {
          x: { field: 'recall', ...unit, title: 'recall' },
          y: { field: 'precision', ...unit, title: 'precision' },
          order: { field: 'i', type: 'quantitative' },
        },
      },
      {
        transform: [{ filter: "datum.kind === 'now'" }],
        mark: { type: 'point', shape: 'circle', size: 90, filled: true, color: COLORS.dropped },
        encoding: { x: { field: 'recall', ...unit }, y: { field: 'precision', ...unit } },
      },
      {
        transform: [{ filter: "datum.kind === 'suggested'" }],
        mark: { type: 'point', shape: 'diamond', size: 90, filled: true, color: COLORS.good },
        encoding: { x: { field: 'recall', ...unit }, y: { field: 'precision', ...unit } },
      },
    ],
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
  const shown = [
    ...l.roc.filter((r) => r.learned),
    ...l.roc.filter((r) => !r.learned).slice(0, ROC_HEURISTICS),
  ];
  const values = shown.flatMap((r) => {
    const auc = r.auc.estimate === null ? '' : ` (AUC ${r.auc.estimate.toFixed(2)})`;
    return r.points.map((p, i) => ({
      curve: `${r.attr}${auc}`,
      learned: r.learned,
      fpr: p.fpr,
      tpr: p.tpr,
      i,
    }));
  });
  const unit = (title: string) => ({
    type: 'quantitative' as const,
    scale: { domain: [0, 1] },
    axis: { format: '.0%', tickCount: 5 },
    title,
  });
  const line = (learned: boolean) => ({
    transform: [{ filter: `${learned ? '' : '!'}datum.learned` }],
    mark: {
      type: 'line' as const,
      strokeWidth: learned ? 3 : 1,
      ...(learned ? {} : { color: '#b0b0b0' }),
    },
    encoding: {
      x: { field: 'fpr', ...unit('false positive rate (good pages dropped)') },
      y: { field: 'tpr', ...unit('true positive rate (bad pages dropped)') },
      detail: { field: 'curve', type: 'nominal' as const },
      order: { field: 'i', type: 'quantitative' as const },
      ...(learned
        ? {
            color: {
              field: 'curve',
              type: 'nominal' as const,
              scale: { range: [COLORS.dropped, COLORS.good, COLORS.kept] },
              legend: { orient: 'bottom' as const, title: null },
            },
          }
        : {}),
    },
  });
  return {
    width: 320,
    height: 240,
    title: {
      text: 'ROC on the audit labels',
      subtitle: `bold: the learned screen; grey: the ${ROC_HEURISTICS} heuristic scores of highest AUC`,
    },
    data: { values },
    layer: [
      {
        data: {
          values: [
            { x: 0, y: 0 },
            { x: 1, y: 1 },
          ],
        },
        mark: { type: 'line', strokeDash: [4, 3], color: '#888' },
        encoding: { x: { field: 'x', ...unit('') }, y: { field: 'y', ...unit('') } },
      },
      line(false),
      line(true),
    ],
  } as TopLevelSpec;
}
