/**
 * Prediction-powered audits by seeded simulation: a synthetic corpus with known truth, models of
 * known quality, 300 repetitions of sample → labels from the truth → audit. The PPI++ intervals
 * must cover the corpus's true FDR as often as they claim, whatever the model, and be narrower
 * than the classical ones exactly when the model carries information.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  applyPpi,
  badProbability,
  ppiRate,
  type PpiLabel,
  type PredictionStrata,
  type RateMetric,
} from '../../src/audit/ppi-audit.ts';
import { ppiPlan } from '../../src/audit/ppi-plan.ts';
import { momentsOf, ppiMeanFinite } from '../../src/audit/ppi.ts';
import { normalQuantile } from '../../src/audit/normal.ts';
import { mulberry32 } from '../../src/audit/random.ts';
import { ActiveDesign } from '../../src/sampling/active.ts';
import { StratifiedDesign } from '../../src/sampling/design.ts';

const DROPPED = 2000;
const KEPT = 4000;
const REPS = Number(process.env.PPI_REPS ?? 300);
const LABELS = 200;

/** The corpus: 2,000 dropped documents (20 % of them good) and 4,000 kept (10 % bad), drawn once. */
function corpus() {
  const rnd = mulberry32(2026);
  const docs: { dropped: boolean; bad: boolean; z: number }[] = [];
  for (let i = 0; i < DROPPED + KEPT; i++) {
    const dropped = i < DROPPED;
    const bad = rnd() < (dropped ? 0.8 : 0.1);
    // A standard normal (Box–Muller) for the model's score noise.
    const z = Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
    docs.push({ dropped, bad, z });
  }
  return docs;
}
const DOCS = corpus();
const TRUE_FDR = DOCS.filter((d) => d.dropped && !d.bad).length / DROPPED;

/**
 * A calibrated binormal model of the given AUC: score s = μ·bad + z, AUC = Φ(μ/√2), and
 * P(bad | s) computed with the side's base rate, so the predictions are calibrated on each side.
 * AUC 0.5 is the base rate itself: calibrated, and no better than chance.
 */
function binormal(auc: number): number[] {
  const mu = Math.SQRT2 * normalQuantile(auc);
  const phi = (x: number) => Math.exp(-0.5 * x * x);
  return DOCS.map((d) => {
    const prior = d.dropped ? 0.8 : 0.1;
    const s = (d.bad ? mu : 0) + d.z;
    const b = prior * phi(s - mu);
    return b / (b + (1 - prior) * phi(s));
  });
}
/** Noise: uniform in [0, 1] and unrelated to the truth (no better than chance, and uncalibrated). */
function noise(): number[] {
  const rnd = mulberry32(99);
  return DOCS.map(() => rnd());
}
const MODELS: [string, number[]][] = [
  ['AUC 0.95', binormal(0.95)],
  ['AUC 0.85', binormal(0.85)],
  ['AUC 0.5', binormal(0.5)],
  ['noise', noise()],
];

const strataOf = (design: {
  strata: { name: string; flagged: boolean; population_docs: number }[];
}) => design.strata;

/** Moments of the model's P(bad) per stratum, from the design's stratum of each document. */
function predictionStrata(model: number[], stratum: (i: number) => string): PredictionStrata {
  const byName = new Map<string, number[]>();
  model.forEach((p, i) => {
    const list = byName.get(stratum(i)) ?? [];
    list.push(p);
    byName.set(stratum(i), list);
  });
  return {
    attr: 'model.p_bad',
    means: 'bad',
    fingerprint: 'test',
    strata: Object.fromEntries([...byName].map(([k, v]) => [k, momentsOf(v)])),
  };
}

interface Tally {
  cover: number;
  upper: number;
  width: number;
  classicalWidth: number;
  lambda: number;
}
const tally = (): Tally => ({ cover: 0, upper: 0, width: 0, classicalWidth: 0, lambda: 0 });

function check(
  name: string,
  t: Tally,
  reference: number,
  maxRatio: number | null,
  minRatio: number | null,
) {
  const ratio = t.width / reference;
  console.log(
    `  ${name}: two-sided coverage ${(t.cover / REPS).toFixed(3)}, upper bound ≥ truth ${(t.upper / REPS).toFixed(3)}, width ratio ${ratio.toFixed(3)} (mean λ̂ ${(t.lambda / REPS).toFixed(2)})`,
  );
  assert.ok(
    t.cover / REPS >= 0.93,
    `${name}: the 95 % interval covers the true FDR in ${t.cover} of ${REPS}`,
  );
  assert.ok(
    t.upper / REPS >= 0.93,
    `${name}: the upper bound is at or above the truth in ${t.upper} of ${REPS}`,
  );
  if (maxRatio !== null)
    assert.ok(ratio <= maxRatio, `${name}: width ratio ${ratio} > ${maxRatio}`);
  if (minRatio !== null)
    assert.ok(
      ratio >= minRatio,
      `${name}: width ratio ${ratio} < ${minRatio} (narrower than the labels allow)`,
    );
}

const BOUNDS: Record<string, [number | null, number | null]> = {
  'AUC 0.95': [0.75, null],
  'AUC 0.85': [0.92, null],
  'AUC 0.5': [null, 0.95],
  noise: [null, 0.95],
};
/** Mean classical width of the doc design, the yardstick for both designs. */
const classicalWidths: Record<string, number> = {};

test(`doc design, ${REPS} repetitions of ${LABELS} labels: PPI++ covers the true FDR (${TRUE_FDR}) and narrows with the model's AUC`, () => {
  const tallies = MODELS.map(tally);
  const summaries = MODELS.map(([, model]) =>
    predictionStrata(model, (i) => (DOCS[i]!.dropped ? 'dropped:r/x' : 'kept')),
  );
  for (let rep = 0; rep < REPS; rep++) {
    const design = new StratifiedDesign(LABELS, rep + 1, false);
    DOCS.forEach((d, i) =>
      design.add({ shard: 'syn', line: i, reasons: d.dropped ? ['r/x'] : [], weight: 1 }),
    );
    const { strata, chosen } = design.finish();
    MODELS.forEach(([, model], m) => {
      const predictions = summaries[m]!;
      const labels: PpiLabel[] = chosen.map((c) => ({
        bad: DOCS[c.line]!.bad,
        stratum: c.stratum,
        prediction: model[c.line]!,
      }));
      const metrics = {};
      const summary = applyPpi(metrics, labels, strataOf({ strata }), predictions, 0.05, false);
      const fdr = (
        metrics as Record<
          string,
          { lo: number; hi: number; upper: number; classical: { lo: number; hi: number } }
        >
      ).fdr!;
      const t = tallies[m]!;
      if (fdr.lo <= TRUE_FDR && TRUE_FDR <= fdr.hi) t.cover++;
      if (fdr.upper >= TRUE_FDR) t.upper++;
      t.width += fdr.hi - fdr.lo;
      t.classicalWidth += fdr.classical.hi - fdr.classical.lo;
      t.lambda += summary.lambda['dropped:r/x']!;
    });
  }
  MODELS.forEach(([name], m) => {
    const t = tallies[m]!;
    classicalWidths[name] = t.classicalWidth;
    check(`doc, ${name}`, t, t.classicalWidth, ...BOUNDS[name]!);
  });
  // The plan's worth of a label, from the predictions' spread alone, agrees with the simulated
  // width ratio within 20 % for the calibrated models: worth ≈ (classical width / PPI++ width)².
  // The plan assumes λ = 1 and a known variance; tuning λ̂ on the labels (and the jackknife that
  // pays for it) costs about a tenth at 100 labels per stratum, so the plan is that much optimistic.
  MODELS.slice(0, 3).forEach(([name], m) => {
    const t = tallies[m]!;
    const plan = ppiPlan(
      [{ name: 'dropped:r/x', flagged: true, population_docs: DROPPED }],
      summaries[m]!,
      true,
    )!;
    const simulated = (t.classicalWidth / t.width) ** 2;
    console.log(
      `  plan, ${name}: a label is worth ${plan.worth.toFixed(2)} classical labels (simulated ${simulated.toFixed(2)})`,
    );
    assert.ok(
      Math.abs(plan.worth / simulated - 1) < 0.2,
      `${name}: plan ${plan.worth} vs simulated ${simulated}`,
    );
  });
  // A model no better than chance: λ̂ near 0 (exactly 0 for constant predictions).
  assert.is(tallies[2]!.lambda, 0);
  assert.ok(tallies[3]!.lambda / REPS < 0.1, `noise: mean λ̂ ${tallies[3]!.lambda / REPS}`);
});

test(`active design, ${REPS} repetitions of ${LABELS} expected labels: inverse-probability PPI++ covers, and narrows against the doc design's classical interval`, () => {
  const tallies = MODELS.map(tally);
  let labeled = 0;
  for (let rep = 0; rep < REPS; rep++) {
    MODELS.forEach(([, model], m) => {
      const design = new ActiveDesign(LABELS, rep + 1);
      DOCS.forEach((d, i) =>
        design.add({
          shard: 'syn',
          line: i,
          reasons: d.dropped ? ['r/x'] : [],
          weight: 1,
          prediction: model[i]!,
        }),
      );
      const { strata, chosen, predictions } = design.finish();
      labeled += chosen.length;
      const labels: PpiLabel[] = chosen.map((c) => ({
        bad: DOCS[c.line]!.bad,
        stratum: c.stratum,
        prediction: model[c.line]!,
        probability: c.inclusionProbability,
      }));
      const metrics = {};
      const summary = applyPpi(
        metrics,
        labels,
        strata,
        { attr: 'model.p_bad', means: 'bad', fingerprint: 'test', strata: predictions },
        0.05,
        true,
      );
      const fdr = (
        metrics as Record<
          string,
          { lo: number; hi: number; upper: number; classical: { lo: number; hi: number } }
        >
      ).fdr!;
      const t = tallies[m]!;
      if (fdr.lo <= TRUE_FDR && TRUE_FDR <= fdr.hi) t.cover++;
      if (fdr.upper >= TRUE_FDR) t.upper++;
      t.width += fdr.hi - fdr.lo;
      t.lambda += summary.lambda['active:dropped']!;
    });
  }
  const mean = labeled / REPS / MODELS.length;
  console.log(`  active: ${mean.toFixed(1)} labels per sample on average`);
  assert.ok(Math.abs(mean - LABELS) < 5, `expected about ${LABELS} labels, got ${mean}`);
  MODELS.forEach(([name], m) =>
    check(`active, ${name}`, tallies[m]!, classicalWidths[name]!, ...BOUNDS[name]!),
  );
});

test('ppiRate: no labels on a side gives null; a missing stratum summary is refused', () => {
  const strata = [{ name: 'a', flagged: true, population_docs: 10 }];
  const p: PredictionStrata = { attr: 'm.p', means: 'bad', fingerprint: 'x', strata: {} };
  assert.is(ppiRate([], strata, p, true, false), null);
  assert.throws(
    () => ppiRate([{ bad: true, stratum: 'a', prediction: 0.5 }], strata, p, true, false),
    /no predictions for stratum a/,
  );
});

test('applyPpi: every rate keeps its classical interval; FDR and FOR carry λ per stratum; recall and FPR follow from them', () => {
  const strata = [
    { name: 'd', flagged: true, population_docs: 1000 },
    { name: 'k', flagged: false, population_docs: 3000 },
  ];
  const labels: PpiLabel[] = [];
  for (let i = 0; i < 40; i++)
    labels.push({ bad: i % 5 !== 0, stratum: 'd', prediction: i % 5 !== 0 ? 0.8 : 0.3 });
  for (let i = 0; i < 40; i++)
    labels.push({ bad: i % 10 === 0, stratum: 'k', prediction: i % 10 === 0 ? 0.6 : 0.05 });
  const predictions: PredictionStrata = {
    attr: 'm.p',
    means: 'bad',
    fingerprint: 'x',
    strata: { d: { count: 1000, mean: 0.7, m2: 40 }, k: { count: 3000, mean: 0.1, m2: 60 } },
  };
  const metrics: Record<
    string,
    RateMetric & { classical?: RateMetric; lambda?: Record<string, number> }
  > = {};
  const summary = applyPpi(metrics, labels, strata, predictions, 0.05, false);
  for (const name of ['fdr', 'precision', 'for', 'npv', 'recall', 'fpr', 'specificity']) {
    assert.ok(metrics[name], name);
    assert.ok(metrics[name]!.classical, `${name} keeps the classical interval`);
    assert.ok(
      metrics[name]!.lo <= metrics[name]!.estimate && metrics[name]!.estimate <= metrics[name]!.hi,
      `${name} inside its interval`,
    );
  }
  assert.equal(Object.keys(metrics.fdr!.lambda!), ['d']);
  assert.equal(Object.keys(metrics.for!.lambda!), ['k']);
  // recall = D(1 − FDR)/(D(1 − FDR) + K·FOR)
  const tp = 1000 * (1 - metrics.fdr!.estimate);
  assert.ok(Math.abs(metrics.recall!.estimate - tp / (tp + 3000 * metrics.for!.estimate)) < 1e-12);
  assert.is(summary.label_equivalent.fdr!.labels, 40);
  assert.ok(
    summary.label_equivalent.fdr!.classical_labels > 40,
    'an informative model is worth more labels',
  );
});

test('token rates: Σ_h N_h θ̂_h / Σ_h L_h with θ̂_h the PPI++ mean of ℓ·good per document (ℓ-weighted predictions)', () => {
  const strata = [
    { name: 'a', flagged: true, population_docs: 100, population_tokens: 5000 },
    { name: 'b', flagged: true, population_docs: 300, population_tokens: 30000 },
  ];
  const labels: PpiLabel[] = [];
  for (let i = 0; i < 12; i++)
    labels.push({
      bad: i % 3 !== 0,
      stratum: i < 6 ? 'a' : 'b',
      prediction: i % 3 !== 0 ? 0.7 : 0.4,
      weight: 20 + 10 * i,
    });
  const tokenStrata = {
    a: { count: 100, mean: 15, m2: 9000 },
    b: { count: 300, mean: 35, m2: 40000 },
  };
  const p: PredictionStrata = {
    attr: 'm.p',
    means: 'bad',
    fingerprint: 'x',
    strata: { a: { count: 100, mean: 0.6, m2: 4 }, b: { count: 300, mean: 0.6, m2: 12 } },
    token_strata: tokenStrata,
  };
  const r = ppiRate(labels, strata, p, true, false, 'tokens')!;
  const part = (name: 'a' | 'b') => {
    const mine = labels.filter((l) => l.stratum === name);
    const sample = {
      labels: mine.map((l) => (l.bad ? 0 : l.weight!)),
      predictions: mine.map((l) => l.weight! * (1 - l.prediction)),
      population: tokenStrata[name],
    };
    const c = ppiMeanFinite(sample, 0);
    const t = ppiMeanFinite(sample);
    return t.variance < c.variance ? t : c;
  };
  const [a, b] = [part('a'), part('b')];
  assert.ok(
    Math.abs(r.estimate - (100 * a.estimate + 300 * b.estimate) / 35000) < 1e-12,
    `estimate ${r.estimate}`,
  );
  // Classical: the mean of ℓ·good per stratum, scaled the same way.
  const goodTokens = (xs: PpiLabel[]) =>
    xs.filter((l) => !l.bad).reduce((t, l) => t + l.weight!, 0) / xs.length;
  assert.ok(
    Math.abs(
      r.classical.estimate -
        (100 * goodTokens(labels.slice(0, 6)) + 300 * goodTokens(labels.slice(6))) / 35000,
    ) < 1e-12,
  );
});

test('badProbability: P(bad) from an attribute of either direction; outside [0, 1] is refused', () => {
  assert.is(badProbability(0.25, 'bad'), 0.25);
  assert.is(badProbability(0.25, 'good'), 0.75);
  assert.throws(() => badProbability(1.5, 'bad'), /\[0, 1\], got 1.5/);
  assert.throws(() => badProbability(NaN, 'bad'), /got NaN/);
});

test.run();
