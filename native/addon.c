/*
 * winnow's native kernels (node-gyp builds build/Release/winnow.node at `npm install`). The
 * JavaScript path stays the reference: src/native/addon.ts loads this file when it exists, and
 * every kernel has a JavaScript twin whose results it must equal (test/native/).
 */
#include "kernels.h"

#include <stdio.h>
#include <stdlib.h>

/* One thread's scratch space (napi instance data, freed with the env). */
typedef struct {
  uint16_t *text;
  size_t capacity;
} scratch_t;

static void free_scratch(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  scratch_t *scratch = data;
  free(scratch->text);
  free(scratch);
}

const uint16_t *text_arg(napi_env env, napi_value value, size_t *length) {
  scratch_t *scratch = NULL;
  size_t units = 0;
  *length = 0;
  if (napi_get_instance_data(env, (void **)&scratch) != napi_ok || scratch == NULL) return NULL;
  if (napi_get_value_string_utf16(env, value, NULL, 0, &units) != napi_ok) {
    napi_throw_type_error(env, NULL, "expected a string");
    return NULL;
  }
  if (units + 1 > scratch->capacity) {
    size_t capacity = scratch->capacity ? scratch->capacity : 1 << 14;
    while (capacity < units + 1) capacity *= 2;
    uint16_t *grown = realloc(scratch->text, capacity * sizeof(uint16_t));
    if (grown == NULL) {
      napi_throw_error(env, NULL, "out of memory copying a text");
      return NULL;
    }
    scratch->text = grown;
    scratch->capacity = capacity;
  }
  /* The copy ends with a NUL, hence the + 1. */
  napi_get_value_string_utf16(env, value, (char16_t *)scratch->text, units + 1, &units);
  *length = units;
  return scratch->text;
}

napi_status export_function(napi_env env, napi_value exports, const char *name, napi_callback fn) {
  napi_value value;
  napi_status status = napi_create_function(env, name, NAPI_AUTO_LENGTH, fn, NULL, &value);
  if (status != napi_ok) return status;
  return napi_set_named_property(env, exports, name, value);
}

int call_args(napi_env env, napi_callback_info info, napi_value *argv, size_t count,
              const char *name) {
  size_t argc = count;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok) return 0;
  if (argc < count) {
    char message[96];
    snprintf(message, sizeof message, "%s expects %zu arguments", name, count);
    napi_throw_type_error(env, NULL, message);
    return 0;
  }
  return 1;
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

/* textLength(text): the text's length in UTF-16 units, through text_arg (checks the copy). */
static napi_value text_length(napi_env env, napi_callback_info info) {
  size_t argc = 1, length = 0;
  napi_value argv[1], result;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok) return NULL;
  const uint16_t *text = text_arg(env, argv[0], &length);
  if (text == NULL) return NULL;
  /* Sums the units so the copy is read, not just measured. */
  uint32_t sum = 0;
  for (size_t i = 0; i < length; i++) sum += text[i];
  napi_value out[2];
  napi_create_uint32(env, (uint32_t)length, &out[0]);
  napi_create_uint32(env, sum, &out[1]);
  napi_create_array_with_length(env, 2, &result);
  napi_set_element(env, result, 0, out[0]);
  napi_set_element(env, result, 1, out[1]);
  return result;
}

/* Bumped whenever a kernel's calling convention changes, so a stale build is refused. */
#define ABI 1

NAPI_MODULE_INIT() {
  scratch_t *scratch = calloc(1, sizeof(scratch_t));
  if (scratch == NULL || napi_set_instance_data(env, scratch, free_scratch, NULL) != napi_ok)
    return NULL;
  napi_value abi;
  if (napi_create_int32(env, ABI, &abi) != napi_ok) return NULL;
  if (napi_set_named_property(env, exports, "abi", abi) != napi_ok) return NULL;
  if (export_function(env, exports, "textLength", text_length) != napi_ok) return NULL;
  if (register_words(env, exports) != napi_ok) return NULL;
  if (register_ngrams(env, exports) != napi_ok) return NULL;
  if (register_bpe(env, exports) != napi_ok) return NULL;
  if (register_lines(env, exports) != napi_ok) return NULL;
  return exports;
}
