import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { lookupCluster, parseClusterIndex } from '../../src/dedup/cluster-index.ts';
import { minhashLayout } from '../../src/dedup/layout.ts';
import { plantedCorpus } from '../../src/dedup/planted.ts';
import { parseMinhashFile, serializeMinhashFile } from '../../src/formats/minhash.ts';
import { dedupMinhash } from '../../src/flows/dedup.ts';
import { haveShared, sharedDir, tempDir } from '../_helpers.ts';

/** Three shards of a small planted corpus; returns the input folder. */
function plantedShards(): string {
  const dir = tempDir('winnow-dedup-in-');
  const { docs } = plantedCorpus({
    levels: [0.95, 0.8, 0.6],
    perLevel: 12,
    singles: 10,
    words: 60,
    seed: 3,
  });
  for (let s = 0; s < 3; s++) {
    const lines = docs
      .filter((_, i) => i % 3 === s)
      .map((text, i) => JSON.stringify({ id: `s${s}-${i}`, text }));
    // A blank line and a bad line: numbered like any other, never signed.
    writeFileSync(
      join(dir, `p${s}.jsonl`),
      [lines[0], '', '{"id": broken', ...lines.slice(1)].join('\n') + '\n',
    );
  }
  return dir;
}

const clustersOf = (dir: string): Buffer => readFileSync(minhashLayout(dir).clusters);

/** Awaits p and checks that it rejected with an error whose message matches. */
async function rejects(
  p: Promise<unknown>,
  match: RegExp | ((e: Error) => boolean),
): Promise<void> {
  try {
    await p;
  } catch (e) {
    const ok = match instanceof RegExp ? match.test((e as Error).message) : match(e as Error);
    assert.ok(ok, `unexpected error: ${(e as Error).message}`);
    return;
  }
  assert.unreachable('expected a rejection');
}

test('datatrove parity: the same clusters, cluster ids and removed documents on all 6,200 web pages', async () => {
  const golden = 'golden/datatrove-minhash-web-pages.jsonl.gz';
  if (!haveShared(golden, 'MinHash cluster parity')) return;
  const out = tempDir('winnow-dedup-out-');
  const corpus = join(sharedDir, 'corpora/web-pages');
  const r = await dedupMinhash({ inputs: [corpus], out });
  assert.equal(
    r.summary && [r.summary.documents, r.summary.clusters, r.summary.removed],
    [141, 47, 94],
  );
  const index = parseClusterIndex(clustersOf(out), 'clusters.bin');
  type Row = [id: string, cluster: number, size: number, removed: boolean];
  const want: Row[] = gunzipSync(readFileSync(join(sharedDir, golden)))
    .toString('utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => {
      const g = JSON.parse(l) as {
        id: string;
        cluster: number;
        cluster_size: number;
        removed: boolean;
      };
      return [g.id, g.cluster, g.cluster_size, g.removed];
    });
  const got: Row[] = [];
  // Shards in name order, lines in order: the golden lists clustered documents in input order.
  for (const name of readdirSync(corpus)
    .filter((f) => f.endsWith('.jsonl.gz'))
    .sort()) {
    gunzipSync(readFileSync(join(corpus, name)))
      .toString('utf8')
      .split('\n')
      .forEach((l, i) => {
        const c = l.trim() ? lookupCluster(index, name, i + 1) : null;
        if (c) got.push([(JSON.parse(l) as { id: string }).id, c.cluster, c.size, c.removed]);
      });
  }
  assert.is(got.length, 141);
  assert.equal(got, want);
  rmSync(out, { recursive: true });
});

test('4 signature ranks, split buckets and 3 cluster parts give the same bytes as one process', async () => {
  const input = plantedShards();
  const one = tempDir('winnow-dedup-1-');
  const four = tempDir('winnow-dedup-4-');
  const a = await dedupMinhash({ inputs: [input], out: one });
  const b = await dedupMinhash({ inputs: [input], out: four, world: 4, ranges: 3, parts: 3 });
  assert.ok(a.summary!.clusters >= 24, `found ${a.summary!.clusters} clusters`);
  assert.equal(
    b.signatures.map((s) => s.docs).reduce((x, y) => x + y),
    36 * 2 + 10,
  );
  assert.ok(clustersOf(one).equals(clustersOf(four)));
});

test('a run stopped at any stage and run again gives byte-identical clusters', async () => {
  const input = plantedShards();
  const ref = tempDir('winnow-dedup-ref-');
  await dedupMinhash({ inputs: [input], out: ref, world: 2 });
  const want = clustersOf(ref);
  const layout = minhashLayout(ref);
  // Stopped after rank 0's signatures (rank 1 left a file but no marker), then in buckets, parts, merge.
  const cases: [string, string[]][] = [
    [
      'signatures',
      [layout.signaturesDone(1), layout.pairsDone(0, 0), layout.partDone(0), layout.clusters],
    ],
    ['buckets', [layout.pairsDone(5, 0), layout.pairs(5, 0), layout.partDone(5), layout.clusters]],
    ['parts', [layout.partDone(13), layout.clusters]],
    ['merge', [layout.clusters]],
  ];
  for (const [stage, remove] of cases) {
    for (const f of remove) rmSync(f, { force: true });
    const r = await dedupMinhash({ inputs: [input], out: ref, world: 2 });
    assert.ok(clustersOf(ref).equals(want), stage);
    assert.ok(
      r.signatures.some((s) => s.skipped),
      `${stage}: completed ranks are skipped`,
    );
  }
});

test('a corrupt or unsorted signature file is refused by name, and nothing is written', async () => {
  const input = plantedShards();
  const out = tempDir('winnow-dedup-bad-');
  await dedupMinhash({ inputs: [input], out, stage: 'signatures' });
  const layout = minhashLayout(out);
  const path = layout.signature(2, 0);
  const good = readFileSync(path);
  const corrupt = Buffer.from(good);
  corrupt[corrupt.length - 3]! ^= 0xff;
  writeFileSync(path, corrupt);
  await rejects(dedupMinhash({ inputs: [input], out, stage: 'buckets', task: 2 }), (e: Error) =>
    e.message.includes(`${path}:sha256: records' SHA-256`),
  );
  assert.throws(() => readFileSync(layout.pairs(2, 0)));

  // Swap the first two records and write a valid checksum: only the order check can catch it.
  const expect = {
    kind: 'signatures' as const,
    config: parseMinhashFile(good, path, {
      kind: 'signatures',
      config: JSON.parse(readFileSync(layout.manifest, 'utf8')).config,
    }).header.config,
  };
  const { header, body } = parseMinhashFile(good, path, expect);
  const size = header.record_bytes;
  const swapped = Buffer.concat([
    body.subarray(size, 2 * size),
    body.subarray(0, size),
    body.subarray(2 * size),
  ]);
  writeFileSync(
    path,
    serializeMinhashFile('signatures', header.config, size, swapped, {
      bucket: 2,
      rank: 0,
      world: 1,
    }),
  );
  await rejects(
    dedupMinhash({ inputs: [input], out, stage: 'buckets', task: 2 }),
    (e: Error) =>
      /record 2 is smaller than the one before it \(the file is not sorted/.test(e.message) &&
      e.message.startsWith(path),
  );
});

test('a folder of another run (other inputs) is refused; a later stage before an earlier one too', async () => {
  const input = plantedShards();
  const out = tempDir('winnow-dedup-other-');
  await dedupMinhash({ inputs: [input], out, stage: 'signatures' });
  rmSync(join(input, 'p2.jsonl'));
  await rejects(dedupMinhash({ inputs: [input], out }), /holds a MinHash run of other inputs/);
  const fresh = tempDir('winnow-dedup-early-');
  mkdirSync(fresh, { recursive: true });
  await rejects(
    dedupMinhash({ inputs: [input], out: fresh, stage: 'merge' }),
    /no MinHash manifest: run the signatures stage first/,
  );
  await rejects(
    dedupMinhash({ inputs: [input], out: fresh, world: 2, stage: 'signatures', rank: 1 }).then(() =>
      dedupMinhash({ inputs: [input], out: fresh, stage: 'buckets' }),
    ),
    /signature ranks 0 of 2 are not complete/,
  );
});

test.run();
