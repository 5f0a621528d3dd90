import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { normalQuantile, normalUpperQuantile } from '../../src/audit/normal.ts';
import { closeRel } from './_close.ts';

test('audit-methods.md §2 critical values z = Φ⁻¹(1 − α/2) and one-sided Φ⁻¹(1 − α)', () => {
  closeRel(normalUpperQuantile(0.025), 1.959963984540054, 1e-15, 'α=.05 two-sided');
  closeRel(
    normalUpperQuantile(0.05),
    1.6448536269514729,
    1e-15,
    'α=.10 two-sided / α=.05 one-sided',
  );
  closeRel(normalUpperQuantile(0.005), 2.575829303548901, 1e-15, 'α=.01 two-sided');
  closeRel(normalUpperQuantile(0.01), 2.3263478740408408, 1e-15, 'α=.01 one-sided');
  closeRel(normalQuantile(0.975), 1.959963984540054, 1e-15, 'Φ⁻¹(.975)');
});

test('AS241 in the centre, the intermediate and the far tail (mpmath, 50 digits)', () => {
  closeRel(normalQuantile(0.3), -0.52440051270804082, 1e-15, 'Φ⁻¹(.3)');
  closeRel(normalQuantile(0.01), -2.3263478740408411, 1e-15, 'Φ⁻¹(.01)');
  closeRel(normalQuantile(1e-10), -6.3613409024040562, 1e-15, 'Φ⁻¹(1e-10)');
  closeRel(normalQuantile(1e-300), -37.047096299361199, 1e-15, 'Φ⁻¹(1e-300)');
  assert.is(normalQuantile(0.5), 0);
  assert.is(normalQuantile(0), -Infinity);
  assert.is(normalQuantile(1), Infinity);
  assert.ok(Number.isNaN(normalQuantile(1.2)));
  for (const p of [0.001, 0.2, 0.49])
    closeRel(normalQuantile(1 - p), -normalQuantile(p), 1e-12, `symmetry at ${p}`);
});

test.run();
