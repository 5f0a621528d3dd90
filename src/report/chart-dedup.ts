/** Charts of near-duplicate removal: the LSH S-curve and clusters per cluster size. */
import type { TopLevelSpec } from 'vega-lite';
import { COLORS } from './charts.ts';
import type { DedupSummary } from './dedup.ts';

/** The LSH S-curve, with the measured shares of planted pairs as points when known. */
export function sCurveSpec(d: DedupSummary): TopLevelSpec {
  const c = d.s_curve;
  const values = [
    ...c.points.map((p, i) => ({ kind: 'curve', jaccard: p.jaccard, share: p.probability, i })),
    ...c.detected.map((p, i) => ({ kind: 'detected', jaccard: p.jaccard, share: p.share, i })),
  ];
  const unit = (title: string) => ({
    type: 'quantitative' as const,
    scale: { domain: [0, 1] },
    axis: { format: '.0%', tickCount: 5 },
    title,
  });
  return {
    width: 320,
    height: 180,
    title: {
      text: 'P(candidate pair) by 5-gram Jaccard',
      subtitle: `1 − (1 − s^${c.hashes_per_bucket})^${c.buckets}`,
    },
    data: { values },
    layer: [
      {
        transform: [{ filter: "datum.kind === 'curve'" }],
        mark: { type: 'line', color: COLORS.kept },
        encoding: {
          x: { field: 'jaccard', ...unit('Jaccard') },
          y: { field: 'share', ...unit('share') },
          order: { field: 'i', type: 'quantitative' },
        },
      },
      {
        transform: [{ filter: "datum.kind === 'detected'" }],
        mark: { type: 'point', filled: true, size: 50, color: COLORS.dropped },
        encoding: {
          x: { field: 'jaccard', ...unit('Jaccard') },
          y: { field: 'share', ...unit('share') },
        },
      },
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
