import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { nativeKernels, nativeStatus, useNative } from '../../src/native/addon.ts';

test('the kernels load (npm install builds them); under CI=true their absence fails', () => {
  const kernels = nativeKernels();
  if (!kernels) {
    if (process.env['CI'] === 'true')
      assert.unreachable(`native kernels missing: ${nativeStatus()}`);
    console.log(
      `SKIP: native kernels not built (${nativeStatus()}); the JavaScript path is tested`,
    );
    return;
  }
  assert.is(kernels.abi, 1);
  assert.is(nativeStatus(), 'native');
});

test('a text reaches the kernels as its UTF-16 units, astral pairs and lone surrogates included', () => {
  const kernels = nativeKernels();
  if (!kernels) return;
  const textLength = kernels['textLength'] as (text: string) => [number, number];
  const sum = (s: string) => [...Array(s.length).keys()].reduce((a, i) => a + s.charCodeAt(i), 0);
  for (const text of ['', 'abc', 'é café', 'a😀b', '\ud800x', 'x'.repeat(70_000)])
    assert.equal(textLength(text), [text.length, sum(text)]);
  assert.throws(() => textLength(7 as unknown as string), /expected a string/);
});

test('useNative(false) switches to the JavaScript path and back', () => {
  const before = nativeKernels() !== null;
  useNative(false);
  assert.is(nativeKernels(), null);
  assert.match(nativeStatus(), /^javascript \(turned off\)$/);
  useNative(true);
  assert.is(nativeKernels() !== null, before);
});

test.run();
