import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import {
  DUP_RECORD_BYTES,
  exactFileFoot,
  exactFileHead,
  parseExactManifest,
  partitionOf,
  readExactFile,
  serializeExactManifest,
  writeDupRecord,
} from '../../src/formats/exact-hashes.ts';

const manifest = { min_paragraph: 20, world: 2, parts: 4, shards: ['a.jsonl', 'b.jsonl'] };

test('manifest: round trip; a bad field is named', () => {
  const text = serializeExactManifest(manifest);
  assert.equal(parseExactManifest(text, 'exact.json'), {
    format: 'winnow-exact-run',
    version: 1,
    ...manifest,
  });
  assert.throws(
    () => parseExactManifest(text.replace('"parts":4', '"parts":0'), 'exact.json'),
    /^exact\.json:parts: expected an integer ≥ 1$/,
  );
});

test('partitions: the first two hash bytes scaled, so sorted hashes run through them in order', () => {
  assert.equal(
    [
      [0, 0],
      [0x3f, 0xff],
      [0x40, 0],
      [0xff, 0xff],
    ].map((b) => partitionOf(Uint8Array.from(b), 4)),
    [0, 0, 1, 3],
  );
});

const file = (records: Buffer[], fields = { part: 1, parts: 4 }): Buffer => {
  const body = Buffer.concat(records);
  return Buffer.concat([
    exactFileHead('duplicates', fields),
    body,
    exactFileFoot(records.length, createHash('sha256').update(body).digest()),
  ]);
};
const dup = (shard: number, line: number) =>
  writeDupRecord(Buffer.alloc(DUP_RECORD_BYTES), shard, line, 0, 0, 1);

async function read(bytes: Buffer, fields = { part: 1, parts: 4 }, chunk = 5): Promise<Buffer> {
  async function* chunks() {
    for (let i = 0; i < bytes.length; i += chunk) yield bytes.subarray(i, i + chunk);
  }
  const out: Buffer[] = [];
  for await (const c of readExactFile(chunks(), 'd.bin', { kind: 'duplicates', fields }))
    out.push(Buffer.from(c));
  return Buffer.concat(out);
}

test('a file streams back in any chunking; another partition is refused by its header field', async () => {
  const rs = [dup(0, 3), dup(0, 9), dup(2, 1)];
  assert.ok((await read(file(rs))).equals(Buffer.concat(rs)));
  assert.ok((await read(file([]))).equals(Buffer.alloc(0)));
  try {
    await read(file(rs), { part: 2, parts: 4 });
    assert.unreachable();
  } catch (e) {
    assert.match((e as Error).message, /^d\.bin:header\.part: 1, expected 2 \(refusing/);
  }
});

test.run();
