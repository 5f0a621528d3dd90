/**
 * xxHash64 (seed 0), the shingle hash datatrove uses by default (`xxhash.xxh64_intdigest`).
 * The one file that touches the `xxhash-wasm` package: its WebAssembly build is bundled in the
 * package (nothing is downloaded at run time) and instantiating it is asynchronous, so callers
 * `await loadXxhash64()` once.
 */
import xxhash from 'xxhash-wasm';

/** xxHash64 of bytes, as an unsigned 64-bit BigInt. */
export type Hash64 = (bytes: Uint8Array) => bigint;

let loaded: Promise<Hash64> | undefined;

/** The xxHash64 function (instantiated once per thread). */
export function loadXxhash64(): Promise<Hash64> {
  loaded ??= xxhash().then((api) => (bytes: Uint8Array) => api.h64Raw(bytes));
  return loaded;
}
