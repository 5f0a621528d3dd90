import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mulberry32 } from '../../src/audit/random.ts';
import {
  allocate,
  MIN_PER_STRATUM,
  StratifiedDesign,
  type Candidate,
} from '../../src/sampling/design.ts';

test('allocate: n_h follows the mean of the document and token shares', () => {
  // Shares (0.9 + 0.5)/2 = 0.7 and (0.1 + 0.5)/2 = 0.3 of 200.
  assert.equal(
    allocate(200, [
      { docs: 9000, tokens: 9e6 },
      { docs: 1000, tokens: 9e6 },
    ]),
    [140, 60],
  );
  // The floor of 30 holds where the stratum has 30 documents; the rest follows the shares.
  assert.equal(
    allocate(100, [
      { docs: 9900, tokens: 9.9e6 },
      { docs: 100, tokens: 1e5 },
    ]),
    [70, 30],
  );
});

/** Dropped signatures sized as the web pages' under fineweb (issue 17), plus kept documents; lengths log-normal. */
function corpus(): Candidate[] {
  const random = mulberry32(5);
  const docs: Candidate[] = [];
  const sizes: [string[], number][] = [
    [['a', 'b'], 2900],
    [['c'], 685],
    [['c', 'd', 'e'], 603],
    [['c', 'e'], 442],
    [['g'], 210],
    [[], 1360],
  ];
  let line = 0;
  for (const [reasons, n] of sizes) {
    for (let i = 0; i < n; i++) {
      const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
      docs.push({
        shard: 's.jsonl',
        line: line++,
        reasons,
        weight: Math.max(1, Math.round(Math.exp(7.3 + normal))),
      });
    }
  }
  return docs;
}

const designOf = (docs: readonly Candidate[], n: number) => {
  const d = new StratifiedDesign(n, 9, false);
  for (const c of docs) d.add(c);
  return { d, ...d.finish() };
};

test('-n 300: floors take at most half a side, the longest documents get a stratum, the rest follows N_h', () => {
  const docs = corpus();
  const { d, strata, chosen } = designOf(docs, 300);
  const dropped = strata.filter((s) => s.flagged);
  // 150 dropped labels leave room for two strata of 30 within half of them: the long one and one more.
  assert.equal(dropped.map((s) => s.name).sort(), ['dropped:long', 'dropped:other']);
  const long = dropped.find((s) => s.name === 'dropped:long')!;
  assert.ok(
    long.population_docs <= 0.05 * 4840 && long.population_docs >= MIN_PER_STRATUM,
    `${long.population_docs}`,
  );
  assert.is(
    dropped.reduce((n, s) => n + s.sample_size, 0),
    150,
  );
  assert.ok(dropped.find((s) => s.name === 'dropped:other')!.sample_size >= 75);
  // Every document belongs to one stratum; the long stratum holds the longest dropped ones.
  const members = new Map(strata.map((s) => [s.name, [] as Candidate[]]));
  for (const c of docs) members.get(d.stratumOf(c)!)!.push(c);
  for (const s of strata) {
    const m = members.get(s.name)!;
    assert.is(m.length, s.population_docs, s.name);
    assert.is(
      m.reduce((t, c) => t + c.weight, 0),
      s.population_tokens,
      s.name,
    );
    assert.is(
      m.reduce((t, c) => t + c.weight * c.weight, 0),
      s.population_tokens_sq,
      s.name,
    );
  }
  const shortestLong = Math.min(...members.get('dropped:long')!.map((c) => c.weight));
  assert.ok(members.get('dropped:other')!.every((c) => c.weight < shortestLong));
  for (const c of chosen) assert.is(d.stratumOf(c), c.stratum);
  assert.is(chosen.length, 300);
});

test('-n 1,000: the longest 1 % of a side get a stratum of their own within the long 5 %', () => {
  const docs = corpus();
  const { d, strata } = designOf(docs, 1000);
  const longest = strata.find((s) => s.name === 'dropped:longest')!;
  const long = strata.find((s) => s.name === 'dropped:long')!;
  assert.ok(
    longest.population_docs <= 0.01 * 4840 && longest.population_docs >= MIN_PER_STRATUM,
    `${longest.population_docs}`,
  );
  assert.ok(longest.population_docs + long.population_docs <= 0.05 * 4840);
  const inLongest = docs.filter((c) => d.stratumOf(c) === 'dropped:longest');
  assert.ok(
    docs
      .filter((c) => d.stratumOf(c) === 'dropped:long')
      .every((c) => c.weight < Math.min(...inLongest.map((x) => x.weight))),
  );
});

test('-n 100: one stratum per side (50 labels leave no room for a second floor)', () => {
  const { strata } = designOf(corpus(), 100);
  assert.equal(
    strata.map((s) => [s.name, s.sample_size]),
    [
      ['dropped:other', 50],
      ['kept', 50],
    ],
  );
});

test.run();
