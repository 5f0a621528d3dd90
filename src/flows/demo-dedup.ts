/** The demo's dedup loop: MinHash clusters → run → pairs sampled and labeled → audit → report. */
import * as store from '../io/store.ts';
import { base, pct, type Ctx, type DemoResult } from './demo-context.ts';
import { dedupMinhash } from './dedup.ts';
import { auditPairs, samplePairs } from './dedup-pairs.ts';
import { labelPairs } from './demo-labels.ts';
import { loadConfig } from './load-config.ts';
import { report } from './report.ts';
import { run } from './run.ts';

/** Keeps one document of each MinHash cluster of `clusters` (a folder of winnow dedup minhash). */
const dedupConfig = (
  clusters: string,
) => `# Keep one document of each MinHash cluster (${clusters}).
tokenizer: none
filters:
  - minhash: { clusters: ${JSON.stringify(clusters)} }
`;

/** dedup minhash → run with the minhash filter → sample --pairs → labels → audit pairs → report. */
export async function dedupLoop(x: Ctx, truth: string): Promise<DemoResult['pairs']> {
  const { at, say } = x;
  const dd = await dedupMinhash({ inputs: [x.shards], out: at('dedup') });
  await store.writeAtomic(at('dedup.yaml'), dedupConfig(at('dedup')));
  const cfg = await loadConfig({ config: at('dedup.yaml') });
  const dr = await run({
    ...base(cfg),
    gate: { unaudited: true },
    input: [x.shards],
    out: at('dedup-run'),
    workers: x.workers,
  });
  x.wrote('dedup/', 'dedup.yaml', 'dedup-run/');
  const sizes = Object.entries(dd.summary?.sizes ?? {})
    .map(([k, n]) => `${n}×${k}`)
    .join(' ');
  say(
    'MinHash near-duplicates (datatrove: 5-grams, 14 buckets × 8 hashes), then a run with the minhash filter',
    `${dd.summary?.documents} documents in ${dd.summary?.clusters} clusters (sizes ${sizes}); the run ` +
      `drops ${dr.stats?.docs.dropped} as minhash/duplicate.`,
    'the gate takes document audits; this run says --unaudited, and the pairs below are its audit.',
  );

  const ps = await samplePairs({
    clusters: at('dedup'),
    inputs: [x.shards],
    n: 60,
    seed: 1,
    out: at('pairs.jsonl'),
    read: x.read,
  });
  const pl = await labelPairs(at('pairs.jsonl'), at('pair-labels.jsonl'), truth);
  const pa = await auditPairs({ labels: at('pair-labels.jsonl') });
  await store.writeAtomic(at('pairs-audit.json'), `${JSON.stringify(pa, null, 2)}\n`);
  x.wrote(
    'pairs.jsonl',
    'pairs.strata.json',
    'pair-labels.jsonl',
    'pair-labels.strata.json',
    'pairs-audit.json',
  );
  say(
    'Audit the merges: (kept, removed) pairs sampled from the clusters, labeled from the planted truth',
    `${ps.sampled} of ${ps.population} pairs; ${pl.notDuplicate} judged not duplicates, ${pl.sameShingles} ` +
      "of them with exact 5-gram Jaccard 1 though their texts differ (MinHash's text normalisation " +
      'makes some lists and tables of numbers the same words).',
    `false-merge rate ${pct(pa.rate)} [${pct(pa.interval[0])}, ${pct(pa.interval[1])}], one-sided upper ` +
      `bound ${pct(pa.upper)}; MinHash's Jaccard estimate is off the exact one by ` +
      `${pa.jaccardMeanAbsError.toFixed(3)} on average.`,
  );

  const rep = await report({
    input: at('dedup-run'),
    config: { config: at('dedup.yaml') },
    dedupInputs: [x.shards],
    planted: truth,
    examples: 2,
    excerptChars: 300,
    textField: 'text',
    idField: 'id',
    generatedAt: x.generatedAt,
    outs: [at('dedup-report.html'), at('dedup-report.md')],
  });
  const dedup = rep.summary.dedup!;
  x.wrote('dedup-report.html', 'dedup-report.md');
  const detected = dedup.s_curve.detected
    .map((d) => `${d.jaccard} ${Math.round(100 * d.share)} %`)
    .join(', ');
  say(
    'The dedup report (dedup-report.html)',
    'cluster sizes, the largest clusters with an excerpt, the ' +
      `S-curve with the share of planted pairs detected per Jaccard level: ${detected}.`,
  );
  return {
    labeled: pa.labeled,
    notDuplicate: pa.notDuplicate,
    rate: pa.rate,
    upper: pa.upper,
    population: pa.population,
  };
}
