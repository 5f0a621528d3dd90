import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { resolveConfig } from '../../src/config/config.ts';
import { fingerprint } from '../../src/config/fingerprint.ts';
import { preloadClusterIndexes } from '../../src/dedup/cluster-cache.ts';
import { CLUSTER_BYTES, serializeMinhashFile } from '../../src/formats/minhash.ts';
import { tempDir } from '../_helpers.ts';

/** clusters.bin of one cluster {a:line, b:1} (a kept), for shards a and b. */
const clustersBin = (line: number): Buffer =>
  serializeMinhashFile(
    'clusters',
    'cfg',
    CLUSTER_BYTES,
    Buffer.from(new Uint32Array([0, line, 0, 2, 0, 1, 1, 0, 2, 1]).buffer),
    {
      shards: ['a', 'b'],
    },
  );

/** A folder holding `bytes` as clusters.bin. */
const folder = (root: string, name: string, bytes: Buffer): string => {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'clusters.bin'), bytes);
  return dir;
};

const withClusters = (dir: string) => resolveConfig({ filters: [{ minhash: { clusters: dir } }] });

/** The fingerprint as the CLI computes it: clusters.bin's hash by the folder the config names. */
const fingerprintOf = async (dir: string): Promise<string> => {
  const config = withClusters(dir);
  return fingerprint(config, null, null, {}, await preloadClusterIndexes(config));
};

test('clusters.bin counts by its content: a moved folder keeps the fingerprint, other clusters change it', async () => {
  const root = tempDir();
  const here = folder(root, 'here', clustersBin(3));
  const moved = folder(root, 'elsewhere/moved', clustersBin(3));
  const other = folder(root, 'other', clustersBin(4));
  assert.is(await fingerprintOf(moved), await fingerprintOf(here));
  assert.is.not(await fingerprintOf(other), await fingerprintOf(here));
  // The hash is sha256 over the file's bytes, computed independently here.
  const expected = `sha256:${createHash('sha256').update(clustersBin(3)).digest('hex')}`;
  assert.equal(await preloadClusterIndexes(withClusters(here)), { [here]: expected });
  // Loaded once per process, the hash is still returned the second time.
  assert.equal(await preloadClusterIndexes(withClusters(here)), { [here]: expected });
});

test('fingerprint: the same clusters under a local folder or an s3:// prefix are one fingerprint; without the hash the path counts', () => {
  const local = withClusters('/data/dedup');
  const s3 = withClusters('s3://bucket/dedup');
  assert.is(
    fingerprint(s3, null, null, {}, { 's3://bucket/dedup': 'sha256:aa' }),
    fingerprint(local, null, null, {}, { '/data/dedup': 'sha256:aa' }),
  );
  assert.is.not(
    fingerprint(local, null, null, {}, { '/data/dedup': 'sha256:bb' }),
    fingerprint(local, null, null, {}, { '/data/dedup': 'sha256:aa' }),
  );
  assert.is.not(fingerprint(s3), fingerprint(local));
});

test('configs without a minhash filter keep their fingerprint whatever clusters are known', () => {
  const plain = resolveConfig({ filters: ['gopher_quality'] });
  assert.is(fingerprint(plain, null, null, {}, { '/data/dedup': 'sha256:aa' }), fingerprint(plain));
});

test.run();
