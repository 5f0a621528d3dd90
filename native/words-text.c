/*
 * The words kernels' arguments: the state, and the text each call loads into it (or keeps, when
 * a call passes null), with what the text holds (UNITS_*) found as it is copied.
 */
#include "words.h"

#include <stdlib.h>

/* The state argument (an external made by wordsInit). */
words_t *words_state_arg(napi_env env, napi_value v) {
  void *data = NULL;
  napi_valuetype type;
  if (napi_typeof(env, v, &type) != napi_ok || type != napi_external ||
      napi_get_value_external(env, v, &data) != napi_ok || data == NULL) {
    napi_throw_type_error(env, NULL, "words: expected the state from wordsInit");
    return NULL;
  }
  return data;
}

/* Copies a string argument into w->text (0 after throwing); anything else keeps the last one. */
int words_load_text(napi_env env, words_t *w, napi_value v) {
  napi_valuetype type;
  size_t units = 0;
  if (napi_typeof(env, v, &type) != napi_ok || type != napi_string) return 1;
  napi_get_value_string_utf16(env, v, NULL, 0, &units);
  /* Give back what a huge text took once a small one comes. */
  /* TEXT_SLACK units past the end stay readable (words-ids.c compares four units at a time). */
  if (units + TEXT_SLACK > w->text_cap || (w->text_cap > (1u << 24) && units < (1u << 22))) {
    size_t cap = units + TEXT_SLACK > (1u << 14) ? units + TEXT_SLACK : (1u << 14);
    uint16_t *grown = realloc(w->text, cap * sizeof(uint16_t));
    if (grown == NULL) {
      napi_throw_error(env, NULL, "words: out of memory copying a text");
      return 0;
    }
    w->text = grown;
    w->text_cap = cap;
  }
  napi_get_value_string_utf16(env, v, (char16_t *)w->text, units + 1, &units);
  w->text_len = units;
  /* A surrogate; a line break other than "\n" or a surrogate, in one pass. 16-bit accumulators
   * and tests keep it in eight-unit lanes (with int ones the compiler widened every unit). */
  uint16_t surrogate = 0, rare = 0;
  const uint16_t *text = w->text;
  for (size_t i = 0; i < units; i++) {
    uint16_t c = text[i];
    surrogate |= (uint16_t)((uint16_t)(c & 0xf800) == 0xd800);
    rare |= (uint16_t)((uint16_t)(c - 0x0b) <= 2 || (uint16_t)(c - 0x1c) <= 2 || c == 0x85 ||
                       (uint16_t)(c - 0x2028) <= 1);
  }
  w->text_units = (surrogate ? UNITS_SURROGATE | UNITS_RARE : 0) | (rare ? UNITS_RARE : 0);
  return 1;
}

words_t *words_call(napi_env env, napi_callback_info info, size_t n, napi_value *a,
                    const char *name) {
  if (!call_args(env, info, a, n, name)) return NULL;
  words_t *w = words_state_arg(env, a[0]);
  return w != NULL && words_load_text(env, w, a[1]) ? w : NULL;
}

/*
 * wordsUnits(state, text | null): loads text into the state (null: keeps the last one) and
 * returns its UNITS_* bits, so the split that follows need not copy it again.
 */
napi_value words_units(napi_env env, napi_callback_info info) {
  napi_value a[2], result;
  words_t *w = words_call(env, info, 2, a, "wordsUnits");
  if (w == NULL || napi_create_int32(env, w->text_units, &result) != napi_ok) return NULL;
  return result;
}

