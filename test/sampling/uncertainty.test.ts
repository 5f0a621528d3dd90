import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { UncertaintySampler } from '../../src/sampling/uncertainty.ts';

test('keeps the n nearest the threshold, one per text, none excluded, ties by shard then line', () => {
  const s = new UncertaintySampler<string>(3, 0.5, new Set(['labeled']));
  const add = (pBad: number, hash: string, shard: string, line: number) =>
    s.add({ pBad, hash, shard, line, payload: `${shard}:${line}` });
  add(0.9, 'a', 's1', 1);
  add(0.52, 'b', 's1', 2);
  add(0.5, 'labeled', 's1', 3); // already labeled
  add(0.45, 'c', 's1', 4);
  add(0.52, 'b', 's2', 1); // same text again
  add(0.1, 'd', 's2', 2);
  add(0.55, 'e', 's2', 3); // |0.05| ties with c
  add(0.3, 'f', 's2', 4);
  const chosen = s.finish().map((c) => c.payload);
  assert.equal(chosen, ['s1:2', 's1:4', 's2:3']);
  assert.equal([s.seen, s.excluded, s.duplicates], [8, 1, 1]);
});

test('the bounded buffer gives the same choice as sorting everything', () => {
  const all: { pBad: number; hash: string; shard: string; line: number; payload: number }[] = [];
  // Copies of a text (same hash) have the same p_bad, as they do when scored.
  for (let i = 0; i < 500; i++)
    all.push({
      pBad: (((i % 450) * 7919) % 1000) / 1000,
      hash: `h${i % 450}`,
      shard: 's',
      line: i,
      payload: i,
    });
  const s = new UncertaintySampler<number>(20, 0.3, new Set());
  for (const c of all) s.add(c);
  const seen = new Set<string>();
  const unique = all.filter((c) => (seen.has(c.hash) ? false : (seen.add(c.hash), true)));
  const expected = unique
    .sort((a, b) => Math.abs(a.pBad - 0.3) - Math.abs(b.pBad - 0.3) || a.line - b.line)
    .slice(0, 20)
    .map((c) => c.payload);
  assert.equal(
    s.finish().map((c) => c.payload),
    expected,
  );
});

test.run();
