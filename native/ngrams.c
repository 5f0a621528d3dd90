/*
 * gopher_repetition's n-gram statistics over a document's word ids (the twin of
 * src/scorers/ngram-repeats.ts, which stays the reference), exact, in one call per document:
 * datatrove's `find_top_duplicate` for the top n-grams (native/ngrams-top.c) and
 * `find_all_duplicate` for the duplicated ones (here). The algorithms are the twin's (see its
 * comments); the tables differ: a hash that matches on different words probes on instead of
 * falling back to string keys.
 */
#include "ngrams.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define WORD_HASH_BASE 0x01000193u
#define TAIL_WINDOW 16

void *ngrams_reserve(ngrams_t *state, int which, size_t bytes) {
  buf_t *b = &state->buf[which];
  if (bytes <= b->bytes) return b->data;
  size_t capacity = b->bytes ? b->bytes : 4096;
  while (capacity < bytes) capacity *= 2;
  /* free + malloc, not realloc: the old contents are not needed, so nothing is copied */
  free(b->data);
  b->data = malloc(capacity);
  b->bytes = b->data ? capacity : 0;
  return b->data;
}

void ngrams_release_large(ngrams_t *state) {
  for (int i = 0; i < B_COUNT; i++) {
    buf_t *b = &state->buf[i];
    if (b->bytes > ((size_t)16 << 20)) {
      free(b->data);
      b->data = NULL;
      b->bytes = 0;
    }
  }
}

int ngrams_table_bits(size_t n, int max) {
  int bits = 4;
  while (bits < max && ((size_t)1 << bits) < 2 * n) bits++;
  return bits;
}

size_t ngrams_code_points(const uint16_t *u, size_t a, size_t b) {
  size_t n = b - a;
  for (size_t i = a + 1; i < b; i++)
    if (u[i] >= 0xdc00 && u[i] <= 0xdfff && u[i - 1] >= 0xd800 && u[i - 1] <= 0xdbff) n--;
  return n;
}

napi_value ngrams_out_of_memory(napi_env env) {
  napi_throw_error(env, NULL, "out of memory in the n-gram kernel");
  return NULL;
}

static uint32_t hash_pow(const ngrams_t *state, uint32_t len) {
  if (len < 256) return state->pow[len];
  uint32_t x = 1, base = WORD_HASH_BASE;
  for (uint32_t e = len; e > 0; e >>= 1) {
    if (e & 1) x *= base;
    base *= base;
  }
  return x;
}

/*
 * True (1) when "".join(words[i:i+n]) == "".join(words[j:j+n]); -1 when the source could not be
 * read or the words are not ranges of it.
 */
static int same_concat(words_t *w, size_t i, size_t j, size_t n) {
  const int32_t *ids = w->ids, *off = w->offsets;
  size_t k = 0;
  while (k < n && ids[i + k] == ids[j + k]) k++;
  if (k == n) return 1;
  if (off[i + n] - off[i] != off[j + n] - off[j]) return 0;
  if (w->units == NULL) {
    w->units = text_arg(w->env, w->source, &w->units_length);
    if (w->units == NULL) return -1;
  }
  /* two cursors over the words' units; words may be empty */
  size_t wi = i, wj = j, pi = 0, ei = 0, pj = 0, ej = 0;
  for (;;) {
    while (pi == ei && wi < i + n) {
      int32_t id = ids[wi++];
      pi = (size_t)w->starts[id];
      ei = (size_t)w->ends[id];
      if (w->starts[id] < 0 || pi > ei || ei > w->units_length) return -1;
    }
    while (pj == ej && wj < j + n) {
      int32_t id = ids[wj++];
      pj = (size_t)w->starts[id];
      ej = (size_t)w->ends[id];
      if (w->starts[id] < 0 || pj > ej || ej > w->units_length) return -1;
    }
    if (pi == ei || pj == ej) return pi == ei && pj == ej;
    if (w->units[pi++] != w->units[pj++]) return 0;
  }
}

/* Bits of a landed table of 8 slots per entry, up to 2^26: past that it only lets more through. */
static int landed_bits(size_t n) {
  int bits = 6;
  while (bits < 26 && ((size_t)1 << bits) < 8 * n) bits++;
  return bits;
}

/* A slot of `bits` bits for window h, independent of slot32's: from its low bits, mixed. */
static size_t second_slot(uint32_t h, int bits) {
  uint32_t x = (h ^ (h >> 15)) * 0x85ebca6bu;
  return (size_t)((x ^ (x >> 13)) & (((uint32_t)1 << bits) - 1));
}

/*
 * repeatEnds: the word boundaries at which a duplicated-n-gram key may end and occur twice, for
 * every n >= n_min (negated when short: fewer than TAIL_WINDOW units in its n_min words). Sets
 * *length; returns NULL when memory ran out.
 */
static int32_t *repeat_ends(ngrams_t *st, const words_t *w, size_t n_min, size_t *length) {
  size_t N = w->n;
  const int32_t *off = w->offsets, *tail = w->tails;
  int cbits = landed_bits(N);
  uint8_t *landed = ngrams_reserve(st, B_LANDED, (size_t)1 << cbits);
  int32_t *out = ngrams_reserve(st, B_ENDS, (N + 1) * sizeof(int32_t));
  if (!landed || !out) return NULL;
  memset(landed, 0, (size_t)1 << cbits);
  for (size_t e = 1; e <= N; e++) {
    if (off[e] < TAIL_WINDOW) continue;
    uint8_t *slot = &landed[slot32((uint32_t)tail[e], cbits)];
    *slot |= (uint8_t)(((*slot << 1) & 2) | 1);
  }
  size_t n = 0, shared = 0;
  for (size_t e = n_min > 1 ? n_min : 1; e <= N; e++) {
    int in_shared = off[e] >= TAIL_WINDOW && (landed[slot32((uint32_t)tail[e], cbits)] & 2);
    int is_short = (int64_t)off[e] - off[e - n_min] < TAIL_WINDOW;
    out[n] = in_shared ? (int32_t)e : -(int32_t)e;
    n += in_shared | is_short;
    shared += in_shared;
  }
  if (shared > 0) {
    /*
     * The twin's repeatedWindows counts the shared ends' windows exactly; a second landed table,
     * of another hash of the window, drops about as many of them (those that only shared a slot)
     * for a fraction of the work. Ends it keeps in error only cost the walks a lookup each.
     */
    int sbits = landed_bits(shared);
    uint8_t *again = ngrams_reserve(st, B_WINDOWS, (size_t)1 << sbits);
    if (!again) return NULL;
    memset(again, 0, (size_t)1 << sbits);
    for (size_t c = 0; c < n; c++) {
      if (out[c] < 0) continue;
      uint8_t *slot = &again[second_slot((uint32_t)tail[out[c]], sbits)];
      *slot |= (uint8_t)(((*slot << 1) & 2) | 1);
    }
    size_t kept = 0;
    for (size_t c = 0; c < n; c++) {
      int32_t e = out[c];
      if (e < 0 || (again[second_slot((uint32_t)tail[e], sbits)] & 2)) out[kept++] = e;
      else if ((int64_t)off[e] - off[e - n_min] < TAIL_WINDOW) out[kept++] = -e;
    }
    n = kept;
  }
  *length = n;
  return out;
}

/*
 * allDuplicateChars for one n over the candidate ends (*ends, *length), which it narrows in
 * place for a larger n. Returns the repeated code points, -1 when memory ran out, -2 when the
 * source could not be read.
 */
static int64_t all_duplicate(ngrams_t *st, words_t *w, int32_t **ends_at, size_t *length,
                             size_t n) {
  int32_t *ends = *ends_at;
  const int32_t *off = w->offsets, *prefixes = w->prefixes;
  size_t first = 0;
  while (first < *length && (size_t)abs(ends[first]) < n) first++;
  size_t count = *length - first;
  *ends_at = ends += first;
  *length = count;
  if (count < 2) return 0;
  /* [hash, first position + 1] per slot (0: empty), at most half full */
  int bits = ngrams_table_bits(count, 62);
  size_t mask = ((size_t)1 << bits) - 1;
  uint32_t *kv = ngrams_reserve(st, B_KV, (mask + 1) * 2 * sizeof(uint32_t));
  if (!kv) return -1;
  memset(kv, 0, (mask + 1) * 2 * sizeof(uint32_t));
  int64_t repeated = 0;
  size_t idx = 0, kept = 0;
  for (size_t c = 0; c < count; c++) {
    size_t e = (size_t)abs(ends[c]);
    if (ends[c] < 0 && (int64_t)off[e] - off[e - n] >= TAIL_WINDOW) continue;
    ends[kept++] = ends[c];
    size_t i = e - n;
    if (i < idx) continue; /* inside the last repeat */
    uint32_t x = (uint32_t)prefixes[e] -
                 (uint32_t)prefixes[i] * hash_pow(st, (uint32_t)(off[e] - off[i]));
    size_t s = slot32(x, bits);
    int seen = 0;
    for (;;) {
      if (kv[2 * s + 1] == 0) {
        kv[2 * s] = x;
        kv[2 * s + 1] = (uint32_t)i + 1;
        break;
      }
      if (kv[2 * s] == x) {
        int same = same_concat(w, kv[2 * s + 1] - 1, i, n);
        if (same < 0) return -2;
        if (same) {
          seen = 1;
          break;
        }
      }
      s = (s + 1) & mask;
    }
    if (seen) {
      repeated += (int64_t)w->cp[e] - w->cp[i];
      idx = e;
    }
  }
  *length = kept;
  return repeated;
}

/*
 * The statistics of a checked plan (see ngramsRepetition) into out: 0, or -1 when memory ran
 * out, -2 when the source could not be read.
 */
static int compute(ngrams_t *st, words_t *w, bool astral, const int32_t *top, size_t t,
                   const int32_t *dup, size_t d, double *out) {
  w->cp = w->offsets;
  if (astral) {
    int32_t *cp = ngrams_reserve(st, B_CP, (w->n + 1) * sizeof(int32_t));
    if (!cp) return -1;
    cp[0] = 0;
    /* unsigned: words whose lengths overflow are wrong input, not undefined behaviour */
    for (size_t i = 0; i < w->n; i++)
      cp[i + 1] = (int32_t)((uint32_t)cp[i] + (uint32_t)w->lengths[w->ids[i]]);
    w->cp = cp;
  }
  if (ngrams_top(st, w, top, t, out) < 0) return -1;
  if (d == 0) return 0;
  size_t length = 0;
  int32_t *ends = repeat_ends(st, w, (size_t)dup[0], &length);
  if (!ends) return -1;
  for (size_t k = 0; k < d; k++) {
    int64_t chars = all_duplicate(st, w, &ends, &length, (size_t)dup[k]);
    if (chars < 0) return (int)chars;
    out[t + k] = (double)chars;
  }
  return 0;
}

/* An Int32Array argument's data and length (NULL, with a TypeError pending, when it is not one). */
static const int32_t *int32_arg(napi_env env, napi_value value, size_t *length) {
  napi_typedarray_type type;
  void *data = NULL;
  if (napi_get_typedarray_info(env, value, &type, length, &data, NULL, NULL) != napi_ok ||
      type != napi_int32_array) {
    napi_throw_type_error(env, NULL, "expected an Int32Array");
    return NULL;
  }
  return data ? data : (const int32_t *)"\0\0\0\0";
}

ngrams_t *ngrams_state_arg(napi_env env, napi_value value) {
  void *state = NULL;
  if (napi_get_value_external(env, value, &state) != napi_ok || state == NULL) {
    napi_throw_type_error(env, NULL, "expected the state of ngramsState()");
    return NULL;
  }
  return state;
}

/*
 * ngramsRepetition(state, source, ids, counts, lengths, offsets, tails, prefixes, starts, ends,
 * astral, plan, out): plan is [t, t top n (ascending, distinct, <= N), d, d dup n (ascending,
 * distinct)], all n >= 1; out (a Float64Array of t + d) gets topNgramChars' values, then the
 * repeated code points of each dup n.
 */
static napi_value repetition(napi_env env, napi_callback_info info) {
  size_t argc = 13;
  napi_value argv[13];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok) return NULL;
  if (argc < 13) {
    napi_throw_type_error(env, NULL, "ngramsRepetition takes 13 arguments");
    return NULL;
  }
  ngrams_t *st = ngrams_state_arg(env, argv[0]);
  if (!st) return NULL;
  words_t w = {0};
  w.env = env;
  w.source = argv[1];
  size_t lengths[8];
  const int32_t **arrays[8] = {&w.ids, &w.counts, &w.lengths, &w.offsets,
                               &w.tails, &w.prefixes, &w.starts, &w.ends};
  for (int k = 0; k < 8; k++)
    if ((*arrays[k] = int32_arg(env, argv[2 + k], &lengths[k])) == NULL) return NULL;
  bool astral = false;
  size_t plan_length = 0, out_length = 0;
  napi_get_value_bool(env, argv[10], &astral);
  const int32_t *plan = int32_arg(env, argv[11], &plan_length);
  if (!plan) return NULL;
  napi_typedarray_type type;
  double *out = NULL;
  if (napi_get_typedarray_info(env, argv[12], &type, &out_length, (void **)&out, NULL, NULL) !=
          napi_ok || type != napi_float64_array) {
    napi_throw_type_error(env, NULL, "expected a Float64Array");
    return NULL;
  }
  w.n = lengths[0];
  w.size = lengths[1];
  int valid = lengths[2] >= w.size && lengths[6] >= w.size && lengths[7] >= w.size;
  for (int k = 3; k < 6; k++) valid = valid && lengths[k] > w.n;
  /* every id in [0, size): one OR over the words, which the compiler vectorizes */
  uint32_t bound = w.size < ((size_t)1 << 31) ? (uint32_t)w.size : (uint32_t)1 << 31, outside = 0;
  if (valid)
    for (size_t i = 0; i < w.n; i++) outside |= (uint32_t)w.ids[i] >= bound;
  valid = valid && !outside;
  /* the plan: [t, top n..., d, dup n...], each list ascending from 1, top n at most N */
  size_t t = plan_length > 0 && plan[0] >= 0 ? (size_t)plan[0] : plan_length;
  size_t d = t + 1 < plan_length && plan[t + 1] >= 0 ? (size_t)plan[t + 1] : plan_length;
  valid = valid && t + d + 2 == plan_length && out_length >= t + d;
  const int32_t *top = plan + 1, *dup = plan + t + 2;
  for (size_t k = 0; valid && k < t; k++)
    valid = top[k] > (k ? top[k - 1] : 0) && (size_t)top[k] <= w.n;
  for (size_t k = 0; valid && k < d; k++) valid = dup[k] > (k ? dup[k - 1] : 0);
  if (!valid) {
    napi_throw_range_error(env, NULL, "ngramsRepetition: inconsistent words or plan");
    return NULL;
  }
  int status = compute(st, &w, astral, top, t, dup, d, out);
  ngrams_release_large(st);
  if (status == -1) return ngrams_out_of_memory(env);
  if (status == -2) {
    bool pending = false;
    napi_is_exception_pending(env, &pending);
    if (!pending) napi_throw_range_error(env, NULL, "ngramsRepetition: words outside source");
  }
  return NULL;
}

static void free_state(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  ngrams_t *state = data;
  for (int i = 0; i < B_COUNT; i++) free(state->buf[i].data);
  free(state);
}

/* ngramsState(): this thread's scratch for the other calls (freed with the object). */
static napi_value create_state(napi_env env, napi_callback_info info) {
  (void)info;
  ngrams_t *state = calloc(1, sizeof(ngrams_t));
  if (!state) return ngrams_out_of_memory(env);
  state->pow[0] = 1;
  for (int i = 1; i < 256; i++) state->pow[i] = state->pow[i - 1] * WORD_HASH_BASE;
  napi_value result;
  if (napi_create_external(env, state, free_state, NULL, &result) != napi_ok) {
    free_state(env, state, NULL);
    return NULL;
  }
  return result;
}

napi_status register_ngrams(napi_env env, napi_value exports) {
  napi_status status = export_function(env, exports, "ngramsState", create_state);
  if (status == napi_ok) status = export_function(env, exports, "ngramsRepetition", repetition);
  if (status == napi_ok) status = export_function(env, exports, "ngramsSegments", ngrams_segments);
  return status;
}
