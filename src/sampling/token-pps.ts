/** The token-PPS sample design (audit-methods.md §3), beside the stratified one of design.ts. */
import { mulberry32 } from '../audit/random.ts';
import type { Candidate, Chosen, StratumInfo } from './design.ts';

/**
 * The token design: `n` draws with replacement, each a uniformly random token position of the
 * dropped stream, i.e. documents with probability ∝ tokens (audit-methods.md §3, token-PPS).
 * Streaming: n independent weighted reservoirs of size one, updated in O(1) expected per document.
 */
export class TokenPpsDesign {
  private slots: (Candidate | null)[];
  private total = 0;
  private totalSq = 0;
  private docs = 0;
  private random: () => number;
  constructor(
    readonly n: number,
    seed: number,
  ) {
    this.slots = new Array<Candidate | null>(n).fill(null);
    this.random = mulberry32(seed);
  }

  add(c: Candidate): void {
    if (!c.reasons.length || c.weight <= 0) return;
    this.docs++;
    this.total += c.weight;
    this.totalSq += c.weight * c.weight;
    const p = c.weight / this.total;
    // Each slot independently takes this document with probability p.
    for (const slot of this.pickSlots(p)) this.slots[slot] = c;
  }

  finish(): { strata: StratumInfo[]; chosen: Chosen[] } {
    const chosen: Chosen[] = [];
    this.slots.forEach((c, draw) => {
      if (c)
        chosen.push({
          ...c,
          key: draw,
          draw,
          stratum: 'dropped:token-pps',
          inclusionProbability: c.weight / this.total,
        });
    });
    const strata: StratumInfo[] = [
      {
        name: 'dropped:token-pps',
        flagged: true,
        signature: 'any',
        population_docs: this.docs,
        population_tokens: this.total,
        population_tokens_sq: this.totalSq,
        sample_size: chosen.length,
      },
    ];
    return { strata, chosen };
  }

  /** Slots that flip with probability p each: Bernoulli trials when p is large, geometric jumps when small. */
  private pickSlots(p: number): number[] {
    const out: number[] = [];
    if (p >= 0.1) {
      for (let i = 0; i < this.n; i++) if (this.random() < p) out.push(i);
      return out;
    }
    const logq = Math.log1p(-p);
    for (let i = -1; ;) {
      i += 1 + Math.floor(Math.log(1 - this.random()) / logq);
      if (i >= this.n) return out;
      out.push(i);
    }
  }
}
