import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  configureS3,
  isS3Uri,
  parseS3Uri,
  s3CreateBucket,
  s3Exists,
  s3Join,
  s3List,
  s3Put,
  s3PutIfAbsent,
  s3ReadAll,
  s3ReadBytes,
} from '../../src/io/s3.ts';
import { globToRegExp, resolveShards } from '../../src/io/shards.ts';
import { openBytes } from '../../src/io/source.ts';
import { readShard, type ShardItem } from '../../src/io/reader.ts';
import { openOutput, writeMarker } from '../../src/io/writer.ts';
import { listDone, shardDone } from '../../src/exec/shard-dir.ts';
import { UsageError } from '../../src/errors.ts';
import { cli } from '../cli/_run.ts';
import { collect, repoRoot, tempDir, testIf } from '../_helpers.ts';
import { haveS3, withS3Credentials } from '../integration/_services.ts';

/** The tests that need an S3 server: reported as skipped without one. */
const s3Test = testIf(test, await haveS3('S3 tests'));

// ---- pure helpers ----

test('parseS3Uri, s3Join, isS3Uri', () => {
  assert.equal(parseS3Uri('s3://b/a/p.jsonl'), { bucket: 'b', key: 'a/p.jsonl' });
  assert.equal(parseS3Uri('s3://b'), { bucket: 'b', key: '' });
  assert.throws(() => parseS3Uri('s3:///k'), /bucket/);
  assert.is(s3Join('s3://b/out/', 'done', '/a/p.jsonl'), 's3://b/out/done/a/p.jsonl');
  assert.is(s3Join('s3://b', 'stats.json'), 's3://b/stats.json');
  assert.ok(isS3Uri('s3://b/k'));
  assert.not.ok(isS3Uri('/tmp/s3://x'));
});

test('globToRegExp: * and ? within a segment, ** across, classes and alternatives', () => {
  const m = (g: string, k: string) => globToRegExp(g).test(k);
  assert.ok(m('shards/*.jsonl.gz', 'shards/p0.jsonl.gz'));
  assert.not.ok(m('shards/*.jsonl.gz', 'shards/sub/p0.jsonl.gz'));
  assert.ok(m('shards/**/*.jsonl', 'shards/a/b/p.jsonl'));
  assert.ok(m('shards/**/*.jsonl', 'shards/p.jsonl'));
  assert.ok(m('shards/**', 'shards/a/b'));
  assert.ok(m('p-000?.jsonl', 'p-0007.jsonl'));
  assert.not.ok(m('p-000?.jsonl', 'p-00/7.jsonl'));
  assert.ok(m('p-[0-2].jsonl', 'p-1.jsonl'));
  assert.not.ok(m('p-[!0-2].jsonl', 'p-1.jsonl'));
  assert.ok(m('*.{jsonl,jsonl.gz}', 'x.jsonl.gz'));
  assert.not.ok(m('*.{jsonl,jsonl.gz}', 'x.json'));
  assert.ok(m('a.b+(c)', 'a.b+(c)'), 'regex characters are literal');
  assert.not.ok(m('a.b', 'axb'));
});

test('an S3 URI mangled by path.join (s3:/b/k) is refused instead of becoming a local folder', async () => {
  try {
    await openOutput('s3:/b/out/attributes/p.jsonl');
    assert.unreachable('should have thrown');
  } catch (e) {
    assert.instance(e, UsageError);
    assert.match((e as Error).message, 'does not support S3');
  }
});

// ---- a tiny fake S3 for failures moto does not produce ----

type Handler = (req: IncomingMessage, res: ServerResponse, body: Buffer) => void;

async function fakeS3(handler: Handler): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => handler(req, res, Buffer.concat(parts)));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  if (!addr || typeof addr === 'string') throw new Error('no port');
  return { url: `http://127.0.0.1:${addr.port}`, server };
}

const s3Error = (res: ServerResponse, status: number, code: string) => {
  res.writeHead(status, { 'content-type': 'application/xml' });
  res.end(
    `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${code}</Message><RequestId>1</RequestId></Error>`,
  );
};

let restoreEnv = () => {};
test.before(() => {
  restoreEnv = withS3Credentials();
});
const useFake = (url: string, maxAttempts?: number) =>
  configureS3({ endpoint: url, pathStyle: true, ...(maxAttempts && { maxAttempts }) });
const useEnv = () => configureS3({ endpoint: undefined, maxAttempts: undefined });

test('SlowDown (503) is retried with backoff until the PUT succeeds', async () => {
  let puts = 0;
  const { url, server } = await fakeS3((req, res) => {
    if (req.method !== 'PUT') return s3Error(res, 400, 'Unexpected');
    if (++puts <= 2) return s3Error(res, 503, 'SlowDown');
    res.writeHead(200, { etag: '"e"' });
    res.end();
  });
  try {
    useFake(url);
    await s3Put('s3://bkt/stats/p.json', '{}');
    assert.is(puts, 3, 'two throttled attempts, then success');
  } finally {
    server.close();
    useEnv();
  }
});

test('retries give up after maxAttempts with an error naming the object', async () => {
  let puts = 0;
  const { url, server } = await fakeS3((_req, res) => {
    puts++;
    s3Error(res, 503, 'SlowDown');
  });
  try {
    useFake(url, 2);
    try {
      await s3Put('s3://bkt/x.json', '{}');
      assert.unreachable('should have thrown');
    } catch (e) {
      assert.instance(e, Error);
      assert.match((e as Error).message, 's3://bkt/x.json');
      assert.is(puts, 2);
    }
  } finally {
    server.close();
    useEnv();
  }
});

test('a conditional put answered 412 means the marker exists (another task finished the shard)', async () => {
  const seen: (string | undefined)[] = [];
  const { url, server } = await fakeS3((req, res) => {
    seen.push(req.headers['if-none-match'] as string | undefined);
    if (seen.length === 1) {
      res.writeHead(200, { etag: '"e"' });
      return res.end();
    }
    s3Error(res, 412, 'PreconditionFailed');
  });
  try {
    useFake(url);
    assert.is(await s3PutIfAbsent('s3://bkt/done/p.jsonl', 'x'), 'written');
    assert.is(await writeMarker('s3://bkt/done/p.jsonl', 'x'), 'exists');
    assert.equal(seen, ['*', '*']);
  } finally {
    server.close();
    useEnv();
  }
});

test('a read that breaks mid-body resumes with a range request pinned to the ETag', async () => {
  const data = randomBytes(300_000);
  const requests: { range?: string; ifMatch?: string }[] = [];
  const { url, server } = await fakeS3((req, res) => {
    requests.push({
      range: req.headers.range,
      ifMatch: req.headers['if-match'] as string | undefined,
    });
    if (requests.length === 1) {
      res.writeHead(200, { 'content-length': String(data.length), etag: '"v1"' });
      res.write(data.subarray(0, 100_000), () => setTimeout(() => res.socket?.destroy(), 20));
      return;
    }
    const from = Number(/bytes=(\d+)-/.exec(req.headers.range ?? '')?.[1] ?? 0);
    res.writeHead(206, {
      'content-length': String(data.length - from),
      'content-range': `bytes ${from}-${data.length - 1}/${data.length}`,
      etag: '"v1"',
    });
    res.end(data.subarray(from));
  });
  try {
    useFake(url);
    const got = Buffer.concat(await collect(s3ReadBytes('s3://bkt/shard.jsonl')));
    assert.ok(got.equals(data), 'every byte once, in order');
    assert.is(requests.length, 2);
    assert.match(requests[1]!.range ?? '', /^bytes=\d+-$/);
    assert.is(requests[1]!.ifMatch, '"v1"');
  } finally {
    server.close();
    useEnv();
  }
});

test('a shard whose S3 read fails gets no completion marker (a rerun redoes it), unlike a corrupt one', async () => {
  const { url, server } = await fakeS3((req, res) => {
    if (req.method === 'HEAD') {
      res.writeHead(200, { 'content-length': '10', etag: '"e"' });
      return res.end();
    }
    s3Error(res, 404, 'NoSuchKey');
  });
  const dir = tempDir();
  try {
    useFake(url);
    const r = await cli(
      'filter',
      's3://bkt/gone.jsonl',
      '--preset',
      'fineweb',
      '--tokenizer',
      'none',
      '--unaudited',
      '-o',
      dir,
    );
    assert.is(r.code, 1, r.err);
    assert.match(r.err, 'gone.jsonl: S3 read failed; the shard is left incomplete for a rerun');
    assert.not.ok(existsSync(join(dir, 'done', 'gone.jsonl')));
    assert.not.ok(existsSync(join(dir, 'kept', 'gone.jsonl')));
  } finally {
    server.close();
    useEnv();
  }
});

// ---- against moto (or any S3 at AWS_ENDPOINT_URL) ----

const fixtures = join(repoRoot, 'fixtures/shards');
const bucket = `winnow-unit-${process.pid}`;
async function rejects(fn: () => Promise<unknown>, ok: (e: unknown) => boolean): Promise<void> {
  try {
    await fn();
  } catch (e) {
    assert.ok(ok(e), `unexpected error: ${e instanceof Error ? e.message : String(e)}`);
    return;
  }
  assert.unreachable('expected a rejection');
}
const docsOf = (items: ShardItem[]) =>
  items.map((i) => (i.kind === 'doc' ? `${i.doc.id}:${i.doc.raw.length}` : i.kind));

s3Test('S3: listing a prefix, globs, a single key; names as for local files', async () => {
  useEnv();
  await s3CreateBucket(bucket);
  for (const f of readdirSync(fixtures))
    await s3Put(`s3://${bucket}/shards/${f}`, readFileSync(join(fixtures, f)));
  await s3Put(`s3://${bucket}/shards/sub/extra.jsonl`, '{"id":"x","text":"y"}\n');
  await s3Put(`s3://${bucket}/shards/notes.txt`, 'not a shard');
  await s3Put(`s3://${bucket}/shards/folder/`, ''); // a console's "folder" placeholder

  const glob = await resolveShards([`s3://${bucket}/shards/*.jsonl*`]);
  assert.equal(
    glob.map((s) => s.name),
    ['part-0000.jsonl', 'part-0001.jsonl', 'part-0002.jsonl.gz', 'part-0003.jsonl.zst'],
  );
  assert.is(glob[2]!.path, `s3://${bucket}/shards/part-0002.jsonl.gz`);
  const local = await resolveShards([fixtures]);
  assert.equal(
    glob.map((s) => s.name),
    local.map((s) => s.name),
    'the same names as the local folder',
  );

  const prefix = await resolveShards([`s3://${bucket}/shards`]);
  assert.equal(
    prefix.map((s) => s.name),
    [
      'part-0000.jsonl',
      'part-0001.jsonl',
      'part-0002.jsonl.gz',
      'part-0003.jsonl.zst',
      'sub/extra.jsonl',
    ],
  );
  const deep = await resolveShards([`s3://${bucket}/shards/**/*.jsonl`]);
  assert.equal(
    deep.map((s) => s.name),
    ['part-0000.jsonl', 'part-0001.jsonl', 'sub/extra.jsonl'],
  );
  const one = await resolveShards([`s3://${bucket}/shards/part-0001.jsonl`]);
  assert.equal(
    one.map((s) => s.name),
    ['part-0001.jsonl'],
  );

  await rejects(
    () => resolveShards([`s3://${bucket}/shards/*.parquet`]),
    (e: unknown) => e instanceof UsageError && /No S3 object matches/.test(e.message),
  );
  await rejects(
    () => resolveShards([`s3://${bucket}/nothing/`]),
    (e: unknown) => e instanceof UsageError,
  );
  await rejects(
    () => resolveShards([`s3://${bucket}/shards/`, fixtures]),
    (e: unknown) => e instanceof UsageError && /not both/.test(e.message),
  );
  assert.is((await s3List(`s3://${bucket}/shards/sub/`)).length, 1);
  assert.not.ok(
    (await s3List(`s3://${bucket}/shards/`)).some((o) => o.key.endsWith('/')),
    'folder placeholders are not objects',
  );
});

s3Test('S3: gzip and zstd shards read the same items as from disk', async () => {
  useEnv();
  for (const f of ['part-0002.jsonl.gz', 'part-0003.jsonl.zst', 'part-0000.jsonl']) {
    const remote = await collect(readShard({ path: `s3://${bucket}/shards/${f}`, name: f }));
    const local = await collect(readShard({ path: join(fixtures, f), name: f }));
    assert.is(remote.length, local.length, f);
    assert.equal(docsOf(remote), docsOf(local), f);
  }
  const missing = await collect(
    readShard({ path: `s3://${bucket}/shards/missing.jsonl`, name: 'missing.jsonl' }),
  );
  assert.is(
    missing.at(-1)?.kind,
    'failed',
    'a missing object is a failed shard, like a missing file',
  );
});

s3Test(
  'S3: completion markers are conditional puts (412 → already done); shardDone and listDone',
  async () => {
    useEnv();
    const out = `s3://${bucket}/markers`;
    assert.is(await writeMarker(`${out}/done/a/p0.jsonl`, '{"shard":"a/p0.jsonl"}\n'), 'written');
    assert.is(await writeMarker(`${out}/done/a/p0.jsonl`, '{"shard":"other"}\n'), 'exists');
    assert.is(
      (await s3ReadAll(`${out}/done/a/p0.jsonl`)).toString(),
      '{"shard":"a/p0.jsonl"}\n',
      'the first write wins',
    );
    assert.ok(await shardDone(out, 'a/p0.jsonl'));
    assert.not.ok(await shardDone(out, 'a/p1.jsonl'));
    assert.equal([...(await listDone(out))], ['a/p0.jsonl']);
    assert.equal([...(await listDone(`s3://${bucket}/no-run`))], []);
  },
);

s3Test(
  'S3: outputs stream as multipart uploads, appear only when complete, and leave nothing when aborted',
  async () => {
    useEnv();
    // ~12 MiB of base64 noise gzips to more than one 8 MiB part.
    const uri = `s3://${bucket}/out/kept/big.jsonl.gz`;
    const out = await openOutput(uri);
    const hash = createHash('sha256');
    for (let i = 0; i < 48; i++) {
      const line = Buffer.from(`{"text":"${randomBytes(192 * 1024).toString('base64')}"}\n`);
      hash.update(line);
      await out.write(line);
    }
    assert.not.ok(await s3Exists(uri), 'invisible while being written');
    await out.close();
    const [obj] = await s3List(uri);
    assert.ok(obj && obj.size > 8 * 1024 * 1024, `more than one part (${obj?.size} bytes)`);
    const back = createHash('sha256');
    for await (const b of openBytes(uri)) back.update(b);
    assert.is(back.digest('hex'), hash.digest('hex'));

    const aborted = `s3://${bucket}/out/kept/aborted.jsonl`;
    const partial = await openOutput(aborted);
    for (let i = 0; i < 40; i++) await partial.write(randomBytes(256 * 1024).toString('hex'));
    await partial.abort();
    assert.not.ok(await s3Exists(aborted));

    const empty = await openOutput(`s3://${bucket}/out/errors/none.jsonl`);
    await empty.close();
    assert.is((await s3ReadAll(`s3://${bucket}/out/errors/none.jsonl`)).length, 0);
  },
);

s3Test(
  'S3: run from and to S3 gives the same stats and outputs as a local run; a rerun skips every shard',
  async () => {
    useEnv();
    const dir = tempDir();
    const base = ['--preset', 'fineweb', '--tokenizer', 'none', '--unaudited', '--workers', '2'];
    const l = await cli('run', ...base, '-i', fixtures, '-o', join(dir, 'local'));
    assert.is(l.code, 0, l.err);
    const out = `s3://${bucket}/run`;
    const r = await cli(
      'run',
      ...base,
      '-i',
      `s3://${bucket}/shards/*.jsonl*`,
      '-o',
      out,
      '--s3-path-style',
    );
    assert.is(r.code, 0, r.err);
    const keys = (await s3List(`${out}/`))
      .map((o) => o.key.slice('run/'.length))
      .filter((k) => !k.startsWith('timings/'));
    const files = readdirSync(join(dir, 'local'), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name).slice(join(dir, 'local').length + 1))
      .filter((k) => !k.startsWith('timings/'))
      .sort();
    assert.equal(keys, files);
    for (const k of files)
      assert.ok(
        (await s3ReadAll(`${out}/${k}`)).equals(readFileSync(join(dir, 'local', k))),
        `${k} differs`,
      );
    const again = await cli('run', ...base, '-i', `s3://${bucket}/shards/*.jsonl*`, '-o', out);
    assert.is(again.code, 0, again.err);
    assert.match(again.err, '4 shard(s) already complete');
  },
);

s3Test('S3: score -o to an S3 prefix writes the same attribute files as to a folder', async () => {
  useEnv();
  const dir = tempDir();
  const base = ['--preset', 'c4', '--tokenizer', 'none'];
  const l = await cli('score', fixtures, ...base, '-o', join(dir, 'local'));
  assert.is(l.code, 0, l.err);
  const out = `s3://${bucket}/scores`;
  const r = await cli('score', fixtures, ...base, '-o', out, '--s3-path-style');
  assert.is(r.code, 0, r.err);
  const files = readdirSync(join(dir, 'local'), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(join(dir, 'local').length + 1))
    .sort();
  assert.ok(files.includes('attributes/part-0000.jsonl'), files.join(' '));
  assert.equal((await s3List(`${out}/`)).map((o) => o.key.slice('scores/'.length)).sort(), files);
  for (const k of files)
    assert.ok(
      (await s3ReadAll(`${out}/${k}`)).equals(readFileSync(join(dir, 'local', k))),
      `${k} differs`,
    );
});

s3Test(
  'S3: report reads a run on S3 and writes to S3 the same report as from the run on disk',
  async () => {
    useEnv();
    const dir = tempDir();
    const base = ['--preset', 'fineweb', '--tokenizer', 'none', '--unaudited', '--workers', '1'];
    const local = join(dir, 'local');
    assert.is((await cli('run', ...base, '-i', fixtures, '-o', local)).code, 0);
    const out = `s3://${bucket}/report-run`;
    const r = await cli('run', ...base, '-i', fixtures, '-o', out, '--s3-path-style');
    assert.is(r.code, 0, r.err);
    const report = ['--now', '2026-01-01T00:00:00Z', '--s3-path-style'];
    const l = await cli('report', local, ...report, '-o', join(dir, 'local.json'));
    assert.is(l.code, 0, l.err);
    const s = await cli('report', out, ...report, '-o', `s3://${bucket}/reports/r.json`);
    assert.is(s.code, 0, s.err);
    // The same report but for where it came from.
    const where = (text: string, from: string) => JSON.parse(text.replaceAll(from, 'RUN'));
    const fromS3 = where((await s3ReadAll(`s3://${bucket}/reports/r.json`)).toString(), out);
    const fromDisk = where(readFileSync(join(dir, 'local.json'), 'utf8'), local);
    assert.ok(fromDisk.examples.documents.length > 0, 'the report shows dropped documents');
    assert.equal(fromS3, fromDisk);
    // A stats.json object names its run too; a prefix without one is refused, naming it.
    assert.is((await cli('report', `${out}/stats.json`, ...report)).code, 0);
    const none = await cli('report', `s3://${bucket}/nothing-here`, ...report);
    assert.is(none.code, 2);
    assert.match(none.err, 's3://' + bucket + '/nothing-here has no stats.json');
  },
);

s3Test('S3: a vocabulary on S3 gives the same fingerprint as the same file on disk', async () => {
  useEnv();
  const dir = tempDir();
  const v = await cli('vocab', join(fixtures, 'part-0000.jsonl'), '-o', join(dir, 'v.bin'));
  assert.is(v.code, 0, v.err);
  await s3Put(`s3://${bucket}/vocab/v.bin`, readFileSync(join(dir, 'v.bin')));
  const local = await cli('config', 'show', '--preset', 'rare', '--vocabulary', join(dir, 'v.bin'));
  const remote = await cli(
    'config',
    'show',
    '--preset',
    'rare',
    '--vocabulary',
    `s3://${bucket}/vocab/v.bin`,
  );
  assert.is(remote.code, 0, remote.err);
  const fp = (s: string) => /sha256:[0-9a-f]{64}/.exec(s)?.[0];
  assert.ok(fp(local.out + local.err));
  assert.is(fp(remote.out + remote.err), fp(local.out + local.err));
  const missing = await cli(
    'config',
    'show',
    '--preset',
    'rare',
    '--vocabulary',
    `s3://${bucket}/vocab/none.bin`,
  );
  assert.is(missing.code, 2);
  assert.match(missing.err, 'Cannot read vocabulary');
});

test.after(() => restoreEnv());

test.run();
