import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync } from 'node:fs';
import { mulberry32 } from '../../src/audit/random.ts';
import {
  ExternalSorter,
  MERGE_FAN_IN,
  mergeSorted,
  sortRecords,
} from '../../src/dedup/external-sort.ts';
import { tempDir } from '../_helpers.ts';

const records = (n: number, size: number, seed: number): Buffer[] => {
  const rand = mulberry32(seed);
  // Few distinct first bytes, so ties reach past the 4-byte key into the rest of the record.
  return Array.from({ length: n }, () =>
    Buffer.from(Array.from({ length: size }, (_, i) => Math.floor(rand() * (i < 5 ? 3 : 256)))),
  );
};
const concat = async (it: AsyncIterable<Buffer>): Promise<Buffer> => {
  const parts: Buffer[] = [];
  for await (const c of it) parts.push(Buffer.from(c));
  return Buffer.concat(parts);
};
const reference = (rs: Buffer[]): Buffer => Buffer.concat([...rs].sort(Buffer.compare));

test('sortRecords orders records by their bytes, as Buffer.compare does', () => {
  const rs = records(500, 9, 1);
  assert.ok(sortRecords(Buffer.concat(rs), 9).equals(reference(rs)));
});

test('mergeSorted: sorted inputs of unaligned chunks merge into one sorted stream', async () => {
  const rs = records(300, 6, 2);
  const parts = [rs.slice(0, 100), rs.slice(100, 120), [], rs.slice(120)].map((p) =>
    sortRecords(Buffer.concat(p), 6),
  );
  async function* chunked(b: Buffer) {
    for (let i = 0; i < b.length; i += 6 * 7) yield b.subarray(i, i + 6 * 7);
  }
  assert.ok((await concat(mergeSorted(parts.map(chunked), 6))).equals(reference(rs)));
});

test('a budget of a few records spills runs (more than the fan-in: merged in passes); same bytes as in memory; the runs are removed', async () => {
  const tmp = tempDir('winnow-sort-test-');
  const rs = records(2000, 17, 3);
  const small = new ExternalSorter(17, 20 * (2 * 17 + 8), tmp); // 20 records per run
  const big = new ExternalSorter(17, 1 << 24, tmp);
  for (const r of rs) {
    await small.push(r);
    await big.push(r);
  }
  const a = await concat(small.sorted());
  const b = await concat(big.sorted());
  assert.is(small.spills, 100);
  assert.ok(small.spills > MERGE_FAN_IN);
  assert.is(big.spills, 0);
  assert.ok(a.equals(b));
  assert.ok(a.equals(reference(rs)));
  assert.equal(readdirSync(tmp), []);
});

test.run();
