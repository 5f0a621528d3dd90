import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DataError } from '../../src/errors.ts';
import {
  isDuplicate,
  parsePlantedPairs,
  serializePlantedPair,
  type PlantedPairRecord,
} from '../../src/formats/planted-pairs.ts';

const rec: PlantedPairRecord = {
  a: { id: 'x', shard: 'p.jsonl', line: 3 },
  b: { id: 'y', shard: 'q.jsonl.gz', line: 10 },
  planted: true,
  level: 0.6,
  jaccard: 0.599,
  duplicate: false,
};

test('a record survives serialize → parse; blank lines are skipped', () => {
  const text =
    serializePlantedPair(rec) +
    '\n' +
    serializePlantedPair({ ...rec, a: { ...rec.a, id: 'z' }, duplicate: true });
  const back = parsePlantedPairs(text, 'truth.jsonl');
  assert.equal(back[0], rec);
  assert.is(back.length, 2);
});

test('the lookup is unordered, and an unlisted pair is not a duplicate', () => {
  const dup = isDuplicate([{ ...rec, duplicate: true }]);
  assert.ok(dup('x', 'y') && dup('y', 'x'));
  assert.not.ok(dup('x', 'w'));
});

test('bad records are refused naming the file, the line and the field', () => {
  const bad = (line: string, what: string) => {
    try {
      parsePlantedPairs(serializePlantedPair(rec) + line + '\n', 'truth.jsonl');
      assert.unreachable();
    } catch (e) {
      assert.instance(e, DataError);
      assert.match(String((e as Error).message), 'truth.jsonl:2');
      assert.match(String((e as Error).message), what);
    }
  };
  bad('{"a": 1}', '"a" needs id and shard');
  bad('nope', 'malformed JSON');
  bad(serializePlantedPair(rec).replace('"level":0.6', '"level":2').trim(), '"level"');
  bad(serializePlantedPair(rec).replace('"line":3', '"line":0').trim(), '"a.line"');
  bad(
    serializePlantedPair(rec).replace('"duplicate":false', '"duplicate":"no"').trim(),
    '"duplicate"',
  );
});

test.run();
