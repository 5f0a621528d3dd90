/*
 * gopher_quality's per-document counts (src/scorers/gopher-quality.ts is the reference twin):
 * over the distinct words, the text's marks and the lines of text.splitlines(), written into a
 * Float64Array. (fineweb_quality's line loop stays in JavaScript: ported, it was no faster, the
 * text's copy costing what the loop saved.)
 */
#include "lines.h"

#include <string.h>

/* True when every code point of u[a, b) is in datatrove's PUNCTUATION_SET ("" counts). */
static int is_symbol_word(const props_t *p, const uint16_t *u, size_t a, size_t b) {
  for (size_t i = a, len; i < b; i += len) {
    uint32_t cp = code_point(u, i, b, &len);
    if (!has_static(p, cp, P_SYMBOL)) return 0;
  }
  return 1;
}

/* Python any(c.isalpha() for c in word) for u[a, b). */
static int has_alpha(props_t *p, const uint16_t *u, size_t a, size_t b) {
  for (size_t i = a, len; i < b; i += len) {
    uint32_t cp = code_point(u, i, b, &len);
    if (cp < 0x80 ? ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') : has_category(p, cp, P_LETTER))
      return 1;
  }
  return 0;
}

/* Where the pass over the text stops: line breaks, "#", "." and "…". */
static const stops_at_t GOPHER_STOPS = {
    {'#', '.', 0x85, 0x2026}, {0xfffe, 0xffff}, {0x2028, 0x2026}};

/* What gopherStats counts in the text itself. */
typedef struct {
  double hashes, ellipses, lines, bullets, end_ellipsis;
} text_counts_t;

#if defined(__SSE2__)
/* Where count_text must look among the 8 units c (d: the 8 after each): 0xffff lanes. */
static inline __m128i gopher_marks(__m128i c, __m128i d) {
  const __m128i below = _mm_set1_epi16(0x1f), zero = _mm_setzero_si128();
  const __m128i hash = _mm_set1_epi16('#'), dot = _mm_set1_epi16('.');
  const __m128i ellipsis = _mm_set1_epi16(0x2026), nel = _mm_set1_epi16(0x85);
  const __m128i sep_mask = _mm_set1_epi16((short)0xfffe), sep = _mm_set1_epi16(0x2028);
  __m128i stop = _mm_or_si128(_mm_cmpeq_epi16(_mm_subs_epu16(c, below), zero),
                              _mm_cmpeq_epi16(c, nel));
  stop = _mm_or_si128(stop, _mm_cmpeq_epi16(_mm_and_si128(c, sep_mask), sep));
  stop = _mm_or_si128(stop, _mm_and_si128(_mm_cmpeq_epi16(c, dot), _mm_cmpeq_epi16(d, dot)));
  return _mm_or_si128(stop, _mm_or_si128(_mm_cmpeq_epi16(c, hash), _mm_cmpeq_epi16(c, ellipsis)));
}
#endif

/*
 * The first unit at or after `i` that count_text must look at: a line break, a "#", a "…", or a
 * "." followed by another (n: none), 16 units (one mask, one branch) a step where SSE2 is there
 * (a scan that stopped at every ".", paid a mispredicted branch for each: a third of the pass).
 */
static size_t next_line_or_mark(const uint16_t *u, size_t n, size_t i) {
#if defined(__SSE2__)
  for (; i + 17 <= n; i += 16) {
    const __m128i *v = (const __m128i *)(u + i), *w = (const __m128i *)(u + i + 1);
    __m128i lo = gopher_marks(_mm_loadu_si128(v), _mm_loadu_si128(w));
    __m128i hi = gopher_marks(_mm_loadu_si128(v + 1), _mm_loadu_si128(w + 1));
    unsigned found = (unsigned)_mm_movemask_epi8(_mm_packs_epi16(lo, hi));
    if (found) return i + (size_t)__builtin_ctz(found);
  }
#endif
  return next_stop(u, n, i, &GOPHER_STOPS);
}

/*
 * In one pass: Python text.count("#"), text.count("...") + text.count("…") (non-overlapping,
 * left to right), and over the lines of text.splitlines(): how many, how many start with a
 * bullet ("-" or "•") once stripped, how many end with an ellipsis ("…" or "...").
 */
static void count_text(const props_t *p, const uint16_t *u, size_t n, text_counts_t *t) {
  memset(t, 0, sizeof *t);
  for (size_t start = 0, i = 0; start < n;) {
    i = next_line_or_mark(u, n, i);
    if (i < n && !is_line_break(u[i])) {
      uint16_t c = u[i++];
      if (c == '#') t->hashes++;
      else if (c == 0x2026) t->ellipses++;
      else if (c == '.' && i + 1 < n && u[i] == '.' && u[i + 1] == '.') {
        t->ellipses++;
        i += 2;
      }
      continue;
    }
    size_t a = start, b = i;
    if (i < n) i += u[i] == 0x0d && i + 1 < n && u[i + 1] == 0x0a ? 2 : 1;
    start = i;
    t->lines++;
    while (a < b && is_space(p, u[a])) a++;
    if (a == b) continue;
    if (u[a] == '-' || u[a] == 0x2022) t->bullets++;
    while (b > a && is_space(p, u[b - 1])) b--;
    uint16_t last = u[b - 1];
    if (last == 0x2026 || (b - a >= 3 && last == '.' && u[b - 2] == '.' && u[b - 3] == '.'))
      t->end_ellipsis++;
  }
}

/* The stop words as src/native/lines.ts lays them out: [count, then hash, length, units...]. */
typedef struct {
  const int32_t *words;
  size_t count, size, max_length;
  uint8_t low_bits[128]; /* bit h & 1023 set for each stop word's hash h */
} stops_t;

static int stops_init(stops_t *s, const int32_t *w, size_t n) {
  if (n < 1 || w[0] < 0) return 0;
  memset(s->low_bits, 0, sizeof s->low_bits);
  s->words = w;
  s->count = (size_t)w[0];
  s->size = n;
  s->max_length = 0;
  size_t at = 1;
  for (size_t k = 0; k < s->count; k++) {
    if (at + 2 > n || w[at + 1] < 0 || at + 2 + (size_t)w[at + 1] > n) return 0;
    uint32_t h = (uint32_t)w[at] & 1023;
    s->low_bits[h >> 3] |= (uint8_t)(1u << (h & 7));
    if ((size_t)w[at + 1] > s->max_length) s->max_length = (size_t)w[at + 1];
    at += 2 + (size_t)w[at + 1];
  }
  return 1;
}

/* True when u[a, b), whose wordHash is `hash`, is one of the stop words. */
static int is_stop_word(const stops_t *s, const uint16_t *u, size_t a, size_t b, int32_t hash) {
  uint32_t h = (uint32_t)hash & 1023;
  /* one branch, seldom taken, for both tests (the length alone was a coin toss per word) */
  if (((b - a <= s->max_length) & (s->low_bits[h >> 3] >> (h & 7))) == 0) return 0;
  for (size_t k = 0, at = 1; k < s->count; k++, at += 2 + (size_t)s->words[at + 1]) {
    if (s->words[at] != hash || (size_t)s->words[at + 1] != b - a) continue;
    size_t j = 0;
    while (j < b - a && (int32_t)u[a + j] == s->words[at + 2 + j]) j++;
    if (j == b - a) return 1;
  }
  return 0;
}

/*
 * gopherStats(flags, text, starts, ends, counts, lengths, hashes, size, stops, out): over the
 * `size` distinct words (WordIds of `text`) and the lines of text.splitlines(), into out:
 * [non-symbol words, their code points, words with a letter, distinct stop words, "#",
 * ellipses, lines, bullet lines, lines ending in an ellipsis]. Returns the status.
 */
static napi_value gopher_stats_fn(napi_env env, napi_callback_info info) {
  napi_value argv[10];
  if (!call_args(env, info, argv, 10, "gopherStats")) return NULL;
  props_t p;
  stops_t stops;
  size_t ns, ne, nc, nl, nh, nw, cap;
  uint32_t size;
  if (!lines_props_arg(env, argv[0], &p)) return NULL;
  const int32_t *starts = typed_array_data(env, argv[2], &ns);
  const int32_t *ends = typed_array_data(env, argv[3], &ne);
  const int32_t *counts = typed_array_data(env, argv[4], &nc);
  const int32_t *lengths = typed_array_data(env, argv[5], &nl);
  const int32_t *hashes = typed_array_data(env, argv[6], &nh);
  const int32_t *words = typed_array_data(env, argv[8], &nw);
  double *out = typed_array_data(env, argv[9], &cap);
  /* (an empty typed array may have no data pointer) */
  if (napi_get_value_uint32(env, argv[7], &size) != napi_ok ||
      (size > 0 && (!starts || !ends || !counts || !lengths || !hashes)) || size > ns ||
      size > ne || size > nc || size > nl || size > nh || !words ||
      !stops_init(&stops, words, nw) || !out || cap <= MAX_UNKNOWN + 1) {
    napi_throw_type_error(env, NULL, "gopherStats: bad word ids, stop words or output array");
    return NULL;
  }
  size_t n;
  const uint16_t *u = text_arg(env, argv[1], &n);
  if (u == NULL) return NULL;
  /* (integer sums: as exact as JavaScript's doubles below 2^53, without a chain of float adds) */
  int64_t non_symbol = 0, non_symbol_chars = 0, alpha = 0, stop_found = 0;
  /* (unsigned, so a negative start is above every end: vector code; a text of 2^32 units or
     more, far past JavaScript's longest strings, would hold every int32 end anyway) */
  uint32_t outside = 0, last = n > UINT32_MAX ? UINT32_MAX : (uint32_t)n;
  for (size_t id = 0; id < size; id++) {
    uint32_t a = (uint32_t)starts[id], b = (uint32_t)ends[id];
    outside |= (uint32_t)(a > b) | (uint32_t)(b > last);
  }
  if (outside) {
    napi_throw_range_error(env, NULL, "gopherStats: a word is outside the text");
    return NULL;
  }
  for (size_t id = 0; id < size; id++) {
    size_t a = (size_t)starts[id], b = (size_t)ends[id];
    int64_t count = counts[id];
    /* Most words start with an ASCII letter: then the word is no symbol word (its first code
       point is not one) and has a letter, from one unit and one table read. */
    uint16_t c = a < b ? u[a] : 0;
    if ((uint16_t)((c | 0x20) - 'a') < 26 && !has_static(&p, c, P_SYMBOL)) {
      non_symbol += count;
      non_symbol_chars += count * lengths[id];
      alpha += count;
    } else {
      if (!is_symbol_word(&p, u, a, b)) {
        non_symbol += count;
        non_symbol_chars += count * lengths[id];
      }
      if (has_alpha(&p, u, a, b)) alpha += count;
    }
    stop_found += is_stop_word(&stops, u, a, b, hashes[id]);
  }
  if (p.n_unknown > 0) {
    out[0] = (double)p.n_unknown;
    for (size_t k = 0; k < p.n_unknown; k++) out[1 + k] = p.unknown[k];
    return lines_status_value(env, STATUS_UNKNOWN);
  }
  text_counts_t t;
  count_text(&p, u, n, &t);
  double results[9] = {(double)non_symbol, (double)non_symbol_chars, (double)alpha,
                       (double)stop_found, t.hashes, t.ellipses, t.lines, t.bullets,
                       t.end_ellipsis};
  memcpy(out, results, sizeof results);
  return lines_status_value(env, STATUS_OK);
}

napi_status register_lines_stats(napi_env env, napi_value exports) {
  return export_function(env, exports, "gopherStats", gopher_stats_fn);
}
