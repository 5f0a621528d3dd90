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

test('useNative(false) switches to the JavaScript path and back', () => {
  const before = nativeKernels() !== null;
  useNative(false);
  assert.is(nativeKernels(), null);
  assert.match(nativeStatus(), /^javascript \(turned off\)$/);
  useNative(true);
  assert.is(nativeKernels() !== null, before);
});

test.run();
