import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readDocs, type BadItem, type ReadFailure } from '../../src/io/read-docs.ts';
import { tempDir } from '../_helpers.ts';

const dir = tempDir();
const shardFile = (name: string, content: Buffer | string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return { path, name };
};

/** Reads a shard, writing down every document and sink call in the order they happened. */
async function trace(s: { path: string; name: string }, maxLineBytes?: number): Promise<string[]> {
  const log: string[] = [];
  const sinks = {
    blank: (line: number) => void log.push(`blank@${line}`),
    bad: (i: BadItem) => void log.push(`${i.kind}@${i.bad.line}`),
    failed: (f: ReadFailure) => void log.push(`failed after ${f.lines}`),
  };
  for await (const d of readDocs(s, sinks, maxLineBytes ? { maxLineBytes } : {}))
    log.push(`doc@${d.line}`);
  return log;
}

test('only documents are yielded; blank and bad lines reach the sinks in input order', async () => {
  const s = shardFile('mixed.jsonl', '{"text":"a"}\n\n[1]\n{"text":"b"}\n{"title":"x"}\n');
  assert.equal(await trace(s), ['doc@1', 'blank@2', 'error@3', 'doc@4', 'error@5']);
});

test('an oversize line goes to bad, is drained when the sink does not read it, and reading goes on', async () => {
  const s = shardFile('long.jsonl', `{"text":"${'x'.repeat(5000)}"}\n{"text":"short"}\n`);
  assert.equal(await trace(s, 1000), ['oversize@1', 'doc@2']);
});

test('a shard that fails mid-way yields what it read, then the failure', async () => {
  const gz = gzipSync('{"text":"one"}\n{"text":"two"}\n{"text":"three"}\n');
  const s = shardFile('cut.jsonl.gz', gz.subarray(0, gz.length - 12));
  const log = await trace(s);
  assert.is(log.at(-1)!.startsWith('failed after'), true);
  assert.ok(log.includes('doc@1'));
});

test('without sinks nothing but documents comes out', async () => {
  const s = shardFile('plain.jsonl', '\n{"text":"a"}\nnot json\n');
  const docs: number[] = [];
  for await (const d of readDocs(s, {})) docs.push(d.line);
  assert.equal(docs, [2]);
});

test('a sink that throws ends the read (on-error fail)', async () => {
  const s = shardFile('stop.jsonl', '{"text":"a"}\nbad\n{"text":"c"}\n');
  const seen: number[] = [];
  const read = async () => {
    for await (const d of readDocs(s, {
      bad: (i) => {
        throw new Error(`stop at ${i.bad.line}`);
      },
    }))
      seen.push(d.line);
  };
  try {
    await read();
    assert.unreachable('should have thrown');
  } catch (e) {
    assert.is((e as Error).message, 'stop at 2');
  }
  assert.equal(seen, [1]);
});

test.run();
