import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ExactDeduper, normaliseDocument, paragraphs } from '../../src/dedup/exact.ts';

test('normalisation: stripped, every whitespace run one space; case and punctuation still count', () => {
  assert.is(normaliseDocument('  Hello\n\n  world\t!  '), 'Hello world !');
  assert.is(normaliseDocument('a\u00a0b'), 'a b');
  assert.is.not(normaliseDocument('Hello world'), normaliseDocument('hello world'));
});

test('paragraphs: stripped lines as code-point spans, short ones left out', () => {
  const text = 'short\n  A line long enough here  \n😀 emoji line that counts\n';
  const ps = paragraphs(text, 10).map(({ start, end }) => [start, end]);
  // "short\n" is 6 code points; the second line starts at 6, its text at 8 and is 23 long;
  // the third starts after 6 + 28 = 34 (Python: text.index("😀") == 34): the emoji is one code point.
  assert.equal(ps, [
    [8, 31],
    [34, 58],
  ]);
  const cps = Array.from(text);
  assert.is(cps.slice(34, 58).join(''), '😀 emoji line that counts');
});

test('the first copy is the original; later copies and repeated paragraphs are reported', () => {
  const d = new ExactDeduper(5);
  const boiler = 'Subscribe to our newsletter';
  assert.equal(d.add('s', 1, `First story.\n${boiler}`), { duplicateOf: null, paragraphs: [] });
  const second = d.add('s', 2, `Second story, another text.\n${boiler}\n${boiler}`);
  assert.is(second.duplicateOf, null);
  assert.equal(second.paragraphs, [
    [28, 55],
    [56, 83],
  ]);
  assert.equal(d.add('t', 9, `  First   story.\n${boiler}  `).duplicateOf, { shard: 's', line: 1 });
});

test.run();
