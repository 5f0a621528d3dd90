/**
 * The `audit plan` flow: how many labels a budget needs, from the budget and the FDR expected,
 * a wanted interval half-width, the design effect of a sample's strata file, and (with
 * predictions in that file) what a model's predictions save. Returns the plan as text lines.
 */
import {
  DEFAULT_DESIGN_EFFECT,
  designEffect,
  gatingSampleSize,
  srsSampleSize,
  stratifiedSampleSize,
  zeroFailureSampleSize,
} from '../audit/planner.ts';
import { ppiPlan } from '../audit/ppi-plan.ts';
import { UsageError } from '../errors.ts';
import { percentCell as p } from '../report/audit-text.ts';
import type { Predictions } from '../sampling/predictions.ts';
import { checkDesignPredictions, checkFractions, readStrata } from './audit-inputs.ts';

export interface AuditPlanOptions {
  /** The FDR budget to certify. */
  budget?: number | undefined;
  /** The FDR the filter is expected to have. */
  expectedFdr?: number | undefined;
  /** The interval half-width wanted (e.g. 0.03). */
  halfWidth?: number | undefined;
  alpha: number;
  /** A strata file from winnow sample (`none` or unset: none). */
  strata?: string | undefined;
  predictions?: Predictions | null;
}

/** With predictions: the labels a budget needs with the model and without, from the predictions' spread. */
async function planWithPredictions(o: AuditPlanOptions, pred: Predictions): Promise<string[]> {
  if (!o.strata || o.strata === 'none')
    throw new UsageError(
      `audit plan --predictions ${pred.predictions}: give the strata file of a sample drawn with --predictions (--strata FILE)`,
    );
  const design = await readStrata(o.strata);
  checkDesignPredictions(design, o.strata, pred);
  const out = [
    `With the predictions of ${pred.predictions} in ${o.strata}, if the model is calibrated:`,
  ];
  for (const [flagged, name, side] of [
    [true, 'FDR', 'dropped'],
    [false, 'FOR', 'kept'],
  ] as const) {
    const plan = ppiPlan(design.strata, design.predictions!, flagged);
    if (!plan) continue;
    out.push(
      `  ${name} ≈ ${p(plan.rate).trim()} by the model; each label of a ${side} document is worth ≈ ${plan.worth.toFixed(2)} classical labels`,
    );
    if (o.halfWidth !== undefined) {
      const size = (sd: 'classicalSd' | 'ppiSd') =>
        stratifiedSampleSize({
          halfWidth: o.halfWidth!,
          alpha: o.alpha,
          strata: plan.strata.map((s) => ({ weight: s.weight, sd: s[sd] })),
        });
      out.push(
        `    for ±${p(o.halfWidth).trim()} on ${name}: ${size('classicalSd')} labels of ${side} documents without the model, ${size('ppiSd')} with it (Neyman allocation)`,
      );
    }
    if (flagged && o.budget !== undefined) {
      const expected = o.expectedFdr ?? plan.rate;
      if (expected < o.budget) {
        const g = gatingSampleSize({ budget: o.budget, trueRate: expected, alpha: o.alpha });
        out.push(
          `    to certify FDR <= ${p(o.budget).trim()} at a true FDR of ${p(expected).trim()}: ${g.sustained} labels without the model, ≈ ${Math.ceil(g.sustained / plan.worth)} with it`,
        );
      } else
        out.push(
          `    the model puts FDR at ${p(expected).trim()}, at or above the budget ${p(o.budget).trim()}: no sample certifies it`,
        );
    }
  }
  return out;
}

export async function auditPlan(o: AuditPlanOptions): Promise<string[]> {
  const out: string[] = [];
  checkFractions([
    ['--budget', o.budget],
    ['--expected-fdr', o.expectedFdr],
    ['--half-width', o.halfWidth],
    ['--alpha', o.alpha],
  ]);
  if (o.budget !== undefined && o.expectedFdr !== undefined && !(o.expectedFdr < o.budget)) {
    throw new UsageError(
      `Expected \`--expected-fdr\` below \`--budget\` (${o.budget}), got ${o.expectedFdr}: no sample certifies a budget the true FDR already exceeds`,
    );
  }
  if (o.budget !== undefined && o.expectedFdr !== undefined) {
    // Stratified labels are worth fewer simple random ones: the design effect of the strata file, or an assumed one.
    const strata =
      o.strata && o.strata !== 'none'
        ? (await readStrata(o.strata)).strata
            .filter((s) => s.flagged)
            .map((s) => ({ size: s.population_docs, n: s.sample_size }))
        : null;
    const deff = strata ? designEffect(strata) : DEFAULT_DESIGN_EFFECT;
    const g = gatingSampleSize({
      budget: o.budget,
      trueRate: o.expectedFdr,
      alpha: o.alpha,
      designEffect: deff,
    });
    out.push(
      `To certify FDR <= ${p(o.budget)} at ${Math.round((1 - o.alpha) * 100)} % when the true FDR is ${p(o.expectedFdr)}, with 80 % power:`,
      `  label ${g.sustained} dropped documents (power is >= 80 % from there on; it first reaches 80 % at ${g.minimum}, then dips: the binomial sawtooth)`,
      `  design effect ${deff.toFixed(2)} ${strata ? `from ${o.strata}` : `assumed for winnow sample's strata (pass --strata FILE for your sample's)`}; winnow sample gives half its -n to dropped strata, so -n ${2 * g.sustained}`,
    );
  }
  if (o.budget !== undefined)
    out.push(
      `  with zero good documents among them, ${zeroFailureSampleSize(o.budget, o.alpha)} labels prove FDR <= ${p(o.budget)}`,
    );
  if (o.halfWidth !== undefined)
    out.push(
      `For a ±${p(o.halfWidth)} interval on a proportion (worst case p = 0.5): ${srsSampleSize({ halfWidth: o.halfWidth, alpha: o.alpha })} labels per estimated rate`,
    );
  if (o.predictions) out.push('', ...(await planWithPredictions(o, o.predictions)));
  if (!out.length)
    throw new UsageError('audit plan: give --budget (and --expected-fdr), or --half-width');
  return out;
}
