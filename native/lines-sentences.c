/*
 * spaCy's sentences of c4_quality's kept lines, counted on the document's token spans
 * (src/text/sentences.ts countSentencesIn is the reference twin).
 */
#include "lines.h"

/* spaCy's Sentencizer classes of a token: starts a sentence, is a punct char, is only is_punct. */
enum { T_OTHER, T_PUNCT_CHAR, T_PUNCT };

static int token_class(props_t *p, const uint16_t *u, size_t a, size_t b) {
  uint16_t c = u[a];
  if ((c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')) return T_OTHER;
  size_t len;
  uint32_t cp = code_point(u, a, b, &len);
  if (b - a == len && has_static(p, cp, P_SENTENCE)) return T_PUNCT_CHAR;
  for (size_t i = a; i < b; i += len) {
    cp = code_point(u, i, b, &len);
    if (!has_category(p, cp, P_PUNCT)) return T_OTHER;
  }
  return T_PUNCT;
}

/*
 * The first token of [k, k1) that is one code point of spaCy's sentence punctuation (T_PUNCT_CHAR),
 * k1 when none. Most tokens are not: each is looked at without a branch on its length or its
 * first unit (a mispredicted branch per short token was a third of the kernel), and only a
 * two-unit token that starts with a high surrogate is checked further. Token spans are checked
 * to lie in the text, so u[starts[k]] is there.
 */
static size_t next_punct_char(const props_t *p, const uint16_t *u, const int32_t *starts,
                              const int32_t *ends, size_t k, size_t k1) {
  for (; k < k1; k++) {
    uint32_t a = (uint32_t)starts[k], len = (uint32_t)ends[k] - a;
    uint16_t c = u[a];
    unsigned one = (len == 1) & (p->flags[c] >> 6); /* P_SENTENCE is 0x40 */
    unsigned pair = (len == 2) & is_high(c);
    if ((one | pair) == 0) continue;
    if (one) return k;
    size_t cp_len;
    if (has_static(p, code_point(u, a, a + 2, &cp_len), P_SENTENCE) && cp_len == 2) return k;
  }
  return k1;
}

/*
 * src/text/sentences.ts countSentencesIn over tokens [k0, k1), without a trailing space token.
 * Until a punct char is seen, no other token counts: the loop skips to the next one-code-point
 * token of sentence punctuation, and classifies tokens only after it.
 */
int32_t lines_count_sentences(props_t *p, const uint16_t *u, const int32_t *starts,
                              const int32_t *ends, const uint8_t *gaps, size_t k0, size_t k1,
                              uint8_t gap_ws) {
  if (k0 >= k1) return 0;
  int32_t sentences = 1;
  for (size_t k = k0; k < k1;) {
    k = next_punct_char(p, u, starts, ends, k, k1);
    /* token k (if any) is a punct char: the next sentence starts at a whitespace token or at
       the next token that is neither is_punct nor a punct char */
    for (k++; k < k1; k++) {
      if (gaps[k] == gap_ws) {
        sentences++;
        break; /* token k is looked at again, with no punct char seen */
      }
      if (token_class(p, u, (size_t)starts[k], (size_t)ends[k]) == T_OTHER) {
        sentences++;
        k++;
        break;
      }
    }
  }
  return sentences;
}

/*
 * The first k in [lo, hi) with starts[k] >= at (hi when none); `starts` ascends. A galloping
 * search: the next kept line's tokens are usually close.
 */
size_t lines_first_at(const int32_t *starts, size_t lo, size_t hi, size_t at) {
  size_t step = 1;
  while (lo + step < hi && (size_t)starts[lo + step - 1] < at) {
    lo += step;
    step *= 2;
  }
  if (lo + step < hi) hi = lo + step;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if ((size_t)starts[mid] < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
