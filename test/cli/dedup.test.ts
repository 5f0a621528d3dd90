import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { plantedCorpus } from '../../src/dedup/planted.ts';
import { cli } from './_run.ts';
import { tempDir } from '../_helpers.ts';

const dir = tempDir('winnow-cli-dedup-');
const input = join(dir, 'in');
const { docs, pairs } = plantedCorpus({
  levels: [0.95, 0.1],
  perLevel: 15,
  singles: 5,
  words: 80,
  seed: 11,
});
const shard = (s: number) => docs.map((text, i) => ({ text, i })).filter(({ i }) => i % 2 === s);
for (const s of [0, 1]) {
  const { mkdirSync } = await import('node:fs');
  mkdirSync(input, { recursive: true });
  writeFileSync(
    join(input, `s${s}.jsonl`),
    shard(s)
      .map(({ text, i }) => JSON.stringify({ id: `d${i}`, text }))
      .join('\n') + '\n',
  );
}

test('dedup minhash, then a config with the minhash filter drops one of each near-duplicate pair', async () => {
  const dd = join(dir, 'dd');
  const d = await cli('dedup', 'minhash', '-i', input, '-o', dd);
  assert.is(d.code, 0, d.err);
  assert.match(d.out, /documents in \d+ clusters; \d+ to remove/);
  const summary = JSON.parse(readFileSync(join(dd, 'clusters.json'), 'utf8')) as {
    clusters: number;
    removed: number;
  };
  // At J = 0.95 a pair is found with probability 1 − (1 − 0.95^8)^14 ≈ 1; at 0.1 with ≈ 1.4e-7.
  assert.equal([summary.clusters, summary.removed], [15, 15]);

  writeFileSync(join(dir, 'dedup.yaml'), `filters:\n  - minhash: { clusters: ${dd} }\n`);
  const out = join(dir, 'out');
  const r = await cli(
    'run',
    '-c',
    join(dir, 'dedup.yaml'),
    '-i',
    input,
    '-o',
    out,
    '--unaudited',
    '--tokenizer',
    'none',
  );
  assert.is(r.code, 0, r.err);
  const dropped = readdirSync(join(out, 'dropped')).flatMap((f) =>
    readFileSync(join(out, 'dropped', f), 'utf8')
      .trim()
      .split('\n'),
  );
  const records = dropped.map(
    (l) => JSON.parse(l) as { id: string; winnow: { reasons: string[] } },
  );
  assert.is(records.length, 15);
  assert.ok(records.every((x) => x.winnow.reasons.join() === 'minhash/duplicate'));
  // Exactly one document of each J = 0.95 pair went.
  const gone = new Set(records.map((x) => Number(x.id.slice(1))));
  for (const p of pairs)
    assert.is(Number(gone.has(p.a)) + Number(gone.has(p.b)), p.jaccard > 0.5 ? 1 : 0);
  const stats = JSON.parse(readFileSync(join(out, 'stats.json'), 'utf8')) as {
    docs: { in: number; kept: number; dropped: number };
  };
  assert.equal(
    [stats.docs.in, stats.docs.kept, stats.docs.dropped],
    [docs.length, docs.length - 15, 15],
  );

  // The report of this run, given its config, has a dedup section in every format.
  const rep = await cli(
    'report',
    out,
    '-c',
    join(dir, 'dedup.yaml'),
    '--tokenizer',
    'none',
    '--dedup-inputs',
    input,
    '--now',
    '2026-01-01T00:00:00Z',
    '-o',
    join(dir, 'r.json'),
    '-o',
    join(dir, 'r.md'),
    '-o',
    join(dir, 'r.html'),
  );
  assert.is(rep.code, 0, rep.err);
  const d2 = (
    JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as {
      dedup: {
        sizes: unknown;
        removed: number;
        largest: { size: number; shard: string; line: number; excerpt: string }[];
        s_curve: { points: { jaccard: number; probability: number }[] };
      };
    }
  ).dedup;
  assert.equal(d2.sizes, [{ size: 2, clusters: 15, documents: 30 }]);
  assert.is(d2.removed, 15);
  assert.is(d2.largest.length, 5);
  for (const l of d2.largest) {
    // The kept document of its pair: not among the dropped, and the excerpt is the start of its text.
    const i = 2 * (l.line - 1) + (l.shard === 's1.jsonl' ? 1 : 0);
    assert.not.ok(gone.has(i));
    assert.ok(docs[i]!.startsWith(l.excerpt.replace(/…$/, '')));
  }
  // 1 − (1 − 0.5^8)^14 = 1 − (255/256)^14
  assert.is(d2.s_curve.points[10]!.jaccard, 0.5);
  assert.ok(Math.abs(d2.s_curve.points[10]!.probability - (1 - (255 / 256) ** 14)) < 1e-6);
  assert.match(readFileSync(join(dir, 'r.md'), 'utf8'), /## Deduplication \(MinHash\)/);
  assert.match(readFileSync(join(dir, 'r.html'), 'utf8'), /<section id="dedup">/);
});

test('a rerun finds every task done and changes nothing', async () => {
  const dd = join(dir, 'dd');
  const before = readFileSync(join(dd, 'clusters.bin'));
  const d = await cli('dedup', 'minhash', '-i', input, '-o', dd);
  assert.is(d.code, 0);
  assert.match(d.err, /signatures rank 0\/1: already done/);
  assert.ok(readFileSync(join(dd, 'clusters.bin')).equals(before));
});

test('sample --pairs → the labeler reads the pairs → audit pairs prints the false-merge rate', async () => {
  const dd = join(dir, 'dd');
  const file = join(dir, 'pairs.jsonl');
  const r = await cli('sample', input, '--pairs', dd, '-n', '10', '-o', file);
  assert.is(r.code, 0, r.err);
  const { parseItems } = await import('../../src/label/items.ts');
  const items = parseItems(readFileSync(file, 'utf8'), file);
  assert.ok(items.length >= 10 && items.every((i) => i.kind === 'pair'));
  // Label one pair not_duplicate, the rest duplicate, as `winnow label` would write them.
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  const labeled = lines.map((l, i) =>
    JSON.stringify({
      ...JSON.parse(l),
      label: i === 0 ? 'not_duplicate' : 'duplicate',
      label_item: i + 1,
    }),
  );
  writeFileSync(join(dir, 'labels.jsonl'), labeled.join('\n') + '\n');
  writeFileSync(join(dir, 'labels.strata.json'), readFileSync(join(dir, 'pairs.strata.json')));
  const a = await cli('audit', 'pairs', '--labels', join(dir, 'labels.jsonl'));
  assert.is(a.code, 0, a.err);
  assert.match(
    a.out,
    new RegExp(
      `false merges: 1 of ${lines.length} labeled pairs; estimated [\\d.]+ % of 15 clustered pairs`,
    ),
  );
});

test('audit pairs with every pair labeled says the rate is exact, with no interval', async () => {
  const dd = join(dir, 'dd');
  const file = join(dir, 'all-pairs.jsonl');
  const r = await cli('sample', input, '--pairs', dd, '-n', '1000', '-o', file);
  assert.is(r.code, 0, r.err);
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  assert.is(lines.length, 15); // every clustered pair
  const labeled = lines.map((l, i) =>
    JSON.stringify({ ...JSON.parse(l), label: i < 3 ? 'not_duplicate' : 'duplicate' }),
  );
  writeFileSync(join(dir, 'all-labels.jsonl'), labeled.join('\n') + '\n');
  const strata = readFileSync(join(dir, 'all-pairs.strata.json'));
  writeFileSync(join(dir, 'all-labels.strata.json'), strata);
  const a = await cli('audit', 'pairs', '--labels', join(dir, 'all-labels.jsonl'));
  assert.is(a.code, 0, a.err);
  assert.match(
    a.out,
    'false merges: 3 of 15 labeled pairs; ' +
      'every pair labeled: the rate is exact, 20.0 % of 15 clustered pairs\n',
  );
  assert.not.match(a.out, /upper bound|–/);
});

test('dedup exact, then exact/duplicate drops later copies and a span rule cuts repeated paragraphs', async () => {
  const ex = join(dir, 'ex-in');
  const { mkdirSync } = await import('node:fs');
  mkdirSync(ex, { recursive: true });
  const boiler = 'Follow us on every social network you know';
  const docs = [
    { id: 'a', text: `The first story is about rivers and the towns along them.\n${boiler}` },
    { id: 'b', text: `The second story is about mountains, far from any river.\n${boiler}` },
    { id: 'c', text: `  The first story is about rivers and\n the towns along them.\n${boiler}` }, // whitespace differs only
  ];
  writeFileSync(join(ex, 'x.jsonl'), docs.map((d) => JSON.stringify(d)).join('\n') + '\n');
  const dd = join(dir, 'ex-dd');
  const d = await cli('dedup', 'exact', '-i', ex, '-o', dd);
  assert.is(d.code, 0, d.err);
  assert.match(d.out, '3 documents: 1 exact duplicates, 2 duplicate paragraphs');
  const cfg = join(dir, 'exact.yaml');
  writeFileSync(
    cfg,
    `filters:\n  - exact: { dir: ${dd} }\nrules:\n  - { spans: exact.duplicate_paragraphs, action: remove, max_removed_fraction: 0.9 }\n`,
  );
  const out = join(dir, 'ex-out');
  const r = await cli('run', '-c', cfg, '-i', ex, '-o', out, '--unaudited', '--tokenizer', 'none');
  assert.is(r.code, 0, r.err);
  const dropped = readFileSync(join(out, 'dropped', 'x.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { id: string; winnow: { reasons: string[] } });
  assert.equal(
    dropped.map((x) => [x.id, x.winnow.reasons]),
    [['c', ['exact/duplicate']]],
  );
  const kept = readFileSync(join(out, 'kept', 'x.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { id: string; text: string });
  assert.equal(
    kept.map((x) => x.id),
    ['a', 'b'],
  );
  assert.ok(kept[0]!.text.includes(boiler));
  assert.not.ok(kept[1]!.text.includes(boiler));
});

test('dedup exact stage by stage (2 ranks, 3 partitions, a 0.01 MB sort budget) writes the bytes of one call; a stage of the other method is a usage error', async () => {
  const ex = join(dir, 'ex-in');
  const staged = join(dir, 'ex-staged');
  const common = ['-i', ex, '-o', staged, '--world', '2', '--parts', '3', '--memory-mb', '0.01'];
  for (const rank of ['0', '1']) {
    const r = await cli('dedup', 'exact', ...common, '--stage', 'hashes', '--rank', rank);
    assert.is(r.code, 0, r.err);
  }
  for (const task of ['0', '1', '2'])
    assert.is(
      (await cli('dedup', 'exact', '-o', staged, '--stage', 'merge', '--task', task)).code,
      0,
    );
  const c = await cli('dedup', 'exact', '-o', staged, '--stage', 'collect');
  assert.is(c.code, 0, c.err);
  assert.match(c.out, '3 documents: 1 exact duplicates, 2 duplicate paragraphs');
  assert.is(
    readFileSync(join(staged, 'exact.jsonl'), 'utf8'),
    readFileSync(join(dir, 'ex-dd', 'exact.jsonl'), 'utf8'),
  );
  const bad = await cli('dedup', 'exact', '-i', ex, '-o', staged, '--stage', 'signatures');
  assert.is(bad.code, 2);
  assert.match(bad.err, 'Expected an exact --stage (all, hashes, merge, collect), got signatures');
});
test('usage errors: no inputs for the signatures stage, a bad --rank', async () => {
  assert.is((await cli('dedup', 'minhash', '-o', join(dir, 'x'))).code, 2);
  const r = await cli(
    'dedup',
    'minhash',
    '-i',
    input,
    '-o',
    join(dir, 'y'),
    '--stage',
    'signatures',
    '--world',
    '2',
    '--rank',
    '2',
  );
  assert.is(r.code, 2);
  assert.match(r.err, /--rank` to be an integer from 0 to 1, got 2/);
  writeFileSync(join(dir, 'bare.yaml'), 'filters:\n  - minhash\n');
  const bare = await cli(
    'run',
    '-c',
    join(dir, 'bare.yaml'),
    '-i',
    input,
    '-o',
    join(dir, 'bare-out'),
    '--unaudited',
    '--tokenizer',
    'none',
  );
  assert.is(bare.code, 2);
  assert.match(bare.err, 'filter minhash needs `clusters`');
});

test.run();
