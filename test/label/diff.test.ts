import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sideBySide } from '../../src/label/diff.ts';

test('pairs: each side joins back to its text exactly; words that differ are marked on both sides', () => {
  const a = 'one  two\tthree\n\nfour five';
  const b = 'one two three\n\nfour six five!';
  const d = sideBySide(a, b)!;
  assert.is(d.a.map((p) => p.t).join(''), a);
  assert.is(d.b.map((p) => p.t).join(''), b);
  assert.equal(
    d.b
      .filter((p) => p.d)
      .map((p) => p.t.trim())
      .filter(Boolean),
    ['six', '!'],
  );
  assert.is(sideBySide('a b c d e f g h', 'z y x w v u t s', 3), null);
});

test.run();
