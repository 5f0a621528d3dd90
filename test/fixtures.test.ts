import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isUtf8 } from 'node:buffer';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { decompress } from 'fzstd';
import {
  buildFixtures,
  FIXTURES_DIR,
  REFERENCE,
  SHARD_FILES,
  writeFixtures,
  ZSTD_SHARD,
} from '../fixtures/generate.ts';
import { gunzipPartial, zstdVersion } from '../fixtures/generator/compress.ts';
import { cohensKappa, type Label } from '../fixtures/generator/extras.ts';

/** The kind counts fixtures/README.md states: the spec, not read from the generator. */
const STATED_KINDS: Record<string, number> = {
  prose: 1360,
  blob: 80,
  boilerplate: 70,
  menu: 60,
  mojibake: 60,
  code: 60,
  spam: 60,
  short: 60,
  repeated: 50,
  lorem: 50,
  numbers: 50,
  mash: 40,
};

const committed = (rel: string): Buffer => readFileSync(join(FIXTURES_DIR, rel));

/** A shard's decompressed bytes, by its extension. */
function shardBytes(rel: string, bytes = committed(rel)): Buffer {
  if (rel.endsWith('.gz')) return gunzipSync(bytes);
  if (rel.endsWith('.zst')) return Buffer.from(decompress(bytes));
  return bytes;
}

const lines = (b: Buffer): string[] => b.toString('utf8').split('\n').slice(0, -1);
const records = (b: Buffer): Record<string, unknown>[] =>
  lines(b).map((l) => JSON.parse(l) as Record<string, unknown>);

// Generate once into a temporary folder; every comparison below reads from it.
const built = buildFixtures();
const out = mkdtempSync(join(tmpdir(), 'winnow-fixtures-test-'));
const notes: string[] = [];
const generated = writeFixtures(built, out, (l) => notes.push(l));
test.after(() => rmSync(out, { recursive: true, force: true }));

test('the generator reproduces every committed fixture byte for byte', () => {
  for (const note of notes) console.warn(`  fixtures: ${note}`);
  const zlibMatches = process.versions.zlib === REFERENCE.zlib;
  for (const rel of generated.written) {
    if (rel === ZSTD_SHARD) continue;
    const mine = readFileSync(join(out, rel));
    const theirs = committed(rel);
    if (rel.endsWith('.jsonl.gz') && rel.startsWith('shards/') && !zlibMatches) {
      console.warn(
        `  fixtures: zlib ${process.versions.zlib} is not ${REFERENCE.zlib}: comparing ${rel} decompressed`,
      );
      assert.ok(
        gunzipSync(mine).equals(gunzipSync(theirs)),
        `${rel}: content differs from the committed file`,
      );
      continue;
    }
    assert.ok(
      mine.equals(theirs),
      `${rel}: differs from the committed file (run \`npm run fixtures\` and review the diff)`,
    );
  }
  assert.ok(generated.written.includes('shards/part-0000.jsonl'));
});

test('the zstd shard: committed bytes match the CLI, and its content matches the generator', () => {
  assert.ok(
    Buffer.from(decompress(committed(ZSTD_SHARD))).equals(built.zstdInput),
    'decompressed .zst differs from the generated shard',
  );
  const version = zstdVersion();
  if (version === null) {
    console.warn(
      `  fixtures: SKIPPED the byte comparison of ${ZSTD_SHARD}: no zstd CLI on the PATH`,
    );
  } else if (version !== REFERENCE.zstd) {
    console.warn(
      `  fixtures: SKIPPED the byte comparison of ${ZSTD_SHARD}: zstd ${version} is not ${REFERENCE.zstd}`,
    );
  } else {
    assert.ok(
      readFileSync(join(out, ZSTD_SHARD)).equals(committed(ZSTD_SHARD)),
      `${ZSTD_SHARD}: differs from the committed file`,
    );
  }
});

test('shards parse, ids are unique, and kinds have the stated counts', () => {
  const kinds: Record<string, number> = {};
  const ids = new Set<string>();
  SHARD_FILES.forEach((rel, s) => {
    const docs = records(shardBytes(rel));
    assert.is(docs.length, 500, rel);
    docs.forEach((d, n) => {
      assert.equal(Object.keys(d), ['id', 'text', 'source', 'kind'], `${rel}:${n + 1}`);
      assert.is(d['id'], `fx-${String(s).padStart(4, '0')}-${String(n).padStart(4, '0')}`);
      assert.type(d['text'], 'string');
      assert.ok(String(d['source']).startsWith('https://'), `${rel}:${n + 1}: source`);
      ids.add(d['id'] as string);
      kinds[d['kind'] as string] = (kinds[d['kind'] as string] ?? 0) + 1;
    });
  });
  assert.is(ids.size, 2000);
  assert.equal(kinds, STATED_KINDS);
  const manifest = JSON.parse(committed('manifest.json').toString('utf8'));
  assert.equal(manifest.total.kinds, STATED_KINDS);
  assert.ok(committed('README.md').toString('utf8').includes('| `prose` | good | 1360 |'));
});

test('prose documents have what heuristic filters look for', () => {
  for (const rel of SHARD_FILES) {
    for (const d of records(shardBytes(rel))) {
      if (d['kind'] !== 'prose') continue;
      const text = d['text'] as string;
      const where = `${d['id']}`;
      assert.ok(text.split(/\s+/).filter(Boolean).length >= 60, `${where}: at least 60 words`);
      assert.ok((text.match(/[.!?](\s|$)/g) ?? []).length >= 5, `${where}: at least 5 sentences`);
      const stop = new Set(text.match(/\b(?:the|be|to|of|and|that|have|with)\b/g));
      assert.ok(stop.size >= 4, `${where}: at least four distinct Gopher stop words`);
      const nonEmpty = text.split('\n').filter((l) => l.trim() !== '');
      assert.is(new Set(nonEmpty).size, nonEmpty.length, `${where}: no repeated lines`);
      assert.not.ok(text.includes('{'), `${where}: no curly brackets`);
    }
  }
});

test('bad-input.jsonl behaves as expected.json says, line by line', () => {
  const raw = committed('bad/bad-input.jsonl');
  const expected = JSON.parse(committed('bad/expected.json').toString('utf8'))['bad-input.jsonl'];
  assert.equal([...raw.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'starts with a BOM');
  assert.is.not(raw[raw.length - 1], 0x0a, 'no newline at the end');
  const parts: Buffer[] = [];
  for (let at = 0; at <= raw.length;) {
    const nl = raw.indexOf(0x0a, at);
    parts.push(raw.subarray(at, nl === -1 ? raw.length : nl));
    if (nl === -1) break;
    at = nl + 1;
  }
  assert.is(parts.length, expected.lines);
  assert.is(expected.outcomes.length, expected.lines);
  const counts = { doc: 0, blank: 0, error: 0 };
  expected.outcomes.forEach(
    (
      e: {
        line: number;
        outcome: 'doc' | 'blank' | 'error';
        error?: string;
        id?: string | null;
        text?: string;
        eol: string;
      },
      i: number,
    ) => {
      const where = `bad-input.jsonl:${e.line}`;
      assert.is(e.line, i + 1);
      counts[e.outcome]++;
      let bytes = parts[i] as Buffer;
      assert.is(bytes[bytes.length - 1] === 0x0d, e.eol === '\r\n', `${where}: CRLF`);
      if (e.eol === '\r\n') bytes = bytes.subarray(0, -1);
      if (i === 0) bytes = bytes.subarray(3);
      if (e.outcome === 'blank') {
        assert.is(bytes.toString('latin1').trim(), '', where);
        return;
      }
      if (e.error === 'invalid UTF-8') {
        assert.not.ok(isUtf8(bytes), `${where}: should not be valid UTF-8`);
        return;
      }
      assert.ok(isUtf8(bytes), `${where}: valid UTF-8`);
      let value: unknown;
      try {
        value = JSON.parse(bytes.toString('utf8'));
      } catch {
        assert.is(e.error, 'malformed JSON', `${where}: does not parse`);
        return;
      }
      assert.is.not(e.error, 'malformed JSON', `${where}: parses`);
      const isObject = value !== null && typeof value === 'object' && !Array.isArray(value);
      if (e.error === 'expected a JSON object') return assert.not.ok(isObject, where);
      assert.ok(isObject, where);
      const rec = value as Record<string, unknown>;
      if (e.error === 'missing') return assert.not.ok('text' in rec, where);
      if (e.error === 'null') return assert.is(rec['text'], null, where);
      if (e.error === 'string')
        return assert.ok(typeof rec['text'] !== 'string' && rec['text'] !== null, where);
      assert.is(e.outcome, 'doc', where);
      assert.is(rec['text'], e.text, `${where}: text`);
      assert.is(rec['id'] === undefined ? null : String(rec['id']), e.id, `${where}: id`);
    },
  );
  assert.equal(counts, expected.counts);
});

test('truncated.jsonl.gz fails with "unexpected end of file" after the stated lines; empty.jsonl is empty', () => {
  const gz = committed('bad/truncated.jsonl.gz');
  const truth = JSON.parse(committed('bad/expected.json').toString('utf8'))['truncated.jsonl.gz'];
  assert.throws(() => gunzipSync(gz), /unexpected end of file/);
  const partial = gunzipPartial(gz);
  const complete = lines(partial);
  assert.is(complete.length, truth.complete_lines_before_cut);
  assert.ok(complete.length > 10 && complete.length < truth.docs_compressed);
  for (const l of complete) assert.type(JSON.parse(l).text, 'string');
  assert.is(partial.length - (partial.lastIndexOf(0x0a) + 1), truth.partial_line_bytes);
  assert.is(committed('bad/empty.jsonl').length, 0);
});

test('nested and array files hold 20 documents each', () => {
  const nested = records(committed('nested/docs.jsonl'));
  assert.is(nested.length, 20);
  for (const r of nested) {
    assert.not.ok('text' in r || 'id' in r);
    assert.type((r['content'] as Record<string, unknown>)['body'], 'string');
    assert.match(String((r['meta'] as Record<string, unknown>)['doc_id']), /^nested-\d{4}$/);
  }
  const text = committed('array/docs.json').toString('utf8');
  const array = JSON.parse(text) as Record<string, unknown>[];
  assert.ok(Array.isArray(array) && array.length === 20);
  assert.ok(text.split('\n').length > 100, 'pretty-printed over many lines');
  for (const d of array) assert.type(d['text'], 'string');
});

test('labels: 300 corpus records, 5 % and 8 % disagreement with the truth, kappa as stated', () => {
  const byId = new Map<string, string>();
  for (const rel of SHARD_FILES)
    for (const l of lines(shardBytes(rel))) byId.set(JSON.parse(l).id, l);
  const rows = records(committed('labels/labels.jsonl'));
  assert.is(rows.length, 300);
  const a: Label[] = [];
  const b: Label[] = [];
  let offA = 0;
  let offB = 0;
  for (const r of rows) {
    const { label, label_b, ...original } = r;
    assert.equal(
      original,
      JSON.parse(byId.get(r['id'] as string) ?? 'null'),
      `${r['id']}: the original record`,
    );
    const truth = r['kind'] === 'prose' ? 'good' : 'bad';
    if (label !== truth) offA++;
    if (label_b !== truth) offB++;
    a.push(label as Label);
    b.push(label_b as Label);
  }
  assert.is(offA, 15);
  assert.is(offB, 24);
  const manifest = JSON.parse(committed('manifest.json').toString('utf8'));
  assert.is(Math.round(cohensKappa(a, b) * 1e6) / 1e6, manifest.labels.kappa);
});

test.run();
