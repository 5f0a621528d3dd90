/** Tolerance checks shared by the audit tests. */
import * as assert from 'uvu/assert';

/** |actual − expected| ≤ tol·|expected| (exact match when expected is 0). */
export function closeRel(actual: number, expected: number, tol: number, what = ''): void {
  const err = expected === 0 ? Math.abs(actual) : Math.abs(actual - expected) / Math.abs(expected);
  assert.ok(
    err <= tol,
    `${what}: got ${actual}, expected ${expected} (relative error ${err.toExponential(2)} > ${tol})`,
  );
}

/** Equal to `expected` when both are rounded to `digits` significant digits (the precision a table prints). */
export function closeDigits(actual: number, expected: number, digits: number, what = ''): void {
  if (expected === 0) {
    assert.ok(actual === 0, `${what}: got ${actual}, expected 0`);
    return;
  }
  // Half a unit in the last printed digit, plus a hair for the binary representation of the table value.
  const tol =
    0.5 * Math.pow(10, Math.floor(Math.log10(Math.abs(expected))) - digits + 1) * (1 + 1e-9);
  assert.ok(
    Math.abs(actual - expected) <= tol,
    `${what}: got ${actual}, expected ${expected} to ${digits} digits`,
  );
}
