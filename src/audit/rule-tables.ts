/**
 * The audit's per-rule tables: each rule's coverage, exclusive drops and precision, and each
 * threshold rule's sweep (ROC and PR curves, AUC, the most lenient threshold within budget).
 */
import { stratifiedBootstrap } from './bootstrap.ts';
import { delongAuc, weightedAuc } from './delong.ts';
import { clopperPearsonUpper, wilsonInterval } from './intervals.ts';
import { flip, kg, metric, type Metric } from './design-metrics.ts';
import { prCurve, rocCurve, selectThreshold, sweepCounts } from './sweep.ts';
import { ruleFdr } from './attribution.ts';
import type { AuditItem, AuditOptions, CorpusCounts, StrataDesign } from './audit-items.ts';

/** Per rule: coverage and exclusive drops (exact, from the stats), precision and exclusive precision (labels). */
export function ruleTable(
  items: readonly AuditItem[],
  design: StrataDesign | null,
  corpus: CorpusCounts | null,
  alpha: number,
) {
  const names = [...new Set(items.flatMap((it) => it.reasons))].sort();
  const out: Record<string, unknown> = {};
  const strata =
    design?.design === 'doc'
      ? design.strata
          .map((s) => ({
            size: s.population_docs,
            items: items
              .filter((it) => it.stratum === s.name)
              .map((it) => ({ rules: it.reasons, good: !it.bad })),
          }))
          .filter((s) => s.items.length)
      : null;
  for (const r of names) {
    const hits = items.filter((it) => it.reasons.includes(r));
    const only = hits.filter((it) => it.reasons.length === 1);
    const overlaps: Record<string, number> = {};
    for (const it of hits)
      for (const s of it.reasons) if (s !== r) overlaps[s] = (overlaps[s] ?? 0) + 1;
    let precision: Metric;
    let exclusive: Metric | null;
    if (strata) {
      const { fdr, exclusiveFdr } = ruleFdr(strata, r);
      precision = flip(kg(fdr, alpha), 'stratified ratio, Korn–Graubard');
      const ex = only.length ? kg(exclusiveFdr, alpha) : null;
      exclusive = ex
        ? ({
            ...flip(ex, 'stratified ratio, Korn–Graubard'),
            exclusive_fdr_upper: ex.upper,
          } as Metric)
        : null;
    } else {
      const bad = hits.filter((it) => it.bad).length;
      precision = metric(bad / hits.length, wilsonInterval(bad, hits.length, alpha), 'Wilson');
      const exBad = only.filter((it) => it.bad).length;
      exclusive = only.length
        ? ({
            ...metric(exBad / only.length, wilsonInterval(exBad, only.length, alpha), 'Wilson'),
            exclusive_fdr_upper: clopperPearsonUpper(only.length - exBad, only.length, alpha),
          } as Metric)
        : null;
    }
    const exact = corpus?.rules?.[r];
    out[r] = {
      labeled_hits: hits.length,
      labeled_exclusive: only.length,
      labeled_overlaps: overlaps,
      ...(exact &&
        corpus && {
          corpus_hits: exact.hits,
          corpus_exclusive: exact.exclusive,
          coverage: exact.hits / corpus.docs,
        }),
      precision,
      exclusive_precision: exclusive,
    };
  }
  return out;
}

/** Per threshold rule: ROC and PR curves, AUC, and the most lenient threshold within budget. */
export function sweepTable(
  items: readonly AuditItem[],
  o: AuditOptions,
  kind: string,
  design: StrataDesign | null,
) {
  const out: Record<string, unknown> = {};
  // Under a stratified design each label stands for N_h/n_h documents, so the curves estimate the corpus's.
  const weightOf = new Map<string, number>();
  if (design) {
    for (const s of design.strata) {
      const n = items.filter((it) => it.stratum === s.name).length;
      if (n) weightOf.set(s.name, s.population_docs / n);
    }
  }
  for (const rule of o.sweepRules ?? []) {
    if (out[rule.attr]) continue;
    // Oriented so that a higher score means "more likely dropped" by this rule.
    const sign = rule.op === '<' || rule.op === '<=' ? -1 : 1;
    const scored = items
      .filter((it) => Number.isFinite(it.attrs[rule.attr]))
      .map((it) => ({
        score: sign * it.attrs[rule.attr]!,
        bad: it.bad,
        weight: weightOf.get(it.stratum ?? '') ?? 1,
      }));
    const nBad = scored.filter((s) => s.bad).length;
    if (nBad < 1 || nBad === scored.length) continue;
    const auc =
      kind === 'simple-random-sample'
        ? delongAuc(
            scored.filter((s) => s.bad).map((s) => s.score),
            scored.filter((s) => !s.bad).map((s) => s.score),
            o.alpha,
          )
        : designAuc(items, design!, (it) => sign * it.attrs[rule.attr]!, rule.attr, o);
    const points = sweepCounts(scored);
    const grid = thin(
      points.map((p) => ({ threshold: p.threshold, n: p.flagged, good: p.flaggedGood })),
      200,
    );
    const sel = selectThreshold(grid, { budget: o.maxFdr, alpha: o.alpha });
    const best = sel.index >= 0 ? grid[sel.index]! : null;
    const bestPoint = best ? points.find((p) => p.threshold === best.threshold)! : null;
    out[rule.attr] = {
      rule: rule.reason,
      current: { op: rule.op, threshold: rule.threshold },
      auc: {
        estimate: auc.auc,
        lo: auc.interval[0],
        hi: auc.interval[1],
        method:
          kind === 'simple-random-sample'
            ? 'DeLong, logit'
            : 'design-weighted, stratified bootstrap',
      },
      roc: thin(rocCurve(points), 100),
      pr: thin(prCurve(points), 100),
      recommended:
        best && bestPoint
          ? {
              op: sign < 0 ? '<=' : '>=',
              threshold: sign * best.threshold,
              labeled_flagged: best.n,
              labeled_good_flagged: best.good,
              fdr_upper: clopperPearsonUpper(best.good, best.n, o.alpha),
              recall: bestPoint.tp / (bestPoint.tp + bestPoint.fn),
              method: 'fixed-sequence, Clopper–Pearson (on the labeled pool)',
            }
          : null,
    };
  }
  return out;
}

/**
 * AUC under a stratified sample: each label weighs N_h/n_h (so the AUC estimates the corpus's),
 * with a percentile interval from the stratified bootstrap (audit-methods.md §4, §5).
 */
function designAuc(
  items: readonly AuditItem[],
  design: StrataDesign,
  score: (it: AuditItem) => number,
  attr: string,
  o: AuditOptions,
) {
  const strata = design.strata
    .map((s) => ({
      size: s.population_docs,
      items: items
        .filter((it) => it.stratum === s.name && Number.isFinite(it.attrs[attr]))
        .map((it) => ({ score: score(it), bad: it.bad })),
    }))
    .filter((s) => s.items.length);
  const r = stratifiedBootstrap(
    strata,
    (sample) => weightedAuc(sample.map((w) => ({ ...w.item, weight: w.weight }))),
    {
      alpha: o.alpha,
      seed: o.seed ?? 1,
      replicates: 500,
    },
  );
  return { auc: r.estimate, interval: r.interval };
}

/** At most `k` evenly spaced elements (first and last kept), for curves in the record. */
function thin<T>(xs: readonly T[], k: number): T[] {
  if (xs.length <= k) return [...xs];
  const out: T[] = [];
  for (let i = 0; i < k; i++) out.push(xs[Math.round((i * (xs.length - 1)) / (k - 1))]!);
  return out;
}
