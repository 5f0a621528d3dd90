/**
 * The active design (`winnow sample --design active --predictions ATTR`; Zrnic & Candès, "Active
 * statistical inference", ICML 2024): every document is labeled independently (Poisson sampling)
 * with a known probability that grows with the model's uncertainty about it, so labels go where
 * the model is least sure and the inverse-probability PPI estimator (audit/ppi.ts) stays unbiased.
 *
 * Per side (dropped, kept; the labels split as the doc design splits them), with n_s labels
 * expected among N_s documents and u_j = √(p_j(1 − p_j)) the standard deviation of a label the
 * model calls bad with probability p_j (the optimal π ∝ √E[(Y − f)² | x] for a calibrated model):
 *
 *   π_j = min(1, n_s · ((1 − τ) u_j / Σ u + τ / N_s))
 *
 * The uniform share τ = FLOOR_SHARE floors every π at τ·n_s/N_s, so no document carries a weight
 * 1/π large enough to swamp the estimate when the model is confidently wrong. A document is
 * chosen when its seeded key (keys.ts) is below π_j, so the sample does not depend on shard order.
 * π needs Σ u over the side, known only at the end: the design keeps one small record per document.
 */
import { addMoment, emptyMoments, type Moments } from '../audit/ppi.ts';
import { splitBudget, type Candidate, type Chosen, type StratumInfo } from './design.ts';
import { uniformKey } from './keys.ts';

/** The uniform share of the inclusion probabilities: π_j ≥ FLOOR_SHARE · n_s / N_s. */
export const FLOOR_SHARE = 0.3;

/** A candidate with the model's P(bad). */
export interface ActiveCandidate extends Candidate {
  readonly prediction: number;
}

interface Side {
  docs: (ActiveCandidate & { key: number; u: number })[];
  tokens: number;
  tokensSq: number;
  sumU: number;
  moments: Moments;
}

/** The active design: `add` every scored document with its P(bad), then `finish`. */
export class ActiveDesign {
  private sides: [Side, Side] = [this.side(), this.side()];
  constructor(
    readonly n: number,
    readonly seed: number,
  ) {}

  private side(): Side {
    return { docs: [], tokens: 0, tokensSq: 0, sumU: 0, moments: emptyMoments() };
  }

  add(c: ActiveCandidate): void {
    if (!(c.prediction >= 0 && c.prediction <= 1))
      throw new RangeError(`Expected a prediction in [0, 1], got ${c.prediction}`);
    const s = this.sides[c.reasons.length > 0 ? 0 : 1];
    const u = Math.sqrt(c.prediction * (1 - c.prediction));
    s.docs.push({ ...c, key: uniformKey(this.seed, c.shard, c.line), u });
    s.tokens += c.weight;
    s.tokensSq += c.weight * c.weight;
    s.sumU += u;
    addMoment(s.moments, c.prediction);
  }

  /** The two strata, the chosen documents (in key order) with their π, and P(bad)'s moments per stratum. */
  finish(): { strata: StratumInfo[]; chosen: Chosen[]; predictions: Record<string, Moments> } {
    const [dropped, kept] = this.sides;
    const budgets = splitBudget(this.n, dropped.docs.length, kept.docs.length);
    const strata: StratumInfo[] = [];
    const chosen: Chosen[] = [];
    const predictions: Record<string, Moments> = {};
    this.sides.forEach((s, i) => {
      if (!s.docs.length) return;
      const flagged = i === 0;
      const name = flagged ? 'active:dropped' : 'active:kept';
      const N = s.docs.length;
      const ns = budgets[i]!;
      let taken = 0;
      for (const d of s.docs) {
        const share = s.sumU > 0 ? (1 - FLOOR_SHARE) * (d.u / s.sumU) + FLOOR_SHARE / N : 1 / N;
        const pi = Math.min(1, ns * share);
        if (d.key >= pi) continue;
        taken++;
        const { u: _, ...rest } = d;
        chosen.push({ ...rest, stratum: name, inclusionProbability: pi });
      }
      strata.push({
        name,
        flagged,
        signature: 'any',
        population_docs: N,
        population_tokens: s.tokens,
        population_tokens_sq: s.tokensSq,
        sample_size: taken,
      });
      predictions[name] = { ...s.moments };
    });
    chosen.sort((a, b) => a.key - b.key);
    return { strata, chosen, predictions };
  }
}
