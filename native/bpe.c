/*
 * winnow's tokenizer in C, one call per document (src/native/bpe.ts binds it): the
 * pre-tokenizer split (bpe-scan.c), the piece cache (bpe-cache.c) and the byte-pair merge
 * (bpe-merge.c) over the rank tables JavaScript builds (src/tokenize/bpe.ts `ByteRanks`; in a
 * run they sit in SharedArrayBuffers and every worker's kernel reads them in place). The
 * JavaScript twin (src/tokenize/tokenizer.ts) stays the reference.
 *
 * A tokenizer's state (cache, join memo, scratch, ids) is a bpe_t that JavaScript holds as an
 * external, one per tokenizer: worker threads share this file's statics, so none is mutable.
 *
 *   bpeOpen(kind, classes, arena, slots, bytePairs, byteRanks, cacheEntries) -> handle
 *   bpeEncode(handle, text, out | null) -> count, or -(count + 1) when approximate; the ids go
 *     to out when it is long enough (else ask bpeIds), nowhere when out is null
 *   bpeIds(handle, out) -> the last encode's id count; copies as many as out holds
 *   bpeRelease(handle) frees the memory now (a later call throws); the GC frees it otherwise
 */
#include "bpe-kernel.h"
#include "kernels.h"

#include <stdlib.h>
#include <string.h>

static void release(bpe_t *b) {
  if (b->released) return;
  b->released = 1;
  bpe_cache_free(&b->cache);
  free(b->bytes);
  free(b->starts);
  free(b->ranks);
  free(b->parts);
  free(b->out);
  b->bytes = NULL;
  b->starts = b->ranks = b->parts = NULL;
  b->out = NULL;
  b->scratch_cap = b->out_cap = b->out_len = 0;
}

static void finalize(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  release(data);
  free(data);
}

/* The data of typed-array argument v of type want with at least min elements, else NULL + throw. */
static void *array_arg(napi_env env, napi_value v, napi_typedarray_type want, size_t min,
                       size_t *length, const char *what) {
  napi_typedarray_type type;
  void *data = NULL;
  size_t count = 0;
  bool is = false;
  if (napi_is_typedarray(env, v, &is) != napi_ok || !is ||
      napi_get_typedarray_info(env, v, &type, &count, &data, NULL, NULL) != napi_ok ||
      type != want || count < min) {
    napi_throw_type_error(env, NULL, what);
    return NULL;
  }
  if (length) *length = count;
  return data;
}

/* The live tokenizer of handle argument v, else NULL + throw. */
static bpe_t *handle_arg(napi_env env, napi_value v) {
  napi_valuetype type;
  bpe_t *b = NULL;
  if (napi_typeof(env, v, &type) != napi_ok || type != napi_external ||
      napi_get_value_external(env, v, (void **)&b) != napi_ok || b == NULL ||
      b->magic != BPE_MAGIC) {
    napi_throw_type_error(env, NULL, "expected a tokenizer handle from bpeOpen");
    return NULL;
  }
  if (b->released) {
    napi_throw_error(env, NULL, "the tokenizer was released");
    return NULL;
  }
  return b;
}

static napi_value bpe_open(napi_env env, napi_callback_info info) {
  size_t argc = 7, slots_len = 0;
  napi_value argv[7], result;
  int32_t kind = 0;
  uint32_t entries = 0;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok) return NULL;
  if (argc < 7 || napi_get_value_int32(env, argv[0], &kind) != napi_ok || kind < BPE_CL100K ||
      kind > BPE_GPT2 || napi_get_value_uint32(env, argv[6], &entries) != napi_ok ||
      entries > (1u << 24)) {
    napi_throw_type_error(env, NULL, "expected (kind 0-2, ..., cacheEntries up to 2^24)");
    return NULL;
  }
  bpe_t *b = calloc(1, sizeof(bpe_t));
  if (b == NULL) {
    napi_throw_error(env, NULL, "out of memory opening a tokenizer");
    return NULL;
  }
  b->magic = BPE_MAGIC;
  b->kind = kind;
  memset(b->memo, 0xff, sizeof b->memo);
  b->classes = array_arg(env, argv[1], napi_uint8_array, 0x110000, NULL, "classes: Uint8Array");
  if (b->classes)
    b->arena = array_arg(env, argv[2], napi_uint8_array, 0, &b->arena_len, "arena: Uint8Array");
  if (b->arena)
    b->slots = array_arg(env, argv[3], napi_int32_array, 4, &slots_len, "slots: Int32Array");
  if (b->slots)
    b->byte_pairs = array_arg(env, argv[4], napi_int32_array, 1 << 16, NULL, "bytePairs");
  if (b->byte_pairs)
    b->byte_ranks = array_arg(env, argv[5], napi_int32_array, 256, NULL, "byteRanks");
  size_t records = slots_len / 4;
  if (b->byte_ranks && (records & (records - 1)) != 0) {
    napi_throw_type_error(env, NULL, "slots: a power of two of 4-Int32 records");
    b->byte_ranks = NULL;
  }
  /* Every byte must be a token (true of the byte-level encodings): the merge relies on it. */
  for (int k = 0; b->byte_ranks && k < 256; k++) {
    if (b->byte_ranks[k] < 0 || b->byte_ranks[k] == BPE_NONE) {
      napi_throw_error(env, NULL, "byteRanks: some byte is not a token");
      b->byte_ranks = NULL;
    }
  }
  if (b->byte_ranks == NULL || !bpe_cache_init(&b->cache, entries)) {
    if (b->byte_ranks) napi_throw_error(env, NULL, "out of memory opening a tokenizer");
    release(b);
    free(b);
    return NULL;
  }
  b->mask = (uint32_t)(records - 1);
  if (napi_create_external(env, b, finalize, NULL, &result) != napi_ok) {
    release(b);
    free(b);
    return NULL;
  }
  return result;
}

/* Copies the last encode's ids into typed array v (as many as fit); false after a throw. */
static int copy_ids(napi_env env, bpe_t *b, napi_value v) {
  size_t length = 0;
  uint32_t *out = array_arg(env, v, napi_uint32_array, 0, &length, "out: Uint32Array");
  if (out == NULL) return 0;
  size_t k = b->out_len < length ? b->out_len : length;
  if (k) memcpy(out, b->out, k * sizeof(uint32_t));
  return 1;
}

static napi_value bpe_encode_js(napi_env env, napi_callback_info info) {
  size_t argc = 3, n = 0;
  napi_value argv[3], result;
  napi_valuetype out_type = napi_undefined;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok) return NULL;
  bpe_t *b = handle_arg(env, argc > 0 ? argv[0] : NULL);
  if (b == NULL) return NULL;
  if (argc < 2) {
    napi_throw_type_error(env, NULL, "expected a string");
    return NULL;
  }
  const uint16_t *s = text_arg(env, argv[1], &n);
  if (s == NULL) return NULL;
  if (argc > 2) napi_typeof(env, argv[2], &out_type);
  int store = out_type != napi_null && out_type != napi_undefined, approximate = 0;
  int64_t count = bpe_encode(b, s, n, store, &approximate);
  if (count < 0) {
    napi_throw_error(env, NULL, "out of memory tokenizing a text");
    return NULL;
  }
  if (store && !copy_ids(env, b, argv[2])) return NULL;
  napi_create_double(env, approximate ? -(double)count - 1 : (double)count, &result);
  return result;
}

static napi_value bpe_ids(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2], result;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok) return NULL;
  bpe_t *b = handle_arg(env, argc > 0 ? argv[0] : NULL);
  if (b == NULL) return NULL;
  if (argc < 2 || !copy_ids(env, b, argv[1])) {
    if (argc < 2) napi_throw_type_error(env, NULL, "out: Uint32Array");
    return NULL;
  }
  napi_create_double(env, (double)b->out_len, &result);
  return result;
}

static napi_value bpe_release(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok) return NULL;
  bpe_t *b = handle_arg(env, argc > 0 ? argv[0] : NULL);
  if (b != NULL) release(b);
  return NULL;
}

napi_status register_bpe(napi_env env, napi_value exports) {
  napi_status status = export_function(env, exports, "bpeOpen", bpe_open);
  if (status == napi_ok) status = export_function(env, exports, "bpeEncode", bpe_encode_js);
  if (status == napi_ok) status = export_function(env, exports, "bpeIds", bpe_ids);
  if (status == napi_ok) status = export_function(env, exports, "bpeRelease", bpe_release);
  return status;
}
