/*
 * The kernels' registration functions: each native/<name>.c adds its functions to the addon's
 * exports. Everything a kernel reads (tables, text) comes from JavaScript; nothing here opens a
 * file or keeps state across threads (each worker thread loads its own instance).
 */
#ifndef WINNOW_KERNELS_H
#define WINNOW_KERNELS_H
#include <node_api.h>
#include <stdint.h>
#include <stddef.h>

napi_status register_words(napi_env env, napi_value exports);
napi_status register_ngrams(napi_env env, napi_value exports);
napi_status register_bpe(napi_env env, napi_value exports);
napi_status register_lines(napi_env env, napi_value exports);

/* Adds `fn` to `exports` as `name`. */
napi_status export_function(napi_env env, napi_value exports, const char *name, napi_callback fn);

/*
 * Reads the call's first `count` arguments into argv; 0 when fewer came (a TypeError naming the
 * function `name` is then pending).
 */
int call_args(napi_env env, napi_callback_info info, napi_value *argv, size_t count,
              const char *name);

/* The data pointer and element count of typed-array argument `value` (NULL and 0 when it is not one). */
void *typed_array_data(napi_env env, napi_value value, size_t *length);

/*
 * Copies string argument `value` as UTF-16 into this thread's scratch buffer and returns it, with
 * its length in units (NULL when `value` is not a string or memory ran out; a JavaScript error is
 * then pending). The buffer is the calling thread's own (napi instance data: a worker thread has
 * its own env, and a C static would be shared by every thread of the process) and is reused by the
 * next call, so a kernel must not keep the pointer past its return.
 */
const uint16_t *text_arg(napi_env env, napi_value value, size_t *length);
#endif
