import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DataError } from '../src/errors.ts';

test('DataError names shard and line', () => {
  assert.is(
    new DataError('missing string "text"', 'a.jsonl', 3).message,
    'a.jsonl:3: missing string "text"',
  );
});
test.run();
