/**
 * The audit: a filter measured against hand labels. Pure: labeled items (already scored with the
 * filter under audit), the sampling design (strata file) and the corpus counts (stats) in; the
 * audit record out. Positive = bad = dropped, so FDR = FP / (TP + FP).
 *
 * Designs:
 * - simple random sample (no strata, e.g. an independently labeled set): Wilson intervals, and the
 *   one-sided Clopper–Pearson upper bound for every gating claim;
 * - stratified documents (`winnow sample --design doc`): stratified estimators with Korn–Graubard
 *   intervals whose n* never exceeds what the design is worth; recall and FPR as MOVER composites
 *   of FDR and FOR (design-metrics.ts);
 *   F1 and MCC by the stratified bootstrap;
 * - token PPS (`--design token`): token-FDR is a plain binomial proportion of the draws.
 */
import { stratifiedBootstrap, type Weighted } from './bootstrap.ts';
import { confusionIntervals, confusionMetrics, matthews, type Confusion } from './confusion.ts';
import { agreementTable, cohenKappa } from './agreement.ts';
import { clopperPearsonUpper, wilsonInterval } from './intervals.ts';
import { checkSample, projectCorpus, sampleMismatch, type Projected } from './projection.ts';
import { type Estimate } from './stratified.ts';
import { designMetrics, kg, metric, type Metric } from './design-metrics.ts';
import { applyPpi, ppiLabels } from './ppi-audit.ts';
import { planHint } from './planner.ts';
import type { AuditItem, AuditOptions, CorpusCounts, StrataDesign } from './audit-items.ts';
import { ruleTable, sweepTable } from './rule-tables.ts';

export type { Metric } from './design-metrics.ts';
export type {
  AuditItem,
  AuditOptions,
  CorpusCounts,
  StrataDesign,
  SweepRule,
} from './audit-items.ts';

/** Confusion cells with each item counted `weight` times (1 for labels, tokens, or design weights). */
const weightedConfusion = (sample: readonly Weighted<AuditItem>[]): Confusion => {
  const c = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (const { item, weight } of sample) {
    const d = item.reasons.length > 0;
    if (d && item.bad) c.tp += weight;
    else if (d) c.fp += weight;
    else if (item.bad) c.fn += weight;
    else c.tn += weight;
  }
  return c;
};
const confusion = (items: readonly AuditItem[], weigh: (it: AuditItem) => number): Confusion =>
  weightedConfusion(items.map((item) => ({ item, weight: weigh(item) })));

/** Ratio Σu/Σv of a simple random sample (no finite-population correction), linearised variance. */
function srsRatio(u: readonly number[], v: readonly number[]): Estimate {
  const n = u.length;
  const su = u.reduce((a, b) => a + b, 0);
  const sv = v.reduce((a, b) => a + b, 0);
  const r = su / sv;
  const vbar = sv / n;
  const e = u.map((x, i) => x - r * v[i]!);
  const em = e.reduce((a, b) => a + b, 0) / n;
  const s2 = e.reduce((a, x) => a + (x - em) ** 2, 0) / (n - 1);
  const variance = n > 1 ? s2 / (n * vbar * vbar) : NaN;
  return { estimate: r, variance, se: Math.sqrt(variance), n: v.filter((x) => x !== 0).length };
}

/** Runs the audit. */
export function runAudit(
  items: readonly AuditItem[],
  design: StrataDesign | null,
  corpus: CorpusCounts | null,
  o: AuditOptions,
) {
  const alpha = o.alpha;
  const docs = confusion(items, () => 1);
  const tokens = confusion(items, (it) => it.weight);
  const kind = design
    ? design.design === 'token'
      ? 'token-pps'
      : design.design === 'active'
        ? 'active'
        : 'stratified'
    : 'simple-random-sample';
  const metrics: Record<string, Metric> = {};
  let estimatedCorpus: Confusion | null = null;
  const notes: string[] = [];

  if (kind === 'simple-random-sample') {
    const ci = confusionIntervals(docs, { alpha });
    const wil = (name: keyof typeof ci, gate = false) =>
      metric(ci[name].estimate, ci[name].interval, 'Wilson', gate ? ci[name].upper : undefined);
    Object.assign(metrics, {
      precision: wil('precision'),
      recall: wil('recall'),
      fpr: wil('fpr', true),
      fdr: wil('fdr', true),
      for: wil('for'),
      specificity: wil('specificity'),
      npv: wil('npv'),
      accuracy: wil('accuracy'),
    });
    const one = [{ size: Number.MAX_SAFE_INTEGER, items }];
    const boot = (f: (c: Confusion) => number) =>
      stratifiedBootstrap(one, (s) => f(weightedConfusion(s)), { alpha, seed: o.seed ?? 1 });
    const f1 = boot((c) => confusionMetrics(c).f1);
    const mcc = boot(matthews);
    metrics.f1 = metric(confusionMetrics(docs).f1, f1.interval, 'bootstrap');
    metrics.mcc = metric(matthews(docs), mcc.interval, 'bootstrap');
    const flagged = items.filter((it) => it.reasons.length > 0);
    if (flagged.length > 1)
      metrics.token_fdr = kg(
        srsRatio(
          flagged.map((it) => (it.bad ? 0 : it.weight)),
          flagged.map((it) => it.weight),
        ),
        alpha,
        'ratio, Korn–Graubard',
      );
    const kept = items.filter((it) => it.reasons.length === 0);
    if (kept.length > 1)
      metrics.token_for = kg(
        srsRatio(
          kept.map((it) => (it.bad ? it.weight : 0)),
          kept.map((it) => it.weight),
        ),
        alpha,
        'ratio, Korn–Graubard',
      );
  } else if (kind === 'stratified') {
    const byStratum = groupBy(items, (it) => it.stratum ?? '');
    const strata = design!.strata.map((s) => ({ ...s, items: byStratum.get(s.name) ?? [] }));
    for (const s of strata)
      if (s.items.length > 0 && s.items.length < 2)
        notes.push(`stratum ${s.name} has 1 label: its variance is unknown`);
    for (const s of strata)
      if (!s.items.length && s.population_docs)
        notes.push(
          `stratum ${s.name} (${s.population_docs} docs) has no labels: estimates leave it out`,
        );
    if (strata.some((s) => s.population_tokens_sq === undefined)) {
      notes.push(
        'the strata file has no population_tokens_sq (it predates the long-document strata): token_fdr and token_for intervals lean on the labeled lengths and ran short in simulation (one-sided 0.87-0.92 at 95 %); sample again for token claims',
      );
    }
    const dm = designMetrics(strata, alpha);
    Object.assign(metrics, dm.metrics);
    const { fdr: fdrE, for: forE, dropped: D, kept: K } = dm;
    if (fdrE && forE) {
      estimatedCorpus = {
        tp: D * (1 - fdrE.estimate),
        fp: D * fdrE.estimate,
        fn: K * forE.estimate,
        tn: K * (1 - forE.estimate),
      };
      const bs = strata
        .filter((s) => s.items.length)
        .map((s) => ({ size: s.population_docs, items: s.items }));
      const weighted = (f: (c: Confusion) => number) => (sample: readonly Weighted<AuditItem>[]) =>
        f(weightedConfusion(sample));
      const f1 = stratifiedBootstrap(
        bs,
        weighted((c) => confusionMetrics(c).f1),
        { alpha, seed: o.seed ?? 1 },
      );
      const mcc = stratifiedBootstrap(bs, weighted(matthews), { alpha, seed: o.seed ?? 1 });
      metrics.f1 = metric(
        confusionMetrics(estimatedCorpus).f1,
        f1.interval,
        'stratified bootstrap',
      );
      metrics.mcc = metric(matthews(estimatedCorpus), mcc.interval, 'stratified bootstrap');
    }
  } else if (kind === 'active') {
    if (!o.predictions)
      throw new RangeError(
        'an active sample is audited with its predictions (the inverse-probability PPI estimator)',
      );
  } else {
    // Token PPS: each draw is a uniformly random token of the dropped stream.
    const n = items.length;
    const good = items.filter((it) => !it.bad).length;
    metrics.token_fdr = metric(
      good / n,
      wilsonInterval(good, n, alpha),
      'Wilson (token PPS draws)',
      clopperPearsonUpper(good, n, alpha),
    );
    notes.push('token design: the gate uses token_fdr (the share of dropped tokens that are good)');
  }

  const predictions =
    o.predictions && (kind === 'stratified' || kind === 'active')
      ? applyPpi(
          metrics,
          ppiLabels(items, o.predictions.attr),
          design!.strata,
          o.predictions,
          alpha,
          kind === 'active',
        )
      : null;
  const rules = ruleTable(items, design, corpus, alpha);
  const thresholds = sweepTable(items, o, kind, design);
  // A simple random sample from elsewhere must not be projected onto this corpus.
  const sampleCheck =
    kind === 'simple-random-sample' && corpus
      ? checkSample(docs.tp + docs.fp, items.length, corpus)
      : null;
  if (sampleCheck && !sampleCheck.consistent) notes.push(sampleMismatch(sampleCheck));
  const projection =
    corpus && sampleCheck?.consistent !== false ? projectionOf(corpus, metrics, alpha) : null;
  const agreement = agreementOf(items, alpha);
  const gateMetric = kind === 'token-pps' ? 'token_fdr' : 'fdr';
  const g = metrics[gateMetric];
  const reasons: string[] = [];
  if (!g || g.upper === undefined || !Number.isFinite(g.estimate))
    reasons.push(`no labeled dropped documents: ${gateMetric} cannot be bounded`);
  else if (g.upper > o.maxFdr) {
    // More labels narrow the interval around the estimate; they cannot bring it below the budget.
    reasons.push(
      `${gateMetric} upper bound ${pct(g.upper)} exceeds the budget ${pct(o.maxFdr)}` +
        (g.estimate > o.maxFdr
          ? `; the estimate itself (${pct(g.estimate)}) is above the budget, so more labels will not pass this filter: loosen the rules with the lowest precision (per-rule table)`
          : `; the estimate (${pct(g.estimate)}) is within it, so more labels may (${planHint(o.maxFdr, g.estimate)})`),
    );
  }
  if (o.minRecall !== undefined) {
    const r = metrics.recall;
    if (!r) reasons.push('recall cannot be estimated (no labeled kept documents)');
    else if ((r.lower ?? r.lo) < o.minRecall)
      reasons.push(
        `recall lower bound ${pct(r.lower ?? r.lo)} is below the minimum ${pct(o.minRecall)}`,
      );
  }
  const verdict = {
    pass: reasons.length === 0,
    fingerprint: o.fingerprint,
    metric: gateMetric,
    fdr_upper: g?.upper ?? null,
    max_fdr: o.maxFdr,
    alpha,
    ...(o.minRecall !== undefined && {
      min_recall: o.minRecall,
      recall_lower: metrics.recall?.lower ?? metrics.recall?.lo ?? null,
    }),
    reasons,
  };
  return {
    fingerprint: o.fingerprint,
    design: kind,
    alpha,
    labels: {
      n: items.length,
      bad: items.filter((i) => i.bad).length,
      good: items.filter((i) => !i.bad).length,
    },
    confusion: { docs, tokens, ...(estimatedCorpus && { estimated_corpus_docs: estimatedCorpus }) },
    metrics,
    // Only with --predictions, so audits without a model keep their bytes.
    ...(predictions && { predictions }),
    rules,
    thresholds,
    projection,
    sample_check: sampleCheck,
    agreement,
    notes,
    verdict,
  };
}

export type AuditResult = ReturnType<typeof runAudit>;

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

function groupBy<T>(xs: readonly T[], key: (x: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of xs) m.set(key(x), [...(m.get(key(x)) ?? []), x]);
  return m;
}

function projectionOf(c: CorpusCounts, m: Record<string, Metric>, alpha: number) {
  const rate = (x?: Metric): Projected | undefined =>
    x && Number.isFinite(x.estimate) ? { estimate: x.estimate, interval: [x.lo, x.hi] } : undefined;
  const p = projectCorpus(
    { dropped: c.dropped, kept: c.kept, droppedTokens: c.droppedTokens, keptTokens: c.keptTokens },
    {
      fdr: rate(m.fdr),
      tokenFdr: rate(m.token_fdr),
      for: rate(m.for),
      tokenFor: rate(m.token_for),
    },
  );
  const fmt = (x: Projected | undefined) =>
    x ? { estimate: x.estimate, lo: x.interval[0], hi: x.interval[1] } : null;
  // Document and token shares have intervals of their own: each is said with its own count.
  const sentence =
    m.fdr && p.goodDocsDropped
      ? `Of the ${num(c.dropped)} documents this filter drops, an estimated ${pct(m.fdr.lo)}–${pct(m.fdr.hi)} are good` +
        (p.goodTokensLost
          ? `; of the ${num(c.droppedTokens)} ${c.unit} it drops, ${numRange(p.goodTokensLost.interval[0], p.goodTokensLost.interval[1])} are in good documents`
          : '') +
        (p.badDocsKept
          ? `; of the ${num(c.kept)} documents it keeps, ${pct(m.for!.lo)}–${pct(m.for!.hi)} are bad`
          : '') +
        ` (${Math.round(100 * (1 - alpha))} % intervals).`
      : null;
  return {
    counts: {
      docs: c.docs,
      dropped: c.dropped,
      kept: c.kept,
      dropped_tokens: c.droppedTokens,
      kept_tokens: c.keptTokens,
      unit: c.unit,
    },
    good_docs_dropped: fmt(p.goodDocsDropped),
    good_tokens_dropped: fmt(p.goodTokensLost),
    bad_docs_kept: fmt(p.badDocsKept),
    bad_tokens_kept: fmt(p.badTokensKept),
    sentence,
  };
}

function agreementOf(items: readonly AuditItem[], alpha: number) {
  const both = items.filter((it) => it.bad2 !== undefined);
  if (!both.length) return null;
  const k = cohenKappa(
    agreementTable(
      both.map((i) => i.bad),
      both.map((i) => i.bad2!),
    ),
    alpha,
  );
  return { ...k, n: both.length };
}

/** 1234567 → "1.2M", 85300000 → "85.3M"; small numbers as they are (from 1,000 in k with `units`). */
function num(x: number, units = false): string {
  const a = Math.abs(x);
  if (a >= 1e9) return `${(x / 1e9).toFixed(1)}B`;
  if (a >= 1e6) return `${(x / 1e6).toFixed(1)}M`;
  if (a >= 1e4 || (units && a >= 1e3)) return `${(x / 1e3).toFixed(1)}k`;
  return String(Math.round(x));
}

/** An interval of counts in one style: "8.8k–10.7M", not "8756–10.7M"; "120–950" when both are small. */
export function numRange(lo: number, hi: number): string {
  const units = Math.max(Math.abs(lo), Math.abs(hi)) >= 1e4;
  return `${num(lo, units)}–${num(hi, units)}`;
}
