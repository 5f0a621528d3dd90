/**
 * Label quality from two annotators (audit-methods.md §1): Cohen's κ with its approximate standard
 * error, and, because of the prevalence paradox (low κ despite high agreement when bad is rare),
 * raw agreement p_o, PABAK = 2p_o − 1 and positive (bad) agreement.
 */
import type { Interval } from './intervals.ts';
import { normalUpperQuantile } from './normal.ts';

/** Counts of paired labels: first letter annotator A, second annotator B (g = good, b = bad). */
export interface AgreementTable {
  gg: number;
  gb: number;
  bg: number;
  bb: number;
}

export interface Agreement {
  n: number;
  /** Observed agreement p_o = (n_gg + n_bb)/n. */
  observed: number;
  /** Chance agreement p_e = (n_g^A n_g^B + n_b^A n_b^B)/n². */
  expected: number;
  /** κ = (p_o − p_e)/(1 − p_e); NaN when p_e = 1 (both annotators gave one label throughout). */
  kappa: number;
  /** Approximate SE √(p_o(1−p_o)/(n(1−p_e)²)). */
  se: number;
  /** κ ± z·SE, clipped to [−1, 1]. */
  interval: Interval;
  /** Prevalence- and bias-adjusted κ, 2p_o − 1. */
  pabak: number;
  /** Agreement on bad, 2n_bb/(2n_bb + n_gb + n_bg); NaN when neither annotator said bad. */
  positiveAgreement: number;
}

/** Builds the table from two label arrays (true = bad), index i being the same item. */
export function agreementTable(a: readonly boolean[], b: readonly boolean[]): AgreementTable {
  if (a.length !== b.length)
    throw new RangeError(`Expected two label lists of one length, got ${a.length} and ${b.length}`);
  const t: AgreementTable = { gg: 0, gb: 0, bg: 0, bb: 0 };
  a.forEach((badA, i) => {
    const badB = b[i] as boolean;
    if (badA && badB) t.bb++;
    else if (badA) t.bg++;
    else if (badB) t.gb++;
    else t.gg++;
  });
  return t;
}

/** Cohen's κ, its SE and interval (α default 0.05), raw agreement, PABAK and positive agreement. */
export function cohenKappa(t: AgreementTable, alpha = 0.05): Agreement {
  const n = t.gg + t.gb + t.bg + t.bb;
  const observed = (t.gg + t.bb) / n;
  const goodA = t.gg + t.gb;
  const goodB = t.gg + t.bg;
  const expected = (goodA * goodB + (n - goodA) * (n - goodB)) / (n * n);
  const kappa = (observed - expected) / (1 - expected);
  const se = Math.sqrt((observed * (1 - observed)) / (n * (1 - expected) ** 2));
  const z = normalUpperQuantile(alpha / 2);
  return {
    n,
    observed,
    expected,
    kappa,
    se,
    interval: [Math.max(-1, kappa - z * se), Math.min(1, kappa + z * se)],
    pabak: 2 * observed - 1,
    positiveAgreement: (2 * t.bb) / (2 * t.bb + t.gb + t.bg),
  };
}
