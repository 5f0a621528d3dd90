// `npm install` runs this when node-gyp could not build the native kernels (no C compiler,
// no Node headers). winnow still works: every kernel has a JavaScript twin, only slower.
console.warn(
  'winnow: the native kernels (native/*.c) were not built; the JavaScript path will be used. ' +
    'Install a C compiler, python3 and make, then run `npm run build:native`.',
);
