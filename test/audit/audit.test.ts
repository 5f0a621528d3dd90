import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runAudit, type AuditItem, type StrataDesign } from '../../src/audit/audit.ts';

/** 40 dropped labels (4 good) and 40 kept ones (2 bad), with lengths. */
const items: AuditItem[] = [
  ...Array.from({ length: 40 }, (_, i) => ({
    bad: i >= 4,
    reasons: ['r'],
    attrs: {},
    weight: 100 + 10 * i,
    stratum: 'dropped:r',
  })),
  ...Array.from({ length: 40 }, (_, i) => ({
    bad: i < 2,
    reasons: [],
    attrs: {},
    weight: 200 + 5 * i,
    stratum: 'kept',
  })),
];
const design = (sq: boolean): StrataDesign => ({
  fingerprint: 'f',
  design: 'doc',
  strata: [
    {
      name: 'dropped:r',
      flagged: true,
      population_docs: 4000,
      population_tokens: 1e6,
      sample_size: 40,
      ...(sq && { population_tokens_sq: 4e8 }),
    },
    {
      name: 'kept',
      flagged: false,
      population_docs: 6000,
      population_tokens: 2e6,
      sample_size: 40,
      ...(sq && { population_tokens_sq: 8e8 }),
    },
  ],
});
const options = { fingerprint: 'f', alpha: 0.05, maxFdr: 0.3, minRecall: 0.5 };

test('a strata file without Σℓ² (from before the long strata) gets a note that its token intervals ran short', () => {
  const note = (r: ReturnType<typeof runAudit>) =>
    r.notes.some((n) => n.includes('population_tokens_sq'));
  assert.ok(note(runAudit(items, design(false), null, options)));
  assert.not.ok(note(runAudit(items, design(true), null, options)));
});

test('recall has a one-sided lower bound, and --min-recall reads it', () => {
  const r = runAudit(items, design(true), null, options);
  const recall = r.metrics.recall!;
  assert.ok(recall.lo < recall.lower! && recall.lower! < recall.estimate, JSON.stringify(recall));
  assert.is(r.verdict.recall_lower, recall.lower);
  assert.is(r.metrics.recall!.method, 'MOVER composite of Korn–Graubard');
});

test.run();
