/*
 * winnow's native kernels (node-gyp builds build/Release/winnow.node at `npm install`). The
 * JavaScript path stays the reference: src/native/addon.ts loads this file when it exists, and
 * every kernel has a JavaScript twin whose results it must equal (test/native/).
 */
#include "kernels.h"

napi_status export_function(napi_env env, napi_value exports, const char *name, napi_callback fn) {
  napi_value value;
  napi_status status = napi_create_function(env, name, NAPI_AUTO_LENGTH, fn, NULL, &value);
  if (status != napi_ok) return status;
  return napi_set_named_property(env, exports, name, value);
}

void *typed_array_data(napi_env env, napi_value value, size_t *length) {
  napi_typedarray_type type;
  void *data = NULL;
  size_t count = 0;
  if (napi_get_typedarray_info(env, value, &type, &count, &data, NULL, NULL) != napi_ok) {
    *length = 0;
    return NULL;
  }
  *length = count;
  return data;
}

/* Bumped whenever a kernel's calling convention changes, so a stale build is refused. */
#define ABI 1

NAPI_MODULE_INIT() {
  napi_value abi;
  if (napi_create_int32(env, ABI, &abi) != napi_ok) return NULL;
  if (napi_set_named_property(env, exports, "abi", abi) != napi_ok) return NULL;
  if (register_words(env, exports) != napi_ok) return NULL;
  if (register_ngrams(env, exports) != napi_ok) return NULL;
  if (register_bpe(env, exports) != napi_ok) return NULL;
  return exports;
}
