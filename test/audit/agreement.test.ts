import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { agreementTable, cohenKappa } from '../../src/audit/agreement.ts';
import { closeDigits } from './_close.ts';

test('audit-methods.md §1 κ example: n_gg=80, n_gb=5, n_bg=5, n_bb=10', () => {
  const k = cohenKappa({ gg: 80, gb: 5, bg: 5, bb: 10 });
  closeDigits(k.observed, 0.9, 10, 'p_o');
  closeDigits(k.expected, 0.745, 10, 'p_e');
  closeDigits(k.kappa, 0.6078431373, 10, 'κ');
  closeDigits(k.se, 0.1176470588, 10, 'SE');
  closeDigits(k.pabak, 0.8, 10, 'PABAK');
  closeDigits(k.positiveAgreement, 2 / 3, 14, 'positive agreement');
  assert.is(k.n, 100);
  closeDigits(k.interval[0], 0.6078431373 - 1.959963984540054 * 0.1176470588, 9);
});

test('the prevalence paradox: high raw agreement, low κ when bad is rare', () => {
  const k = cohenKappa({ gg: 96, gb: 2, bg: 2, bb: 0 });
  assert.ok(k.observed === 0.96 && k.kappa < 0 && k.pabak > 0.9);
  assert.ok(Number.isNaN(cohenKappa({ gg: 10, gb: 0, bg: 0, bb: 0 }).kappa));
});

test('the table counts pairs of labels (true = bad)', () => {
  const a = [true, true, false, false, false];
  const b = [true, false, true, false, false];
  assert.equal(agreementTable(a, b), { gg: 2, gb: 1, bg: 1, bb: 1 });
  assert.throws(() => agreementTable([true], []), /one length/);
});

test.run();
