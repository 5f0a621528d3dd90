import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { splitLines, type SplitItem } from '../../src/io/lines.ts';
import { collect, from } from '../_helpers.ts';

const bufs = (...parts: string[]) => parts.map((p) => Buffer.from(p));
const simple = (items: SplitItem[]) =>
  items.map((i) => (i.kind === 'line' ? [i.line, i.bytes.toString(), i.eol] : [i.kind, i.line]));

test('splits on LF, keeps CRLF as the terminator, and ends a last line without newline', async () => {
  const items = await collect(splitLines(from(bufs('a\r\nb\n', '\nc')), 100));
  assert.equal(simple(items), [
    [1, 'a', '\r\n'],
    [2, 'b', '\n'],
    [3, '', '\n'],
    [4, 'c', ''],
  ]);
});

test('joins a line that spans chunks', async () => {
  const items = await collect(splitLines(from(bufs('ab', 'cd', 'e\nf\n')), 100));
  assert.equal(simple(items), [
    [1, 'abcde', '\n'],
    [2, 'f', '\n'],
  ]);
});

test('streams a line over the limit as chunks, then goes on', async () => {
  const got: string[] = [];
  for await (const i of splitLines(from(bufs('ok\n', 'xxxx', 'xxxxxx', 'xx\nnext\n')), 5)) {
    if (i.kind === 'oversize') {
      const parts: string[] = [];
      for await (const c of i.chunks) parts.push(c.toString());
      got.push(`oversize@${i.line}:${parts.join('')}`);
    } else if (i.kind === 'line') got.push(`${i.line}:${i.bytes}`);
  }
  assert.equal(got, ['1:ok', 'oversize@2:xxxxxxxxxxxx', '3:next']);
});

test('an undrained oversize line is skipped without losing the next line', async () => {
  const items = await collect(splitLines(from(bufs('x'.repeat(20) + '\nafter\n')), 5));
  assert.equal(simple(items), [
    ['oversize', 1],
    [2, 'after', '\n'],
  ]);
});

test('a failing source yields the lines before it and the unfinished one', async () => {
  async function* broken() {
    yield Buffer.from('one\ntw');
    throw new Error('unexpected end of file');
  }
  const items = await collect(splitLines(broken(), 100));
  assert.is(items.length, 2);
  const f = items[1]!;
  assert.is(f.kind, 'failed');
  if (f.kind !== 'failed') return;
  assert.is(f.line, 2);
  assert.is(f.partial?.toString(), 'tw');
  assert.match(f.error, 'unexpected end of file');
});

test('an empty source yields nothing', async () => {
  assert.equal(await collect(splitLines(from([]), 10)), []);
});

test.run();
