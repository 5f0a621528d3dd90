import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { unitsOf } from '../../src/text/units.ts';

const codes = (s: string) => Array.from({ length: s.length }, (_, i) => s.charCodeAt(i));

test('the units of one-byte, two-byte and astral strings are their charCodeAt values', () => {
  for (const s of ['', 'plain ascii', 'café ’quotes’', '😀 a\u0000b\uffff', 'x'.repeat(70_000)]) {
    assert.equal(Array.from(unitsOf(s)), codes(s));
  }
});

test('a call with another string rewrites the buffer; the same string again gives the same units', () => {
  const a = 'first text';
  const b = 'other text, longer ✓';
  assert.equal(Array.from(unitsOf(a)), codes(a));
  assert.equal(Array.from(unitsOf(b)), codes(b));
  assert.equal(Array.from(unitsOf(a)), codes(a));
  assert.equal(Array.from(unitsOf(a)), codes(a));
});

test.run();
