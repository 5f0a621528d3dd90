import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { firstUnanswered, nextUnanswered, parseItems } from '../../src/label/items.ts';

test('documents: text, stratum, reasons and spans from winnow_sample; blank lines skipped; raw bytes kept', () => {
  const line =
    '{"id":1.0,"text":"a b","winnow_sample":{"stratum":"kept","reasons":["r/x"],"spans":{"s.t":[[0,1,2]]}}}';
  const items = parseItems(`${line}\n\n{"text":"c"}\n`, 'x.jsonl');
  assert.is(items.length, 2);
  assert.is(items[0]!.raw.toString(), line);
  assert.equal(items[0], {
    kind: 'doc',
    raw: items[0]!.raw,
    text: 'a b',
    stratum: 'kept',
    reasons: ['r/x'],
    spans: { 's.t': [[0, 1, 2]] },
  });
  assert.equal(items[1], { kind: 'doc', raw: items[1]!.raw, text: 'c', reasons: [], spans: {} });
});

test('pairs: {"a": {...}, "b": {...}}; a file of both kinds, a bad line or a missing text is refused naming file and line', () => {
  const pair = '{"a":{"id":"k","text":"x"},"b":{"id":7,"text":"y"}}';
  assert.equal(
    parseItems(pair, 'p.jsonl').map((p) => p.kind === 'pair' && [p.a, p.b]),
    [
      [
        { id: 'k', text: 'x' },
        { id: '7', text: 'y' },
      ],
    ],
  );
  assert.throws(
    () => parseItems(`${pair}\n{"text":"d"}`, 'p.jsonl'),
    /^p\.jsonl:2: a file holds documents or pairs, not both/,
  );
  assert.throws(
    () => parseItems('{"text":"a"}\n{"text":', 'x.jsonl'),
    /^x\.jsonl:2: expected one JSON record per line/,
  );
  assert.throws(
    () => parseItems('[1]', 'x.jsonl'),
    /^x\.jsonl:1: expected one JSON record \(an object\)/,
  );
  assert.throws(() => parseItems('{"body":"a"}', 'x.jsonl'), /^x\.jsonl:1: missing string "text"/);
  assert.throws(
    () => parseItems('{"a":{"text":"x"},"b":{}}', 'p.jsonl'),
    /^p\.jsonl:1: a pair needs a string "text" in both/,
  );
});

test('order: after item i the first unanswered item after it, wrapping; none when every other item is answered', () => {
  const done = new Set([0, 1, 3]);
  const answered = (k: number) => done.has(k);
  assert.is(nextUnanswered(answered, 1, 5), 2);
  assert.is(nextUnanswered(answered, 4, 5), 2);
  assert.is(nextUnanswered(answered, 2, 5), 4);
  assert.is(
    nextUnanswered((k) => k !== 2, 2, 5),
    undefined,
  );
  assert.is(firstUnanswered(answered, 5), 2);
  assert.is(
    firstUnanswered(() => true, 5),
    -1,
  );
});

test.run();
