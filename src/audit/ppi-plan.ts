/**
 * Planning a PPI++ audit before any label: how much a model's predictions on every document are
 * worth, from their spread per stratum alone (what `winnow audit plan --predictions` prints).
 */
import type { PpiDesignStratum, PredictionStrata } from './ppi-audit.ts';

/** A side's planning figures: the model's own estimate of the rate, and per stratum the unit SDs with and without it. */
export interface PpiPlan {
  /** FDR (flagged side, share good) or FOR (kept side, share bad) as the model predicts it. */
  rate: number;
  strata: { weight: number; classicalSd: number; ppiSd: number }[];
  /** How many classical labels one label is worth with the model, under Neyman allocation: (Σ W S / Σ W S_PPI)². */
  worth: number;
}

/**
 * Planning from the predictions' spread alone, before any label: if the model is calibrated
 * (E[Y | f] = f), a label's variance is θ(1 − θ) classically and E[f(1 − f)] = θ(1 − θ) − Var(f)
 * around the model (λ = 1, the optimum when n ≪ N), so a stratum's unit SD falls from
 * √(θ(1 − θ)) to √(θ(1 − θ) − Var f). A miscalibrated model buys less; PPI++'s λ̂ then keeps
 * the interval valid, not this plan. Null when the side has no documents.
 */
export function ppiPlan(
  strata: readonly PpiDesignStratum[],
  predictions: PredictionStrata,
  flagged: boolean,
): PpiPlan | null {
  const rows = strata
    .filter((s) => s.flagged === flagged && s.population_docs > 0)
    .map((s) => {
      const m = predictions.strata[s.name];
      if (!m || !m.count)
        throw new RangeError(`the strata file has no predictions for stratum ${s.name}`);
      const theta = flagged ? 1 - m.mean : m.mean;
      const classical = theta * (1 - theta);
      return {
        weight: s.population_docs,
        theta,
        classicalSd: Math.sqrt(classical),
        ppiSd: Math.sqrt(Math.max(0, classical - m.m2 / m.count)),
      };
    });
  if (!rows.length) return null;
  const total = rows.reduce((t, r) => t + r.weight, 0);
  const neyman = (sd: (r: (typeof rows)[number]) => number) =>
    rows.reduce((t, r) => t + (r.weight / total) * sd(r), 0);
  const ratio = neyman((r) => r.classicalSd) / neyman((r) => r.ppiSd);
  return {
    rate: rows.reduce((t, r) => t + (r.weight / total) * r.theta, 0),
    strata: rows.map(({ weight, classicalSd, ppiSd }) => ({ weight, classicalSd, ppiSd })),
    worth: ratio * ratio,
  };
}
