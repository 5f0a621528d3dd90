import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { NodeIndex, UnionFind } from '../../src/dedup/union-find.ts';

test('the node index numbers documents in (shard, line) order, without repeats', () => {
  const idx = NodeIndex.fromPairs([new Uint32Array([1, 5, 0, 9, 0, 9, 1, 2])]);
  assert.is(idx.size, 3);
  assert.equal([idx.id(0, 9), idx.id(1, 2), idx.id(1, 5), idx.id(7, 7)], [0, 1, 2, -1]);
  assert.equal([idx.shardOf(2), idx.lineOf(2)], [1, 5]);
});

test("union by size: on a tie the first element's root stays root", () => {
  const uf = new UnionFind(4);
  assert.ok(uf.union(1, 0));
  assert.is(uf.find(0), 1);
  assert.not.ok(uf.union(0, 1));
});

test('union by size: the smaller set joins the larger whatever the argument order', () => {
  const uf = new UnionFind(5);
  uf.union(0, 1); // {0,1} root 0
  uf.union(2, 0); // {2} joins {0,1}: root stays 0
  assert.is(uf.find(2), 0);
  uf.union(3, 4); // {3,4} root 3
  uf.union(3, 2); // sizes 2 < 3: 3's set joins 0's
  assert.equal(
    [0, 1, 2, 3, 4].map((x) => uf.find(x)),
    [0, 0, 0, 0, 0],
  );
  assert.is(uf.size[0], 5);
});

test('a chain of pairs (a run of equal signatures) makes the first document the root', () => {
  // datatrove writes (d1, d2), (d2, d3), ...: each new document is a singleton joining the set.
  const uf = new UnionFind(4);
  uf.union(0, 1);
  uf.union(1, 2);
  uf.union(2, 3);
  assert.equal(
    [0, 1, 2, 3].map((x) => uf.find(x)),
    [0, 0, 0, 0],
  );
});

test('NodeIndex.union: the distinct documents of both, ascending, as one index over all the pairs', () => {
  const a = new Uint32Array([0, 5, 1, 2, 0, 5, 0, 1]);
  const b = new Uint32Array([1, 2, 0, 3, 2, 0, 0, 5]);
  const merged = NodeIndex.fromPairs([a]).union(NodeIndex.fromPairs([b]));
  assert.equal(Array.from(merged.keys), Array.from(NodeIndex.fromPairs([a, b]).keys));
  assert.equal(
    [0, 1, 2, 3, 4].map((n) => [merged.shardOf(n), merged.lineOf(n)]),
    [
      [0, 1],
      [0, 3],
      [0, 5],
      [1, 2],
      [2, 0],
    ],
  );
  assert.is(NodeIndex.fromPairs([]).union(NodeIndex.fromPairs([a])).size, 3);
});

test.run();
