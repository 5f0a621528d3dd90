/**
 * Exact dedup's stages (hashes → merge → collect) against the one-pass in-memory reference
 * (ExactDeduper, src/dedup/exact.ts): the same findings from any split into ranks and
 * partitions, from a memory budget so small that every sort spills, and after a run killed
 * between stages; damaged stage files are refused by name.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mulberry32 } from '../../src/audit/random.ts';
import { ExactDeduper } from '../../src/dedup/exact.ts';
import { exactLayout } from '../../src/dedup/layout.ts';
import { parseExact } from '../../src/formats/exact.ts';
import { dedupExact } from '../../src/flows/dedup.ts';
import { tempDir } from '../_helpers.ts';

const words = 'alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu'.split(' ');
const BOILER = 'Subscribe to our newsletter for more stories';

/** Five shards: random pages, some repeated (re-spaced), some sharing boilerplate lines. */
function corpus(): { dir: string; shards: { name: string; texts: string[] }[] } {
  const rand = mulberry32(11);
  const pick = (n: number) =>
    Array.from({ length: n }, () => words[Math.floor(rand() * words.length)]).join(' ');
  const pages: string[] = [];
  const shards = Array.from({ length: 5 }, (_, s) => ({
    name: `s${s}.jsonl`,
    texts: [] as string[],
  }));
  for (let i = 0; i < 150; i++) {
    const r = rand();
    let text: string;
    if (r < 0.25 && pages.length) {
      // A copy of an earlier page, re-wrapped: still the same normalised text.
      text = pages[Math.floor(rand() * pages.length)]!.replace(/ /g, rand() < 0.5 ? '  ' : '\n ');
    } else {
      const lines = [pick(8), pick(3)];
      if (rand() < 0.4) lines.push(BOILER);
      if (rand() < 0.2) lines.push(`  ${pick(6)}  `, BOILER);
      text = lines.join('\n');
    }
    pages.push(text);
    shards[Math.floor(rand() * 5)]!.texts.push(text);
  }
  const dir = tempDir('winnow-exact-in-');
  for (const s of shards) {
    const lines = s.texts.map((text, i) => JSON.stringify({ id: `${s.name}-${i}`, text }));
    // A blank line and a malformed one: numbered like any other line, never hashed.
    writeFileSync(
      join(dir, s.name),
      ['', ...lines.slice(0, 2), '{"id":', ...lines.slice(2)].join('\n') + '\n',
    );
  }
  return { dir, shards };
}

const { dir: input, shards } = corpus();

/** The reference's findings, keyed as the index keys them. */
function reference(): Map<string, { dup: string | null; p: [number, number][] }> {
  const d = new ExactDeduper(20);
  const out = new Map<string, { dup: string | null; p: [number, number][] }>();
  for (const s of shards)
    s.texts.forEach((text, i) => {
      const line = i < 2 ? i + 2 : i + 3; // after the blank line, and the malformed line after two
      const f = d.add(s.name, line, text);
      if (f.duplicateOf || f.paragraphs.length)
        out.set(`${s.name}\t${line}`, {
          dup: f.duplicateOf && `${f.duplicateOf.shard}\t${f.duplicateOf.line}`,
          p: f.paragraphs.map(([a, b]) => [a, b]),
        });
    });
  return out;
}

const findings = (out: string): string => readFileSync(exactLayout(out).findings, 'utf8');

test('one rank, one partition: the findings of the one-pass reference, counted in the header', async () => {
  const out = tempDir('winnow-exact-out-');
  const r = await dedupExact({ inputs: [input], out, parts: 1 });
  const index = parseExact(findings(out), 'exact.jsonl');
  const got = new Map(
    [...index.findings].map(([k, f]) => [
      k,
      { dup: f.duplicateOf && `${f.duplicateOf.shard}\t${f.duplicateOf.line}`, p: f.paragraphs },
    ]),
  );
  const want = reference();
  assert.equal(got, want);
  const dups = [...want.values()].filter((f) => f.dup).length;
  assert.ok(dups > 20, `${dups} duplicates planted`);
  assert.is(r.summary!.documents, 150);
  assert.is(r.summary!.duplicates, dups);
  assert.is(
    r.summary!.duplicate_paragraphs,
    [...want.values()].reduce((s, f) => s + f.p.length, 0),
  );
  assert.is(r.ranks[0]!.errors, 5);
  assert.is(r.ranks[0]!.spills, 0);
});

test('3 ranks × 4 partitions, and a 4 KiB sort budget that spills every sort, give the same bytes', async () => {
  const one = tempDir('winnow-exact-out-');
  await dedupExact({ inputs: [input], out: one, parts: 1 });
  const many = tempDir('winnow-exact-out-');
  const tmp = tempDir('winnow-exact-tmp-');
  const r = await dedupExact({ inputs: [input], out: many, world: 3, parts: 4, memory: 4096, tmp });
  assert.ok(
    r.ranks.every((x) => x.spills > 1),
    JSON.stringify(r.ranks),
  );
  assert.is(findings(many), findings(one));
  const small = tempDir('winnow-exact-out-');
  const m = await dedupExact({ inputs: [input], out: small, parts: 1, memory: 4096, tmp });
  assert.ok(m.parts[0]!.spills > 1, JSON.stringify(m.parts));
  assert.is(findings(small), findings(one));
  assert.equal(readdirSync(tmp), [], 'spilled runs are removed');
});

test('a run killed between stages resumes to the same bytes; finished tasks are skipped', async () => {
  const ref = tempDir('winnow-exact-out-');
  await dedupExact({ inputs: [input], out: ref, world: 2, parts: 3 });
  const out = tempDir('winnow-exact-out-');
  await dedupExact({ inputs: [input], out, world: 2, parts: 3, stage: 'hashes', rank: 1 });
  let err = '';
  try {
    await dedupExact({ inputs: [input], out, world: 2, parts: 3, stage: 'merge', task: 0 });
  } catch (e) {
    err = (e as Error).message;
  }
  assert.match(err, /hashes[/\\]done[/\\]00000: hashes rank 0 of 2 is not complete: run it first$/);
  // Killed after rank 0's partition files but before its marker: the rerun redoes rank 0.
  await dedupExact({ inputs: [input], out, world: 2, parts: 3, stage: 'hashes', rank: 0 });
  rmSync(exactLayout(out).hashesDone(0));
  const redo = await dedupExact({
    inputs: [input],
    out,
    world: 2,
    parts: 3,
    stage: 'hashes',
    rank: 0,
  });
  assert.not.ok(redo.ranks[0]!.skipped);
  await dedupExact({ inputs: [input], out, world: 2, parts: 3, stage: 'merge', task: 2 });
  // Partition 1 killed mid-write: a torn file and no marker.
  writeFileSync(exactLayout(out).dups(1), 'WNEXACT');
  const r = await dedupExact({ inputs: [input], out, world: 2, parts: 3 });
  assert.equal(
    r.ranks.map((x) => x.skipped),
    [true, true],
  );
  assert.equal(
    r.parts.map((x) => x.skipped),
    [false, false, true],
  );
  assert.is(findings(out), findings(ref));
  const again = await dedupExact({ inputs: [input], out, world: 2, parts: 3 });
  assert.ok(again.summary!.skipped);
});

test('a folder of another run is refused; damaged stage files are refused naming file and field', async () => {
  const out = tempDir('winnow-exact-out-');
  await dedupExact({ inputs: [input], out, world: 1, parts: 2, stage: 'hashes' });
  const fails = async (o: Parameters<typeof dedupExact>[0]): Promise<string> => {
    try {
      await dedupExact(o);
    } catch (e) {
      return (e as Error).message;
    }
    return 'no error';
  };
  assert.match(
    await fails({ inputs: [input], out, world: 1, parts: 3, stage: 'hashes' }),
    /exact\.json:1: this folder holds an exact-dedup run of other inputs or settings .*parts 2/,
  );
  const file = exactLayout(out).hashes(1, 0);
  const bytes = readFileSync(file);
  // Two records swapped: out of order.
  const body = bytes.length - 48 - 2 * 33;
  const swapped = Buffer.from(bytes);
  bytes.copy(swapped, body, body + 33, body + 66);
  bytes.copy(swapped, body + 33, body, body + 33);
  writeFileSync(file, swapped);
  assert.match(
    await fails({ inputs: [], out, stage: 'merge', task: 1 }),
    /00000\.bin:records\[\d+\]: smaller than the record before it/,
  );
  // One flipped bit in the last record: the checksum.
  const flipped = Buffer.from(bytes);
  flipped[bytes.length - 48 - 1]! ^= 1;
  writeFileSync(file, flipped);
  assert.match(
    await fails({ inputs: [], out, stage: 'merge', task: 1 }),
    /00000\.bin:footer\.sha256: /,
  );
  writeFileSync(file, bytes.subarray(0, bytes.length - 10));
  assert.match(await fails({ inputs: [], out, stage: 'merge', task: 1 }), /00000\.bin:footer: /);
  writeFileSync(file, bytes);
  assert.is(await fails({ inputs: [], out, stage: 'merge', task: 1 }), 'no error');
});

test('a task that fails after spilling leaves no runs (hashes mid-read, merge at a bad checksum)', async () => {
  const tmp = tempDir('winnow-exact-tmp-');
  const out = tempDir('winnow-exact-out-');
  const fails = async (o: Parameters<typeof dedupExact>[0]): Promise<string> => {
    try {
      await dedupExact({ ...o, memory: 4096, tmp });
    } catch (e) {
      return (e as Error).message;
    }
    return 'no error';
  };
  let docs = 0;
  const stopAt = (n: number) => () => {
    if (++docs < n) return;
    assert.ok(readdirSync(tmp).length > 0, 'runs were spilled before the failure');
    throw new Error('read failed');
  };
  const hashes = { inputs: [input], out, stage: 'hashes', parts: 1 } as const;
  assert.is(await fails({ ...hashes, onDoc: stopAt(140) }), 'read failed');
  assert.equal(readdirSync(tmp), []);
  await dedupExact(hashes);
  // Unbroken, this merge spills (checked), so the broken one had runs to leave behind.
  const whole = await dedupExact({ inputs: [], out, stage: 'merge', memory: 4096, tmp });
  assert.ok(whole.parts[0]!.spills > 1);
  rmSync(exactLayout(out).dupsDone(0));
  const file = exactLayout(out).hashes(0, 0);
  const bytes = readFileSync(file);
  bytes[bytes.length - 48 - 1]! ^= 1; // the last record: every duplicate is pushed first
  writeFileSync(file, bytes);
  assert.match(await fails({ inputs: [], out, stage: 'merge', task: 0 }), /footer\.sha256/);
  assert.equal(readdirSync(tmp), []);
});

test.run();
