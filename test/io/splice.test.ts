import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { rawField, replaceField, spliceField } from '../../src/io/splice.ts';

const edit = (raw: string, path: string, value: unknown) =>
  replaceField(Buffer.from(raw), path, JSON.stringify(value))?.toString() ?? null;

test('replaceField changes only the value: numbers, escapes, spacing and key order stay as read', () => {
  const raw =
    '{"id":12345678901234567890, "n":1.0,"text":"a \\"quoted\\" {brace} ]","k":"\\u00e9"}';
  assert.is(
    edit(raw, 'text', 'short'),
    '{"id":12345678901234567890, "n":1.0,"text":"short","k":"\\u00e9"}',
  );
});

test('the last of duplicate keys is replaced, as JSON.parse reads the last', () => {
  assert.is(edit('{"text":"one","text":"two"}', 'text', 'x'), '{"text":"one","text":"x"}');
});

test('dotted paths go into nested objects; a literal dotted key wins, as getField reads it', () => {
  assert.is(
    edit('{"content":{"body":"old","n":[1,{"body":"no"}]}}', 'content.body', 'new'),
    '{"content":{"body":"new","n":[1,{"body":"no"}]}}',
  );
  assert.is(
    edit('{"content.body":"flat","content":{"body":"nested"}}', 'content.body', 'x'),
    '{"content.body":"x","content":{"body":"nested"}}',
  );
  assert.is(edit('{"content":{"other":1}}', 'content.body', 'x'), null);
});

test('an escaped key is compared decoded; a BOM stays in front', () => {
  assert.is(edit('\uFEFF{"te\\u0078t":"old"}', 'text', 'new'), '\uFEFF{"te\\u0078t":"new"}');
});

test('spliceField adds a field before the closing brace (and drops a BOM)', () => {
  assert.is(
    spliceField(Buffer.from('\uFEFF{"a":1} '), 'winnow', '{"x":1}').toString(),
    '{"a":1,"winnow":{"x":1}} ',
  );
  assert.is(spliceField(Buffer.from('{}'), 'w', '1').toString(), '{"w":1}');
});

test('rawField gives a value as it stands in the line', () => {
  assert.is(
    rawField(Buffer.from('{"id": 12345678901234567890 ,"a":{"b":1.0}}'), 'id'),
    '12345678901234567890',
  );
  assert.is(rawField(Buffer.from('{"a":{"b":1.0}}'), 'a.b'), '1.0');
  assert.is(rawField(Buffer.from('{"a":1}'), 'x'), null);
});

test.run();
