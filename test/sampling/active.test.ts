import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ActiveDesign, FLOOR_SHARE } from '../../src/sampling/active.ts';

/** 1,000 dropped documents and 3,000 kept, with predictions from confident to unsure. */
function fill(design: ActiveDesign) {
  for (let i = 0; i < 4000; i++) {
    const dropped = i < 1000;
    const prediction = (i % 10) / 9; // 0, 1/9, …, 1: u = √(p(1 − p)) from 0 to 0.5
    design.add({
      shard: 's',
      line: i + 1,
      reasons: dropped ? ['r/x'] : [],
      weight: 10,
      prediction,
    });
  }
}

test('π = min(1, n_s((1 − τ) u/Σu + τ/N_s)): more uncertain documents are likelier, none below the floor τ·n_s/N_s', () => {
  const d = new ActiveDesign(200, 1);
  fill(d);
  const { strata, chosen, predictions } = d.finish();
  assert.equal(
    strata.map((s) => [s.name, s.flagged, s.population_docs, s.population_tokens]),
    [
      ['active:dropped', true, 1000, 10000],
      ['active:kept', false, 3000, 30000],
    ],
  );
  assert.is(predictions['active:dropped']!.count, 1000);
  // Σu over a side: each block of ten has u = √(k(9 − k))/9 for k = 0..9.
  const block = Array.from({ length: 10 }, (_, k) => Math.sqrt(k * (9 - k)) / 9);
  const sumU = (block.reduce((a, b) => a + b) * 3000) / 10;
  for (const c of chosen.filter((x) => x.stratum === 'active:kept')) {
    const u = block[(c.line - 1) % 10]!;
    const expected = 100 * ((1 - FLOOR_SHARE) * (u / sumU) + FLOOR_SHARE / 3000);
    assert.ok(
      Math.abs(c.inclusionProbability - expected) < 1e-15,
      `line ${c.line}: ${c.inclusionProbability} vs ${expected}`,
    );
    assert.ok(
      c.inclusionProbability >= (FLOOR_SHARE * 100) / 3000 - 1e-15,
      `floor at line ${c.line}`,
    );
  }
  // Confident documents (p = 0 or 1) are drawn at the floor rate only, unsure ones far more often.
  const share = (k: number) =>
    chosen.filter((c) => c.stratum === 'active:kept' && (c.line - 1) % 10 === k).length;
  assert.ok(share(4) > 3 * share(0), `unsure ${share(4)} vs confident ${share(0)}`);
});

test('about n labels in all, and the same seed gives the same sample', () => {
  const sizes: number[] = [];
  for (let seed = 1; seed <= 30; seed++) {
    const d = new ActiveDesign(200, seed);
    fill(d);
    sizes.push(d.finish().chosen.length);
  }
  const mean = sizes.reduce((a, b) => a + b) / sizes.length;
  assert.ok(Math.abs(mean - 200) < 8, `mean size ${mean}`);
  const a = new ActiveDesign(200, 7);
  const b = new ActiveDesign(200, 7);
  fill(a);
  fill(b);
  assert.equal(a.finish().chosen, b.finish().chosen);
});

test('predictions outside [0, 1] are refused', () => {
  const d = new ActiveDesign(10, 1);
  assert.throws(
    () => d.add({ shard: 's', line: 1, reasons: [], weight: 1, prediction: 1.2 }),
    /\[0, 1\], got 1.2/,
  );
});

test.run();
