import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compact, compactRange } from '../../src/report/format.ts';
import { numRange } from '../../src/audit/audit.ts';

test('an interval of counts is written in one style: both ends with units when either needs one', () => {
  assert.is(compactRange(8756, 10_700_000), '8.8k–10.7M');
  assert.is(compactRange(120, 950), '120–950');
  assert.is(compactRange(999, 12_000), '999–12.0k');
  assert.is(compact(8756), '8,756', 'a single count keeps its digits below 10,000');
  assert.is(numRange(8756, 10_700_000), '8.8k–10.7M');
  assert.is(numRange(1, 11), '1–11');
});

test.run();
