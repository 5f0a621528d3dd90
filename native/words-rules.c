/*
 * spaCy's English prefix, suffix and infix rules and the special-case lookup, over a range of a
 * text's UTF-16 units: the twins of src/text/spacy-affixes.ts and words.ts's splitChunk and
 * attach (read those for the rules' regular expressions). Indices are signed (ptrdiff_t) so the
 * comparisons read as the JavaScript's; -1 stands for "no code point" as there.
 */
#include "words.h"

#include <stdlib.h>

typedef ptrdiff_t idx;

static uint16_t astral_flags(const words_t *w, int32_t cp) {
  uint16_t f = 0;
  for (size_t i = 0; i + 2 < w->n_astral; i += 3)
    if (cp >= w->astral[i] && cp <= w->astral[i + 1]) f |= (uint16_t)w->astral[i + 2];
  return f;
}

static inline uint16_t flags_of(const words_t *w, int32_t cp) {
  return cp < 0 ? 0 : cp < 0x10000 ? w->flags[cp] : astral_flags(w, cp);
}

/* The code point at i of s[..hi), or -1 at or after hi; a lone surrogate is itself. */
static inline int32_t cp_at(const uint16_t *s, idx i, idx hi) {
  if (i >= hi) return -1;
  int32_t c = s[i];
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < hi) {
    int32_t d = s[i + 1];
    if (d >= 0xdc00 && d <= 0xdfff) return (c - 0xd800) * 0x400 + (d - 0xdc00) + 0x10000;
  }
  return c;
}

/* Start of the code point of s[lo..] that ends just before i (> lo). */
static inline idx prev_start(const uint16_t *s, idx i, idx lo) {
  uint16_t c = s[i - 1];
  if (c >= 0xdc00 && c <= 0xdfff && i - 2 >= lo) {
    uint16_t h = s[i - 2];
    if (h >= 0xd800 && h <= 0xdbff) return i - 2;
  }
  return i - 1;
}

static inline idx cp_len(int32_t cp) { return cp > 0xffff ? 2 : 1; }
static inline int is_digit(int32_t c) { return c >= 0x30 && c <= 0x39; }

/* True when the units of list entry k are s[at .. at + length). */
static int list_at(const strlist_t *l, size_t k, const uint16_t *s, idx at) {
  for (int32_t i = l->off[k]; i < l->off[k + 1]; i++, at++)
    if (s[at] != l->units[i]) return 0;
  return 1;
}
static inline idx list_len(const strlist_t *l, size_t k) { return l->off[k + 1] - l->off[k]; }

static uint32_t range_hash(const uint16_t *s, size_t lo, size_t hi) {
  uint32_t h = 0;
  for (size_t i = lo; i < hi; i++) h = h * 31u + s[i];
  return h;
}

int32_t words_special_probe(const words_t *w, const uint16_t *s, size_t lo, size_t hi) {
  for (uint32_t slot = range_hash(s, lo, hi) & w->sp_mask;; slot = (slot + 1) & w->sp_mask) {
    int32_t k = w->sp_table[slot] - 1;
    if (k < 0) return -1;
    if (list_len(&w->specials, (size_t)k) == (idx)(hi - lo) && list_at(&w->specials, k, s, lo))
      return k;
  }
}

/* Builds the special cases' table (at most half full); 0 when memory ran out. */
int words_special_table(words_t *w) {
  uint32_t size = 16;
  while (size < 2 * w->specials.n) size *= 2;
  w->sp_table = calloc(size, sizeof(int32_t));
  if (w->sp_table == NULL) return 0;
  w->sp_mask = size - 1;
  for (size_t k = 0; k < w->specials.n; k++) {
    const strlist_t *l = &w->specials;
    uint32_t slot = range_hash(l->units, l->off[k], l->off[k + 1]) & w->sp_mask;
    while (w->sp_table[slot] != 0) slot = (slot + 1) & w->sp_mask;
    w->sp_table[slot] = (int32_t)k + 1;
  }
  return 1;
}

void words_emit_pieces(const words_t *w, tokens_t *t, size_t start, int32_t key) {
  for (int32_t p = w->piece_off[key]; p < w->piece_off[key + 1]; p++) {
    emit(t, start, start + (size_t)w->piece_len[p]);
    start += (size_t)w->piece_len[p];
  }
}

/* findPrefix: the length of the prefix at the start of s[lo..hi) (non-empty), or 0. */
static idx find_prefix(const words_t *w, const uint16_t *s, idx lo, idx hi) {
  uint16_t c = s[lo];
  if (c == 0x2e) {
    idx j = lo + 1;
    while (j < hi && s[j] == 0x2e) j++;
    return j - lo >= 2 ? j - lo : 0;
  }
  if (c == 0x2b) return lo + 1 < hi && is_digit(s[lo + 1]) ? 0 : 1;
  if (c == 0x55 && hi - lo >= 3 && s[lo + 1] == 0x53 && s[lo + 2] == 0x24) return 3; /* US$ */
  if ((c == 0x43 || c == 0x41) && hi - lo >= 2 && s[lo + 1] == 0x24) return 2;      /* C$ A$ */
  int32_t cp = cp_at(s, lo, hi);
  return flags_of(w, cp) & F_PREFIX ? cp_len(cp) : 0;
}

/* findSuffix: the length of the (longest) suffix of s[lo..hi), or 0. */
static idx find_suffix(const words_t *w, const uint16_t *s, idx lo, idx hi) {
  if (hi <= lo) return 0;
  uint16_t last = s[hi - 1];
  if (last == 0x2e) {
    idx k = 1;
    while (hi - k - 1 >= lo && s[hi - k - 1] == 0x2e) k++;
    if (k >= 2) return k;
    if (hi - 2 < lo) return 0;
    idx p = prev_start(s, hi - 1, lo);
    uint16_t pf = flags_of(w, cp_at(s, p, hi));
    if (pf & F_DOT_LB) return 1;
    if (p - 1 < lo) return 0;
    int32_t pp = cp_at(s, prev_start(s, p, lo), hi);
    if ((pf & F_UPPER) && (flags_of(w, pp) & F_UPPER)) return 1;
    uint16_t pc = s[p];
    int temp_unit =
      pc == 0x46 || pc == 0x66 || pc == 0x43 || pc == 0x63 || pc == 0x4b || pc == 0x6b;
    return temp_unit && pp == 0xb0 ? 1 : 0;
  }
  idx best = 0;
  idx start = prev_start(s, hi, lo);
  if (flags_of(w, cp_at(s, start, hi)) & F_SUFFIX) best = hi - start;
  int32_t before = hi - 2 >= lo ? s[hi - 2] : -1;
  if (last == 0x2b && is_digit(before) && best < 1) best = 1;
  if (before == 0x2026 && last == 0x2026) best = 2;
  if ((last == 0x73 || last == 0x53) && (before == 0x27 || before == 0x2019)) best = 2;
  for (size_t k = w->ds_begin[last]; k < w->ds_end[last]; k++) {
    idx len = list_len(&w->ds, k);
    if (len <= best) break;
    idx at = hi - len;
    if (at - 1 < lo) continue;
    if (is_digit(s[at - 1]) && list_at(&w->ds, k, s, at)) {
      best = len;
      break;
    }
  }
  return best;
}

/* infixAt: the end of the infix match at i (code point cp) in s[lo..hi), or -1. */
static idx infix_at(const words_t *w, const uint16_t *s, idx i, int32_t cp, idx lo, idx hi) {
  uint16_t f = flags_of(w, cp);
  if (!(f & F_INFIX)) return -1;
  if (cp == 0x2e && i + 1 < hi && s[i + 1] == 0x2e) {
    idx j = i + 2;
    while (j < hi && s[j] == 0x2e) j++;
    return j;
  }
  if (cp == 0x2026) return i + 1;
  if (f & F_ICON) return i + cp_len(cp);
  if (i == lo) return -1;
  uint16_t prev_f = flags_of(w, cp_at(s, prev_start(s, i, lo), hi));
  idx next_i = i + cp_len(cp);
  int32_t next = cp_at(s, next_i, hi);
  uint16_t next_f = flags_of(w, next);
  if (cp == 0x2b || cp == 0x2d || cp == 0x2a || cp == 0x5e) {
    if ((prev_f & F_DIGIT) && ((next_f & F_DIGIT) || next == 0x2d)) return next_i;
  }
  if (cp == 0x2e)
    return (prev_f & (F_LOWER | F_QUOTE)) && (next_f & (F_UPPER | F_QUOTE)) ? next_i : -1;
  if (cp == 0x2c && (prev_f & F_ALPHA) && (next_f & F_ALPHA)) return next_i;
  if (!(prev_f & (F_ALPHA | F_DIGIT))) return -1;
  for (size_t k = 0; k < w->hyphens.n; k++) {
    idx len = list_len(&w->hyphens, k);
    if (i + len < hi && list_at(&w->hyphens, k, s, i) &&
        (flags_of(w, cp_at(s, i + len, hi)) & F_ALPHA))
      return i + len;
  }
  if ((cp == 0x3a || cp == 0x3c || cp == 0x3e || cp == 0x3d || cp == 0x2f) && (next_f & F_ALPHA))
    return next_i;
  return -1;
}

/*
 * False when spaCy's URL pattern cannot match s[lo..hi) (which has a "."): a host name ends in
 * "." and a top-level domain of two or more ALPHA_LOWER characters, and an IP address has three
 * dots. True asks words_url_match.
 */
static int may_be_url(const words_t *w, const uint16_t *s, idx lo, idx hi) {
  int dots = 0;
  for (idx i = lo; i < hi; i++) {
    if (s[i] != 0x2e) continue;
    if (++dots >= 3) return 1;
    int32_t a = cp_at(s, i + 1, hi);
    if (!(flags_of(w, a) & F_LOWER)) continue;
    if (flags_of(w, cp_at(s, i + 1 + cp_len(a), hi)) & F_LOWER) return 1;
  }
  return 0;
}

/* attach: the affix-free rest s[lo..hi): special case, URL (to JavaScript), or infix split. */
static int attach(words_t *w, tokens_t *t, const uint16_t *s, idx lo, idx hi) {
  int32_t key = words_special_find(w, s, (size_t)lo, (size_t)hi);
  if (key >= 0) {
    words_emit_pieces(w, t, (size_t)lo, key);
    return CHUNK_DONE;
  }
  idx dot = lo;
  while (dot < hi && s[dot] != 0x2e) dot++;
  if (dot < hi && may_be_url(w, s, lo, hi)) {
    int url = words_url_match(s, (size_t)lo, (size_t)hi);
    if (url < 0) return CHUNK_FALLBACK;
    if (url == 1) {
      emit(t, (size_t)lo, (size_t)hi);
      return CHUNK_DONE;
    }
  }
  idx start = lo;
  for (idx i = lo; i < hi;) {
    uint16_t c = s[i];
    if (c < 0xd800 && !(w->flags[c] & F_INFIX)) {
      i++;
      continue;
    }
    int32_t cp = cp_at(s, i, hi);
    idx end = infix_at(w, s, i, cp, lo, hi);
    if (end < 0) {
      i += cp_len(cp);
      continue;
    }
    if (i != lo) {
      if (i != start) emit(t, (size_t)start, (size_t)i);
      emit(t, (size_t)i, (size_t)end);
      start = end;
    }
    i = end;
  }
  if (start < hi) emit(t, (size_t)start, (size_t)hi);
  return CHUNK_DONE;
}

#define SPECIAL(a, b) (words_special_find(w, s, (size_t)(a), (size_t)(b)) >= 0)

int words_split_chunk(words_t *w, tokens_t *t, const uint16_t *s, size_t lo_, size_t hi_) {
  idx lo = (idx)lo_, hi = (idx)hi_;
  int32_t key = words_special_find(w, s, lo_, hi_);
  if (key >= 0) {
    words_emit_pieces(w, t, lo_, key);
    return CHUNK_DONE;
  }
  /* Each suffix takes at least one unit: the chunk's length bounds the stack. */
  size_t need = 2 * (hi_ - lo_);
  if (need > w->stack_cap) {
    int32_t *grown = realloc(w->stack, need * sizeof(int32_t));
    if (grown == NULL) return CHUNK_NOMEM;
    w->stack = grown;
    w->stack_cap = need;
  }
  int32_t *stack = w->stack;
  size_t top = 0;
  idx a = lo, b = hi, last_size = -1;
  while (a < b && b - a != last_size) {
    if (SPECIAL(a, b)) break;
    last_size = b - a;
    idx pre = find_prefix(w, s, a, b);
    if (pre != 0 && a + pre < b && SPECIAL(a + pre, b)) {
      emit(t, (size_t)a, (size_t)(a + pre));
      a += pre;
      break;
    }
    idx suf = find_suffix(w, s, a + pre, b);
    if (suf != 0 && b - suf > a && SPECIAL(a, b - suf)) {
      stack[top++] = (int32_t)(b - suf);
      stack[top++] = (int32_t)b;
      b -= suf;
      break;
    }
    if (pre != 0) {
      emit(t, (size_t)a, (size_t)(a + pre));
      a += pre;
    }
    if (suf != 0) {
      stack[top++] = (int32_t)(b - suf);
      stack[top++] = (int32_t)b;
      b -= suf;
    }
  }
  if (a < b && attach(w, t, s, a, b) == CHUNK_FALLBACK) return CHUNK_FALLBACK;
  for (size_t k = top; k >= 2; k -= 2) emit(t, (size_t)stack[k - 2], (size_t)stack[k - 1]);
  return CHUNK_DONE;
}
