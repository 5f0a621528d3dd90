/** The one store: the same calls on a local folder and (with an S3 endpoint, moto in CI) an S3 prefix. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import * as store from '../../src/io/store.ts';
import { configureS3, s3CreateBucket } from '../../src/io/s3.ts';
import { collect, tempDir } from '../_helpers.ts';
import { haveS3, withS3Credentials } from '../integration/_services.ts';

/** Every store operation at `root` (a folder or an S3 prefix) behaves the same. */
async function contract(root: string) {
  const at = (...p: string[]) => store.join(root, ...p);
  assert.not.ok(await store.exists(at('a.txt')));
  assert.equal(await store.list(at('nothing')), []);
  await store.writeAtomic(at('a.txt'), 'one\n');
  assert.ok(await store.exists(at('a.txt')));
  assert.is(await store.readText(at('a.txt')), 'one\n');
  await store.writeAtomic(at('a.txt'), '\uFEFFtwo\n');
  assert.is(
    await store.readText(at('a.txt')),
    'two\n',
    'readText drops a byte-order mark; writeAtomic replaces',
  );
  assert.is(await store.putIfAbsent(at('m', 'x.json'), '{"n":1}'), 'written');
  assert.is(await store.putIfAbsent(at('m', 'x.json'), '{"n":2}'), 'exists');
  assert.is(await store.readText(at('m', 'x.json')), '{"n":1}', 'the first writer wins');
  await store.writeAtomic(at('m', 'sub', 'y.jsonl.gz'), gzipSync('{"text":"hi"}\n'));
  assert.equal(await store.list(at('m')), ['sub/y.jsonl.gz', 'x.json']);
  assert.ok(await store.isFolder(at('m')));
  assert.not.ok(await store.isFolder(at('a.txt')));
  const bytes = Buffer.concat(await collect(store.stream(at('m', 'sub', 'y.jsonl.gz'))));
  assert.is(bytes.toString(), '{"text":"hi"}\n', 'stream decompresses by name');
  const out = await store.open(at('o.jsonl'));
  await out.write('a\n');
  assert.not.ok(await store.exists(at('o.jsonl')), 'an output appears only when closed');
  await out.close();
  assert.is(await store.readText(at('o.jsonl')), 'a\n');
}

test('local folder: read, stream, writeAtomic, list, exists, putIfAbsent', async () => {
  await contract(tempDir());
});

test('besides, parentOf and join work alike for paths and S3 URIs', () => {
  assert.is(store.besides('s3://b/cfg/x.yaml', 'v.bin'), 's3://b/cfg/v.bin');
  assert.is(store.besides('/c/x.yaml', 'v.bin'), '/c/v.bin');
  assert.is(store.besides('/c/x.yaml', 's3://b/v.bin'), 's3://b/v.bin');
  assert.is(store.parentOf('s3://b/run/stats.json'), 's3://b/run');
  assert.is(store.join('s3://b/run/', 'done', 'p.jsonl'), 's3://b/run/done/p.jsonl');
  assert.is(store.join('/r', 'done', 'p.jsonl'), join('/r', 'done', 'p.jsonl'));
});

test('putIfAbsent: of writers racing for one name, exactly one writes', async () => {
  const f = join(tempDir(), 'run.json');
  const results = await Promise.all(
    Array.from({ length: 8 }, (_, i) => store.putIfAbsent(f, `{"i":${i}}`)),
  );
  assert.is(results.filter((r) => r === 'written').length, 1);
  assert.match(await store.readText(f), /^\{"i":\d\}$/);
});

test('S3 prefix: the same contract as a local folder', async () => {
  if (!(await haveS3('the store on S3'))) return;
  const restore = withS3Credentials();
  try {
    configureS3({ pathStyle: true });
    const bucket = `winnow-store-${process.pid}`;
    await s3CreateBucket(bucket);
    await contract(`s3://${bucket}/t`);
  } finally {
    restore();
  }
});

test.run();
