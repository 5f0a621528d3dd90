import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { effectiveSampleSize, kornGraubardInterval } from '../../src/audit/intervals.ts';
import { mulberry32, randomIndex } from '../../src/audit/random.ts';
import {
  compositeFpr,
  compositePrevalence,
  compositeRecall,
  fprFrom,
  prevalenceFrom,
  recallFrom,
  roganGladen,
  stratifiedMean,
  stratifiedProportion,
  stratifiedRatio,
  stratifiedRatioTotal,
  stratifiedTotal,
} from '../../src/audit/stratified.ts';
import { closeDigits, closeRel } from './_close.ts';

// audit-methods.md §3 worked example: flagged strata, x = good documents among the labels.
const FLAGGED = [
  { size: 81357, n: 261, x: 210 },
  { size: 40416, n: 139, x: 33 },
  { size: 46683, n: 34, x: 0 },
];

test('Korn–Graubard worked example from the strata: FDR 0.4455455468, SE 0.01469176513, n* 1144.4848', () => {
  const fdr = stratifiedProportion(FLAGGED);
  closeDigits(fdr.estimate, 0.4455455468, 10, 'FDR');
  closeDigits(fdr.se, 0.01469176513, 10, 'SE');
  closeDigits(effectiveSampleSize(fdr), 1144.4848, 8, 'n*');
  assert.is(fdr.n, 434);
  const [lo, hi] = kornGraubardInterval(fdr);
  closeDigits(lo, 0.4164849615, 10, 'KG lo');
  closeDigits(hi, 0.4748866984, 10, 'KG hi');
});

/** Expands a proportion stratum into 0/1 values. */
const values = (s: { size: number; n: number; x: number }) => ({
  size: s.size,
  values: Array.from({ length: s.n }, (_, i) => (i < s.x ? 1 : 0)),
});

test('the stratified mean of 0/1 values, the HT total and the ratio estimator agree with the proportion', () => {
  const p = stratifiedProportion(FLAGGED);
  const m = stratifiedMean(FLAGGED.map(values));
  closeRel(m.estimate, p.estimate, 1e-14, 'mean');
  closeRel(m.variance, p.variance, 1e-12, 'variance');
  const D = 81357 + 40416 + 46683;
  const t = stratifiedTotal(FLAGGED.map(values));
  closeRel(t.estimate, D * p.estimate, 1e-14, 'HT total');
  closeRel(t.se, D * p.se, 1e-12, 'HT SE');
  // FDR as a ratio Σ w d(1−y)/Σ w d over strata that also hold kept documents (d = 0).
  const mixed = FLAGGED.map((s) => ({
    size: s.size * 2,
    numerator: [...values(s).values, ...Array<number>(s.n).fill(0)],
    denominator: [...Array<number>(s.n).fill(1), ...Array<number>(s.n).fill(0)],
  }));
  const r = stratifiedRatio(mixed);
  closeRel(r.estimate, p.estimate, 1e-14, 'ratio');
  // Nested strata: the ratio's linearized variance is the stratified proportion's (same f_h).
  const nested = stratifiedRatio(
    FLAGGED.map((s) => ({
      size: s.size,
      numerator: values(s).values,
      denominator: Array<number>(s.n).fill(1),
    })),
  );
  closeRel(nested.variance, p.variance, 1e-12, 'ratio variance');
});

test('separate ratio total: good tokens lost Σ L_h R̂_h with e_i = ℓ_i(1−y_i) − R̂_h ℓ_i', () => {
  const strata = [
    {
      size: 1000,
      total: 2_000_000,
      numerator: [0, 300, 0, 500],
      denominator: [1000, 300, 2000, 500],
    },
    { size: 500, total: 400_000, numerator: [100, 0, 0], denominator: [100, 700, 900] },
  ];
  const g = stratifiedRatioTotal(strata);
  const r1 = 800 / 3800;
  const r2 = 100 / 1700;
  closeRel(g.estimate, 2_000_000 * r1 + 400_000 * r2, 1e-14, 'Ĝ');
  const e1 = [0 - r1 * 1000, 300 - r1 * 300, 0 - r1 * 2000, 500 - r1 * 500];
  const e2 = [100 - r2 * 100, 0 - r2 * 700, 0 - r2 * 900];
  const s2 = (e: number[]) => {
    const m = e.reduce((a, b) => a + b, 0) / e.length;
    return e.reduce((a, b) => a + (b - m) ** 2, 0) / (e.length - 1);
  };
  const v = (1000 ** 2 * (1 - 4 / 1000) * s2(e1)) / 4 + (500 ** 2 * (1 - 3 / 500) * s2(e2)) / 3;
  closeRel(g.variance, v, 1e-12, 'V');
});

test('edge strata: census has no variance, one label has no variance estimate, bad counts throw', () => {
  assert.is(stratifiedProportion([{ size: 10, n: 10, x: 3 }]).variance, 0);
  assert.ok(Number.isNaN(stratifiedProportion([{ size: 10, n: 1, x: 1 }]).variance));
  assert.ok(Number.isNaN(stratifiedProportion([{ size: 10, n: 0, x: 0 }]).estimate));
  assert.is(
    stratifiedProportion([
      { size: 0, n: 0, x: 0 },
      { size: 10, n: 5, x: 1 },
    ]).estimate,
    0.2,
  );
  assert.throws(() => stratifiedProportion([{ size: 10, n: 11, x: 1 }]), /labels/);
  assert.throws(() => stratifiedProportion([{ size: 10, n: 5, x: 6 }]), /`x`/);
});

test('composite metrics: recall, FPR and prevalence from FDR and FOR with delta-method SE', () => {
  const counts = { dropped: 6.4e7, kept: 9.36e8 };
  const fdr = { estimate: 0.3, variance: 0.0004, n: 400 };
  const forRate = { estimate: 0.005, variance: 1e-6, n: 2000 };
  const r = compositeRecall(fdr, forRate, counts);
  const tp = 6.4e7 * 0.7;
  const fn = 9.36e8 * 0.005;
  closeRel(r.estimate, tp / (tp + fn), 1e-14, 'recall');
  closeRel(r.estimate, recallFrom(0.3, 0.005, counts), 1e-14, 'recallFrom');
  const v = (fn ** 2 * 6.4e7 ** 2 * 0.0004 + tp ** 2 * 9.36e8 ** 2 * 1e-6) / (tp + fn) ** 4;
  closeRel(r.se, Math.sqrt(v), 1e-12, 'recall SE');
  const [fdrLo, fdrHi] = kornGraubardInterval(fdr, 0.025);
  const [forLo, forHi] = kornGraubardInterval(forRate, 0.025);
  assert.equal(r.conservative, [
    recallFrom(fdrHi, forHi, counts),
    recallFrom(fdrLo, forLo, counts),
  ]);
  assert.ok(r.approximate[0] < r.estimate && r.estimate < r.approximate[1]);
  assert.ok(r.conservative[0] < r.approximate[0] && r.approximate[1] < r.conservative[1]);
  const f = compositeFpr(fdr, forRate, counts);
  closeRel(f.estimate, fprFrom(0.3, 0.005, counts), 1e-14, 'FPR');
  assert.equal(f.conservative, [fprFrom(fdrLo, forLo, counts), fprFrom(fdrHi, forHi, counts)]);
  const p = compositePrevalence(fdr, forRate, counts);
  closeRel(p.estimate, (6.4e7 * 0.7 + 9.36e8 * 0.005) / 1e9, 1e-14, 'prevalence');
  assert.equal(p.conservative, [
    prevalenceFrom(fdrHi, forLo, counts),
    prevalenceFrom(fdrLo, forHi, counts),
  ]);
});

test('Rogan–Gladen corrects an observed rate for annotator sensitivity and specificity', () => {
  closeRel(roganGladen(0.1, 0.9, 0.95), (0.1 + 0.95 - 1) / (0.9 + 0.95 - 1), 1e-15);
  assert.is(roganGladen(0.01, 0.9, 0.95), 0);
  assert.throws(() => roganGladen(0.1, 0.5, 0.5), /sensitivity/);
});

/**
 * A finite corpus with known truth: strata of flagged documents with different good rates, and
 * kept strata with different bad rates. Labels are realized once; the truth is what they say.
 */
function corpus(random: () => number, sizes: number[], rates: number[]): Uint8Array[] {
  return sizes.map((size, h) =>
    Uint8Array.from({ length: size }, () => (random() < (rates[h] as number) ? 1 : 0)),
  );
}

/** Counts the 1s among n items drawn without replacement (a partial Fisher–Yates shuffle in place). */
function drawCount(random: () => number, labels: Uint8Array, n: number): number {
  let x = 0;
  for (let i = 0; i < n; i++) {
    const j = i + randomIndex(random, labels.length - i);
    const t = labels[i] as number;
    labels[i] = labels[j] as number;
    labels[j] = t;
    x += labels[i] as number;
  }
  return x;
}

const ones = (labels: Uint8Array[]) => labels.reduce((s, l) => s + l.reduce((a, b) => a + b, 0), 0);
const sizeOf = (labels: Uint8Array[]) => labels.reduce((s, l) => s + l.length, 0);

test('simulation: the stratified FDR with Korn–Graubard covers the true FDR in ≥ 90 % of 200 samples of 400', () => {
  const random = mulberry32(20240607);
  const flagged = corpus(random, [81357, 40416, 46683], [0.8, 0.24, 0.02]);
  const kept = corpus(random, [600_000, 120_000, 30_000], [0.001, 0.01, 0.08]);
  const trueFdr = ones(flagged) / sizeOf(flagged);
  const trueFor = ones(kept) / sizeOf(kept);
  const counts = { dropped: sizeOf(flagged), kept: sizeOf(kept) };
  const trueRecall = recallFrom(trueFdr, trueFor, counts);
  const reps = 200;
  let covered = 0;
  let recallCovered = 0;
  let width = 0;
  for (let rep = 0; rep < reps; rep++) {
    const fdrStrata = flagged.map((labels, h) => {
      const n = [200, 120, 80][h] as number;
      return { size: labels.length, n, x: drawCount(random, labels, n) };
    });
    const fdr = stratifiedProportion(fdrStrata);
    const [lo, hi] = kornGraubardInterval(fdr);
    if (lo <= trueFdr && trueFdr <= hi) covered++;
    width += hi - lo;
    const forRate = stratifiedProportion(
      kept.map((labels) => ({ size: labels.length, n: 300, x: drawCount(random, labels, 300) })),
    );
    const recall = compositeRecall(fdr, forRate, counts);
    if (recall.conservative[0] <= trueRecall && trueRecall <= recall.conservative[1])
      recallCovered++;
  }
  const coverage = covered / reps;
  console.log(
    `  KG coverage of the true FDR ${trueFdr.toFixed(4)}: ${coverage.toFixed(3)} (${covered}/${reps}), mean width ${(width / reps).toFixed(3)}; ` +
      `Bonferroni composite recall coverage ${(recallCovered / reps).toFixed(3)}`,
  );
  assert.ok(coverage >= 0.9, `coverage ${coverage}`);
  // Below the doc's 0.987–0.997: the 600k-document kept stratum with a 0.1 % bad rate mostly shows
  // x = 0 in 300 labels and so contributes no variance (the methods' "watch for strata with x = 0").
  assert.ok(recallCovered / reps >= 0.9, `composite recall coverage ${recallCovered / reps}`);
});

test.run();
