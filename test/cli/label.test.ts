import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { screenSize } from '../../src/cli/commands/label.ts';

test('the terminal labeler reads the size of the terminal, and takes 80 × 24 where a pseudo-terminal reports none or 0 × 0', () => {
  assert.equal(screenSize({ columns: 120, rows: 40 }), { cols: 120, rows: 40 });
  assert.equal(screenSize({}), { cols: 80, rows: 24 });
  assert.equal(screenSize({ columns: 0, rows: 0 }), { cols: 80, rows: 24 });
});

test.run();
