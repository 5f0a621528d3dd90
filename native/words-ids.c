/*
 * Word ids: the twin of src/scorers/word-ids.ts's wordIdsOfRanges (read it for what WordIds
 * holds). Ids are dense in order of first occurrence, so any exact table gives the same ids; the
 * hashes (wordHash, its prefix and 16-unit window forms) are the same polynomial mod 2^32.
 */
#include "words.h"

#include <stdlib.h>
#include <stdbool.h>
#include <string.h>

#define BASE 0x01000193u
#define TAIL_WINDOW 16

/* Grows *p to at least `need` elements of `size` bytes; 0 when memory ran out. */
static int reserve(void **p, size_t *cap, size_t need, size_t size) {
  if (need <= *cap && (*cap <= (1u << 22) || need > (1u << 20))) return 1;
  size_t n = need > 1024 ? need : 1024;
  void *grown = realloc(*p, n * size);
  if (grown == NULL) return 0;
  *p = grown;
  *cap = n;
  return 1;
}

/* Inline, as words are a few units: a call to memcmp cost more than the compare. */
static inline int same_units(const uint16_t *a, const uint16_t *b, int32_t n) {
  for (int32_t i = 0; i < n; i++)
    if (a[i] != b[i]) return 0;
  return 1;
}

static uint32_t pow_base(size_t len) {
  uint32_t x = 1, b = BASE;
  for (size_t e = len; e > 0; e >>= 1) {
    if (e & 1) x *= b;
    b *= b;
  }
  return x;
}

/*
 * wordIds(state, text | null, starts, ends, count, io, astral): the WordIds arrays of the words
 * text[starts[k], ends[k]), k < count, in one ArrayBuffer laid out as wordIdsOfRanges lays
 * out its own (ids, offsets, tails, prefixes by position; starts, ends, lengths, hashes, counts
 * by id); io[0] = the number of distinct words. A null text means the last one this state read;
 * astral false says the text has no surrogate.
 */
napi_value words_word_ids(napi_env env, napi_callback_info info) {
  size_t argc = 7;
  napi_value a[7], result;
  bool astral = true;
  int32_t count_arg = -1;
  if (napi_get_cb_info(env, info, &argc, a, NULL, NULL) != napi_ok) return NULL;
  if (argc != 7 || napi_get_value_bool(env, a[6], &astral) != napi_ok) {
    napi_throw_type_error(env, NULL, "wordIds: 7 arguments expected");
    return NULL;
  }
  words_t *w = words_state_arg(env, a[0]);
  if (w == NULL || !words_load_text(env, w, a[1])) return NULL;
  if (napi_get_value_int32(env, a[4], &count_arg) != napi_ok || count_arg < 0) {
    napi_throw_range_error(env, NULL, "wordIds: bad count");
    return NULL;
  }
  size_t count = (size_t)count_arg;
  int32_t *starts = words_typed(env, a[2], napi_int32_array, count, NULL);
  int32_t *ends = starts ? words_typed(env, a[3], napi_int32_array, count, NULL) : NULL;
  int32_t *io = ends ? words_typed(env, a[5], napi_int32_array, 1, NULL) : NULL;
  if (io == NULL) return NULL;
  unsigned bits = 5;
  while (((size_t)1 << bits) < 2 * count) bits++;
  if (!reserve((void **)&w->pos, &w->pos_cap, 4 * count + 4, sizeof(int32_t)) ||
      !reserve((void **)&w->word, &w->word_cap, 4 * count + 4, sizeof(int32_t)) ||
      !reserve((void **)&w->table, &w->table_cap, (size_t)2 << bits, sizeof(uint32_t))) {
    napi_throw_error(env, NULL, "wordIds: out of memory");
    return NULL;
  }
  const uint16_t *u = w->text;
  uint32_t *table = w->table;
  memset(table, 0, ((size_t)2 << bits) * sizeof(uint32_t));
  size_t mask = ((size_t)1 << bits) - 1, wc = w->word_cap / 4;
  /* By position, laid out as the output: ids, offsets, tails, prefixes. */
  int32_t *ids = w->pos, *offsets = ids + count, *tails = offsets + count + 1;
  int32_t *prefixes = tails + count + 1;
  /* By id: first start, first end, hash, count. */
  int32_t *first_start = w->word, *first_end = first_start + wc, *first_hash = first_end + wc;
  int32_t *counts = first_hash + wc;
  uint32_t ring[32] = {0}, pow_tail = pow_base(TAIL_WINDOW), g = 0;
  size_t at = 0, size = 0;
  offsets[0] = tails[0] = prefixes[0] = 0;
  for (size_t k = 0; k < count; k++) {
    int32_t s = starts[k], e = ends[k];
    if (s < 0 || s > e || (size_t)e > w->text_len) {
      napi_throw_range_error(env, NULL, "wordIds: a word lies outside the text");
      return NULL;
    }
    uint32_t h = 0;
    for (int32_t i = s; i < e; i++, at++) {
      h = h * BASE + u[i];
      g = g * BASE + u[i];
      ring[at & 31] = g;
    }
    offsets[k + 1] = (int32_t)at;
    prefixes[k + 1] = (int32_t)g;
    /* g(at) - g(at - 16)·B^16, g(at - 16) being ring[(at - 17) & 31] (0 when at = 16). */
    uint32_t back = at > TAIL_WINDOW ? ring[(at - TAIL_WINDOW - 1) & 31] : 0;
    tails[k + 1] = at >= TAIL_WINDOW ? (int32_t)(g - back * pow_tail) : 0;
    size_t slot = (size_t)((h * 0x9e3779b1u) >> (32 - bits));
    int32_t id;
    for (;;) {
      uint32_t stored = table[2 * slot + 1];
      if (stored == 0) {
        id = (int32_t)size++;
        table[2 * slot] = h;
        table[2 * slot + 1] = (uint32_t)id + 1;
        first_start[id] = s;
        first_end[id] = e;
        first_hash[id] = (int32_t)h;
        counts[id] = 0;
        break;
      }
      if (table[2 * slot] == h) {
        id = (int32_t)stored - 1;
        int32_t a0 = first_start[id];
        if (first_end[id] - a0 == e - s && same_units(u + a0, u + s, e - s)) break;
      }
      slot = (slot + 1) & mask;
    }
    ids[k] = id;
    counts[id]++;
  }
  size_t by_position = 4 * count + 12 * (count + 1);
  void *data = NULL;
  if (napi_create_arraybuffer(env, by_position + 20 * size, &data, &result) != napi_ok)
    return NULL;
  memcpy(data, ids, by_position);
  int32_t *out = (int32_t *)((char *)data + by_position);
  memcpy(out, first_start, size * 4);
  memcpy(out + size, first_end, size * 4);
  memcpy(out + 3 * size, first_hash, size * 4);
  memcpy(out + 4 * size, counts, size * 4);
  /* Python len(): units less one per surrogate pair (a lone surrogate counts one); without a
   * surrogate in the text (astral false), units. */
  for (size_t id = 0; id < size; id++) {
    int32_t s = first_start[id], e = first_end[id], n = e - s;
    for (int32_t i = s + 1; astral && i < e; i++)
      if (u[i] >= 0xdc00 && u[i] <= 0xdfff && u[i - 1] >= 0xd800 && u[i - 1] <= 0xdbff) n--;
    out[2 * size + id] = n;
  }
  io[0] = (int32_t)size;
  return result;
}
