import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createContext } from '../../src/scorers/context.ts';
import { findDuplicates, newlineSegmentsOf } from '../../src/scorers/lines.ts';
import { isBlank } from '../../src/text/python.ts';

test('find_duplicates: every repeat of an earlier element, with its code points', () => {
  assert.equal(findDuplicates(['a', 'b', 'a', 'a', '😀', 'c', '😀', '']), [3, 3]);
  assert.equal(findDuplicates(['', '']), [1, 0]);
  assert.equal(findDuplicates([]), [0, 0]);
});

test('one split serves both: FineWeb lines and re.split("\\n+") statistics (random texts)', () => {
  const pieces = ['a', 'b', 'ab', ' ', '  ', '\t', '\r', '\n', '\n', '\n\n', '\u00a0', '😀', 'x y'];
  let seed = 9;
  const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  for (let r = 0; r < 5000; r++) {
    let text = '';
    const n = Math.floor(next() * 16);
    for (let i = 0; i < n; i++) text += pieces[Math.floor(next() * pieces.length)];
    const got = newlineSegmentsOf(createContext(text));
    const fineweb = text.split('\n').filter((l) => !isBlank(l));
    assert.equal(got.nonBlank, fineweb, JSON.stringify(text));
    const [fe, fc] = findDuplicates(fineweb);
    assert.equal(got.nonBlankStats, { count: fineweb.length, dupElements: fe, dupChars: fc });
    const gopher = text.split(/\n+/); // re.split("\n+", text): the same on these texts
    const [ge, gc] = findDuplicates(gopher);
    assert.equal(got.splitRuns, { count: gopher.length, dupElements: ge, dupChars: gc }, JSON.stringify(text));
  }
});

test.run();
