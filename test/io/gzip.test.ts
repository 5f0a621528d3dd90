// gzip members, padding and garbage, judged as gzip(1) judges them (issue 16, item 8).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { gzipSync, gunzipSync } from 'node:zlib';
import { gunzipStream } from '../../src/io/gzip.ts';
import { collect, from } from '../_helpers.ts';

const lines = (n: number, tag = 'l') =>
  Array.from(
    { length: n },
    (_, i) => `{"id":"${tag}${i}","text":"line ${i} ${'x'.repeat(i % 97)}"}\n`,
  ).join('');
/** Feeds `bytes` in chunks of `size` bytes (a chunk boundary may fall anywhere). */
const chunked = (bytes: Buffer, size: number) =>
  from(
    Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) =>
      bytes.subarray(i * size, (i + 1) * size),
    ),
  );
async function decode(
  bytes: Buffer,
  size = 1 << 16,
  chunkSize = 1 << 14,
): Promise<{ text: string; error: string | null }> {
  const out: Buffer[] = [];
  try {
    for await (const b of gunzipStream(chunked(bytes, size), chunkSize)) out.push(b);
    return { text: Buffer.concat(out).toString(), error: null };
  } catch (e) {
    return { text: Buffer.concat(out).toString(), error: (e as Error).message };
  }
}

const body = lines(3000);
const gz = gzipSync(body);

test('one member and several members decode as gunzip does, whatever the chunking', async () => {
  const two = Buffer.concat([gz, gzipSync(lines(10, 'm'))]);
  for (const size of [1, 7, 4096, 1 << 20]) {
    if (size === 1) {
      assert.is((await decode(gzipSync('a\nb\n'), 1)).text, 'a\nb\n');
      continue;
    }
    assert.equal(await decode(two, size), { text: gunzipSync(two).toString(), error: null });
  }
});

test('trailing garbage: every byte before it is yielded, and the error names its offset', async () => {
  const bad = Buffer.concat([gz, Buffer.from('garbage!')]);
  const r = await decode(bad);
  assert.is(r.text, body);
  assert.is(
    r.error,
    `trailing garbage at byte ${gz.length}, after gzip member 1 (not a gzip member)`,
  );
});

test('NUL padding to the end is ignored; a member after padding is an error naming its offset', async () => {
  const padded = Buffer.concat([gz, Buffer.alloc(512)]);
  assert.equal(await decode(padded), { text: body, error: null });
  const hidden = Buffer.concat([gz, Buffer.alloc(512), gzipSync('hidden\n')]);
  const r = await decode(hidden);
  assert.is(r.text, body);
  assert.match(r.error!, `byte ${gz.length + 512} is not padding`);
});

test('a truncated member, a corrupt CRC and a non-gzip stream are errors', async () => {
  const cut = await decode(gz.subarray(0, gz.length - 100));
  assert.match(cut.error!, 'unexpected end of file');
  assert.ok(body.startsWith(cut.text) && cut.text.length > body.length / 2);
  assert.match((await decode(gz.subarray(0, gz.length - 3))).error!, 'unexpected end of file');
  const crc = Buffer.from(gz);
  crc[crc.length - 8]! ^= 1;
  assert.match((await decode(crc)).error!, 'CRC-32 mismatch');
  assert.match((await decode(Buffer.from('{"plain":1}\n'))).error!, 'not a gzip stream');
  assert.match((await decode(Buffer.alloc(0))).error!, 'empty gzip stream');
});

test('header fields (name, comment, extra, header CRC) are skipped', async () => {
  const raw = gzipSync('named\n');
  // FNAME | FCOMMENT | FEXTRA | FHCRC, inserted after the 10-byte header (the header CRC is not checked by gzip -d by default).
  const head = Buffer.from(raw.subarray(0, 10));
  head[3] = 8 | 16 | 4 | 2;
  const extra = Buffer.from([3, 0, 1, 2, 3]);
  const withFields = Buffer.concat([
    head,
    extra,
    Buffer.from('n.jsonl\0'),
    Buffer.from('a comment\0'),
    Buffer.from([0, 0]),
    raw.subarray(10),
  ]);
  assert.equal(await decode(withFields, 3), { text: 'named\n', error: null });
});

test('a member body ending exactly at a chunk boundary', async () => {
  const small = gzipSync('edge\n');
  // The deflate body ends 8 bytes before the end: a chunk boundary there.
  const two = Buffer.concat([small, small]);
  const parts = [
    two.subarray(0, small.length - 8),
    two.subarray(small.length - 8, small.length + 3),
    two.subarray(small.length + 3),
  ];
  const out = await collect(gunzipStream(from(parts), 1024));
  assert.is(Buffer.concat(out).toString(), 'edge\nedge\n');
});

test.run();
