import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { chooseExamples, rulesByHits } from '../../src/report/examples.ts';
import type { ExampleDoc } from '../../src/report/summary.ts';

const doc = (line: number): ExampleDoc => ({
  id: `d${line}`,
  shard: 's',
  file: 'dropped/s',
  line,
  reasons: [],
  span_counts: {},
  excerpt: { start: 0, end: 0, length: 0, segments: [], first_span: null },
});
const ids = (r: Record<string, ExampleDoc[]>) =>
  Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v.map((d) => d.line)]));

test('rules in report order: most hits first, then by name', () => {
  const h = (hits: number) => ({ hits, exclusive: 0, tokens: 0, exclusive_tokens: 0, chars: 0 });
  assert.equal(rulesByHits({ b: h(2), a: h(2), c: h(5) }), ['c', 'a', 'b']);
});

test('each rule prefers documents no earlier rule shows, then fills up with shared ones, in shard order', () => {
  const c = { big: [1, 2, 3, 4, 5].map(doc), small: [1, 2, 6].map(doc), tiny: [1].map(doc) };
  assert.equal(ids(chooseExamples(c, ['big', 'small', 'tiny'], 2)), {
    big: [1, 2],
    small: [1, 6],
    tiny: [1],
  });
  assert.equal(ids(chooseExamples(c, ['big', 'small', 'tiny'], 3)), {
    big: [1, 2, 3],
    small: [1, 2, 6],
    tiny: [1],
  });
  // Same document read twice (equal file and line) counts as one.
  assert.equal(ids(chooseExamples({ a: [doc(1)], b: [doc(1), doc(2)] }, ['a', 'b'], 1)), {
    a: [1],
    b: [2],
  });
});

test.run();
