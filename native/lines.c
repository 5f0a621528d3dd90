/*
 * c4_quality's line loop (src/scorers/c4-quality.ts is the reference twin): every line of
 * text.splitlines() classified as datatrove's C4QualityFilter does, the bad lines listed, and the
 * spaCy sentences of the kept lines counted on the document's token spans. A kept line that lost
 * a citation is handed back: JavaScript tokenizes it again (spaCy's tokenizer lives there).
 */
#include "lines.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Option bits of c4Lines' `options[0]` (src/native/lines.ts). */
#define O_CITATIONS 0x01
#define O_TERMINAL 0x02
#define O_LOREM 0x04
#define O_JAVASCRIPT 0x08
#define O_CURLY 0x10
#define O_POLICY 0x20
#define O_SENTENCES 0x40

/* True when Python's whitespace below 0x80 is \t-\r and \x1c-" " in the table (ascii_words). */
static int ascii_spaces_standard(const props_t *p) {
  for (uint16_t c = 0; c < 0x80; c++)
    if (is_space(p, c) != ((c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x20))) return 0;
  return 1;
}

#if defined(__SSE2__)
/*
 * The words that start in u[i, i + 8), all below 0x80 (else -1), given whether the unit before
 * is whitespace (*space, updated): 8 units a step instead of a table read per unit.
 */
static inline int ascii_words(const uint16_t *u, size_t i, unsigned *space) {
  const __m128i ascii = _mm_set1_epi16(0x7f), four = _mm_set1_epi16(4), zero = _mm_setzero_si128();
  __m128i c = _mm_loadu_si128((const __m128i *)(u + i));
  if (_mm_movemask_epi8(_mm_cmpeq_epi16(_mm_subs_epu16(c, ascii), zero)) != 0xffff) return -1;
  /* \t-\r and \x1c-" ": c - 9 or c - 0x1c at most 4, unsigned */
  __m128i tab = _mm_cmpeq_epi16(_mm_subs_epu16(_mm_sub_epi16(c, _mm_set1_epi16(9)), four), zero);
  __m128i sep = _mm_cmpeq_epi16(_mm_subs_epu16(_mm_sub_epi16(c, _mm_set1_epi16(0x1c)), four), zero);
  unsigned m = (unsigned)_mm_movemask_epi8(_mm_packs_epi16(_mm_or_si128(tab, sep), zero));
  unsigned starts = ~m & ((m << 1) | *space) & 0xff;
  *space = (m >> 7) & 1;
  return __builtin_popcount(starts);
}
#endif

/*
 * True when u[a, b) has at least `min` whitespace-separated words; `ascii` when the table's
 * whitespace below 0x80 is the standard one (ascii_spaces_standard).
 */
static int has_words(const props_t *p, const uint16_t *u, size_t a, size_t b, int32_t min,
                     int ascii) {
  if (min <= 0) return 1;
  int32_t words = 0;
  unsigned space = 1; /* the unit before is whitespace (or the line starts) */
  size_t i = a;
#if defined(__SSE2__)
  for (; ascii && i + 8 <= b; i += 8) {
    int found = ascii_words(u, i, &space);
    if (found < 0) { /* a unit above 0x7f: these 8 by the table */
      for (size_t stop = i + 8, j = i; j < stop; j++) {
        unsigned next = (unsigned)is_space(p, u[j]);
        words += space & !next;
        space = next;
      }
    } else words += found;
    if (words >= min) return 1;
  }
#else
  (void)ascii;
#endif
  /* Without a branch per unit; the count is looked at every 16 units. */
  while (i < b) {
    for (size_t stop = b - i > 16 ? i + 16 : b; i < stop; i++) {
      unsigned next = (unsigned)is_space(p, u[i]);
      words += space & !next;
      space = next;
    }
    if (words >= min) return 1;
  }
  return words >= min;
}

/*
 * True when a whitespace-separated word of u[a, b) has more than `max` code points. Such a word
 * has more than `max` units, so the scan jumps `max` units at a time and looks back for a space
 * (web pages have many lines longer than 1,000 units, few words that long).
 */
static int has_long_word(const props_t *p, const uint16_t *u, size_t a, size_t b, size_t max) {
  size_t w = a; /* a word starts here, or a space is here */
  while (w + max < b) {
    size_t j = w + max + 1;
    while (j > w && !is_space(p, u[j - 1])) j--;
    if (j > w) {
      w = j; /* u[j - 1] is a space: no word from before it reaches past w + max */
      continue;
    }
    /* u[w, w + max] holds no space: the word from w has more than `max` units */
    size_t e = w + max + 1, cps = 0;
    while (e < b && !is_space(p, u[e])) e++;
    for (size_t i = w; i < e; i++) cps += !(is_low(u[i]) && i > w && is_high(u[i - 1]));
    if (cps > max) return 1;
    w = e;
  }
  return 0;
}

/* What the line loop needs besides the text: the caller's arguments, read once. */
typedef struct {
  props_t props;
  const phrases_t *phrases;
  int32_t bits, max_word, min_words;
  uint8_t gap_ws;
  int ascii_spaces; /* ascii_spaces_standard */
  const int32_t *starts, *ends;
  const uint8_t *gaps;
  size_t tokens;
} c4_args_t;

/* What the pass over a line saw in it: a "[" or a "{". */
#define L_BRACKET 1
#define L_CURLY 2

/* Where the pass over the text stops: line breaks, "[", "{" and high surrogates. */
static const stops_at_t C4_STOPS = {{'[', '{', 0x85, 0x85}, {0xfffe, 0xfc00}, {0x2028, 0xd800}};

/*
 * The reason code of the line u[start, end) (0: kept), as classifyLine in c4-quality.ts, given
 * what the pass saw in it (`seen`); its stripped range in *a, *b, and in *cited whether it lost
 * a citation and changed length. -1 when memory ran out.
 */
static int classify(c4_args_t *x, const uint16_t *u, size_t n, size_t start, size_t end,
                    int seen, uint16_t **scratch, uint8_t **bytes, size_t *a_out, size_t *b_out,
                    int *cited) {
  const props_t *p = &x->props;
  size_t a = start, b = end;
  while (a < b && is_space(p, u[a])) a++;
  while (b > a && is_space(p, u[b - 1])) b--;
  *a_out = a;
  *b_out = b;
  *cited = 0;
  if (x->max_word != -1 && b - a > (size_t)x->max_word &&
      has_long_word(p, u, a, b, (size_t)x->max_word))
    return 1;
  /* The line as the checks below read it: the stretch u[a, b), or it without its citations. */
  const uint16_t *line = u + a;
  size_t len = b - a;
  int bracket = (x->bits & O_CITATIONS) && (seen & L_BRACKET);
  if (bracket) {
    if (*scratch == NULL && (*scratch = malloc((n + 1) * sizeof(uint16_t))) == NULL) return -1;
    len = lines_remove_citations(&x->props, u, a, b, *scratch);
    line = *scratch;
    *cited = len != b - a;
  }
  if (x->bits & O_TERMINAL) {
    uint16_t last = len > 0 ? line[len - 1] : 0;
    if (last != '.' && last != '?' && last != '!' && last != '"' && last != '\'') return 2;
    if (last == '.' && len >= 3 && line[len - 2] == '.' && line[len - 3] == '.') return 2;
  }
  if (!has_words(p, u, a, b, x->min_words, x->ascii_spaces)) return 3;
  int curly = 0;
  if (x->bits & O_CURLY) {
    if (bracket) {
      for (size_t i = 0; i < len && !curly; i++) curly = line[i] == '{';
    } else curly = (seen & L_CURLY) != 0;
  }
  /* Only the lines that got this far are searched (matches hold only letters and " ", so
     each lies inside one line's stripped stretch). */
  int32_t cls;
  if (bracket) cls = lines_phrases_in(x->phrases, line, len);
  else {
    if (*bytes == NULL) {
      if ((*bytes = malloc(n + PHRASE_PAD)) == NULL) return -1;
      lines_phrase_bytes(u, n, *bytes);
    }
    cls = lines_phrases_in_bytes(x->phrases, *bytes, u, a, b);
  }
  if ((x->bits & O_LOREM) && (cls & C_LOREM)) return 6;
  if ((x->bits & O_JAVASCRIPT) && (cls & C_JAVASCRIPT)) return 4;
  if (curly) return 7;
  if ((x->bits & O_POLICY) && (cls & C_POLICY)) return 5;
  return 0;
}

/*
 * Classifies every line into `out`: the header (lines, counts by reason code, sentences, records),
 * then one record [start, end, code] per line that is bad (code > 0, its range in code points)
 * or kept but lost a citation (code 0, its stripped range in UTF-16 units: JavaScript counts its
 * sentences), in text order. Returns the status; with STATUS_SHORT, out[0] is the length needed.
 * One pass finds the lines, and what classify needs to know of them, as it goes.
 */
static int c4_lines(c4_args_t *x, const uint16_t *u, size_t n, int32_t *out, size_t cap) {
  uint16_t *scratch = NULL; /* a line without its citations, allocated at the first "[" */
  uint8_t *bytes = NULL;    /* lines_phrase_bytes of the text, made at the first phrase check */
  int32_t counts[8] = {0};
  int32_t lines = 0, sentences = 0, records = 0;
  size_t pairs = 0, line_pairs = 0; /* surrogate pairs before the unit scanned, the line */
  size_t next_token = 0, need = HEADER;
  int seen = 0;
  for (size_t start = 0, i = 0; start < n;) {
    i = next_stop(u, n, i, &C4_STOPS);
    if (i < n && !is_line_break(u[i])) {
      uint16_t c = u[i++];
      if (c == '[') seen |= L_BRACKET;
      else if (c == '{') seen |= L_CURLY;
      else if (is_high(c) && i < n && is_low(u[i])) {
        pairs++;
        i++;
      }
      continue;
    }
    /* The line u[start, i) ends here; the next starts after its break ("\r\n" is one). */
    size_t end = i, a, b;
    if (i < n) i += u[i] == 0x0d && i + 1 < n && u[i + 1] == 0x0a ? 2 : 1;
    int cited;
    lines++;
    int code = classify(x, u, n, start, end, seen, &scratch, &bytes, &a, &b, &cited);
    if (code < 0) {
      free(scratch);
      free(bytes);
      return -1;
    }
    counts[code]++;
    int32_t record[3] = {(int32_t)a, (int32_t)b, code};
    if (code == 0 && !(x->bits & O_SENTENCES)) record[2] = -1;
    else if (code == 0 && !cited) {
      size_t first = lines_first_at(x->starts, next_token, x->tokens, a);
      next_token = lines_first_at(x->starts, first, x->tokens, b);
      int32_t s = lines_count_sentences(&x->props, u, x->starts, x->ends, x->gaps, first,
                                        next_token, x->gap_ws);
      sentences += s > 1 ? s : 1;
      record[2] = -1;
    } else if (code != 0) {
      record[0] = (int32_t)(start - line_pairs);
      record[1] = (int32_t)(end - pairs);
    }
    if (record[2] >= 0) {
      records++;
      if (need + 3 <= cap) memcpy(out + need, record, sizeof record);
      need += 3;
    }
    start = i;
    seen = 0;
    line_pairs = pairs;
  }
  free(scratch);
  free(bytes);
  if (x->props.n_unknown > 0) {
    lines_write_unknown(&x->props, out);
    return STATUS_UNKNOWN;
  }
  if (need > cap) {
    out[0] = need > INT32_MAX ? INT32_MAX : (int32_t)need;
    return STATUS_SHORT;
  }
  out[0] = lines;
  for (int k = 0; k < 8; k++) out[1 + k] = counts[k];
  out[9] = sentences;
  out[10] = records;
  return STATUS_OK;
}

/*
 * c4Lines(flags, phrases, text, starts, ends, gaps, options, out): the line loop of c4_quality
 * (see c4_lines). `flags` is the property table, `phrases` what c4Phrases made of the phrases,
 * `starts`/`ends`/`gaps` the document's token spans (read when sentences are counted),
 * `options` [bits, max_word_length, min_words_per_line, GAP_WS, token count].
 */
static napi_value c4_lines_fn(napi_env env, napi_callback_info info) {
  napi_value argv[8];
  if (!call_args(env, info, argv, 8, "c4Lines")) return NULL;
  c4_args_t x;
  size_t no, cap, ns = 0, ne = 0, ng = 0;
  if (!lines_props_arg(env, argv[0], &x.props)) return NULL;
  const phrases_t *phrases = lines_phrases_arg(env, argv[1]);
  const int32_t *options = typed_array_data(env, argv[6], &no);
  int32_t *out = typed_array_data(env, argv[7], &cap);
  if (phrases == NULL || options == NULL || no < 5 ||
      out == NULL || cap <= MAX_UNKNOWN + 1) {
    napi_throw_type_error(env, NULL, "c4Lines: bad phrases, options or output array");
    return NULL;
  }
  x.phrases = phrases;
  x.bits = options[0];
  x.max_word = options[1];
  x.min_words = options[2];
  x.gap_ws = (uint8_t)options[3];
  x.ascii_spaces = ascii_spaces_standard(&x.props);
  x.tokens = 0;
  x.starts = x.ends = NULL;
  x.gaps = NULL;
  if (x.bits & O_SENTENCES) {
    x.starts = typed_array_data(env, argv[3], &ns);
    x.ends = typed_array_data(env, argv[4], &ne);
    x.gaps = typed_array_data(env, argv[5], &ng);
    x.tokens = options[4] < 0 ? 0 : (size_t)options[4];
    /* (an empty typed array may have no data pointer) */
    if (x.tokens > 0 && (x.starts == NULL || x.ends == NULL || x.gaps == NULL || x.tokens > ns ||
                         x.tokens > ne || x.tokens > ng)) {
      napi_throw_type_error(env, NULL, "c4Lines: bad token spans");
      return NULL;
    }
  }
  size_t n;
  const uint16_t *u = text_arg(env, argv[2], &n);
  if (u == NULL) return NULL;
  if (n > INT32_MAX) {
    napi_throw_range_error(env, NULL, "c4Lines: text longer than 2^31 units");
    return NULL;
  }
  /* Token spans lie inside the text (JavaScript made them from it); checked, not trusted. */
  /* (unsigned: a negative start is above every end; a loop the compiler makes vector code of) */
  uint32_t outside = 0;
  for (size_t k = 0; k < x.tokens; k++) {
    uint32_t a = (uint32_t)x.starts[k], b = (uint32_t)x.ends[k];
    outside |= (uint32_t)(a >= b) | (uint32_t)(b > (uint32_t)n);
  }
  if (outside) {
    napi_throw_range_error(env, NULL, "c4Lines: a token span is outside the text");
    return NULL;
  }
  int status = c4_lines(&x, u, n, out, cap);
  if (status < 0) {
    napi_throw_error(env, NULL, "c4Lines: out of memory");
    return NULL;
  }
  return lines_status_value(env, status);
}

napi_status register_lines(napi_env env, napi_value exports) {
  napi_status status = export_function(env, exports, "c4Lines", c4_lines_fn);
  if (status == napi_ok) status = register_lines_phrases(env, exports);
  if (status != napi_ok) return status;
  return register_lines_stats(env, exports);
}
