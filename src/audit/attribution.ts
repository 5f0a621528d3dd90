/**
 * Per-rule attribution for an OR of drop rules (audit-methods.md §6). Exact counts (hits, exclusive
 * drops, pairwise overlaps) come from the stats; these helpers add what needs labels or a formula:
 * Jaccard overlap, Shapley shares, and each rule's FDR and exclusive FDR from a stratified sample.
 * Exclusive precision 1 − FDR(U_r) is the number to act on; overall per-rule precision misleads
 * under heavy overlap.
 */
import {
  designEffectiveSize,
  stratifiedRatio,
  withEffectiveSize,
  type Estimate,
} from './stratified.ts';

/** Jaccard J_rs = |r ∧ s| / (|r| + |s| − |r ∧ s|) from hit counts and the pairwise overlap; NaN if neither fires. */
export function jaccard(hitsR: number, hitsS: number, both: number): number {
  return both / (hitsR + hitsS - both);
}

/**
 * Shapley shares of the dropped documents: a document on which k rules fire gives 1/k to each, so
 * the shares sum to D. `firings` lists, per document, the rules that fired (documents with none are kept).
 */
export function shapleyShares(firings: Iterable<readonly string[]>): Map<string, number> {
  const shares = new Map<string, number>();
  for (const rules of firings) {
    const unique = new Set(rules);
    for (const r of unique) shares.set(r, (shares.get(r) ?? 0) + 1 / unique.size);
  }
  return shares;
}

/** A labeled document for attribution: the rules that fired on it and whether it is good. */
export interface RuleLabel {
  rules: readonly string[];
  good: boolean;
}

/**
 * FDR of the documents rule r flags (FDR_r; projected FP_r = C_r·FDR_r) and of those only r flags
 * (FDR(U_r): removing r saves U_r·FDR(U_r) good documents and lets U_r·(1−FDR(U_r)) bad ones through),
 * as stratified ratio estimates Σ w·[r fires]·good / Σ w·[r fires], each with n* at most the
 * domain's effective size (stratified.ts, designEffectiveSize). Use kornGraubardInterval on each.
 */
export function ruleFdr(
  strata: readonly { size: number; items: readonly RuleLabel[] }[],
  rule: string,
): { fdr: Estimate; exclusiveFdr: Estimate } {
  const ratio = (inDomain: (l: RuleLabel) => boolean) => {
    const e = stratifiedRatio(
      strata.map((s) => ({
        size: s.size,
        numerator: s.items.map((l) => (inDomain(l) && l.good ? 1 : 0)),
        denominator: s.items.map((l) => (inDomain(l) ? 1 : 0)),
      })),
    );
    // n* bounded as for the FDR (designEffectiveSize), the rule's documents counted as a domain:
    // each stratum's estimated domain size N_h·n_dh/n_h with unit "length" 1.
    const domain = strata.map((s) => {
      const size = s.items.length ? (s.size * s.items.filter(inDomain).length) / s.items.length : 0;
      return { size: s.size, n: s.items.length, tokens: size, tokensSq: size };
    });
    return withEffectiveSize(e, designEffectiveSize(domain, 'tokens'));
  };
  return {
    fdr: ratio((l) => l.rules.includes(rule)),
    exclusiveFdr: ratio((l) => l.rules.length > 0 && l.rules.every((r) => r === rule)),
  };
}
