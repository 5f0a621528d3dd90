/*
 * What the line-level kernels (native/lines.c: c4_quality; native/lines-stats.c: gopher_quality,
 * fineweb_quality) share: the per-code-point property table that JavaScript owns and fills, the
 * protocol for properties it has not worked out yet, and Python's str helpers over UTF-16 units.
 */
#ifndef WINNOW_LINES_H
#define WINNOW_LINES_H
#include "kernels.h"

#include <stdbool.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/*
 * Bits of the property table (src/native/lines.ts builds it, one byte per code point, 0x110000
 * bytes). The static bits come from JavaScript's own lists at start; the Unicode categories
 * (L*, P*, Nd) are those of JavaScript's regular expressions, worked out by JavaScript for each
 * code point the first time a kernel asks (KNOWN marks them done).
 */
#define P_KNOWN 0x01
#define P_LETTER 0x02   /* \p{L}: Python str.isalpha() */
#define P_PUNCT 0x04    /* \p{P}: spaCy Token.is_punct */
#define P_DIGIT 0x08    /* \p{Nd}: the digits of C4's citation markers */
#define P_TERMINAL 0x10 /* datatrove TERMINAL_PUNCTUATION */
#define P_SYMBOL 0x20   /* datatrove PUNCTUATION_SET */
#define P_SENTENCE 0x40 /* spaCy Sentencizer.default_punct_chars */
#define P_SPACE 0x80    /* Python str.isspace() */

/* A kernel's status: done, the output array is too short, or properties are missing. */
#define STATUS_OK 0
#define STATUS_SHORT 1
#define STATUS_UNKNOWN 2

#define MAX_UNKNOWN 256

/* The property table and the code points a call found without their categories. */
typedef struct {
  const uint8_t *flags;
  int32_t unknown[MAX_UNKNOWN];
  size_t n_unknown;
} props_t;

/* True when `cp` has the static property `bit` (no category: never unknown). */
static inline int has_static(const props_t *p, uint32_t cp, uint8_t bit) {
  return (p->flags[cp] & bit) != 0;
}

/*
 * True when `cp` is in the category `bit`. A code point whose categories JavaScript has not
 * worked out yet is noted (the call's answer is then discarded and asked again) and reads false.
 */
static inline int has_category(props_t *p, uint32_t cp, uint8_t bit) {
  uint8_t f = p->flags[cp];
  if (f & P_KNOWN) return (f & bit) != 0;
  if (p->n_unknown < MAX_UNKNOWN &&
      (p->n_unknown == 0 || p->unknown[p->n_unknown - 1] != (int32_t)cp))
    p->unknown[p->n_unknown++] = (int32_t)cp;
  return 0;
}

static inline int is_high(uint16_t c) { return c >= 0xd800 && c <= 0xdbff; }
static inline int is_low(uint16_t c) { return c >= 0xdc00 && c <= 0xdfff; }

/* The code point at u[i] of u[..end) (a lone surrogate is itself) and its units in *len. */
static inline uint32_t code_point(const uint16_t *u, size_t i, size_t end, size_t *len) {
  uint16_t c = u[i];
  if (is_high(c) && i + 1 < end && is_low(u[i + 1])) {
    *len = 2;
    return 0x10000 + (((uint32_t)c - 0xd800) << 10) + ((uint32_t)u[i + 1] - 0xdc00);
  }
  *len = 1;
  return c;
}

/* Python str.isspace() of one unit (every such character is in the BMP). */
static inline int is_space(const props_t *p, uint16_t c) { return has_static(p, c, P_SPACE); }

/* A boundary of Python str.splitlines() ("\r\n" is one: the caller skips its "\n"). */
static inline int is_line_break(uint16_t c) {
  return (c >= 0x0a && c <= 0x0d) || (c >= 0x1c && c <= 0x1e) || c == 0x85 || c == 0x2028 ||
         c == 0x2029;
}

/*
 * Which units a scan stops at: those below 0x20, those equal to one of `eq`, and those that
 * equal `value` once and-ed with `mask` (two such tests).
 */
typedef struct {
  uint16_t eq[4];
  uint16_t mask[2], value[2];
} stops_at_t;

static inline int stops_at(const stops_at_t *s, uint16_t c) {
  return c < 0x20 || c == s->eq[0] || c == s->eq[1] || c == s->eq[2] || c == s->eq[3] ||
         (c & s->mask[0]) == s->value[0] || (c & s->mask[1]) == s->value[1];
}

/*
 * The first unit of u[i, n) that the scan stops at (n: none): the kernels' scans skip plain text
 * with it, 8 units a step where SSE2 is there (the compiler does not make vector code of the
 * plain loop, which reads about a unit a nanosecond).
 */
static inline size_t next_stop(const uint16_t *u, size_t n, size_t i, const stops_at_t *s) {
#if defined(__SSE2__)
  const __m128i below = _mm_set1_epi16(0x1f), zero = _mm_setzero_si128();
  __m128i eq[4], mask[2], value[2];
  for (int k = 0; k < 4; k++) eq[k] = _mm_set1_epi16((short)s->eq[k]);
  for (int k = 0; k < 2; k++) {
    mask[k] = _mm_set1_epi16((short)s->mask[k]);
    value[k] = _mm_set1_epi16((short)s->value[k]);
  }
  for (; i + 8 <= n; i += 8) {
    __m128i c = _mm_loadu_si128((const __m128i *)(u + i));
    /* c - 0x1f, saturating, is 0 where c < 0x20 */
    __m128i hit = _mm_cmpeq_epi16(_mm_subs_epu16(c, below), zero);
    for (int k = 0; k < 4; k++) hit = _mm_or_si128(hit, _mm_cmpeq_epi16(c, eq[k]));
    for (int k = 0; k < 2; k++)
      hit = _mm_or_si128(hit, _mm_cmpeq_epi16(_mm_and_si128(c, mask[k]), value[k]));
    int found = _mm_movemask_epi8(hit);
    if (found != 0) return i + ((size_t)__builtin_ctz((unsigned)found) >> 1);
  }
/*
 * src/text/sentences.ts countSentencesIn over tokens [k0, k1) of the document's token spans
 * (in the text u; GAP_WS is `gap_ws`), without a trailing space token.
 */
int32_t lines_count_sentences(props_t *p, const uint16_t *u, const int32_t *starts,
                              const int32_t *ends, const uint8_t *gaps, size_t k0, size_t k1,
                              uint8_t gap_ws);

/* The first k in [lo, hi) with starts[k] >= at (hi when none); `starts` ascends. */
size_t lines_first_at(const int32_t *starts, size_t lo, size_t hi, size_t at);

#endif
  for (; i < n; i++)
    if (stops_at(s, u[i])) return i;
  return n;
}

/* Reads the common arguments: JavaScript's property table and the text. 0 on a bad argument. */
int lines_props_arg(napi_env env, napi_value value, props_t *p);

/* Returns `status` as a JavaScript number. */
napi_value lines_status_value(napi_env env, int status);

/* Copies the unknown code points to out[1..] with their count in out[0] (out holds > 256). */
void lines_write_unknown(const props_t *p, int32_t *out);

napi_status register_lines_stats(napi_env env, napi_value exports);
napi_status register_lines_phrases(napi_env env, napi_value exports);

/* Phrase classes (c4Phrases' argument): lorem ipsum, javascript, a policy notice. */
#define C_LOREM 1
#define C_JAVASCRIPT 2
#define C_POLICY 4

#define MAX_PHRASES 32
#define MAX_PHRASE 64

/* Output header: lines, counts by reason code 0-7, sentences, records. */
#define HEADER 11

/*
 * The phrases as codes (a-z: 1-26, " ": 27), and a Wu-Manber table: windows of the shortest
 * phrase's length move by what their last three units allow (pairs of units allowed so little
 * on English text that the scan took 40 % of c4Lines). Built once per thread by c4Phrases.
 */
typedef struct {
  size_t count, window;
  int32_t cls[MAX_PHRASES];
  size_t len[MAX_PHRASES];
  uint8_t codes[MAX_PHRASES][MAX_PHRASE];
  uint8_t shift[32 * 32 * 32];
  /* Two units of each phrase as lines_phrase_bytes folds them: its first, and its rarest other one
     (by English letter frequency) at offset `anchor` (lines_phrases_in_bytes looks for the
     pair). */
  uint8_t first[MAX_PHRASES][32], second[MAX_PHRASES][32]; /* copies, a vector's worth */
  size_t anchor[MAX_PHRASES];
  int anchored; /* every phrase has its two anchors (else the unit scan runs) */
  int avx2;     /* the processor runs AVX2: 32 positions a step instead of 16 */
} phrases_t;

/* How many bytes past the text lines_phrase_bytes' buffer holds (lines_phrases_in_bytes reads). */
#define PHRASE_PAD (32 + MAX_PHRASE)

/*
 * The units u[0, n) folded to one byte each for lines_phrases_in_bytes (ASCII letters lowercased; a
 * unit of a phrase keeps its byte, and a-z and " " come from no other unit but the Kelvin sign,
 * which no anchor is), then PHRASE_PAD zero bytes: out holds n + PHRASE_PAD.
 */
void lines_phrase_bytes(const uint16_t *u, size_t n, uint8_t *out);

/*
 * The classes of every phrase in u[a, b), as lines_phrases_in(u + a, b - a) gives them, found by a
 * vector scan of lines_phrase_bytes(u) for each phrase's two anchors, and confirmed on u.
 */
int32_t lines_phrases_in_bytes(const phrases_t *ph, const uint8_t *bytes, const uint16_t *u,
                               size_t a, size_t b);

/* Reads `phrases` ([count, then class, length, units... per phrase]); 0 when malformed. */
int lines_phrases_init(phrases_t *ph, const int32_t *p, size_t n);

/*
 * The first phrase match starting at or after `from` in u[..n): its start (n when none), with
 * the classes of every phrase that starts there in *cls.
 */
size_t lines_next_phrase(const phrases_t *ph, const uint16_t *u, size_t n, size_t from,
                         int32_t *cls);

/* The phrases of an external that c4Phrases made (NULL when `value` is not one). */
const phrases_t *lines_phrases_arg(napi_env env, napi_value value);

/* The classes of every phrase in u[0, n). */
int32_t lines_phrases_in(const phrases_t *ph, const uint16_t *u, size_t n);

/*
 * u[a, b) with C4's citation markers removed (`\[\p{Nd}*\]|\[edit\]|\[citation needed\]`, as
 * String.replace with the global flag finds them) into `out`; returns its length.
 */
size_t lines_remove_citations(props_t *p, const uint16_t *u, size_t a, size_t b, uint16_t *out);

/*
 * src/text/sentences.ts countSentencesIn over tokens [k0, k1) of the document's token spans
 * (in the text u; GAP_WS is `gap_ws`), without a trailing space token.
 */
int32_t lines_count_sentences(props_t *p, const uint16_t *u, const int32_t *starts,
                              const int32_t *ends, const uint8_t *gaps, size_t k0, size_t k1,
                              uint8_t gap_ws);

/* The first k in [lo, hi) with starts[k] >= at (hi when none); `starts` ascends. */
size_t lines_first_at(const int32_t *starts, size_t lo, size_t hi, size_t at);

/*
 * src/text/sentences.ts countSentencesIn over tokens [k0, k1) of the document's token spans
 * (in the text u; GAP_WS is `gap_ws`), without a trailing space token.
 */
int32_t lines_count_sentences(props_t *p, const uint16_t *u, const int32_t *starts,
                              const int32_t *ends, const uint8_t *gaps, size_t k0, size_t k1,
                              uint8_t gap_ws);

/* The first k in [lo, hi) with starts[k] >= at (hi when none); `starts` ascends. */
size_t lines_first_at(const int32_t *starts, size_t lo, size_t hi, size_t at);

#endif
