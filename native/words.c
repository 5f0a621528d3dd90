/*
 * The spaCy-compatible word split: words.ts's tokenizeInto in C, over tables JavaScript builds
 * (src/native/words.ts hands them over once per thread). Tokens go into JavaScript's own arrays;
 * a chunk the URL pattern might match goes back to JavaScript (wordsScan stops there and resumes
 * after it), and so does the special-case matcher pass when a token pair might start a pattern.
 */
#include "words.h"

#include <stdlib.h>
#include <string.h>

static void free_words(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  words_t *w = data;
  free(w->astral);
  free(w->specials.units);
  free(w->specials.off);
  free(w->piece_off);
  free(w->piece_len);
  free(w->sp_table);
  free(w->ds.units);
  free(w->ds.off);
  free(w->hyphens.units);
  free(w->hyphens.off);
  free(w->pat_keys.units);
  free(w->pat_keys.off);
  free(w->pat_tok_off);
  free(w->pat_tok_len);
  free(w->pat_replaces);
  free(w->pat_head);
  free(w->pat_next);
  free(w->matches);
  free(w->seen);
  free(w->moved);
  free(w->text);
  free(w->stack);
  free(w->table);
  free(w->cat);
  free(w->prefix);
  free(w->rec);
  free(w);
}

/* The data of typed-array argument v when it has this type (and at least `min` elements). */
void *words_typed(napi_env env, napi_value v, napi_typedarray_type want, size_t min,
                   size_t *length) {
  napi_typedarray_type type;
  void *data = NULL;
  size_t n = 0;
  if (napi_get_typedarray_info(env, v, &type, &n, &data, NULL, NULL) != napi_ok || type != want ||
      n < min) {
    napi_throw_type_error(env, NULL, "words: a table argument has the wrong type or length");
    return NULL;
  }
  if (length) *length = n;
  /* An empty typed array may have no data pointer: give a valid one (never read). */
  static const int32_t none[1] = {0};
  return data ? data : (void *)none;
}

static void *copy_of(const void *data, size_t bytes) {
  void *out = malloc(bytes ? bytes : 1);
  if (out && bytes) memcpy(out, data, bytes);
  return out;
}

/* A string list from its units and offsets arguments; 0 after throwing. */
static int strlist_arg(napi_env env, napi_value units, napi_value off, strlist_t *l) {
  size_t nu = 0, no = 0;
  uint16_t *u = words_typed(env, units, napi_uint16_array, 0, &nu);
  int32_t *o = u ? words_typed(env, off, napi_int32_array, 1, &no) : NULL;
  if (o == NULL) return 0;
  for (size_t k = 0; k + 1 < no; k++)
    if (o[k] < 0 || o[k] > o[k + 1] || (size_t)o[k + 1] > nu) {
      napi_throw_range_error(env, NULL, "words: bad string-list offsets");
      return 0;
    }
  l->units = copy_of(u, nu * sizeof(uint16_t));
  l->off = copy_of(o, no * sizeof(int32_t));
  l->n = no - 1;
  if (l->units == NULL || l->off == NULL) {
    napi_throw_error(env, NULL, "words: out of memory");
    return 0;
  }
  return 1;
}

/* The pattern arguments a[0..4] (keys' units and offsets, token offsets and lengths, replaces). */
static int patterns_arg(napi_env env, napi_value *a, words_t *w) {
  if (!strlist_arg(env, a[0], a[1], &w->pat_keys)) return 0;
  size_t n = w->pat_keys.n, n_len = 0;
  int32_t *off = words_typed(env, a[2], napi_int32_array, n + 1, NULL);
  int32_t *len = off ? words_typed(env, a[3], napi_int32_array, 0, &n_len) : NULL;
  uint8_t *rep = len ? words_typed(env, a[4], napi_uint8_array, n, NULL) : NULL;
  if (rep == NULL) return 0;
  w->pat_tok_off = copy_of(off, (n + 1) * sizeof(int32_t));
  w->pat_tok_len = copy_of(len, n_len * sizeof(int32_t));
  w->pat_replaces = copy_of(rep, n);
  int ok = w->pat_tok_off && w->pat_tok_len && w->pat_replaces;
  /* Each pattern has 2+ tokens that tile its key. */
  for (size_t k = 0; ok && k < n; k++) {
    int32_t t0 = off[k], t1 = off[k + 1], sum = 0;
    ok = t0 >= 0 && t1 - t0 >= 2 && (size_t)t1 <= n_len;
    for (int32_t j = t0; ok && j < t1; j++) {
      ok = len[j] > 0;
      sum += len[j];
    }
    ok = ok && sum == w->pat_keys.off[k + 1] - w->pat_keys.off[k];
  }
  if (ok && words_pattern_table(w)) return 1;
  napi_throw_error(env, NULL, "wordsInit: bad patterns or out of memory");
  return 0;
}

/*
 * wordsInit(flagBits, kind, flags, plain, filter, firstUnit, filter2, astral, specialUnits,
 * specialOff, pieceOff, pieceLen, suffixUnits, suffixOff, hyphenUnits, hyphenOff, patternUnits,
 * patternOff, patternTokenOff, patternTokenLen, patternReplaces): this thread's state.
 */
static napi_value words_init(napi_env env, napi_callback_info info) {
  size_t argc = 21;
  napi_value a[21], result;
  if (napi_get_cb_info(env, info, &argc, a, NULL, NULL) != napi_ok) return NULL;
  if (argc < 21) {
    napi_throw_type_error(env, NULL, "wordsInit: 21 arguments expected");
    return NULL;
  }
  static const int32_t bits[10] = {F_ALPHA,  F_LOWER, F_UPPER,  F_ICON,  F_PREFIX,
                                   F_SUFFIX, F_QUOTE, F_DOT_LB, F_INFIX, F_DIGIT};
  int32_t *flag_bits = words_typed(env, a[0], napi_int32_array, 10, NULL);
  if (flag_bits == NULL) return NULL;
  if (memcmp(flag_bits, bits, sizeof bits) != 0) {
    napi_throw_error(env, NULL, "wordsInit: the flag bits differ from native/words.h");
    return NULL;
  }
  words_t *w = calloc(1, sizeof(words_t));
  if (w == NULL) {
    napi_throw_error(env, NULL, "words: out of memory");
    return NULL;
  }
  size_t n_astral = 0, n_piece = 0;
  void *kind = words_typed(env, a[1], napi_uint8_array, 0x10000, NULL);
  void *flags = kind ? words_typed(env, a[2], napi_uint16_array, 0x10000, NULL) : NULL;
  void *plain = flags ? words_typed(env, a[3], napi_uint8_array, 0x10000, NULL) : NULL;
  void *filter = plain ? words_typed(env, a[4], napi_uint8_array, 0x10000, NULL) : NULL;
  void *first = filter ? words_typed(env, a[5], napi_uint8_array, 0x10000, NULL) : NULL;
  void *filter2 = first ? words_typed(env, a[6], napi_uint8_array, 0x10000, NULL) : NULL;
  int32_t *astral = filter2 ? words_typed(env, a[7], napi_int32_array, 0, &n_astral) : NULL;
  int32_t *piece_off = NULL, *piece_len = NULL;
  int ok = astral && strlist_arg(env, a[8], a[9], &w->specials);
  if (ok) piece_off = words_typed(env, a[10], napi_int32_array, w->specials.n + 1, NULL);
  if (piece_off) piece_len = words_typed(env, a[11], napi_int32_array, 0, &n_piece);
  ok = piece_len && strlist_arg(env, a[12], a[13], &w->ds) &&
       strlist_arg(env, a[14], a[15], &w->hyphens) && patterns_arg(env, a + 16, w);
  if (!ok) {
    free_words(env, w, NULL);
    return NULL;
  }
  memcpy(w->kind, kind, sizeof w->kind);
  memcpy(w->flags, flags, sizeof w->flags);
  memcpy(w->plain, plain, sizeof w->plain);
  for (uint32_t slot = 0; slot < 0x10000; slot++) {
    uint8_t f = ((const uint8_t *)filter)[slot], f2 = ((const uint8_t *)filter2)[slot];
    uint8_t bit = (uint8_t)(1u << (slot & 7));
    if (f & SPECIAL_BIT) w->special1[slot >> 3] |= bit;
    if (f & PATTERN_BIT) w->pattern1[slot >> 3] |= bit;
    if (f & SECOND_BIT) w->second1[slot >> 3] |= bit;
    if (f2 & SPECIAL_BIT) w->special2[slot >> 3] |= bit;
  }
  memcpy(w->first_unit, first, sizeof w->first_unit);
  words_pow_table(w);
  w->astral = copy_of(astral, n_astral * sizeof(int32_t));
  w->n_astral = n_astral - n_astral % 3;
  w->piece_off = copy_of(piece_off, (w->specials.n + 1) * sizeof(int32_t));
  w->piece_len = copy_of(piece_len, n_piece * sizeof(int32_t));
  ok = w->astral && w->piece_off && w->piece_len && words_special_table(w);
  /* letters_end reads K_LETTER as the ASCII letters. */
  for (uint32_t c = 0; ok && c < 0x10000; c++)
    ok = (w->kind[c] == K_LETTER) == ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a);
  /* Each key's pieces must tile it (words_emit_pieces relies on it), as words.ts checks. */
  for (size_t k = 0; ok && k < w->specials.n; k++) {
    int32_t sum = 0, p0 = w->piece_off[k], p1 = w->piece_off[k + 1];
    if (p0 < 0 || p0 > p1 || (size_t)p1 > n_piece) ok = 0;
    for (int32_t p = p0; ok && p < p1; p++) sum += w->piece_len[p];
    if (sum != w->specials.off[k + 1] - w->specials.off[k]) ok = 0;
  }
  /* The digit suffixes come grouped by last unit: remember each group's range. */
  for (size_t k = 0; ok && k < w->ds.n; k++) {
    if (w->ds.off[k + 1] == w->ds.off[k] || k >= 0xffff) ok = 0;
    if (!ok) break;
    uint16_t c = w->ds.units[w->ds.off[k + 1] - 1];
    if (w->ds_end[c] == 0) w->ds_begin[c] = (uint16_t)k;
    else if (w->ds_end[c] != k) ok = 0;
    w->ds_end[c] = (uint16_t)(k + 1);
  }
  if (!ok || napi_create_external(env, w, free_words, NULL, &result) != napi_ok) {
    free_words(env, w, NULL);
    napi_throw_error(env, NULL, "wordsInit: bad tables or out of memory");
    return NULL;
  }
  return result;
}

enum { IO_STATUS, IO_POS, IO_GAP, IO_COUNT, IO_ARG, IO_UNITS, IO_SIZE };
enum { SCAN_DONE = 0, SCAN_FULL = 1, SCAN_FALLBACK = 2 };

static inline int all_plain(const words_t *w, const uint16_t *u, size_t i, size_t j) {
  for (size_t k = i; k < j; k++)
    if (!w->plain[u[k]]) return 0;
  return 1;
}

/* hasSimpleTail: the letters' last unit, at `at`, is , ; : ! ? ) or a "." after a-z. */
static inline int simple_tail(const uint16_t *u, size_t at) {
  uint16_t c = u[at];
  if (c == 0x2e) return u[at - 1] >= 0x61 && u[at - 1] <= 0x7a;
  return c == 0x2c || c == 0x3b || c == 0x3a || c == 0x21 || c == 0x3f || c == 0x29;
}

/*
 * wordsScan(state, text | null, io, starts, ends, gaps): tokenizeInto from io[IO_POS] (with
 * io[IO_GAP] and io[IO_COUNT] tokens already out) until the text ends (SCAN_DONE, after the
 * special-case matcher pass), the arrays are full (SCAN_FULL: io[IO_ARG] more tokens needed) or
 * a chunk is JavaScript's to split (SCAN_FALLBACK: it ends at io[IO_ARG]). A null text resumes
 * the last one. io[IO_UNITS]: UNITS_* of the text.
 */
static napi_value words_scan(napi_env env, napi_callback_info info) {
  size_t n_io = 0, cap = 0, cap2 = 0, cap3 = 0;
  napi_value a[6];
  words_t *w = words_call(env, info, 6, a, "wordsScan");
  if (w == NULL) return NULL;
  int32_t *io = words_typed(env, a[2], napi_int32_array, IO_SIZE, &n_io);
  tokens_t t;
  t.starts = io ? words_typed(env, a[3], napi_int32_array, 0, &cap) : NULL;
  t.ends = t.starts ? words_typed(env, a[4], napi_int32_array, 0, &cap2) : NULL;
  t.gaps = t.ends ? words_typed(env, a[5], napi_uint8_array, 0, &cap3) : NULL;
  if (t.gaps == NULL) return NULL;
  t.cap = cap < cap2 ? cap : cap2;
  t.cap = t.cap < cap3 ? t.cap : cap3;
  const uint16_t *u = w->text;
  size_t n = w->text_len, i = (size_t)io[IO_POS];
  int gap = io[IO_GAP];
  t.count = (size_t)io[IO_COUNT];
  if (io[IO_POS] < 0 || i > n || io[IO_COUNT] < 0 || t.count > t.cap) {
    napi_throw_range_error(env, NULL, "wordsScan: position or count out of range");
    return NULL;
  }
  int status = SCAN_DONE;
  while (i < n) {
    int kind = w->kind[u[i]];
    if (kind == K_SPACE) {
      if (i > 0 && u[i] == 0x20 && (i + 1 == n || w->kind[u[i + 1]] != K_SPACE)) {
        gap = GAP_SPACE; /* one " " after a token: its trailing space */
        i++;
        continue;
      }
      size_t j = i + 1;
      while (j < n && w->kind[u[j]] == K_SPACE) j++;
      size_t start = i > 0 && u[i] == 0x20 ? i + 1 : i;
      gap = start < j ? GAP_WS : GAP_SPACE;
      i = j;
      continue;
    }
    size_t j = i + 1;
    ptrdiff_t mixed = -1;
    if (kind == K_LETTER) j = letters_end(u, j, n);
    while (j < n && w->kind[u[j]] == kind) j++;
    if (j < n && w->kind[u[j]] != K_SPACE) {
      mixed = (ptrdiff_t)j;
      while (j < n && w->kind[u[j]] != K_SPACE) j++;
    }
    if (t.cap - t.count < j - i) {
      status = SCAN_FULL;
      io[IO_ARG] = (int32_t)(j - i);
      break;
    }
    size_t k0 = t.count;
    if (kind >= K_LETTER && mixed < 0 && words_special_find(w, u, i, j) < 0) {
      emit(&t, i, j); /* all ASCII letters or all digits, no special case */
    } else if (kind == K_LETTER && mixed == (ptrdiff_t)j - 1 && simple_tail(u, j - 1) &&
               words_special_find(w, u, i, j) < 0) {
      int32_t key = words_special_find(w, u, i, j - 1);
      if (key < 0) emit(&t, i, j - 1);
      else words_emit_pieces(w, &t, i, key);
      emit(&t, j - 1, j);
    } else if (j == i + 1) {
      emit(&t, i, j);
    } else if (all_plain(w, u, i, j)) {
      int32_t key = words_special_find(w, u, i, j);
      if (key < 0) emit(&t, i, j);
      else words_emit_pieces(w, &t, i, key);
    } else {
      int r = words_split_chunk(w, &t, u, i, j);
      if (r == CHUNK_NOMEM) {
        napi_throw_error(env, NULL, "words: out of memory");
        return NULL;
      }
      if (r == CHUNK_FALLBACK) {
        t.count = k0;
        status = SCAN_FALLBACK;
        io[IO_ARG] = (int32_t)j;
        break;
      }
    }
    t.gaps[k0] = (uint8_t)gap;
    i = j;
  }
  if (status == SCAN_DONE) {
    size_t need = 0;
    int r = words_special_matches(w, u, &t, &need);
    if (r == CHUNK_NOMEM) {
      napi_throw_error(env, NULL, "words: out of memory");
      return NULL;
    }
    if (r == CHUNK_FALLBACK) {
      status = SCAN_FULL; /* the next call, at the end, runs the pass again */
      io[IO_ARG] = (int32_t)(need - t.count);
    }
  }
  io[IO_STATUS] = status;
  io[IO_UNITS] = w->text_units;
  io[IO_POS] = (int32_t)i;
  io[IO_GAP] = gap;
  io[IO_COUNT] = (int32_t)t.count;
  return NULL;
}

napi_status register_words(napi_env env, napi_value exports) {
  napi_status status = export_function(env, exports, "wordsInit", words_init);
  if (status == napi_ok) status = export_function(env, exports, "wordsScan", words_scan);
  if (status == napi_ok) status = export_function(env, exports, "wordIds", words_word_ids);
  if (status == napi_ok) status = export_function(env, exports, "wordsUnits", words_units);
  return status;
}
