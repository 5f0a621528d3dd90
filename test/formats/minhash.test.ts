import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  compareSignatureRecords,
  parseMinhashFile,
  serializeMinhashFile,
  streamMinhashRecords,
  wordsOf,
} from '../../src/formats/minhash.ts';
import { collect, from } from '../_helpers.ts';

const expect = { kind: 'pairs' as const, config: 'cfg', fields: { bucket: 3 } };
const body = Buffer.from(new Uint32Array([1, 2, 3, 4, 5, 6, 7, 8]).buffer);
const file = serializeMinhashFile('pairs', 'cfg', 16, body, { bucket: 3 });

test('a file round-trips: header fields, records', () => {
  const { header, body: got } = parseMinhashFile(file, 'f.dups', expect);
  assert.is(header.records, 2);
  assert.is(header.bucket, 3);
  assert.ok(got.equals(body));
});

test('refused by name: another config, kind or bucket', () => {
  assert.throws(
    () => parseMinhashFile(file, 'f.dups', { ...expect, config: 'other' }),
    /f\.dups:header: made with MinHash config "cfg", expected "other"/,
  );
  assert.throws(
    () => parseMinhashFile(file, 'f.dups', { ...expect, kind: 'signatures' }),
    /a pairs file where signatures were expected/,
  );
  assert.throws(
    () => parseMinhashFile(file, 'f.dups', { ...expect, fields: { bucket: 4 } }),
    /header field bucket is 3, expected 4/,
  );
  assert.throws(
    () => parseMinhashFile(Buffer.from('hello world, not ours'), 'x.sig', expect),
    /x\.sig:header: not a winnow MinHash file/,
  );
});

test('refused: truncated or corrupt records', () => {
  assert.throws(
    () => parseMinhashFile(file.subarray(0, file.length - 1), 'f.dups', expect),
    /31 bytes of records, the header says 2 × 16 = 32 \(truncated/,
  );
  const bad = Buffer.from(file);
  bad[bad.length - 1]! ^= 1;
  assert.throws(() => parseMinhashFile(bad, 'f.dups', expect), /SHA-256 .* \(corrupt\)/);
  assert.throws(
    () => parseMinhashFile(file.subarray(0, 20), 'f.dups', expect),
    /ends inside its header/,
  );
});

test('streamed in odd chunk sizes: whole records come out, then the checksum is checked', async () => {
  const pieces = (b: Buffer, n: number): Buffer[] =>
    Array.from({ length: Math.ceil(b.length / n) }, (_, i) => b.subarray(i * n, (i + 1) * n));
  for (const n of [1, 7, 16, 1000]) {
    const got = Buffer.concat(
      await collect(streamMinhashRecords(from(pieces(file, n)), 'f', expect)),
    );
    assert.ok(got.equals(body), `chunk ${n}`);
    for (const c of await collect(streamMinhashRecords(from(pieces(file, n)), 'f', expect)))
      assert.is(c.length % 16, 0);
  }
  const bad = Buffer.from(file);
  bad[bad.length - 5]! ^= 1;
  try {
    await collect(streamMinhashRecords(from(pieces(bad, 7)), 'f', expect));
    assert.unreachable();
  } catch (e) {
    assert.match((e as Error).message, /corrupt/);
  }
});

test('signature records order by each hash as an unsigned 64-bit number, then shard, then line', () => {
  // Two hashes per record: (low, high) word pairs, then shard, line.
  const recs = new Uint32Array([
    0,
    1,
    5,
    0,
    0,
    9, // hashes 2^32, 5
    0xffffffff,
    0,
    9,
    9,
    0,
    1, // hashes 2^32 - 1, ...: smaller than 2^32
    0,
    1,
    5,
    0,
    0,
    3, // same hashes as the first, smaller line
    0,
    1,
    5,
    0,
    1,
    0, // same hashes, larger shard
  ]);
  const order = [0, 1, 2, 3].sort((i, j) => compareSignatureRecords(recs, i, recs, j, 2));
  assert.equal(order, [1, 2, 0, 3]);
  assert.ok(compareSignatureRecords(recs, 0, recs, 0, 2) === 0);
});

test('wordsOf reads unaligned bytes too', () => {
  const b = Buffer.alloc(9);
  b.writeUInt32LE(7, 1);
  b.writeUInt32LE(9, 5);
  assert.equal(Array.from(wordsOf(b.subarray(1))), [7, 9]);
});

test.run();
