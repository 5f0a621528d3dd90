/*
 * Word ids: the twin of src/scorers/word-ids.ts's jsWordIdsOfRanges (read it for what WordIds
 * holds). Ids are dense in order of first occurrence, so any exact table gives the same ids; the
 * hashes (wordHash, its prefix and 16-unit window forms) are the same polynomial mod 2^32.
 *
 * The words are first copied end to end (their concatenation, which the prefix and window hashes
 * are of), then the prefix hash g of every unit of it is computed four units per step (the chain
 * of one multiply-add per unit was the loop's latency); each word's own hash, prefix and window
 * then come from g: hash = g(end) - g(start)·B^len, window = g(end) - g(end - 16)·B^16.
 */
#include "words.h"

#include <stdlib.h>
#include <stdbool.h>
#include <string.h>

#define BASE 0x01000193u
#define TAIL_WINDOW 16
/* Units written or read past the concatenation's end (short words are copied 8 units at once). */
#define CAT_SLACK 8

/* Grows *p to at least `need` elements of `size` bytes (and gives back what a huge text took);
 * 0 when memory ran out. */
static int reserve(void **p, size_t *cap, size_t need, size_t size) {
  if (need <= *cap && (*cap <= (1u << 22) || need > (1u << 20))) return 1;
  size_t n = need > 1024 ? need : 1024;
  void *grown = realloc(*p, n * size);
  if (grown == NULL) return 0;
  *p = grown;
  *cap = n;
  return 1;
}

/* The probe table: room for 2^bits slots, all zero between calls (each call clears what it
 * used). */
static int reserve_table(words_t *w, unsigned bits) {
  size_t need = (size_t)1 << bits;
  if (need <= w->table_cap && (w->table_cap <= (1u << 20) || need > (1u << 18))) return 1;
  size_t n = need > 1024 ? need : 1024;
  word_slot_t *table = calloc(n, sizeof(word_slot_t));
  if (table == NULL) return 0;
  free(w->table);
  w->table = table;
  w->table_cap = n;
  return 1;
}

static inline size_t slot_of_hash(uint32_t h, unsigned bits) {
  /* Fibonacci hashing: the top bits of h·φ spread even the hashes of one-letter words. */
  return (size_t)((h * 0x9e3779b1u) >> (32 - bits));
}

/* Puts word `id` (its record) into the first free slot of a table of 2^bits slots. */
static inline void insert(word_slot_t *table, unsigned bits, const word_rec_t *rec, size_t id) {
  size_t mask = ((size_t)1 << bits) - 1, slot = slot_of_hash(rec->hash, bits);
  while (table[slot].id1 != 0) slot = (slot + 1) & mask;
  table[slot] = (word_slot_t){rec->hash, (uint32_t)id + 1, rec->start, rec->len};
}

/*
 * Inline, four units at a time (words are a few units: a call to memcmp, or a loop per unit,
 * cost more). Reads up to three units past the end, which the text's slack covers; they are
 * masked out.
 */
static inline int same_units(const uint16_t *a, const uint16_t *b, int32_t n) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  if (n <= 0) return 1;
  for (;;) {
    uint64_t x, y;
    memcpy(&x, a, 8);
    memcpy(&y, b, 8);
    if (n <= 4) return ((x ^ y) & (~(uint64_t)0 >> (16 * (4 - n)))) == 0;
    if (x != y) return 0;
    a += 4;
    b += 4;
    n -= 4;
  }
#else
  for (int32_t i = 0; i < n; i++)
    if (a[i] != b[i]) return 0;
  return 1;
#endif
}

static uint32_t pow_base(size_t len) {
  uint32_t x = 1, b = BASE;
  for (size_t e = len; e > 0; e >>= 1) {
    if (e & 1) x *= b;
    b *= b;
  }
  return x;
}

void words_pow_table(words_t *w) {
  w->pow[0] = 1;
  for (size_t i = 1; i < 256; i++) w->pow[i] = w->pow[i - 1] * BASE;
}

/* g[j] = the prefix hash of cat[0..j) for j <= n (and a few past n, never read). */
static void prefix_hashes(const uint16_t *cat, size_t n, uint32_t *g) {
  const uint32_t b2 = BASE * BASE, b3 = b2 * BASE, b4 = b3 * BASE;
  uint32_t h = 0;
  g[0] = 0;
  for (size_t j = 0; j < n; j += 4) {
    uint32_t p1 = cat[j], p2 = p1 * BASE + cat[j + 1], p3 = p2 * BASE + cat[j + 2];
    uint32_t p4 = p3 * BASE + cat[j + 3];
    g[j + 1] = h * BASE + p1;
    g[j + 2] = h * b2 + p2;
    g[j + 3] = h * b3 + p3;
    h = h * b4 + p4;
    g[j + 4] = h;
  }
}

/*
 * Copies the words text[starts[k], ends[k]) end to end into w->cat, their running lengths into
 * offsets[1..count]; 0 when a word lies outside the text (-1: out of memory).
 */
static int concatenate(words_t *w, const int32_t *starts, const int32_t *ends, size_t count,
                       int32_t *offsets, size_t *total) {
  size_t n = 0;
  for (size_t k = 0; k < count; k++) {
    int32_t s = starts[k], e = ends[k];
    if (s < 0 || s > e || (size_t)e > w->text_len) return 0;
    n += (size_t)(e - s);
  }
  if (!reserve((void **)&w->cat, &w->cat_cap, n + CAT_SLACK, sizeof(uint16_t)) ||
      !reserve((void **)&w->prefix, &w->prefix_cap, n + CAT_SLACK, sizeof(uint32_t)))
    return -1;
  const uint16_t *u = w->text;
  uint16_t *cat = w->cat;
  size_t at = 0;
  offsets[0] = 0;
  for (size_t k = 0; k < count; k++) {
    size_t s = (size_t)starts[k], len = (size_t)(ends[k] - starts[k]);
    /* Eight units at a time, inline (most words take one step): the text's slack covers the
     * reads past a word's end, the concatenation's the writes. */
    for (size_t j = 0; j < len; j += 8) memcpy(cat + at + j, u + s + j, 16);
    at += len;
    offsets[k + 1] = (int32_t)at;
  }
  memset(cat + at, 0, CAT_SLACK * sizeof(uint16_t));
  *total = n;
  return 1;
}

/*
 * wordIds(state, text | null, starts, ends, count, io, astral, pos, byId): the WordIds arrays
 * of the words text[starts[k], ends[k]), k < count, written into pos (P = its length / 4, at
 * least count + 1: ids, offsets, tails, prefixes at 0, P, 2P, 3P) and byId (Q = its length / 5,
 * at least count: starts, ends, lengths, hashes, counts at 0, Q, .., 4Q); io[0] = the number of
 * distinct words. A null text means the last one this state read; astral false says the text
 * has no surrogate.
 */
napi_value words_word_ids(napi_env env, napi_callback_info info) {
  size_t n_pos = 0, n_by_id = 0;
  napi_value a[9];
  bool astral = true;
  int32_t count_arg = -1;
  words_t *w = words_call(env, info, 9, a, "wordIds");
  if (w == NULL) return NULL;
  if (napi_get_value_bool(env, a[6], &astral) != napi_ok) {
    napi_throw_type_error(env, NULL, "wordIds: astral must be a boolean");
    return NULL;
  }
  if (napi_get_value_int32(env, a[4], &count_arg) != napi_ok || count_arg < 0) {
    napi_throw_range_error(env, NULL, "wordIds: bad count");
    return NULL;
  }
  size_t count = (size_t)count_arg;
  int32_t *starts = words_typed(env, a[2], napi_int32_array, count, NULL);
  int32_t *ends = starts ? words_typed(env, a[3], napi_int32_array, count, NULL) : NULL;
  int32_t *io = ends ? words_typed(env, a[5], napi_int32_array, 1, NULL) : NULL;
  int32_t *pos = io ? words_typed(env, a[7], napi_int32_array, 4 * (count + 1), &n_pos) : NULL;
  int32_t *by_id = pos ? words_typed(env, a[8], napi_int32_array, 5 * count, &n_by_id) : NULL;
  if (by_id == NULL) return NULL;
  size_t P = n_pos / 4, Q = n_by_id / 5;
  int32_t *ids = pos, *offsets = pos + P, *tails = pos + 2 * P, *prefixes = pos + 3 * P;
  /* Room for twice the words; the table starts at about as many slots as words (pages have
   * 0.4 distinct words per word) and doubles whenever half full. */
  unsigned bits = 5, max_bits = 5;
  while (((size_t)1 << bits) < count) bits++;
  while (((size_t)1 << max_bits) < 2 * count) max_bits++;
  size_t total = 0;
  int r = concatenate(w, starts, ends, count, offsets, &total);
  if (r == 0) {
    napi_throw_range_error(env, NULL, "wordIds: a word lies outside the text");
    return NULL;
  }
  if (r < 0 || !reserve_table(w, max_bits) ||
      !reserve((void **)&w->rec, &w->rec_cap, count + 1, sizeof(word_rec_t))) {
    napi_throw_error(env, NULL, "wordIds: out of memory");
    return NULL;
  }
  const uint32_t *g = w->prefix;
  prefix_hashes(w->cat, total, w->prefix);
  const uint16_t *u = w->text;
  uint32_t pow_tail = w->pow[TAIL_WINDOW];
  word_slot_t *table = w->table;
  word_rec_t *rec = w->rec;
  size_t mask = ((size_t)1 << bits) - 1, size = 0;
  tails[0] = prefixes[0] = 0;
  for (size_t k = 0; k < count; k++) {
    int32_t s = starts[k], len = ends[k] - s;
    size_t a0 = (size_t)offsets[k], a1 = (size_t)offsets[k + 1];
    uint32_t g1 = g[a1];
    uint32_t h = g1 - g[a0] * ((size_t)len < 256 ? w->pow[len] : pow_base((size_t)len));
    prefixes[k + 1] = (int32_t)g1;
    tails[k + 1] = a1 >= TAIL_WINDOW ? (int32_t)(g1 - g[a1 - TAIL_WINDOW] * pow_tail) : 0;
    /* A slot holds what a hit checks (hash, length, where the first occurrence is), so a
     * probe reads the table and the text, not a record between them. */
    size_t slot = slot_of_hash(h, bits);
    uint32_t id;
    for (;;) {
      const word_slot_t *x = &table[slot];
      if (x->id1 == 0) {
        id = (uint32_t)size++;
        rec[id] = (word_rec_t){h, s, len, 0};
        table[slot] = (word_slot_t){h, id + 1, s, len};
        if (2 * size > mask + 1) {
          /* half full: the table doubles (the words go in again, in id order) */
          memset(table, 0, (mask + 1) * sizeof(word_slot_t));
          mask = 2 * mask + 1;
          bits++;
          for (size_t j = 0; j < size; j++) insert(table, bits, &rec[j], j);
        }
        break;
      }
      if (x->hash == h && x->len == len && same_units(u + x->start, u + s, len)) {
        id = x->id1 - 1;
        break;
      }
      slot = (slot + 1) & mask;
    }
    ids[k] = (int32_t)id;
    rec[id].count++;
  }
  int32_t *first_start = by_id, *first_end = by_id + Q, *lengths = by_id + 2 * Q;
  int32_t *first_hash = by_id + 3 * Q, *counts = by_id + 4 * Q;
  for (size_t id = 0; id < size; id++) {
    first_start[id] = rec[id].start;
    first_end[id] = rec[id].start + rec[id].len;
    first_hash[id] = (int32_t)rec[id].hash;
    counts[id] = rec[id].count;
  }
  /* Leave the table empty for the next call: clear the slots of the words found. */
  if (4 * size > mask + 1) memset(table, 0, (mask + 1) * sizeof(word_slot_t));
  else
    for (size_t id = 0; id < size; id++) {
      size_t slot = slot_of_hash(rec[id].hash, bits);
      while (table[slot].id1 != (uint32_t)id + 1) slot = (slot + 1) & mask;
      table[slot].id1 = 0;
    }
  /* Python len(): units less one per surrogate pair (a lone surrogate counts one); without a
   * surrogate in the text (astral false), units. */
  for (size_t id = 0; id < size; id++) {
    int32_t s = first_start[id], e = first_end[id], n = e - s;
    for (int32_t i = s + 1; astral && i < e; i++)
      if (u[i] >= 0xdc00 && u[i] <= 0xdfff && u[i - 1] >= 0xd800 && u[i - 1] <= 0xdbff) n--;
    lengths[id] = n;
  }
  io[0] = (int32_t)size;
  return NULL;
}
