/**
 * The dedup audit's two ends: `samplePairs` (`winnow sample --pairs DIR`) draws (kept, removed)
 * pairs of the clusters under DIR, stratified by cluster size and MinHash's Jaccard estimate,
 * with each pair's exact 5-gram Jaccard; `auditPairs` (`winnow audit pairs`) turns the labels
 * people gave them (`duplicate` / `not_duplicate`) into the false-merge rate with its interval.
 */
import { falseMergeRate, type FalseMergeEstimate } from '../audit/false-merge.ts';
import { lookupCluster, parseClusterIndex } from '../dedup/cluster-index.ts';
import { minhashLayout } from '../dedup/layout.ts';
import {
  drawStratified,
  jaccard,
  pairsOfClusters,
  pairStratum,
  shingleSet,
  signatureAgreement,
  type ClusteredDoc,
} from '../dedup/pairs.ts';
import { Signer } from '../dedup/signature.ts';
import { readManifest } from '../dedup/stage-buckets.ts';
import { readWhole, writeWhole } from '../dedup/store.ts';
import { UsageError } from '../errors.ts';
import type { ReadOptions } from '../io/reader.ts';
import { documentsOf } from '../dedup/documents.ts';
import { resolveShards } from '../io/shards.ts';
import { strataPathOf } from '../io/output-names.ts';
import {
  parsePairs,
  parsePairStrata,
  PAIRS_VERSION,
  serializePair,
  serializePairStrata,
  type PairRecord,
} from '../formats/pairs.ts';

export interface SamplePairsOptions {
  /** The output folder of `winnow dedup minhash`. */
  readonly clusters: string;
  /** The shards the dedup run read (for the texts). */
  readonly inputs: readonly string[];
  readonly n: number;
  readonly seed: number;
  readonly out: string;
  readonly read?: Partial<ReadOptions>;
}

export interface SamplePairsResult {
  readonly population: number;
  readonly sampled: number;
  readonly strata: number;
}

export async function samplePairs(o: SamplePairsOptions): Promise<SamplePairsResult> {
  const layout = minhashLayout(o.clusters);
  const manifest = await readManifest(o.clusters);
  const index = parseClusterIndex(
    await readWhole(layout.clusters),
    layout.clusters,
    manifest.config,
  );
  const shards = await resolveShards(o.inputs);
  const missing = manifest.shards.filter((s) => !shards.some((x) => x.name === s));
  if (missing.length)
    throw new UsageError(
      `the dedup run read shards these inputs lack (${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ', …' : ''}): pass the same inputs`,
    );
  const docs: ClusteredDoc[] = [];
  for (const s of shards) {
    if (!index.shards[s.name]) continue;
    for await (const doc of documentsOf(s, o.read)) {
      const c = lookupCluster(index, s.name, doc.line);
      if (c)
        docs.push({
          id: doc.id,
          shard: s.name,
          line: doc.line,
          text: doc.text,
          cluster: c.cluster,
          size: c.size,
          removed: c.removed,
        });
    }
  }
  const signer = await Signer.open(manifest.minhash);
  const sigs = new Map<ClusteredDoc, Uint8Array>();
  const sigOf = (d: ClusteredDoc): Uint8Array => {
    let s = sigs.get(d);
    if (!s) sigs.set(d, (s = signer.sign(d.text) ?? new Uint8Array(0)));
    return s;
  };
  const candidates = pairsOfClusters(docs).map((p) => {
    const estimate = signatureAgreement(sigOf(p.a), sigOf(p.b));
    return { ...p, estimate, stratum: pairStratum(p.a.size, estimate) };
  });
  const { chosen, sizes, take } = drawStratified(candidates, o.n, o.seed);
  const side = (d: ClusteredDoc) => ({ id: d.id, shard: d.shard, line: d.line, text: d.text });
  const records: PairRecord[] = chosen.map((p) => ({
    a: side(p.a),
    b: side(p.b),
    winnow_sample: {
      stratum: p.stratum,
      inclusion_probability: take.get(p.stratum)! / sizes.get(p.stratum)!,
      reasons: ['minhash/duplicate'],
    },
    winnow_pair: {
      version: PAIRS_VERSION,
      cluster: p.a.cluster,
      cluster_size: p.a.size,
      jaccard: jaccard(
        shingleSet(p.a.text, manifest.minhash.nGrams),
        shingleSet(p.b.text, manifest.minhash.nGrams),
      ),
      minhash_jaccard: p.estimate,
    },
  }));
  await writeWhole(o.out, records.map(serializePair).join(''));
  await writeWhole(
    strataPathOf(o.out),
    serializePairStrata({
      seed: o.seed,
      population: candidates.length,
      strata: [...sizes].map(([stratum, size]) => ({ stratum, size, sample: take.get(stratum)! })),
    }),
  );
  return { population: candidates.length, sampled: records.length, strata: sizes.size };
}

export interface AuditPairsOptions {
  readonly labels: string;
  /** Default `<labels>.strata.json`. */
  readonly strata?: string;
  readonly labelField?: string;
  readonly alpha?: number;
  /** Also write the estimate here as JSON (a file or s3://). */
  readonly out?: string | undefined;
}

/** The false-merge rate of labeled pairs (labels other than duplicate / not_duplicate are skipped). */
export async function auditPairs(
  o: AuditPairsOptions,
): Promise<FalseMergeEstimate & { skipped: number }> {
  const field = o.labelField ?? 'label';
  const text = await readInput(o.labels, 'labels');
  const records = parsePairs(text, o.labels);
  const strataPath = o.strata ?? strataPathOf(o.labels);
  const strata = parsePairStrata(
    await readInput(
      strataPath,
      'strata',
      ' (winnow sample --pairs writes it, winnow label copies it beside the labels; or give --strata FILE)',
    ),
    strataPath,
  );
  const labeled = records
    .map((r) => ({ r, label: (r as unknown as Record<string, unknown>)[field] }))
    .filter(({ label }) => label === 'duplicate' || label === 'not_duplicate');
  const estimate = falseMergeRate(
    labeled.map(({ r, label }) => ({
      stratum: r.winnow_sample.stratum,
      notDuplicate: label === 'not_duplicate',
      jaccard: r.winnow_pair.jaccard,
      minhashJaccard: r.winnow_pair.minhash_jaccard,
    })),
    new Map(strata.strata.map((s) => [s.stratum, s.size])),
    o.alpha,
  );
  const result = { ...estimate, skipped: records.length - labeled.length };
  if (o.out) await writeWhole(o.out, `${JSON.stringify(result, null, 2)}\n`);
  return result;
}

export type AuditPairsResult = Awaited<ReturnType<typeof auditPairs>>;

const pct = (x: number): string => `${(100 * x).toFixed(1)} %`;

/**
 * What `winnow audit pairs` prints. When every pair was labeled (a census) the rate is not an
 * estimate, so it says so instead of showing a zero-width interval as if it were one.
 */
export function auditPairsSummary(r: AuditPairsResult): string {
  const of = `${r.population} clustered pairs`;
  const rate = r.census
    ? `every pair labeled: the rate is exact, ${pct(r.rate)} of ${of}`
    : `estimated ${pct(r.rate)} of ${of} (${pct(r.interval[0])}–${pct(r.interval[1])}, ` +
      `one-sided upper bound ${pct(r.upper)})`;
  return (
    `false merges: ${r.notDuplicate} of ${r.labeled} labeled pairs; ${rate}\n` +
    "MinHash's Jaccard estimate minus the exact 5-gram Jaccard: " +
    `mean ${r.jaccardBias.toFixed(3)}, mean absolute ${r.jaccardMeanAbsError.toFixed(3)}\n` +
    (r.skipped
      ? `${r.skipped} pair(s) without a duplicate/not_duplicate label were left out\n`
      : '')
  );
}

/** A file the user named: one that cannot be read is a usage error naming it, not a stack trace. */
async function readInput(path: string, what: string, hint = ''): Promise<string> {
  try {
    return (await readWhole(path)).toString('utf8');
  } catch (e) {
    throw new UsageError(
      `Cannot read ${what} ${path}: ${e instanceof Error ? e.message : String(e)}${hint}`,
    );
  }
}
