/*
 * What c4_quality looks for inside a line (native/lines.c): its phrases, found as JavaScript's
 * toLowerCase() and includes() would find them, and its citation markers, removed as
 * String.replace with src/scorers/c4-phrases.ts CITATION removes them.
 */
#include "lines.h"

#include <stdlib.h>
#include <string.h>

/* x86-64 with gcc or clang: an AVX2 build of the phrase scan, chosen when the processor has it. */
#if defined(__x86_64__) && defined(__SSE2__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define AVX2_SCAN 1
#else
#define AVX2_SCAN 0
#endif

/*
 * The code of a unit as JavaScript's toLowerCase() would make it: ASCII letters of either case
 * and the Kelvin sign (which lowercases to "k") are letters, " " is itself, anything else 0.
 * No other character lowercases to a single ASCII letter, and U+0130 lowercases to "i" plus a
 * combining dot, which no phrase has after an "i": so a phrase is in a line's toLowerCase()
 * exactly where the line's codes spell it.
 */
static const uint8_t ASCII_CODE[128] = {
  ['a'] = 1,  ['b'] = 2,  ['c'] = 3,  ['d'] = 4,  ['e'] = 5,  ['f'] = 6,  ['g'] = 7,  ['h'] = 8,
  ['i'] = 9,  ['j'] = 10, ['k'] = 11, ['l'] = 12, ['m'] = 13, ['n'] = 14, ['o'] = 15, ['p'] = 16,
  ['q'] = 17, ['r'] = 18, ['s'] = 19, ['t'] = 20, ['u'] = 21, ['v'] = 22, ['w'] = 23, ['x'] = 24,
  ['y'] = 25, ['z'] = 26, ['A'] = 1,  ['B'] = 2,  ['C'] = 3,  ['D'] = 4,  ['E'] = 5,  ['F'] = 6,
  ['G'] = 7,  ['H'] = 8,  ['I'] = 9,  ['J'] = 10, ['K'] = 11, ['L'] = 12, ['M'] = 13, ['N'] = 14,
  ['O'] = 15, ['P'] = 16, ['Q'] = 17, ['R'] = 18, ['S'] = 19, ['T'] = 20, ['U'] = 21, ['V'] = 22,
  ['W'] = 23, ['X'] = 24, ['Y'] = 25, ['Z'] = 26, [' '] = 27,
};

static inline uint8_t code_of(uint16_t c) {
  return c < 0x80 ? ASCII_CODE[c] : c == 0x212a ? 11 : 0;
}

/*
 * How common each code is in English text, roughly (letters per thousand units; " " and the
 * vowels most): only the speed of lines_phrases_in_bytes depends on it, which looks for each
 * phrase's first unit and its rarest other unit. "k" is never an anchor (the Kelvin sign is
 * one too).
 */
static const uint8_t COMMON[28] = {
  255, 82, 15, 28, 43, 127, 22, 20, 61, 70, 2, 255, 40, 24, 67, 75,
  19, 1, 60, 63, 91, 28, 10, 24, 2, 20, 1, 180,
};

static void choose_anchors(phrases_t *ph) {
  ph->anchored = 1;
#if AVX2_SCAN
  ph->avx2 = __builtin_cpu_supports("avx2") != 0;
#else
  ph->avx2 = 0;
#endif
  for (size_t k = 0; k < ph->count; k++) {
    const uint8_t *c = ph->codes[k];
    size_t best = 0;
    for (size_t j = 1; j < ph->len[k]; j++)
      if (c[j] != 11 && (best == 0 || COMMON[c[j]] < COMMON[c[best]])) best = j;
    /* (a phrase that starts with "k", or has nothing but "k" after its first unit, has no
       anchors: lines_phrases_in_bytes falls back to the unit scan for such tables) */
    ph->anchor[k] = c[0] == 11 ? 0 : best;
    if (ph->anchor[k] == 0) ph->anchored = 0;
    memset(ph->first[k], c[0] == 27 ? ' ' : 'a' + c[0] - 1, sizeof ph->first[k]);
    memset(ph->second[k], c[best] == 27 ? ' ' : 'a' + c[best] - 1, sizeof ph->second[k]);
  }
}

/* Reads `phrases` ([count, then class, length, units... per phrase]); 0 when malformed. */
int lines_phrases_init(phrases_t *ph, const int32_t *p, size_t n) {
  if (n < 1 || p[0] < 1 || p[0] > MAX_PHRASES) return 0;
  ph->count = (size_t)p[0];
  ph->window = MAX_PHRASE;
  size_t at = 1;
  for (size_t k = 0; k < ph->count; k++) {
    if (at + 2 > n || p[at + 1] < 2 || p[at + 1] > MAX_PHRASE || at + 2 + p[at + 1] > n) return 0;
    ph->cls[k] = p[at];
    ph->len[k] = (size_t)p[at + 1];
    for (size_t j = 0; j < ph->len[k]; j++) {
      int32_t c = p[at + 2 + j];
      uint8_t code = c >= 0 && c < 0x80 ? code_of((uint16_t)c) : 0;
      if (code == 0 || c != (c | 0x20)) return 0; /* lowercase letters and " " only */
      ph->codes[k][j] = code;
    }
    if (ph->len[k] < ph->window) ph->window = ph->len[k];
    at += 2 + ph->len[k];
  }
  if (ph->window < 3) return 0;
  choose_anchors(ph);
  /* Windows of `window` units move by what their last three codes allow. */
  memset(ph->shift, (int)(ph->window - 2), sizeof ph->shift);
  for (size_t k = 0; k < ph->count; k++) {
    for (size_t j = 2; j < ph->window; j++) {
      const uint8_t *c = ph->codes[k];
      size_t tri = (c[j - 2] * 32u + c[j - 1]) * 32u + c[j];
      if (ph->shift[tri] > ph->window - 1 - j) ph->shift[tri] = (uint8_t)(ph->window - 1 - j);
    }
  }
  return 1;
}

/*
 * The first phrase match starting at or after `from` in u[..n): its start (n when none), with
 * the classes of every phrase that starts there in *cls.
 */
size_t lines_next_phrase(const phrases_t *ph, const uint16_t *u, size_t n, size_t from,
                         int32_t *cls) {
  size_t w = ph->window;
  for (size_t i = from + w - 1; i < n;) {
    size_t tri = (code_of(u[i - 2]) * 32u + code_of(u[i - 1])) * 32u + code_of(u[i]);
    size_t s = ph->shift[tri];
    if (s != 0) {
      i += s;
      continue;
    }
    size_t start = i + 1 - w;
    int32_t found = 0;
    for (size_t k = 0; k < ph->count; k++) {
      size_t len = ph->len[k];
      if (start + len > n) continue;
      size_t j = 0;
      while (j < len && code_of(u[start + j]) == ph->codes[k][j]) j++;
      if (j == len) found |= ph->cls[k];
    }
    if (found) {
      *cls = found;
      return start;
    }
    i++;
  }
  *cls = 0;
  return n;
}

/* The classes of every phrase in u[0, n). */
int32_t lines_phrases_in(const phrases_t *ph, const uint16_t *u, size_t n) {
  int32_t all = 0, cls;
  for (size_t at = lines_next_phrase(ph, u, n, 0, &cls); at < n;
       at = lines_next_phrase(ph, u, n, at + 1, &cls))
    all |= cls;
  return all;
}

void lines_phrase_bytes(const uint16_t *u, size_t n, uint8_t *out) {
  size_t i = 0;
#if defined(__SSE2__)
  const __m128i lower = _mm_set1_epi8(0x20);
  /* (packus saturates 0x100-0x7fff to 0xff and 0x8000-0xffff to 0, which "|" makes " ":
     a unit that is no phrase's may read as " ", which the check on u then rejects) */
  for (; i + 16 <= n; i += 16) {
    __m128i lo = _mm_loadu_si128((const __m128i *)(u + i));
    __m128i hi = _mm_loadu_si128((const __m128i *)(u + i + 8));
    _mm_storeu_si128((__m128i *)(out + i), _mm_or_si128(_mm_packus_epi16(lo, hi), lower));
  }
#endif
  for (; i < n; i++) out[i] = (uint8_t)((u[i] < 0x100 ? u[i] : 0xff) | 0x20);
  memset(out + n, 0, PHRASE_PAD);
}

/* The classes of the phrases that start at u[q] and end by u[b]. */
static int32_t phrases_at(const phrases_t *ph, const uint16_t *u, size_t q, size_t b) {
  int32_t found = 0;
  for (size_t k = 0; k < ph->count; k++) {
    size_t len = ph->len[k], j = 0;
    if (q + len > b) continue;
    while (j < len && code_of(u[q + j]) == ph->codes[k][j]) j++;
    if (j == len) found |= ph->cls[k];
  }
  return found;
}

#if AVX2_SCAN
/* lines_phrases_in_bytes' scan, 32 positions a step (for processors that have AVX2). */
__attribute__((target("avx2"))) static int32_t scan_avx2(const phrases_t *ph,
                                                         const uint8_t *bytes,
                                                         const uint16_t *u, size_t a, size_t b) {
  int32_t found = 0;
  size_t count = ph->count, last = b - ph->window;
  for (size_t q = a; q <= last; q += 32) {
    __m256i at = _mm256_loadu_si256((const __m256i *)(bytes + q)), hit = _mm256_setzero_si256();
    for (size_t k = 0; k < count; k++) {
      __m256i pair = _mm256_loadu_si256((const __m256i *)(bytes + q + ph->anchor[k]));
      __m256i first = _mm256_loadu_si256((const __m256i *)ph->first[k]);
      __m256i second = _mm256_loadu_si256((const __m256i *)ph->second[k]);
      pair = _mm256_and_si256(_mm256_cmpeq_epi8(at, first), _mm256_cmpeq_epi8(pair, second));
      hit = _mm256_or_si256(hit, pair);
    }
    for (uint32_t mask = (uint32_t)_mm256_movemask_epi8(hit); mask != 0; mask &= mask - 1) {
      size_t start = q + (size_t)__builtin_ctz(mask);
      if (start > last) break;
      found |= phrases_at(ph, u, start, b);
    }
  }
  return found;
}
#endif

int32_t lines_phrases_in_bytes(const phrases_t *ph, const uint8_t *bytes, const uint16_t *u,
                               size_t a, size_t b) {
#if defined(__SSE2__)
  int32_t found = 0;
  if (b - a < ph->window) return 0;
  if (!ph->anchored) return lines_phrases_in(ph, u + a, b - a);
#if AVX2_SCAN
  if (ph->avx2) return scan_avx2(ph, bytes, u, a, b);
#endif
  size_t count = ph->count;
  /* Every q in [a, last] may start a phrase; 16 at a time, reading up to 16 + MAX_PHRASE
     units past b (32 + MAX_PHRASE with AVX2: PHRASE_PAD) */
  size_t last = b - ph->window;
  for (size_t q = a; q <= last; q += 16) {
    __m128i at = _mm_loadu_si128((const __m128i *)(bytes + q)), hit = _mm_setzero_si128();
    for (size_t k = 0; k < count; k++) {
      __m128i pair = _mm_loadu_si128((const __m128i *)(bytes + q + ph->anchor[k]));
      __m128i first = _mm_loadu_si128((const __m128i *)ph->first[k]);
      __m128i second = _mm_loadu_si128((const __m128i *)ph->second[k]);
      pair = _mm_and_si128(_mm_cmpeq_epi8(at, first), _mm_cmpeq_epi8(pair, second));
      hit = _mm_or_si128(hit, pair);
    }
    for (unsigned mask = (unsigned)_mm_movemask_epi8(hit); mask != 0; mask &= mask - 1) {
      size_t start = q + (size_t)__builtin_ctz(mask);
      if (start > last) break;
      found |= phrases_at(ph, u, start, b);
    }
  }
  return found;
#else
  (void)bytes;
  return lines_phrases_in(ph, u + a, b - a);
#endif
}

/*
 * u[a, b) with C4's citation markers removed (`\[\p{Nd}*\]|\[edit\]|\[citation needed\]`, as
 * String.replace with the global flag finds them) into `out`; returns its length.
 */
size_t lines_remove_citations(props_t *p, const uint16_t *u, size_t a, size_t b, uint16_t *out) {
  static const char *const words[2] = {"[edit]", "[citation needed]"};
  size_t n = 0;
  for (size_t i = a; i < b;) {
    if (u[i] == '[') {
      size_t j = i + 1, len;
      while (j < b) {
        uint32_t cp = code_point(u, j, b, &len);
        if (!(cp >= '0' && cp <= '9') && (cp < 0x80 || !has_category(p, cp, P_DIGIT))) break;
        j += len;
      }
      size_t end = j < b && u[j] == ']' ? j + 1 : 0;
      for (int w = 0; w < 2 && end == 0; w++) {
        size_t k = 0, m = strlen(words[w]);
        while (k < m && i + k < b && u[i + k] == (uint16_t)words[w][k]) k++;
        if (k == m) end = i + m;
      }
      if (end != 0) {
        i = end;
        continue;
      }
    }
    out[n++] = u[i++];
  }
  return n;
}

/* Marks the externals c4Phrases makes, so that c4Lines takes no other for them. */
static const napi_type_tag PHRASES_TAG = {0x6c696e6573706872ULL, 0x61736573c4c4c4c4ULL};

const phrases_t *lines_phrases_arg(napi_env env, napi_value value) {
  bool tagged = false;
  void *data = NULL;
  if (napi_check_object_type_tag(env, value, &PHRASES_TAG, &tagged) != napi_ok || !tagged ||
      napi_get_value_external(env, value, &data) != napi_ok)
    return NULL;
  return data;
}

static void free_phrases(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  free(data);
}

/*
 * c4Phrases(phrases[, narrow]): the phrases and their scan table, built once per thread (an
 * external). With `narrow` true, the scan keeps to 16 positions a step even where AVX2 is
 * there (the tests compare the two).
 */
static napi_value c4_phrases_fn(napi_env env, napi_callback_info info) {
  napi_value argv[2], external;
  size_t n, argc = 2;
  bool narrow = false;
  if (!call_args(env, info, argv, 1, "c4Phrases")) return NULL;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok) return NULL;
  if (argc > 1 && napi_get_value_bool(env, argv[1], &narrow) != napi_ok) narrow = false;
  const int32_t *p = typed_array_data(env, argv[0], &n);
  phrases_t *ph = malloc(sizeof *ph);
  if (ph == NULL) {
    napi_throw_error(env, NULL, "c4Phrases: out of memory");
    return NULL;
  }
  if (p == NULL || !lines_phrases_init(ph, p, n)) {
    free(ph);
    napi_throw_type_error(env, NULL, "c4Phrases: phrases of a-z and spaces, 3-64 units");
    return NULL;
  }
  if (narrow) ph->avx2 = 0;
  if (napi_create_external(env, ph, free_phrases, NULL, &external) != napi_ok) {
    free(ph);
    return NULL;
  }
  if (napi_type_tag_object(env, external, &PHRASES_TAG) != napi_ok) return NULL;
  return external;
}

napi_status register_lines_phrases(napi_env env, napi_value exports) {
  return export_function(env, exports, "c4Phrases", c4_phrases_fn);
}
