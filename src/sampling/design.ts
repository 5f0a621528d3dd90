/**
 * Choosing documents to label (audit-methods.md §3, "Sampling design"). One pass over scored
 * documents feeds bottom-k samples per fine stratum (flag status × rule signature × score bin ×
 * length bin); at the end each side's longest documents become strata of their own, rare
 * signatures are pooled, score bins coarsened to equal populations, labels allocated, and every
 * stratum's exact population (docs, tokens, Σ tokens²) recorded.
 *
 * Allocation: half the labels to dropped strata, half to kept ones (the 50/50 design of the
 * methods' RMSE table; FDR needs only the dropped side, recall and FOR the kept side), moving any
 * surplus to the other side; within a side, proportional to the mean of the document and token
 * shares (Neyman with S_h unknown before labels, i.e. equal), with at least 30 per stratum where
 * the stratum has that many. Long documents and rule signatures get strata of their own only
 * while their floors take at most half of a side's labels, so the rest can follow the population.
 */
import { neymanAllocation } from '../audit/planner.ts';
import { addMoment, emptyMoments, mergeMoments, type Moments } from '../audit/ppi.ts';
import { BottomK, mergeBottomK } from './bottom-k.ts';
import { uniformKey } from './keys.ts';

/** A document as the design sees it (no text: the chosen ones are read again later). */
export interface Candidate {
  readonly shard: string;
  readonly line: number;
  readonly reasons: readonly string[];
  /** Tokens (or code points with `tokenizer: none`): the token-weighted population and PPS weight. */
  readonly weight: number;
  /** The `--score` attribute's value, when stratifying by score. */
  readonly value?: number;
  /** With `--predictions`: the model's P(bad), summarised per stratum for prediction-powered audits. */
  readonly prediction?: number;
  /** The detected language (the `language` filter's label), when stratifying by language. */
  readonly language?: string;
}

export interface Chosen extends Candidate {
  readonly key: number;
  readonly stratum: string;
  /** Doc design: n_h / N_h. Token design: the per-draw selection probability weight / L_D. */
  readonly inclusionProbability: number;
  /** Token design: which draw (documents can be drawn more than once). */
  readonly draw?: number;
}

export interface StratumInfo {
  name: string;
  flagged: boolean;
  /**
   * Rule signature: the sorted fired reasons joined by `+` (`other` when pooled; empty when kept);
   * `@<language>` instead when stratified by language.
   */
  signature: string;
  /** `[lo, hi]` of the score attribute in this stratum, when stratified by score. */
  score_range?: [number, number];
  population_docs: number;
  population_tokens: number;
  /** Σ ℓ² over the stratum's documents: the token interval's floor needs the population's spread of lengths. */
  population_tokens_sq: number;
  sample_size: number;
}

/** Minimum labels per stratum the methods ask for (n_h ≥ 30), where the stratum is that large. */
export const MIN_PER_STRATUM = 30;
/** Score bins per signature group at most. */
const MAX_BINS = 4;
/** Sampling bins are coarse log bins (ratio 1.25) merged later into equal-population bins. */
const BIN_RATIO = Math.log(1.25);
/**
 * The longest documents of a side, at most this share of its documents, form a stratum of their
 * own: they hold a large share of the tokens (the top 5 % of the web pages' drops hold a quarter),
 * and a few long good pages left out of a sample were what made token-FDR intervals too short.
 */
const LONG_SHARE = 0.05;
const LONGEST_SHARE = 0.01;
/** Length bins for the long stratum: ratio √2. */
const lengthBin = (weight: number): number => Math.floor(2 * Math.log2(Math.max(1, weight)));

const fineBin = (v: number | undefined): number => {
  if (v === undefined || !Number.isFinite(v)) return 0;
  const a = Math.abs(v);
  if (a < 1e-9) return 0;
  const k = Math.floor(Math.log(a) / BIN_RATIO) + 200;
  return v < 0 ? -k : k;
};

/** What a stratum, fine or final, adds up over its documents. */
interface Totals {
  flagged: boolean;
  signature: string;
  docs: number;
  tokens: number;
  tokensSq: number;
  min: number;
  max: number;
  /** The model's P(bad) with `--predictions`. */
  predictions: Moments;
  /** ℓ·P(good) on the dropped side, ℓ·P(bad) on the kept side (ℓ = weight): for token rates. */
  tokenPredictions: Moments;
}

interface Fine extends Totals {
  id: string;
  bin: number;
  length: number;
  sample: BottomK<Candidate & { key: number }>;
}

/** The stratified doc design: `add` every scored document, then `finish`. */
export class StratifiedDesign {
  private fine = new Map<string, Fine>();
  /** Fine stratum id → final stratum name, once finished. */
  private finalName = new Map<string, string>();
  constructor(
    readonly n: number,
    readonly seed: number,
    readonly byScore: boolean,
    /** Also by detected language (`sample --strata language`): how a filter treats each language. */
    readonly byLanguage = false,
  ) {}

  private fineOf(c: Candidate) {
    const flagged = c.reasons.length > 0;
    // By language, the language takes the rule signature's place: the labels go to languages.
    const signature = this.byLanguage
      ? `@${c.language ?? 'und'}`
      : flagged
        ? [...c.reasons].sort().join('+')
        : '';
    const bin = this.byScore ? fineBin(c.value) : 0;
    const length = lengthBin(c.weight);
    return {
      id: `${flagged ? 'd' : 'k'}|${signature}|${bin}|${length}`,
      flagged,
      signature,
      bin,
      length,
    };
  }

  add(c: Candidate): void {
    const key = this.fineOf(c);
    let f = this.fine.get(key.id);
    if (!f) {
      f = {
        ...key,
        docs: 0,
        tokens: 0,
        tokensSq: 0,
        min: Infinity,
        max: -Infinity,
        predictions: emptyMoments(),
        tokenPredictions: emptyMoments(),
        sample: new BottomK(this.n),
      };
      this.fine.set(key.id, f);
    }
    f.docs++;
    f.tokens += c.weight;
    f.tokensSq += c.weight * c.weight;
    if (c.prediction !== undefined) {
      addMoment(f.predictions, c.prediction);
      addMoment(f.tokenPredictions, c.weight * (f.flagged ? 1 - c.prediction : c.prediction));
    }
    if (c.value !== undefined && Number.isFinite(c.value)) {
      f.min = Math.min(f.min, c.value);
      f.max = Math.max(f.max, c.value);
    }
    f.sample.offer({ ...c, key: uniformKey(this.seed, c.shard, c.line) });
  }

  /** Final strata, the chosen documents (in random-key order), and P(bad)'s moments per stratum. */
  finish(): {
    strata: StratumInfo[];
    chosen: Chosen[];
    predictions: Record<string, Moments>;
    tokenPredictions: Record<string, Moments>;
  } {
    const sides = [true, false].map((flagged) =>
      [...this.fine.values()].filter((f) => f.flagged === flagged),
    );
    const sizes = sides.map((s) => s.reduce((n, f) => n + f.docs, 0));
    const budgets = splitBudget(this.n, sizes[0]!, sizes[1]!);
    const strata: StratumInfo[] = [];
    const chosen: Chosen[] = [];
    const predictions: Record<string, Moments> = {};
    const tokenPredictions: Record<string, Moments> = {};
    sides.forEach((fines, i) => {
      // As many strata as half the budget can give 30 labels each (the other half follows the
      // population): the long documents first, then rule signatures, the rest pooled.
      const room = Math.max(1, Math.floor(budgets[i]! / (2 * MIN_PER_STRATUM)));
      const long = longStrata(fines, room);
      const rest = fines.filter((f) => !long.some((l) => l.includes(f)));
      const groups = this.groups(rest, budgets[i]!, room - long.length);
      const side = fines[0]?.flagged ? 'dropped' : 'kept';
      if (long.length === 2)
        groups.push(
          group(`${side}:longest`, 'long', long[0]!),
          group(`${side}:long`, 'long', long[1]!),
        );
      else if (long.length) groups.push(group(`${side}:long`, 'long', long[0]!));
      const alloc = groups.length ? allocate(Math.min(budgets[i]!, sizes[i]!), groups) : [];
      groups.forEach((g, j) => {
        const take = alloc[j]!;
        for (const id of g.fines) this.finalName.set(id, g.name);
        const info: StratumInfo = {
          name: g.name,
          flagged: g.flagged,
          signature: g.signature,
          population_docs: g.docs,
          population_tokens: g.tokens,
          population_tokens_sq: g.tokensSq,
          sample_size: take,
        };
        if (this.byScore && Number.isFinite(g.min)) info.score_range = [g.min, g.max];
        strata.push(info);
        predictions[g.name] = g.predictions;
        tokenPredictions[g.name] = g.tokenPredictions;
        const p = g.docs ? take / g.docs : 0;
        for (const c of mergeBottomK(g.samples, take))
          chosen.push({ ...c, stratum: g.name, inclusionProbability: p });
      });
    });
    strata.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    chosen.sort((a, b) => a.key - b.key);
    return { strata, chosen, predictions, tokenPredictions };
  }

  /** The final stratum of a document offered to `add`, once finished. */
  stratumOf(c: Candidate): string | undefined {
    return this.finalName.get(this.fineOf(c).id);
  }

  /**
   * Pools rare signatures (`room` strata at most) and merges fine score bins into at most
   * MAX_BINS equal-population bins. Half the budget at most goes to the 30-label floors, because
   * with every stratum at the floor (five strata of 30 for 150 labels) a stratum holding 60 % of
   * the drops got 30 labels, and its 0/30 made the FDR's interval far too short.
   */
  private groups(fines: Fine[], budget: number, room: number) {
    const bySig = new Map<string, Fine[]>();
    for (const f of fines) bySig.set(f.signature, [...(bySig.get(f.signature) ?? []), f]);
    const total = fines.reduce((n, f) => n + f.docs, 0);
    const sigs = [...bySig.entries()]
      .map(([sig, fs]) => ({ sig, fs, docs: fs.reduce((n, f) => n + f.docs, 0) }))
      .sort((a, b) => b.docs - a.docs || (a.sig < b.sig ? -1 : 1));
    const keep = sigs.filter(
      (s, i) =>
        i < room - (sigs.length > room ? 1 : 0) && s.docs >= Math.min(MIN_PER_STRATUM, total),
    );
    const pooled = sigs.filter((s) => !keep.includes(s));
    const sigGroups = keep.map((s) => ({ sig: s.sig, fs: s.fs }));
    if (pooled.length === 1) sigGroups.push({ sig: pooled[0]!.sig, fs: pooled[0]!.fs });
    else if (pooled.length > 1) sigGroups.push({ sig: 'other', fs: pooled.flatMap((s) => s.fs) });
    const out: Group[] = [];
    for (const { sig, fs } of sigGroups) {
      const flagged = fs[0]!.flagged;
      // By language: `dropped@de`, `kept@en`, and `dropped:other` / `kept:other` for the pooled rest.
      const side = flagged ? 'dropped' : 'kept';
      const base = sig.startsWith('@')
        ? `${side}${sig}`
        : flagged || sig !== ''
          ? `${side}:${sig}`
          : side;
      const docs = fs.reduce((n, f) => n + f.docs, 0);
      const share = total ? (budget * docs) / total : 0;
      const bins = this.byScore
        ? Math.max(1, Math.min(MAX_BINS, Math.floor(share / MIN_PER_STRATUM)))
        : 1;
      const sorted = [...fs].sort((a, b) => a.bin - b.bin || a.length - b.length);
      let cur: Fine[] = [];
      let acc = 0;
      let made = 0;
      const flush = () => {
        if (!cur.length) return;
        made++;
        out.push(group(bins > 1 ? `${base}#${made}` : base, sig, cur));
        cur = [];
      };
      for (const f of sorted) {
        cur.push(f);
        acc += f.docs;
        if (made < bins - 1 && acc >= (docs * (made + 1)) / bins) flush();
      }
      flush();
    }
    return out;
  }
}

interface Group extends Totals {
  name: string;
  fines: string[];
  samples: (Candidate & { key: number })[][];
}

/** A final stratum made of fine ones. */
function group(name: string, signature: string, fines: readonly Fine[]): Group {
  return {
    name,
    flagged: fines[0]!.flagged,
    signature,
    fines: fines.map((f) => f.id),
    docs: fines.reduce((n, f) => n + f.docs, 0),
    tokens: fines.reduce((n, f) => n + f.tokens, 0),
    tokensSq: fines.reduce((n, f) => n + f.tokensSq, 0),
    min: Math.min(...fines.map((f) => f.min)),
    max: Math.max(...fines.map((f) => f.max)),
    predictions: fines.reduce((m, f) => mergeMoments(m, f.predictions), emptyMoments()),
    tokenPredictions: fines.reduce((m, f) => mergeMoments(m, f.tokenPredictions), emptyMoments()),
    samples: fines.map((f) => f.sample.sorted()),
  };
}

/**
 * The fine strata of a side's longest documents: whole length bins from the longest down, while
 * they hold at most `share` of the side's documents; none unless they reach 30.
 */
function longest(fines: readonly Fine[], share: number): Fine[] {
  const docs = fines.reduce((n, f) => n + f.docs, 0);
  const byLength = new Map<number, number>();
  for (const f of fines) byLength.set(f.length, (byLength.get(f.length) ?? 0) + f.docs);
  let acc = 0;
  let cut = Infinity;
  for (const [length, n] of [...byLength].sort((a, b) => b[0] - a[0])) {
    if (acc + n > share * docs) break;
    acc += n;
    cut = length;
  }
  return acc >= MIN_PER_STRATUM ? fines.filter((f) => f.length >= cut) : [];
}

/**
 * The long strata of a side, longest first, as many as `room` allows while leaving one for the
 * rest: the longest ≤ LONG_SHARE of the documents, and within them, when there is room for it,
 * the longest ≤ LONGEST_SHARE apart (within the top 5 % of the web pages' drops lengths still
 * run from 9k to 64k tokens, and three good pages over 40k made most of the misses at -n 1,000).
 */
function longStrata(fines: readonly Fine[], room: number): Fine[][] {
  const long = room >= 2 ? longest(fines, LONG_SHARE) : [];
  if (!long.length) return [];
  const top = room >= 3 ? longest(fines, LONGEST_SHARE) : [];
  return top.length && top.length < long.length
    ? [top, long.filter((f) => !top.includes(f))]
    : [long];
}

/**
 * Labels across a side's strata: n_h ∝ the mean of the stratum's document share N_h/N and token
 * share L_h/L (FDR is a mean over documents, token-FDR over tokens), at least 30 where the
 * stratum has that many, at most N_h.
 */
export function allocate(
  total: number,
  strata: readonly { docs: number; tokens: number }[],
): number[] {
  const docs = strata.reduce((n, s) => n + s.docs, 0);
  const tokens = strata.reduce((n, s) => n + s.tokens, 0);
  // neymanAllocation shares by size·sd, so sd = mass/size makes the shares follow the mass.
  const mass = (s: { docs: number; tokens: number }) =>
    (s.docs / docs + (tokens > 0 ? s.tokens / tokens : s.docs / docs)) / 2;
  return neymanAllocation(
    total,
    strata.map((s) => ({ size: s.docs, sd: s.docs > 0 ? mass(s) / s.docs : 0 })),
    { minimum: MIN_PER_STRATUM },
  );
}

/** Labels for the dropped and kept sides: half each, surplus moved to the other side. */
export function splitBudget(n: number, dropped: number, kept: number): [number, number] {
  let d = Math.ceil(n / 2);
  let k = n - d;
  if (d > dropped) {
    k += d - dropped;
    d = dropped;
  }
  if (k > kept) {
    d = Math.min(dropped, d + k - kept);
    k = kept;
  }
  return [d, k];
}
