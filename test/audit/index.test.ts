import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as audit from '../../src/audit/index.ts';

test('the audit index exposes the statistics core as functions', () => {
  for (const name of [
    'incompleteBeta',
    'betaQuantile',
    'normalQuantile',
    'binomialInterval',
    'kornGraubardInterval',
    'confusionMetrics',
    'stratifiedProportion',
    'compositeRecall',
    'delongAuc',
    'cohenKappa',
    'projectCorpus',
    'gatingSampleSize',
    'selectThreshold',
    'stratifiedBootstrap',
  ] as const)
    assert.type(audit[name], 'function', name);
});

test.run();
