import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createWriteStream, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { readShard } from '../../src/io/reader.ts';
import { openBytes } from '../../src/io/source.ts';
import { LineWriter, openOutput } from '../../src/io/writer.ts';
import { writeOversizeLine } from '../../src/io/bad-lines.ts';
import { haveShared, repoRoot, sharedDir, tempDir, testIf } from '../_helpers.ts';

const dir = tempDir();

/** sha256 of a file's decompressed bytes. */
async function digest(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const c of openBytes(path)) h.update(c);
  return h.digest('hex');
}

/** Reads a shard and writes every line back (documents as raw bytes; blank lines too) into a gzip file. */
async function roundTrip(path: string): Promise<string> {
  const out = join(dir, `${Math.random().toString(36).slice(2)}.jsonl.gz`);
  const w = new LineWriter(await openOutput(out));
  for await (const i of readShard({ path, name: 'x' })) {
    if (i.kind === 'doc') await w.line(i.doc.raw, i.doc.eol);
    else assert.unreachable(`${path}: unexpected ${i.kind}`);
  }
  await w.close();
  return out;
}

test('every fixture shard (plain, gzip, zstd) round-trips byte for byte, compared after decompression', async () => {
  const shards = join(repoRoot, 'fixtures/shards');
  for (const f of readdirSync(shards)) {
    const p = join(shards, f);
    assert.is(await digest(await roundTrip(p)), await digest(p), f);
  }
});

testIf(test, haveShared('corpora/web-pages', 'web-pages round trip'))(
  'every web page of ../shared/corpora/web-pages round-trips byte for byte',
  async () => {
    const pages = join(sharedDir, 'corpora/web-pages');
    for (const f of readdirSync(pages).filter((x) => x.endsWith('.jsonl.gz'))) {
      const p = join(pages, f);
      assert.is(await digest(await roundTrip(p)), await digest(p), f);
    }
  },
);

test('a 100 MB line is streamed to errors without being held whole; the lines around it are read', async () => {
  const p = join(dir, 'huge.jsonl');
  const out = createWriteStream(p);
  out.write('{"id":"before","text":"a"}\n{"text":"');
  const chunk = 'x'.repeat(1 << 20);
  for (let i = 0; i < 100; i++)
    if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
  out.write('"}\n{"id":"after","text":"b"}\n');
  await new Promise<void>((r) => out.end(() => r()));
  const errors = join(dir, 'huge-errors.jsonl');
  const sink = await openOutput(errors);
  const seen: string[] = [];
  let bytes = 0;
  for await (const i of readShard({ path: p, name: 'huge.jsonl' })) {
    if (i.kind === 'doc') seen.push(i.doc.id);
    else if (i.kind === 'oversize') {
      seen.push(`oversize@${i.bad.line}`);
      bytes = await writeOversizeLine(i.bad, sink);
    } else seen.push(i.kind);
  }
  await sink.close();
  assert.equal(seen, ['before', 'oversize@2', 'after']);
  assert.is(bytes, 100 * (1 << 20) + 11); // {"text":" (9) + the x's + "} (2)
  // base64 of the line plus the record's fields: the whole line is there, verbatim.
  assert.ok(statSync(errors).size > (bytes * 4) / 3);
});

test.run();
