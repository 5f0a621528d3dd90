import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { spawnSync } from 'node:child_process';
import { gunzipSync } from 'node:zlib';
import { pathToFileURL } from 'node:url';
import { basename, join } from 'node:path';
import { presetConfig } from '../../src/config/config.ts';
import { fingerprint } from '../../src/config/fingerprint.ts';
import { DEFAULT_READ } from '../../src/io/reader.ts';
import { runShards, workerEntry } from '../../src/exec/pool.ts';
import { openTokenizer } from '../../src/tokenize/tokenizer.ts';
import { PROSE_SENTENCES, repoRoot, tempDir } from '../_helpers.ts';
import { cli } from '../cli/_run.ts';

test("workers report every document they read, with its bytes, for run's progress (not one per message)", async () => {
  const dir = tempDir();
  const shards = [700, 300].map((n, k) => {
    const lines =
      Array.from({ length: n }, (_, i) =>
        JSON.stringify({ id: `${k}-${i}`, text: PROSE_SENTENCES.join(' ') }),
      ).join('\n') + '\n';
    writeFileSync(join(dir, `p${k}.jsonl`), lines);
    return { path: join(dir, `p${k}.jsonl`), name: `p${k}.jsonl`, bytes: Buffer.byteLength(lines) };
  });
  const config = presetConfig('gopher', { tokenizer: 'none' });
  const setup = {
    config,
    vocabulary: null,
    fingerprint: fingerprint(config),
    audited: false,
    gateMaxFdr: null,
    read: DEFAULT_READ,
    onError: 'skip' as const,
    dir: join(dir, 'out'),
    dirOptions: { keepDropped: true },
  };
  let docs = 0;
  let bytes = 0;
  let messages = 0;
  await runShards(shards, setup, {
    workers: 2,
    onProgress: (b, d) => {
      bytes += b;
      docs += d;
      messages++;
    },
  });
  assert.is(docs, 1000);
  assert.is(bytes, shards[0]!.bytes + shards[1]!.bytes);
  assert.ok(messages < 20, `${messages} messages`);
});

test("tokenizing workers (sharing the rank tables the pool built) count every shard's tokens as one tokenizer does", async () => {
  const dir = tempDir();
  const texts = Array.from(
    { length: 240 },
    (_, i) =>
      `${PROSE_SENTENCES[i % PROSE_SENTENCES.length]} Doc${i} has ${i * 7919} and naïve café ${'é'.repeat(i % 40)}`,
  );
  const shards = [0, 1, 2].map((k) => {
    const lines =
      texts
        .filter((_, i) => i % 3 === k)
        .map((text, i) => JSON.stringify({ id: `${k}-${i}`, text }))
        .join('\n') + '\n';
    writeFileSync(join(dir, `t${k}.jsonl`), lines);
    return { path: join(dir, `t${k}.jsonl`), name: `t${k}.jsonl` };
  });
  const config = presetConfig('gopher', { tokenizer: 'cl100k_base' });
  const setup = {
    config,
    vocabulary: null,
    fingerprint: fingerprint(config),
    audited: false,
    gateMaxFdr: null,
    read: DEFAULT_READ,
    onError: 'skip' as const,
    dir: join(dir, 'out'),
    dirOptions: { keepDropped: true },
  };
  const stats = await runShards(shards, setup, { workers: 2 });
  const tok = openTokenizer('cl100k_base');
  let want = 0;
  try {
    for (const t of texts) want += tok.count(t).count;
  } finally {
    tok.free();
  }
  const got = stats.reduce((a, s) => a + s.tokens!.in, 0);
  assert.is(got, want);
});

test('a built run starts its threads from the worker bundle while it is newer than every module in it', () => {
  const dir = tempDir();
  mkdirSync(join(dir, 'exec'));
  mkdirSync(join(dir, 'scorers'));
  const module = pathToFileURL(join(dir, 'exec', 'worker.js'));
  const scorer = join(dir, 'scorers', 'c4-quality.js');
  writeFileSync(module, '');
  writeFileSync(scorer, '');
  // No bundle (a build by tsc alone): worker.js itself.
  assert.is(workerEntry(module).href, module.href);
  mkdirSync(join(dir, 'worker'));
  const bundle = pathToFileURL(join(dir, 'worker', 'worker.js'));
  writeFileSync(bundle, '');
  utimesSync(module, 1000, 1000);
  utimesSync(scorer, 1000, 1000);
  utimesSync(bundle, 2000, 2000);
  // A bundle without its metafile: nothing says what it was built from.
  assert.is(workerEntry(module).href, module.href);
  // esbuild's metafile names its inputs relative to the package root (the directory above dist).
  const top = basename(dir);
  const inputs = { [`${top}/exec/worker.js`]: {}, [`${top}/scorers/c4-quality.js`]: {} };
  writeFileSync(join(dir, 'worker', 'meta.json'), JSON.stringify({ inputs }));
  assert.is(workerEntry(module).href, bundle.href);
  // Equal times (npm gives every installed file the same one): the bundle.
  utimesSync(bundle, 1000, 1000);
  assert.is(workerEntry(module).href, bundle.href);
  // One module rewritten after the bundle (tsc --watch, a patched install): the modules.
  utimesSync(scorer, 3000, 3000);
  assert.is(workerEntry(module).href, module.href);
  utimesSync(bundle, 4000, 4000);
  assert.is(workerEntry(module).href, bundle.href);
  // tsc ran again after the bundle was made: the bundle may hold old code.
  utimesSync(module, 5000, 5000);
  assert.is(workerEntry(module).href, module.href);
  // From source (tsx), the .ts module always.
  const ts = pathToFileURL(join(dir, 'exec', 'worker.ts'));
  assert.is(workerEntry(ts).href, ts.href);
});

test('the built worker bundle filters shards to the same bytes as the worker run from source', async () => {
  if (!existsSync(join(repoRoot, 'dist/worker/worker.js')))
    throw new Error('run `npm run build` first (it makes dist/worker/worker.js)');
  assert.is(
    workerEntry(new URL('../../dist/exec/worker.js', import.meta.url)).pathname,
    join(repoRoot, 'dist/worker/worker.js'),
  );
  const shards = ['part-0000.jsonl', 'part-0002.jsonl.gz'].map((f) =>
    join(repoRoot, 'fixtures/shards', f),
  );
  const args = ['run', '--preset', 'fineweb', '--unaudited', '--workers', '2', '-i', ...shards];
  const dir = tempDir();
  const built = spawnSync(
    process.execPath,
    [join(repoRoot, 'bin/winnow.js'), ...args, '-o', join(dir, 'built')],
    { encoding: 'utf8' },
  );
  assert.is(built.status, 0, built.stderr);
  assert.is((await cli(...args, '-o', join(dir, 'source'))).code, 0);
  const read = (f: string) => {
    const b = readFileSync(f);
    return f.endsWith('.gz') ? gunzipSync(b).toString() : b.toString();
  };
  for (const part of ['kept', 'dropped', 'errors']) {
    const files = readdirSync(join(dir, 'source', part)).sort();
    assert.equal(readdirSync(join(dir, 'built', part)).sort(), files);
    for (const f of files)
      assert.is(read(join(dir, 'built', part, f)), read(join(dir, 'source', part, f)), f);
  }
  assert.ok(read(join(dir, 'built', 'kept', 'part-0000.jsonl')).length > 0);
});

test.run();
