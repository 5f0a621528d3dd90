/*
 * The pre-tokenizer scanners of src/tokenize/pieces.ts in C, alternative by alternative (that
 * file explains each branch against the encodings' regexes; the tests compare both twins and
 * tiktoken). Indexes are UTF-16 units; a lone surrogate reads as itself (class 0, "other").
 */
#include "bpe-kernel.h"

#define NO_END SIZE_MAX
#define LF 10
#define CR 13
#define SP 32
#define APOS 39
#define SLASH 47

/* Code point at i; a lone surrogate reads as itself. */
static inline uint32_t cp_at(const uint16_t *s, size_t i, size_t n) {
  uint32_t c = s[i];
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
    uint32_t d = s[i + 1];
    if (d >= 0xdc00 && d <= 0xdfff) return ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
  }
  return c;
}

static inline size_t width(uint32_t cp) { return cp > 0xffff ? 2 : 1; }

/* End of the longest run from j whose code points all have one of bits. */
static size_t run_end(const uint16_t *s, size_t j, size_t n, const uint8_t *t, int bits) {
  while (j < n) {
    uint32_t c = cp_at(s, j, n);
    if ((t[c] & bits) == 0) break;
    j += width(c);
  }
  return j;
}

/* 's|'t|'re|'ve|'m|'ll|'d at i (Rust (?i:) when fold): the end, or NO_END. */
static size_t contraction_end(const uint16_t *s, size_t i, size_t n, int fold) {
  if (i + 1 >= n || s[i] != APOS) return NO_END;
  uint32_t a = s[i + 1];
  if (fold) {
    if (a == 0x17f) return i + 2; /* LONG S folds to s */
    if (a >= 65 && a <= 90) a += 32;
  }
  if (a == 's' || a == 't' || a == 'm' || a == 'd') return i + 2;
  if (i + 2 >= n) return NO_END;
  uint32_t b = s[i + 2];
  if (fold && b >= 65 && b <= 90) b += 32;
  if ((a == 'r' && b == 'e') || (a == 'v' && b == 'e') || (a == 'l' && b == 'l')) return i + 3;
  return NO_END;
}

/* \s*[\r\n]+|\s+(?!\S)|\s+ (the first when newline) for white space at i (all in the BMP). */
static size_t space_end(const uint16_t *s, size_t i, size_t n, const uint8_t *t, int newline) {
  size_t e = i + 1, last_newline = NO_END;
  if (s[i] == CR || s[i] == LF) last_newline = i;
  while (e < n) {
    uint16_t c = s[e];
    if ((t[c] & BPE_SPACE) == 0) break;
    if (c == CR || c == LF) last_newline = e;
    e++;
  }
  if (newline && last_newline != NO_END) return last_newline + 1;
  if (e == n) return e;
  if (e - i >= 2) return e - 1;
  return e;
}

/* End of a run of code points that are neither white space, letters nor numbers. */
static size_t other_end(const uint16_t *s, size_t j, size_t n, const uint8_t *t) {
  while (j < n) {
    uint32_t c = cp_at(s, j, n);
    if ((t[c] & (BPE_SPACE | BPE_LETTER | BPE_NUMBER)) != 0) break;
    j += width(c);
  }
  return j;
}

/* r50k_base and p50k_base (GPT-2's pattern). */
static size_t scan_gpt2(const uint16_t *s, size_t i, size_t n, const uint8_t *t) {
  uint32_t c = cp_at(s, i, n);
  if (c == APOS) {
    size_t e = contraction_end(s, i, n, 0);
    if (e != NO_END) return e;
  }
  /* ` ?X+` for X = \p{L}, \p{N}, other: the optional space is taken when X follows */
  size_t j = i;
  uint32_t k = c;
  if (c == SP && i + 1 < n) {
    uint32_t d = cp_at(s, i + 1, n);
    if ((t[d] & BPE_SPACE) == 0) {
      j = i + 1;
      k = d;
    }
  }
  uint8_t tk = t[k];
  if (tk & BPE_LETTER) return run_end(s, j + width(k), n, t, BPE_LETTER);
  if (tk & BPE_NUMBER) return run_end(s, j + width(k), n, t, BPE_NUMBER);
  if ((tk & BPE_SPACE) == 0) return other_end(s, j + width(k), n, t);
  return space_end(s, i, n, t, 0);
}

/* End of \p{N}{1,3} at j, where j holds a number. */
static size_t digits_end(const uint16_t *s, size_t j, size_t n, const uint8_t *t) {
  for (int count = 0; count < 3 && j < n; count++) {
    uint32_t c = cp_at(s, j, n);
    if ((t[c] & BPE_NUMBER) == 0) break;
    j += width(c);
  }
  return j;
}

/* ` ?[^\s\p{L}\p{N}]+` then `[\r\n]*` (plus `/` when slash), or NO_END. */
static size_t punct_end(const uint16_t *s, size_t i, size_t n, const uint8_t *t, uint32_t c,
                        int slash) {
  const int word = BPE_SPACE | BPE_LETTER | BPE_NUMBER;
  size_t j = i;
  uint32_t k = c;
  if (c == SP && i + 1 < n) {
    uint32_t d = cp_at(s, i + 1, n);
    if ((t[d] & word) == 0) {
      j = i + 1;
      k = d;
    }
  }
  if ((t[k] & word) != 0) return NO_END;
  j = other_end(s, j + width(k), n, t);
  while (j < n) {
    uint16_t d = s[j];
    if (d != CR && d != LF && !(slash && d == SLASH)) break;
    j++;
  }
  return j;
}

static size_t scan_cl100k(const uint16_t *s, size_t i, size_t n, const uint8_t *t) {
  uint32_t c = cp_at(s, i, n);
  if (c == APOS) {
    size_t e = contraction_end(s, i, n, 1);
    if (e != NO_END) return e;
  }
  uint8_t tc = t[c];
  /* [^\r\n\p{L}\p{N}]?\p{L}+ */
  if (tc & BPE_LETTER) return run_end(s, i + width(c), n, t, BPE_LETTER);
  if (c != CR && c != LF && (tc & BPE_NUMBER) == 0) {
    size_t j = i + width(c);
    if (j < n) {
      uint32_t d = cp_at(s, j, n);
      if (t[d] & BPE_LETTER) return run_end(s, j + width(d), n, t, BPE_LETTER);
    }
  }
  if (tc & BPE_NUMBER) return digits_end(s, i, n, t);
  size_t e = punct_end(s, i, n, t, c, 0);
  if (e != NO_END) return e;
  return space_end(s, i, n, t, 1);
}

/* [UPPERISH]*[LOWERISH]+ anchored at j as backtracking finds it (pieces.ts), or NO_END. */
static size_t upper_lower_end(const uint16_t *s, size_t j, size_t n, const uint8_t *t) {
  size_t last_low_end = NO_END;
  while (j < n) {
    uint32_t c = cp_at(s, j, n);
    uint8_t b = t[c];
    if ((b & BPE_UPPERISH) == 0) break;
    j += width(c);
    if (b & BPE_LOWERISH) last_low_end = j;
  }
  if (j < n && (t[cp_at(s, j, n)] & BPE_LOWERISH)) return run_end(s, j, n, t, BPE_LOWERISH);
  return last_low_end;
}

/* [UPPERISH]+[LOWERISH]* anchored at j, or NO_END. */
static size_t upper_plus_end(const uint16_t *s, size_t j, size_t n, const uint8_t *t) {
  size_t e = run_end(s, j, n, t, BPE_UPPERISH);
  return e == j ? NO_END : run_end(s, e, n, t, BPE_LOWERISH);
}

/* The optional (?i:'s|...) suffix of o200k's word alternatives. */
static size_t with_contraction(const uint16_t *s, size_t e, size_t n) {
  if (e < n && s[e] == APOS) {
    size_t k = contraction_end(s, e, n, 1);
    if (k != NO_END) return k;
  }
  return e;
}

static size_t scan_o200k(const uint16_t *s, size_t i, size_t n, const uint8_t *t) {
  uint32_t c = cp_at(s, i, n);
  uint8_t tc = t[c];
  /* [^\r\n\p{L}\p{N}]? : tried with the prefix first (greedy), then without */
  size_t next = c != CR && c != LF && (tc & (BPE_LETTER | BPE_NUMBER)) == 0 ? i + width(c) : NO_END;
  int word = (tc & (BPE_UPPERISH | BPE_LOWERISH)) != 0;
  int has_next = next != NO_END && next < n;
  size_t e = NO_END;
  if (has_next) e = upper_lower_end(s, next, n, t);
  if (e == NO_END && word) e = upper_lower_end(s, i, n, t);
  if (e == NO_END && has_next) e = upper_plus_end(s, next, n, t);
  if (e == NO_END && word) e = upper_plus_end(s, i, n, t);
  if (e != NO_END) return with_contraction(s, e, n);
  if (tc & BPE_NUMBER) return digits_end(s, i, n, t);
  e = punct_end(s, i, n, t, c, 1);
  if (e != NO_END) return e;
  return space_end(s, i, n, t, 1);
}

size_t bpe_scan(int kind, const uint16_t *s, size_t i, size_t n, const uint8_t *t) {
  if (kind == BPE_CL100K) return scan_cl100k(s, i, n, t);
  if (kind == BPE_O200K) return scan_o200k(s, i, n, t);
  return scan_gpt2(s, i, n, t);
}
