import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { segments, itemView } from '../../src/label/view.ts';

test('segments: cut at every span boundary in code points, each with the span sets covering it; empty spans ignored', () => {
  assert.equal(
    segments('🙂abcdef', {
      'x.a': [[1, 4, 1]],
      'y.b': [
        [3, 6, 1],
        [5, 5, 1],
      ],
    }),
    [
      { t: '🙂' },
      { t: 'ab', r: ['x.a'] },
      { t: 'c', r: ['x.a', 'y.b'] },
      { t: 'de', r: ['y.b'] },
      { t: 'f' },
    ],
  );
  assert.equal(segments('abc', { s: [[1, 99, 1]] }), [{ t: 'a' }, { t: 'bc', r: ['s'] }]);
  assert.equal(segments('', {}), []);
});

test('a pair’s view: both sides with their ids and pieces', () => {
  const v = itemView(
    {
      kind: 'pair',
      raw: Buffer.from('{}'),
      a: { text: 'same' },
      b: { id: '2', text: 'same' },
      reasons: [],
      spans: {},
    },
    1,
    1,
  );
  assert.equal(v, {
    item: 1,
    total: 1,
    reasons: [],
    kind: 'pair',
    a: { pieces: [{ t: 'same' }] },
    b: { id: '2', pieces: [{ t: 'same' }] },
    diffed: true,
  });
});

test.run();
