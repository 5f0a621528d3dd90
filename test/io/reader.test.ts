import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readShard, type ShardItem } from '../../src/io/reader.ts';
import { writeOversizeLine } from '../../src/io/bad-lines.ts';
import { collect, tempDir } from '../_helpers.ts';

const dir = tempDir();
const shardFile = (name: string, content: Buffer | string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return { path, name };
};
const outcome = (i: ShardItem) =>
  i.kind === 'doc'
    ? `doc:${i.doc.id}`
    : i.kind === 'error'
      ? `error@${i.bad.line}:${i.bad.error}`
      : i.kind === 'blank'
        ? `blank@${i.line}`
        : i.kind;

test('documents keep raw bytes, shard and line; a missing id becomes <shard>:<line>', async () => {
  const s = shardFile('a.jsonl', '{"id":"x","text":"hi","n":1.0}\n{"text":"no id"}\n');
  const items = await collect(readShard(s));
  const docs = items.flatMap((i) => (i.kind === 'doc' ? [i.doc] : []));
  assert.equal(
    docs.map((d) => d.id),
    ['x', 'a.jsonl:2'],
  );
  assert.is(docs[0]!.raw.toString(), '{"id":"x","text":"hi","n":1.0}');
  assert.is(docs[1]!.line, 2);
  assert.is(docs[1]!.shard, 'a.jsonl');
});

test('every bad line is an error naming what was expected, and reading goes on', async () => {
  const lines = [
    '{"text":"ok"}',
    '{"text": "unterminated',
    '[1,2]',
    '42',
    'null',
    '{"title":"no text"}',
    '{"text":null}',
    '{"text":42}',
    '   ',
    '',
    '{"text":"last"}',
  ];
  const items = await collect(readShard(shardFile('bad.jsonl', lines.join('\n') + '\n')));
  assert.equal(items.map(outcome), [
    'doc:bad.jsonl:1',
    'error@2:malformed JSON (Unterminated string in JSON at position 22): expected one JSON object per line',
    'error@3:expected a JSON object, got array',
    'error@4:expected a JSON object, got number',
    'error@5:expected a JSON object, got null',
    'error@6:missing field "text": expected a string',
    'error@7:field "text" is null: expected a string',
    'error@8:field "text" is number: expected a string',
    'blank@9',
    'blank@10',
    'doc:bad.jsonl:11',
  ]);
});

test('invalid UTF-8 is an error with the raw bytes kept', async () => {
  const bytes = Buffer.concat([
    Buffer.from('{"text":"a'),
    Buffer.from([0xff, 0xfe]),
    Buffer.from('"}\n'),
  ]);
  const [item] = await collect(readShard(shardFile('u.jsonl', bytes)));
  assert.is(item?.kind, 'error');
  if (item?.kind !== 'error') return;
  assert.match(item.bad.error, 'invalid UTF-8');
  assert.ok(item.bad.raw.equals(bytes.subarray(0, bytes.length - 1)));
});

test('a BOM on the first line is parsed past but kept in the raw bytes; CRLF is kept as eol', async () => {
  const s = shardFile(
    'bom.jsonl',
    Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('{"text":"a"}\r\n{"text":"b"}\r\n'),
    ]),
  );
  const docs = (await collect(readShard(s))).flatMap((i) => (i.kind === 'doc' ? [i.doc] : []));
  assert.equal(
    docs.map((d) => [d.text, d.eol, d.raw.length]),
    [
      ['a', '\r\n', 15],
      ['b', '\r\n', 12],
    ],
  );
});

test('dotted text and id fields', async () => {
  const s = shardFile('n.jsonl', '{"meta":{"doc_id":"m1"},"content":{"body":"deep"}}\n');
  const [item] = await collect(readShard(s, { textField: 'content.body', idField: 'meta.doc_id' }));
  assert.equal(item?.kind === 'doc' && [item.doc.id, item.doc.text], ['m1', 'deep']);
});

test('an empty shard yields nothing; a missing file fails with 0 lines read', async () => {
  assert.equal(await collect(readShard(shardFile('empty.jsonl', ''))), []);
  const items = await collect(readShard({ path: join(dir, 'nope.jsonl'), name: 'nope.jsonl' }));
  assert.equal(
    items.map((i) => i.kind),
    ['failed'],
  );
  assert.match(items[0]!.kind === 'failed' ? items[0]!.error : '', 'ENOENT');
});

test('a truncated gzip yields the complete lines, the cut line as an error, then failed', async () => {
  const body =
    Array.from({ length: 200 }, (_, i) =>
      JSON.stringify({ id: `d${i}`, text: 'word '.repeat(50) + i }),
    ).join('\n') + '\n';
  const gz = gzipSync(body);
  const items = await collect(
    readShard(shardFile('t.jsonl.gz', gz.subarray(0, Math.floor(gz.length * 0.6)))),
  );
  const last = items.at(-1)!;
  assert.is(last.kind, 'failed');
  if (last.kind !== 'failed') return;
  assert.match(last.error, 'truncated');
  const docs = items.filter((i) => i.kind === 'doc').length;
  const errors = items.filter((i) => i.kind === 'error').length;
  assert.ok(docs > 0 && docs < 200, `docs read before the cut: ${docs}`);
  assert.is(docs + errors, last.lines, 'every line read is accounted for');
});

test('a line over --max-line-bytes streams verbatim (base64) to errors and the next line is read', async () => {
  const big = JSON.stringify({ text: 'é'.repeat(3000) });
  const s = shardFile('big.jsonl', `${big}\n{"text":"after"}\n`);
  const out: string[] = [];
  const sink = {
    write: async (d: Buffer | string) => void out.push(d.toString()),
    close: async () => {},
    abort: async () => {},
  };
  const kinds: string[] = [];
  for await (const i of readShard(s, { maxLineBytes: 1000 })) {
    kinds.push(i.kind);
    if (i.kind === 'oversize') await writeOversizeLine(i.bad, sink);
  }
  assert.equal(kinds, ['oversize', 'doc']);
  const rec = JSON.parse(out.join(''));
  assert.is(rec.line, 1);
  assert.is(rec.raw_encoding, 'base64');
  assert.is(Buffer.from(rec.raw, 'base64').toString(), big);
  assert.is(rec.bytes, Buffer.byteLength(big));
});

test('.json arrays stream element by element; non-objects are errors', async () => {
  const s = shardFile(
    'arr.json',
    JSON.stringify([{ id: 'a', text: 'one' }, 7, { id: 'c', text: 'three' }]),
  );
  const items = await collect(readShard(s));
  assert.equal(items.map(outcome), [
    'doc:a',
    'error@2:expected a JSON object, got number',
    'doc:c',
  ]);
});

test('a .json file that is not an array fails the shard', async () => {
  const items = await collect(readShard(shardFile('obj.json', '{"text":"x"}')));
  assert.equal(
    items.map((i) => i.kind),
    ['failed'],
  );
});

test('a numeric id beyond 2^53 keeps its digits (JSON.parse would round it)', async () => {
  const path = join(tempDir(), 'ids.jsonl');
  writeFileSync(
    path,
    '{"id":12345678901234567890,"text":"a"}\n{"id":42,"text":"b"}\n{"id":1.5,"text":"c"}\n',
  );
  const ids = (await collect(readShard({ path, name: 'ids.jsonl' }))).flatMap((x) =>
    x.kind === 'doc' ? [x.doc.id] : [],
  );
  assert.equal(ids, ['12345678901234567890', '42', '1.5']);
});

test('in a .json array too, a numeric id beyond 2^53 keeps its digits, in the id and the raw bytes', async () => {
  const path = join(tempDir(), 'ids.json');
  writeFileSync(
    path,
    '[\n  {"id": 12345678901234567890, "text": "a"},\n  {"id": 42, "n": 1.0, "text": "b"}\n]\n',
  );
  const docs = (await collect(readShard({ path, name: 'ids.json' }))).flatMap((x) =>
    x.kind === 'doc' ? [x.doc] : [],
  );
  assert.equal(
    docs.map((d) => d.id),
    ['12345678901234567890', '42'],
  );
  assert.equal(
    docs.map((d) => d.raw.toString()),
    ['{"id":12345678901234567890,"text":"a"}', '{"id":42,"n":1.0,"text":"b"}'],
  );
  // The same elements from the re-read after a parse failure (data after the array).
  writeFileSync(
    path,
    '[\n  {"id": 12345678901234567890, "text": "a"},\n  {"id": 42, "n": 1.0, "text": "b"}\n] x',
  );
  const items = await collect(readShard({ path, name: 'ids.json' }));
  assert.equal(
    items.map((x) => (x.kind === 'doc' ? x.doc.raw.toString() : x.kind)),
    ['{"id":12345678901234567890,"text":"a"}', '{"id":42,"n":1.0,"text":"b"}', 'failed'],
  );
});

test('readShard wants a shard {path, name}, not a bare path', () => {
  assert.throws(
    () => readShard('p0.jsonl.gz' as never),
    (e: Error) => e instanceof TypeError && e.message.includes('Expected a shard {path, name}'),
  );
});

test.run();
