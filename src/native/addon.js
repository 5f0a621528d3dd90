/**
 * The native kernels (native/*.c, built by node-gyp into build/Release/winnow.node when
 * `npm install` runs) behind one file. Every kernel has a JavaScript twin that stays the
 * reference; callers ask `nativeKernels()` and fall back to it when this returns null: the
 * addon was not built (no compiler), was built for another ABI, or `WINNOW_NATIVE=0` asks for
 * the JavaScript path. Each worker thread loads its own instance (the addon keeps no state
 * shared between threads).
 */
import { createRequire } from 'node:module';
/** The calling convention this file expects (native/addon.c `ABI`). */
const ABI = 1;
let kernels;
let failure = '';
/** The loaded kernels, or null when the JavaScript path is in use (see `nativeStatus`). */
export function nativeKernels() {
    if (kernels === undefined)
        kernels = load();
    return kernels;
}
/** Why the kernels are in use or not, for logs and the bench: `native` or `javascript (reason)`. */
export function nativeStatus() {
    return nativeKernels() ? 'native' : `javascript (${failure})`;
}
/**
 * Turns the kernels off (false) or back to what the environment asks (true), for tests that
 * compare both paths in one process. Callers must not cache `nativeKernels()` across this.
 */
export function useNative(on) {
    kernels = on ? load() : null;
    if (!on)
        failure = 'turned off';
}
function load() {
    if (process.env['WINNOW_NATIVE'] === '0') {
        failure = 'WINNOW_NATIVE=0';
        return null;
    }
    // src/native/ and dist/native/ both sit two levels below the package root.
    const path = new URL('../../build/Release/winnow.node', import.meta.url);
    try {
        const loaded = createRequire(import.meta.url)(path.pathname);
        if (loaded.abi !== ABI) {
            failure = `build/Release/winnow.node has ABI ${loaded.abi}, expected ${ABI}: run npm install`;
            return null;
        }
        return loaded;
    }
    catch (error) {
        failure = `build/Release/winnow.node not loaded: ${error.message.split('\n')[0]}`;
        return null;
    }
}
