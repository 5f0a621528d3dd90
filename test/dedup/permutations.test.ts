import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MERSENNE_61, permutationParameters } from '../../src/dedup/permutations.ts';

// Reference values printed by numpy 2.4.6:
//   gen = np.random.RandomState(seed)
//   a = gen.randint(1, 2**61 - 1, dtype=np.uint64, size=(1, n)); b = gen.randint(0, 2**61 - 1, ...)

test('seed 1, 112 hashes: the a and b datatrove draws (indices 0, 1, 55, 111)', () => {
  const { a, b } = permutationParameters(1, 112);
  assert.equal(a.length, 112);
  assert.equal(
    [a[0], a[1], a[55], a[111]],
    [775169054918279404n, 1758426461858698313n, 984365201973288024n, 223865076026037746n],
  );
  assert.equal(
    [b[0], b[1], b[55], b[111]],
    [1062448801025099917n, 1324811268927594100n, 2053954687016252293n, 1097409548522419201n],
  );
});

test('seed 42, 4 hashes: b is drawn after all of a from the same stream', () => {
  const { a, b } = permutationParameters(42, 4);
  assert.equal(a, [
    2297359619001564596n,
    1396682528897996047n,
    1973689801170867272n,
    1819927849474927637n,
  ]);
  assert.equal(b, [
    572192888165898361n,
    571748048327668950n,
    1071453510346823114n,
    2143071682933157236n,
  ]);
});

test('the largest seed, 2^32 - 1', () => {
  assert.equal(permutationParameters(0xffffffff, 2).a, [1800993050274709795n, 689591756664908872n]);
});

test('every value is below 2^61 - 1, and a is at least 1', () => {
  const { a, b } = permutationParameters(7, 256);
  assert.ok(a.every((v) => v >= 1n && v < MERSENNE_61));
  assert.ok(b.every((v) => v >= 0n && v < MERSENNE_61));
});

test('a seed outside 0..2^32-1 is refused', () => {
  assert.throws(() => permutationParameters(-1, 1), /seed from 0 to 2\^32 - 1, got -1/);
  assert.throws(() => permutationParameters(2 ** 32, 1), /got 4294967296/);
});

test.run();
