/**
 * The cross-fitted FDR bound checked by seeded simulation: train on simulated labels, take the
 * threshold fixed-sequence testing chooses within the budget, and compare its one-sided 95 % upper
 * bound with the model's true FDR at that threshold on a large fresh population from the same
 * generator.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { trainModel } from '../../src/train/train.ts';
import { pBad } from '../../src/scorers/quality.ts';
import { syntheticLabels } from './_synthetic.ts';

const classes = { label_field: 'label', bad_values: ['bad'], good_values: ['good'] };

test('over 200 seeded repetitions the one-sided 95 % FDR bound at the chosen threshold covers the true FDR in >= 93 %', async () => {
  const reps = 200;
  let claims = 0;
  let covered = 0;
  for (let rep = 0; rep < reps; rep++) {
    const labels = syntheticLabels(300, 1000 + rep, 0.4, 0.2);
    const r = await trainModel(labels, {
      classes,
      buckets: 1 << 10,
      folds: 5,
      seed: rep,
      maxFdr: 0.2,
      lambdas: [1e-2, 1e-3],
      minDocs: 1,
      topNgrams: 0,
    });
    const c = r.metrics.chosen;
    if (c.threshold === null) continue; // no claim made, none can be wrong
    claims++;
    const population = syntheticLabels(2000, 500_000 + rep, 0.4, 0.2);
    let flagged = 0;
    let good = 0;
    for (const d of population) {
      if (pBad(r.model, d.text) >= c.threshold) {
        flagged++;
        if (!d.bad) good++;
      }
    }
    const trueFdr = flagged ? good / flagged : 0;
    if (c.row!.fdr_upper >= trueFdr) covered++;
  }
  console.log(
    `FDR bound simulation: ${claims} of ${reps} repetitions chose a threshold; the bound covered the true FDR in ${covered} (${((100 * covered) / claims).toFixed(1)} %)`,
  );
  assert.ok(
    claims >= 150,
    `only ${claims} repetitions chose a threshold: the simulation tests too little`,
  );
  assert.ok(covered / claims >= 0.93, `coverage ${covered}/${claims}`);
});

test.run();
