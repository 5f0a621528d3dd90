import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { plantedCorpus } from '../../src/dedup/planted.ts';
import { dedupMinhash } from '../../src/flows/dedup.ts';
import { auditPairs, auditPairsSummary, samplePairs } from '../../src/flows/dedup-pairs.ts';
import { parsePairs, parsePairStrata } from '../../src/formats/pairs.ts';
import { tempDir } from '../_helpers.ts';
import { UsageError } from '../../src/errors.ts';

// Planted pairs at J ≈ 0.95 and 0.75 (clusters of two), plus copies of one text with small
// edits (a larger cluster). Ground truth: a pair is a near duplicate when its planted J ≥ 0.7.
const dir = tempDir('winnow-pairs-');
const { docs, pairs } = plantedCorpus({
  levels: [0.95, 0.75],
  perLevel: 40,
  singles: 10,
  words: 60,
  seed: 23,
});
const base = docs[pairs[0]!.a]!;
const family = [1, 2, 3, 4].map((k) => base.replace(/\S+$/, `ending${'x'.repeat(k)}`));
const all = [...docs, ...family];
writeFileSync(
  join(dir, 's.jsonl'),
  all.map((text, i) => JSON.stringify({ id: `d${i}`, text })).join('\n') + '\n',
);
const out = join(dir, 'dd');
const truth = new Map<number, number>(); // line → planted Jaccard of its pair
for (const p of pairs) {
  truth.set(p.a + 1, p.jaccard);
  truth.set(p.b + 1, p.jaccard);
}

test('sample --pairs: strata by cluster size and MinHash estimate, exact Jaccard beside the estimate', async () => {
  await dedupMinhash({ inputs: [dir], out });
  const r = await samplePairs({
    clusters: out,
    inputs: [dir],
    n: 30,
    seed: 5,
    out: join(dir, 'pairs.jsonl'),
  });
  const records = parsePairs(readFileSync(join(dir, 'pairs.jsonl'), 'utf8'), 'pairs.jsonl');
  const strata = parsePairStrata(readFileSync(join(dir, 'pairs.strata.json'), 'utf8'), 'strata');
  assert.is(records.length, r.sampled);
  assert.is(strata.population, r.population);
  assert.is(
    strata.strata.reduce((s, x) => s + x.sample, 0),
    records.length,
  );
  assert.is(
    strata.strata.reduce((s, x) => s + x.size, 0),
    r.population,
  );
  // The family: the base, its planted partner and 4 edited copies, one cluster of 6.
  assert.ok(
    strata.strata.some((s) => s.stratum === 'size=6-20|est=0.9-1' && s.size === 5),
    JSON.stringify(strata.strata),
  );
  for (const rec of records) {
    assert.is(rec.a.shard, 's.jsonl');
    assert.ok(rec.a.line !== rec.b.line);
    const planted = truth.get(rec.b.line);
    if (planted !== undefined && rec.winnow_pair.cluster_size === 2)
      assert.ok(Math.abs(rec.winnow_pair.jaccard - planted) < 1e-12);
    assert.ok(
      Math.abs(rec.winnow_pair.minhash_jaccard - rec.winnow_pair.jaccard) < 0.25,
      `estimate ${rec.winnow_pair.minhash_jaccard} vs ${rec.winnow_pair.jaccard}`,
    );
    assert.ok(
      rec.winnow_sample.inclusion_probability > 0 && rec.winnow_sample.inclusion_probability <= 1,
    );
  }
  // The same seed draws the same pairs.
  await samplePairs({
    clusters: out,
    inputs: [dir],
    n: 30,
    seed: 5,
    out: join(dir, 'again.jsonl'),
  });
  assert.is(
    readFileSync(join(dir, 'again.jsonl'), 'utf8'),
    readFileSync(join(dir, 'pairs.jsonl'), 'utf8'),
  );
});

test('audit pairs: labels that call the J ≈ 0.75 pairs not duplicates give their share back (census)', async () => {
  const census = join(dir, 'census.jsonl');
  const r = await samplePairs({ clusters: out, inputs: [dir], n: 10_000, seed: 5, out: census });
  const records = parsePairs(readFileSync(census, 'utf8'), census);
  assert.is(records.length, r.population);
  const labeled = records.map((rec) => ({
    ...rec,
    label: rec.winnow_pair.jaccard < 0.85 ? 'not_duplicate' : 'duplicate',
  }));
  writeFileSync(
    join(dir, 'census-labels.jsonl'),
    labeled.map((x) => JSON.stringify(x)).join('\n') + '\n',
  );
  writeFileSync(
    join(dir, 'census-labels.strata.json'),
    readFileSync(join(dir, 'census.strata.json')),
  );
  const a = await auditPairs({ labels: join(dir, 'census-labels.jsonl') });
  const want = labeled.filter((x) => x.label === 'not_duplicate').length / labeled.length;
  assert.ok(want > 0.2 && want < 0.6, `share ${want}`);
  assert.ok(Math.abs(a.rate - want) < 1e-12);
  assert.is(a.labeled, records.length);
  assert.ok(a.census);
  const nd = labeled.filter((x) => x.label === 'not_duplicate').length;
  assert.is(
    auditPairsSummary(a).split('\n')[0],
    `false merges: ${nd} of ${records.length} labeled pairs; every pair labeled: the rate is exact, ` +
      `${(100 * want).toFixed(1)} % of ${records.length} clustered pairs`,
  );
  assert.not.match(auditPairsSummary(a), 'upper bound');
});

test('audit pairs summary: a sample is an estimate with its interval and upper bound', () => {
  const sampled = {
    rate: 0.1,
    interval: [0.05, 0.2] as [number, number],
    upper: 0.18,
    labeled: 20,
    notDuplicate: 2,
    population: 100,
    census: false,
    strata: [],
    jaccardBias: 0.01,
    jaccardMeanAbsError: 0.02,
    skipped: 1,
  };
  assert.is(
    auditPairsSummary(sampled),
    'false merges: 2 of 20 labeled pairs; estimated 10.0 % of 100 clustered pairs ' +
      '(5.0 %–20.0 %, one-sided upper bound 18.0 %)\n' +
      "MinHash's Jaccard estimate minus the exact 5-gram Jaccard: mean 0.010, mean absolute 0.020\n" +
      '1 pair(s) without a duplicate/not_duplicate label were left out\n',
  );
  assert.not.match(auditPairsSummary(sampled), 'exact,');
});

test('audit pairs: a labels or strata file that is not there is a usage error naming it', async () => {
  const refused = async (o: Parameters<typeof auditPairs>[0]) => {
    try {
      await auditPairs(o);
    } catch (e) {
      return e;
    }
    assert.unreachable('no error');
  };
  const missing = await refused({ labels: join(dir, 'nope.jsonl') });
  assert.instance(missing, UsageError);
  assert.match(
    String((missing as Error).message),
    `Cannot read labels ${join(dir, 'nope.jsonl')}: ENOENT`,
  );
  const noStrata = await refused({
    labels: join(dir, 'census-labels.jsonl'),
    strata: join(dir, 'nope.strata.json'),
  });
  assert.instance(noStrata, UsageError);
  assert.match(
    String((noStrata as Error).message),
    `Cannot read strata ${join(dir, 'nope.strata.json')}`,
  );
});

test.run();
