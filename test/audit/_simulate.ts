/**
 * A seeded simulation of the audit's whole path on a corpus with known truth: `winnow sample`'s
 * stratified design (the same StratifiedDesign class), labels from the truth, and the stratified
 * metrics the audit reports (the same designMetrics function). test/audit/design-metrics.test.ts
 * shows that it reproduces the CLI's audits exactly before the coverage it measures is trusted.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { designMetrics, type Metric } from '../../src/audit/design-metrics.ts';
import { mulberry32 } from '../../src/audit/random.ts';
import { StratifiedDesign, type StratumInfo } from '../../src/sampling/design.ts';
import { cli } from '../cli/_run.ts';

/** A document as the design and the audit see it. */
export interface SimDoc {
  id: string;
  shard: string;
  line: number;
  reasons: readonly string[];
  /** Tokens, as `sample` and `audit` count them. */
  weight: number;
}

/**
 * Every document of `shards` with the preset's reasons and token count, from `winnow sample -n`
 * all of them (its winnow_sample field carries reasons, weight, shard and line).
 */
export async function scoredCorpus(
  shards: string,
  preset: string,
  count: number,
  dir: string,
): Promise<SimDoc[]> {
  const out = join(dir, 'all.jsonl');
  const r = await cli(
    'sample',
    shards,
    '--preset',
    preset,
    '-n',
    String(count),
    '--seed',
    '1',
    '-o',
    out,
  );
  if (r.code !== 0) throw new Error(r.err);
  const docs = readFileSync(out, 'utf8').trim().split('\n');
  const { totals } = JSON.parse(readFileSync(join(dir, 'all.strata.json'), 'utf8')) as {
    totals: { docs: number };
  };
  if (docs.length !== totals.docs)
    throw new Error(`sample -n ${count} chose ${docs.length} of ${totals.docs} documents`);
  return docs
    .map((l) => {
      const x = JSON.parse(l) as {
        id: string;
        winnow_sample: { reasons: string[]; weight: number; shard: string; line: number };
      };
      const s = x.winnow_sample;
      return { id: x.id, shard: s.shard, line: s.line, reasons: s.reasons, weight: s.weight };
    })
    .sort((a, b) => (a.shard < b.shard ? -1 : a.shard > b.shard ? 1 : a.line - b.line));
}

/** The place of a document, as the design's chosen records name it. */
export const placeOf = (d: { shard: string; line: number }): string => `${d.shard}:${d.line}`;

/**
 * `count` of `docs` chosen without replacement with probability ∝ propensity (Efraimidis–Spirakis
 * keys u^{1/w}), seeded: the truth of a simulated corpus.
 */
function weightedChoice(
  propensity: readonly number[],
  count: number,
  random: () => number,
): Set<number> {
  const keys = propensity.map((w, i) => [Math.log(random()) / w, i] as const);
  keys.sort((a, b) => b[0] - a[0]);
  return new Set(keys.slice(0, count).map(([, i]) => i));
}

/** A 32-bit hash of a string, for a stable per-signature factor. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * Truth with an exact FDR and FOR: round(FDR·D) of the dropped documents are good and
 * round(FOR·K) of the kept ones bad. Good dropped documents are likelier in some rule signatures
 * than others (a factor between ¼ and 4 per signature) and among longer documents (∝ √tokens), so
 * token-FDR exceeds FDR as on real corpora; bad kept documents lean short (∝ 1/√tokens).
 */
export function assignTruth(
  docs: readonly SimDoc[],
  o: { fdr: number; forRate: number; seed: number },
): boolean[] {
  const random = mulberry32(o.seed);
  const dropped = docs.map((d, i) => [d, i] as const).filter(([d]) => d.reasons.length > 0);
  const kept = docs.map((d, i) => [d, i] as const).filter(([d]) => d.reasons.length === 0);
  const factor = (sig: string) => 4 ** ((hash(`${o.seed}|${sig}`) / 2 ** 32) * 2 - 1);
  const goodDropped = weightedChoice(
    dropped.map(([d]) => factor([...d.reasons].sort().join('+')) * Math.sqrt(d.weight)),
    Math.round(o.fdr * dropped.length),
    random,
  );
  const badKept = weightedChoice(
    kept.map(([d]) => 1 / Math.sqrt(d.weight)),
    Math.round(o.forRate * kept.length),
    random,
  );
  const bad = docs.map((d) => d.reasons.length > 0);
  dropped.forEach(([, i], j) => {
    if (goodDropped.has(j)) bad[i] = false;
  });
  kept.forEach(([, i], j) => {
    if (badKept.has(j)) bad[i] = true;
  });
  return bad;
}

/** The corpus's true rates under a truth. */
export function trueRates(
  docs: readonly SimDoc[],
  bad: readonly boolean[],
): Record<string, number> {
  let tp = 0,
    fp = 0,
    fn = 0,
    tn = 0,
    tpT = 0,
    fpT = 0,
    fnT = 0,
    tnT = 0;
  docs.forEach((d, i) => {
    const drop = d.reasons.length > 0;
    const w = d.weight;
    if (drop && bad[i]) {
      tp++;
      tpT += w;
    } else if (drop) {
      fp++;
      fpT += w;
    } else if (bad[i]) {
      fn++;
      fnT += w;
    } else {
      tn++;
      tnT += w;
    }
  });
  return {
    fdr: fp / (tp + fp),
    for: fn / (fn + tn),
    token_fdr: fpT / (tpT + fpT),
    token_for: fnT / (fnT + tnT),
    recall: tp / (tp + fn),
    fpr: fp / (fp + tn),
    good_docs_dropped: fp,
    good_tokens_dropped: fpT,
    bad_docs_kept: fn,
    bad_tokens_kept: fnT,
  };
}

/** One draw of `winnow sample -n N --seed S` (doc design, no --score): its strata and the chosen documents' indices. */
export function drawSample(
  docs: readonly SimDoc[],
  n: number,
  seed: number,
): { strata: StratumInfo[]; chosen: { index: number; stratum: string }[] } {
  const at = new Map(docs.map((d, i) => [placeOf(d), i]));
  const design = new StratifiedDesign(n, seed, false);
  for (const d of docs)
    design.add({ shard: d.shard, line: d.line, reasons: d.reasons, weight: d.weight });
  const { strata, chosen } = design.finish();
  return {
    strata,
    chosen: chosen.map((c) => ({ index: at.get(placeOf(c))!, stratum: c.stratum })),
  };
}

/** The audit's stratified metrics on a drawn sample labeled by the truth. */
export function auditSample(
  docs: readonly SimDoc[],
  bad: readonly boolean[],
  sample: { strata: readonly StratumInfo[]; chosen: readonly { index: number; stratum: string }[] },
  alpha = 0.05,
): Record<string, Metric> {
  const items = new Map<string, { bad: boolean; weight: number }[]>();
  for (const c of sample.chosen)
    items.set(c.stratum, [
      ...(items.get(c.stratum) ?? []),
      { bad: bad[c.index]!, weight: docs[c.index]!.weight },
    ]);
  return designMetrics(
    sample.strata.map((s) => ({ ...s, items: items.get(s.name) ?? [] })),
    alpha,
  ).metrics;
}

/** The strata `winnow sample -n` forms on a corpus (they do not depend on the seed) and each one's documents. */
export function strataOf(
  docs: readonly SimDoc[],
  n: number,
): { strata: StratumInfo[]; members: Map<string, number[]> } {
  const design = new StratifiedDesign(n, 1, false);
  for (const d of docs)
    design.add({ shard: d.shard, line: d.line, reasons: d.reasons, weight: d.weight });
  const { strata } = design.finish();
  const members = new Map(strata.map((s) => [s.name, [] as number[]]));
  docs.forEach((d, i) =>
    members
      .get(
        design.stratumOf({ shard: d.shard, line: d.line, reasons: d.reasons, weight: d.weight })!,
      )!
      .push(i),
  );
  return { strata, members };
}

/**
 * A simple random sample of n_h documents from every stratum: what the design's bottom-k of
 * uniform keys draws, with a fast seeded generator instead of hashing every document's place.
 */
export function srsDraw(
  strata: readonly StratumInfo[],
  members: ReadonlyMap<string, readonly number[]>,
  random: () => number,
): { index: number; stratum: string }[] {
  const chosen: { index: number; stratum: string }[] = [];
  for (const s of strata) {
    const pool = [...members.get(s.name)!];
    for (let k = 0; k < s.sample_size; k++) {
      const j = k + Math.floor(random() * (pool.length - k));
      [pool[k], pool[j]] = [pool[j]!, pool[k]!];
      chosen.push({ index: pool[k]!, stratum: s.name });
    }
  }
  return chosen;
}
