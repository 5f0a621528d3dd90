/*
 * Lines and paragraphs as datatrove's filters cut them, and `find_duplicates` over them (the
 * twin of src/scorers/lines.ts, which stays the reference), in one call per document: the
 * segments of `text.split("\n")`, the paragraphs of `re.split(r"\n{2,}", text.strip())`, and
 * the duplicate counts of FineWeb's lines, GopherRepetition's lines and its paragraphs.
 */
#include "ngrams.h"

#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* Python's str.isspace() for a UTF-16 unit (every Python whitespace character is in the BMP). */
static int is_space(uint16_t c) {
  if (c <= 0x20) return c == 0x20 || (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x1f);
  if (c < 0x85) return 0;
  return c == 0x85 || c == 0xa0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200a) || c == 0x2028 ||
         c == 0x2029 || c == 0x202f || c == 0x205f || c == 0x3000;
}

/* The first "\n" of u[a, n), or n. */
static size_t next_newline(const uint16_t *u, size_t a, size_t n) {
#if defined(__SSE2__)
  const __m128i newline = _mm_set1_epi16(0x0a);
  for (; a + 8 <= n; a += 8) {
    __m128i v = _mm_loadu_si128((const __m128i *)(u + a));
    int hits = _mm_movemask_epi8(_mm_cmpeq_epi16(v, newline));
    if (hits) return a + ((size_t)__builtin_ctz((unsigned)hits) >> 1);
  }
#endif
  while (a < n && u[a] != 0x0a) a++;
  return a;
}

/* A growable list of [start, end) pairs in one of the state's buffers. */
typedef struct {
  int which;
  int32_t *pairs;
  size_t count;
} ranges_t;

static int push(ngrams_t *st, ranges_t *r, size_t a, size_t b) {
  size_t bytes = (r->count + 1) * 2 * sizeof(int32_t);
  if (bytes > st->buf[r->which].bytes) {
    /* grown by copy: the pairs so far are kept */
    size_t capacity = st->buf[r->which].bytes ? 2 * st->buf[r->which].bytes : 4096;
    int32_t *grown = realloc(st->buf[r->which].data, capacity);
    if (!grown) return -1;
    st->buf[r->which].data = grown;
    st->buf[r->which].bytes = capacity;
  }
  r->pairs = st->buf[r->which].data;
  r->pairs[2 * r->count] = (int32_t)a;
  r->pairs[2 * r->count + 1] = (int32_t)b;
  r->count++;
  return 0;
}

/* An open-addressing table of [key, value] (value 0: empty) in one of the state's buffers. */
typedef struct {
  uint64_t key, value;
} entry_t;

typedef struct {
  int which, bits;
  entry_t *slots;
  size_t used;
} table_t;

static int table_clear(ngrams_t *st, table_t *t, int which, int bits) {
  t->which = which;
  t->bits = bits;
  t->used = 0;
  t->slots = ngrams_reserve(st, which, sizeof(entry_t) << bits);
  if (!t->slots) return -1;
  memset(t->slots, 0, sizeof(entry_t) << bits);
  return 0;
}

/*
 * Counts one more entry and doubles the table when it is half full: tables start small (a huge
 * text of equal lines needs a few slots, not gigabytes) and grow with what they hold.
 */
static int table_added(ngrams_t *st, table_t *t) {
  if (2 * ++t->used <= ((size_t)1 << t->bits)) return 0;
  entry_t *old = t->slots;
  int bits = t->bits + 1;
  entry_t *slots = calloc((size_t)1 << bits, sizeof(entry_t));
  if (!slots) return -1;
  size_t mask = ((size_t)1 << bits) - 1;
  for (size_t s = 0; s < ((size_t)1 << t->bits); s++) {
    if (old[s].value == 0) continue;
    size_t to = slot64(old[s].key, bits);
    while (slots[to].value != 0) to = (to + 1) & mask;
    slots[to] = old[s];
  }
  free(st->buf[t->which].data);
  st->buf[t->which].data = t->slots = slots;
  st->buf[t->which].bytes = sizeof(entry_t) << bits;
  t->bits = bits;
  return 0;
}

/* Length, first and last unit of u[a, b), exactly (equal ranges have equal shapes). */
static uint64_t shape(const uint16_t *u, size_t a, size_t b) {
  if (b == a) return 0;
  return (uint64_t)(b - a) | ((uint64_t)u[a] << 32) | ((uint64_t)u[b - 1] << 48);
}

/* A 64-bit hash of u[a, b), four units at a time (matches are confirmed unit by unit). */
static uint64_t hash_units(const uint16_t *u, size_t a, size_t b) {
  const uint16_t *p = u + a;
  size_t n = b - a;
  uint64_t h = n * 0x9e3779b97f4a7c15ull;
  for (; n >= 4; n -= 4, p += 4) {
    uint64_t x;
    memcpy(&x, p, sizeof x);
    h = (h ^ x) * 0xff51afd7ed558ccdull;
    h ^= h >> 32;
  }
  for (; n > 0; n--, p++) {
    h = (h ^ *p) * 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 29;
  }
  return h ^ (h >> 31);
}

typedef struct {
  size_t count, dup_elements, dup_chars;
} dups_t;

/*
 * find_duplicates over the ranges r (rangeDuplicates): every element equal to an earlier one
 * counts once, with its code points. Only elements whose shape another element shares are
 * hashed. Returns -1 when memory ran out.
 */
static int range_duplicates(ngrams_t *st, const uint16_t *u, const ranges_t *r, dups_t *out) {
  const int32_t *p = r->pairs;
  out->count = r->count;
  out->dup_elements = out->dup_chars = 0;
  if (r->count < 2) return 0;
  table_t shapes, hashes;
  if (table_clear(st, &shapes, B_SHAPES, ngrams_table_bits(r->count, 13)) < 0) return -1;
  size_t shared = 0;
  for (size_t k = 0; k < r->count; k++) {
    uint64_t key = shape(u, (size_t)p[2 * k], (size_t)p[2 * k + 1]);
    size_t mask = ((size_t)1 << shapes.bits) - 1, s = slot64(key, shapes.bits);
    while (shapes.slots[s].value != 0 && shapes.slots[s].key != key) s = (s + 1) & mask;
    if (shapes.slots[s].value == 0) {
      shapes.slots[s].key = key;
      shapes.slots[s].value = 1;
      if (table_added(st, &shapes) < 0) return -1;
    } else {
      shared += shapes.slots[s].value == 1 ? 2 : 1;
      shapes.slots[s].value++;
    }
  }
  if (shared == 0) return 0;
  if (table_clear(st, &hashes, B_HASHES, ngrams_table_bits(shared, 13)) < 0) return -1;
  for (size_t k = 0; k < r->count; k++) {
    size_t a = (size_t)p[2 * k], b = (size_t)p[2 * k + 1];
    uint64_t key = shape(u, a, b);
    size_t mask = ((size_t)1 << shapes.bits) - 1, s = slot64(key, shapes.bits);
    while (shapes.slots[s].key != key) s = (s + 1) & mask;
    if (shapes.slots[s].value == 1) continue; /* a shape of its own: unique */
    uint64_t h = hash_units(u, a, b);
    mask = ((size_t)1 << hashes.bits) - 1;
    for (s = slot64(h, hashes.bits);; s = (s + 1) & mask) {
      entry_t *slot = &hashes.slots[s];
      if (slot->value == 0) {
        slot->key = h;
        slot->value = k + 1;
        if (table_added(st, &hashes) < 0) return -1;
        break;
      }
      size_t j = slot->value - 1, a0 = (size_t)p[2 * j], b0 = (size_t)p[2 * j + 1];
      if (slot->key == h && b0 - a0 == b - a && memcmp(u + a0, u + a, 2 * (b - a)) == 0) {
        out->dup_elements++;
        out->dup_chars += ngrams_code_points(u, a, b);
        break;
      }
    }
  }
  return 0;
}

/* The layout of ngramsSegments' result (src/native/ngrams.ts reads it). */
enum {
  S_NON_BLANK, S_PARAGRAPHS, S_NEWLINES, S_NON_BLANK_DUPS, S_NON_BLANK_DUP_CHARS, S_LINES,
  S_LINE_DUPS, S_LINE_DUP_CHARS, S_PARAGRAPH_DUPS, S_PARAGRAPH_DUP_CHARS, S_HEADER
};

/* What `segments` finds: the header above, and the non-blank segments and paragraphs. */
typedef struct {
  int32_t header[S_HEADER];
  ranges_t non_blank, paragraphs;
} segments_t;

/* The segments and paragraphs of u[0, n) and their duplicates: 0, or -1 when memory ran out. */
static int segments(ngrams_t *st, const uint16_t *u, size_t n, segments_t *out) {
  size_t from = 0, to = n;
  while (from < to && is_space(u[from])) from++;
  while (to > from && is_space(u[to - 1])) to--;
  ranges_t non_blank = {B_NON_BLANK, NULL, 0}, blank = {B_WHITESPACE, NULL, 0};
  ranges_t paragraphs = {B_PARAGRAPHS, NULL, 0};
  size_t newlines = 0, paragraph_start = from;
  int empty_first = 0, empty_last = 0, previous_empty = 0, cut = 0, failed = 0;
  for (size_t a = 0;;) {
    size_t b = next_newline(u, a, n);
    int last = b == n;
    if (!last) newlines++;
    if (a == b) {
      if (a == 0) empty_first = 1;
      if (last && newlines > 0) empty_last = 1;
      /* the first empty segment of a run: u[a - 1] is its first "\n", cutting the stripped text */
      if (!previous_empty && a >= from + 1 && a - 1 < to) {
        failed |= push(st, &paragraphs, paragraph_start, a - 1);
        cut = 1;
      }
      previous_empty = 1;
    } else {
      if (cut) paragraph_start = a;
      cut = previous_empty = 0;
      size_t i = a;
      while (i < b && is_space(u[i])) i++;
      failed |= push(st, i < b ? &non_blank : &blank, a, b);
    }
    if (last) break;
    a = b + 1;
  }
  failed |= push(st, &paragraphs, paragraph_start, to);
  if (failed) return -1;
  dups_t nb, ws, para;
  if (range_duplicates(st, u, &non_blank, &nb) < 0 || range_duplicates(st, u, &blank, &ws) < 0 ||
      range_duplicates(st, u, &paragraphs, &para) < 0)
    return -1;
  /* re.split("\n+") keeps an empty segment only first and last; a second repeats the first */
  size_t empties = (size_t)(empty_first + empty_last);
  int32_t *h = out->header;
  h[S_NON_BLANK] = (int32_t)non_blank.count;
  h[S_PARAGRAPHS] = (int32_t)paragraphs.count;
  h[S_NEWLINES] = (int32_t)newlines;
  h[S_NON_BLANK_DUPS] = (int32_t)nb.dup_elements;
  h[S_NON_BLANK_DUP_CHARS] = (int32_t)nb.dup_chars;
  h[S_LINES] = (int32_t)(non_blank.count + blank.count + empties);
  h[S_LINE_DUPS] = (int32_t)(nb.dup_elements + ws.dup_elements + (empties > 1));
  h[S_LINE_DUP_CHARS] = (int32_t)(nb.dup_chars + ws.dup_chars);
  h[S_PARAGRAPH_DUPS] = (int32_t)para.dup_elements;
  h[S_PARAGRAPH_DUP_CHARS] = (int32_t)para.dup_chars;
  out->non_blank = non_blank;
  out->paragraphs = paragraphs;
  return 0;
}

/*
 * ngramsSegments(state, text): an Int32Array of the header above, then the non-blank segments
 * of text.split("\n") and the paragraphs, as flat [start, end) UTF-16 pairs (segmentsOf and
 * newlineSegments in the twin).
 */
napi_value ngrams_segments(napi_env env, napi_callback_info info) {
  size_t argc = 2, n = 0;
  napi_value argv[2];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok) return NULL;
  ngrams_t *st = ngrams_state_arg(env, argv[0]);
  if (!st) return NULL;
  const uint16_t *u = text_arg(env, argv[1], &n);
  if (!u) return NULL;
  if (n > INT32_MAX - 1) {
    napi_throw_range_error(env, NULL, "ngramsSegments: text too long");
    return NULL;
  }
  segments_t found;
  if (segments(st, u, n, &found) < 0) return ngrams_out_of_memory(env);
  size_t pairs = found.non_blank.count + found.paragraphs.count;
  size_t length = S_HEADER + 2 * pairs;
  void *data = NULL;
  napi_value buffer, result;
  if (napi_create_arraybuffer(env, length * sizeof(int32_t), &data, &buffer) != napi_ok ||
      napi_create_typedarray(env, napi_int32_array, length, buffer, 0, &result) != napi_ok)
    return NULL;
  int32_t *out = data;
  memcpy(out, found.header, sizeof found.header);
  out += S_HEADER;
  if (found.non_blank.count)
    memcpy(out, found.non_blank.pairs, 2 * found.non_blank.count * sizeof(int32_t));
  memcpy(out + 2 * found.non_blank.count, found.paragraphs.pairs,
         2 * found.paragraphs.count * sizeof(int32_t));
  ngrams_release_large(st);
  return result;
}
