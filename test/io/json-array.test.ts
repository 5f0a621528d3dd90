import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { splitJsonArray, streamJsonArray } from '../../src/io/json-array.ts';
import { readShard } from '../../src/io/reader.ts';
import { collect, tempDir } from '../_helpers.ts';

async function* whole(s: string) {
  yield Buffer.from(s);
}
async function* bytewise(s: string) {
  for (const b of Buffer.from(s)) yield Buffer.from([b]);
}
/** The elements, then the error message if it threw, in one chunk and one byte at a time (both must agree). */
async function split(s: string): Promise<string> {
  const run = async (g: AsyncIterable<Buffer>) => {
    const out: unknown[] = [];
    try {
      for await (const x of splitJsonArray(g)) out.push(x.value);
      return JSON.stringify(out);
    } catch (e) {
      return `${JSON.stringify(out)} ! ${(e as Error).message}`;
    }
  };
  const a = await run(whole(s));
  assert.is(await run(bytewise(s)), a, `chunking changes nothing: ${s}`);
  return a;
}

test('splitJsonArray cuts elements by brackets, strings and escapes, whatever the chunks', async () => {
  assert.is(await split('[]'), '[]');
  assert.is(
    await split('\uFEFF [ 1, "a,b]", {"x":[1,{"y":"}\\""}]}, null, true , -2.5e3 ] '),
    '[1,"a,b]",{"x":[1,{"y":"}\\""}]},null,true,-2500]',
  );
});

/** streamJsonArray's elements as [value, raw] pairs, then the error if it threw; both chunkings must agree. */
async function stream(s: string): Promise<{ elements: [unknown, string][]; error?: string }> {
  const run = async (g: AsyncIterable<Buffer>) => {
    const elements: [unknown, string][] = [];
    try {
      for await (const x of streamJsonArray(g)) elements.push([x.value, x.raw]);
      return { elements };
    } catch (e) {
      return { elements, error: (e as Error).message };
    }
  };
  const a = await run(whole(s));
  assert.equal(await run(bytewise(s)), a, `chunking changes nothing: ${s}`);
  return a;
}

test('streamJsonArray: each element with its value and its JSON text on one line, numbers as written', async () => {
  const elements = [
    '{"id":12345678901234567890,"n":1.0,"e":-2.5e3,"s":"a\\"b\\u00e9","a":[true,false,null,[]],"o":{}}',
    '"x"',
    '0.10',
    '{"__proto__":1,"k":1,"k":2}',
  ];
  const got = await stream(`[\n  ${elements.join(' ,\n  ')}\n]\n`);
  assert.is(got.error, undefined);
  // Values as JSON.parse gives them; text compact, strings re-escaped, digits kept.
  assert.equal(
    got.elements.map(([v]) => v),
    elements.map((e) => JSON.parse(e)),
  );
  assert.equal(
    got.elements.map(([, raw]) => raw),
    [
      '{"id":12345678901234567890,"n":1.0,"e":-2.5e3,"s":"a\\"bé","a":[true,false,null,[]],"o":{}}',
      '"x"',
      '0.10',
      '{"__proto__":1,"k":1,"k":2}',
    ],
  );
  assert.ok(
    Object.hasOwn(got.elements[3]![0] as object, '__proto__'),
    '"__proto__" is a plain key',
  );
  assert.equal(await stream('[]'), { elements: [] });
});

test('both readers agree with JSON.parse on random arrays in random chunks, and their texts keep every digit', async () => {
  let seed = 7;
  const next = (n: number) =>
    Math.floor(((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32) * n);
  const ws = () => [' ', '', '\n  ', '\t', ''][next(5)]!;
  const keys = ['', 'a', 'é', '😀', '"q"', 'back\\slash', '__proto__', 'k'];
  const numbers = ['0', '-0', '1.0', '1e5', '-2.5E-3', '12345678901234567890', '0.10'];
  const value = (depth: number): string => {
    const kind = next(depth > 3 ? 3 : 5);
    if (kind === 0) return JSON.stringify(keys[next(keys.length)]);
    if (kind === 1) return numbers[next(numbers.length)]!;
    if (kind === 2) return ['true', 'false', 'null'][next(3)]!;
    const items = Array.from(
      { length: next(4) },
      () =>
        (kind === 3 ? '' : `${JSON.stringify(keys[next(keys.length)])}${ws()}:`) +
        ws() +
        value(depth + 1) +
        ws(),
    );
    return kind === 3 ? `[${items.join(',')}]` : `{${items.join(',')}}`;
  };
  async function* chunks(s: string, size: number) {
    const b = Buffer.from(s);
    for (let i = 0; i < b.length; i += size) yield b.subarray(i, i + size);
  }
  for (let t = 0; t < 500; t++) {
    const text = `[${Array.from({ length: next(6) }, () => ws() + value(0) + ws()).join(',')}]${ws()}`;
    const want = JSON.parse(text) as unknown[];
    for (const read of [streamJsonArray, splitJsonArray]) {
      const got: { value: unknown; raw: string }[] = [];
      for await (const x of read(chunks(text, 1 + next(7)))) got.push(x);
      assert.equal(
        got.map((x) => x.value),
        want,
        `${read.name}: ${text}`,
      );
      assert.equal(
        got.map((x) => JSON.parse(x.raw)),
        want,
        `${read.name}: ${text}`,
      );
      assert.ok(
        got.every((x) => !x.raw.includes('\n')),
        'one line each',
      );
      const digits = (s: string) => (s.match(/12345678901234567890/g) ?? []).length;
      assert.is(digits(got.map((x) => x.raw).join()), digits(text), `${read.name}: ${text}`);
    }
  }
});

test('streamJsonArray refuses what is not one array', async () => {
  assert.is((await stream('{"a":1}')).error, 'expected a top-level array');
  assert.match((await stream('[1,2] x')).error ?? '', /./);
  assert.match((await stream('[1,2')).error ?? '', /./);
});

test('splitJsonArray gives each element its text on one line: whitespace between tokens dropped, strings and digits as written', async () => {
  const text =
    '[\n  {\n    "id": 12345678901234567890,\n    "s": "a \\" b  { ] \\\\",\n    "a": [ 1 ,\t2 ]\n  },\n  "x y",\n  -0.50 , []\n]\n';
  const want = [
    '{"id":12345678901234567890,"s":"a \\" b  { ] \\\\","a":[1,2]}',
    '"x y"',
    '-0.50',
    '[]',
  ];
  for (const g of [whole(text), bytewise(text)]) {
    const raws: string[] = [];
    for await (const x of splitJsonArray(g)) raws.push(x.raw);
    assert.equal(raws, want);
  }
});

test('a } after a primitive element is an error, not the end of the array', async () => {
  assert.match(await split('[1}, 2]'), '[] ! element 1: ');
  assert.is(await split('[1}'), '[] ! the array is not closed after element 0');
});

test('splitJsonArray yields every element before the problem, then says what it was', async () => {
  assert.is(await split('[1,2] x'), '[1,2] ! unexpected data after the array, at element 2');
  assert.is(await split('[{"a":1},{"b":'), '[{"a":1}] ! the array is not closed after element 1');
  assert.match(await split('[{"a":1}, {"b" 2}, {"c":3}]'), '[{"a":1}] ! element 2: ');
  assert.is(await split('{"a":1}'), '[] ! expected a top-level array');
  assert.is(await split(' '), '[] ! the file is empty (an empty array is [])');
  assert.is(await split('[1,]'), '[1] ! a comma with no element after element 1');
});

test('a .json shard that breaks after many elements still yields every element before the break', async () => {
  const dir = tempDir();
  const docs = Array.from({ length: 5000 }, (_, i) => ({
    id: String(i),
    text: `Document ${i} has a few words.`,
  }));
  const path = join(dir, 'big.json');
  writeFileSync(path, JSON.stringify(docs) + ' x');
  const items = await collect(readShard({ path, name: 'big.json' }));
  assert.is(items.filter((x) => x.kind === 'doc').length, 5000);
  const last = items.at(-1)!;
  assert.is(last.kind, 'failed');
  assert.match((last as { error: string }).error, 'unexpected data after the array');
});

test('invalid UTF-8 in a .json shard fails it at that byte instead of passing as U+FFFD', async () => {
  const dir = tempDir();
  const path = join(dir, 'bad.json');
  writeFileSync(
    path,
    Buffer.concat([
      Buffer.from('[{"id":"a","text":"good"},{"id":"b","text":"bad '),
      Buffer.from([0xff]),
      Buffer.from('"}]'),
    ]),
  );
  const items = await collect(readShard({ path, name: 'bad.json' }));
  assert.equal(
    items.map((x) => x.kind),
    ['doc', 'failed'],
  );
  assert.match((items[1] as { error: string }).error, 'invalid UTF-8 at byte 48');
});

test('a bad lead byte at the very end is reported where it is, not as a cut character', async () => {
  const dir = tempDir();
  const path = join(dir, 'tail.json');
  writeFileSync(path, Buffer.concat([Buffer.from('[{"text":"a"}]'), Buffer.from([0xff])]));
  const items = await collect(readShard({ path, name: 'tail.json' }));
  assert.match((items.at(-1) as { error: string }).error, 'invalid UTF-8 at byte 14');
});

test.run();
