/*
 * The special-case matcher's patterns (spacy-matcher.ts findReplacements): which token runs
 * match one. A kept match changes the tokens only when its special case's pieces differ from
 * the pattern's tokens, or when its text has a space (a match across a one-space boundary), so
 * when no match at all can change them the pass has nothing to do, whichever matches it keeps;
 * otherwise JavaScript runs it in full.
 */
#include "words.h"

#include <stdlib.h>
#include <string.h>

static uint32_t units_hash(const uint16_t *s, size_t n) {
  uint32_t h = 0;
  for (size_t i = 0; i < n; i++) h = h * 31u + s[i];
  return h;
}

static inline const uint16_t *key_units(const words_t *w, size_t k) {
  return w->pat_keys.units + w->pat_keys.off[k];
}

int words_pattern_table(words_t *w) {
  size_t n = w->pat_keys.n;
  uint32_t size = 16;
  while (size < 2 * n) size *= 2;
  w->pat_head = calloc(size, sizeof(int32_t));
  w->pat_next = calloc(n ? n : 1, sizeof(int32_t));
  if (w->pat_head == NULL || w->pat_next == NULL) return 0;
  w->pat_mask = size - 1;
  for (size_t k = 0; k < n; k++) {
    int32_t first = w->pat_tok_len[w->pat_tok_off[k]];
    uint32_t b = units_hash(key_units(w, k), (size_t)first) & w->pat_mask;
    w->pat_next[k] = w->pat_head[b];
    w->pat_head[b] = (int32_t)k + 1;
  }
  return 1;
}

/* True when the tokens from k on are pattern p's (none after a whitespace token). */
static int matches(const words_t *w, const uint16_t *u, const tokens_t *t, size_t k, size_t p) {
  int32_t t0 = w->pat_tok_off[p], t1 = w->pat_tok_off[p + 1];
  if (k + (size_t)(t1 - t0) > t->count) return 0;
  const uint16_t *key = key_units(w, p);
  for (int32_t j = t0; j < t1; j++, k++) {
    int32_t len = w->pat_tok_len[j], s = t->starts[k];
    if (t->ends[k] - s != len || (j > t0 && t->gaps[k] == GAP_WS)) return 0;
    if (memcmp(u + s, key, (size_t)len * sizeof(uint16_t)) != 0) return 0;
    key += len;
  }
  return 1;
}

int words_reserve_bytes(uint8_t **p, size_t *cap, size_t n) {
  if (n <= *cap) return 1;
  size_t size = n > 64 ? n : 64;
  uint8_t *grown = realloc(*p, size);
  if (grown == NULL) return 0;
  memset(grown + *cap, 0, size - *cap);
  *p = grown;
  *cap = size;
  return 1;
}

/* A match of pattern p over tokens [start, end); spaced: a " " lies between two of them. */
typedef struct match {
  int32_t start, end, p, spaced;
} match_t;

/* spaCy's order: longest first, then leftmost (two matches never tie: see match_all). */
static int by_length_then_start(const void *x, const void *y) {
  const match_t *a = x, *b = y;
  int32_t la = a->end - a->start, lb = b->end - b->start;
  if (la != lb) return lb - la;
  return a->start - b->start;
}
static int by_start(const void *x, const void *y) {
  return ((const match_t *)x)->start - ((const match_t *)y)->start;
}

/* Appends m to w->matches; 0 when memory ran out. */
static int push(words_t *w, size_t *n, match_t m) {
  if (*n == w->match_cap) {
    size_t cap = w->match_cap ? 2 * w->match_cap : 64;
    match_t *grown = realloc(w->matches, cap * sizeof(match_t));
    if (grown == NULL) return 0;
    w->matches = grown;
    w->match_cap = cap;
  }
  w->matches[(*n)++] = m;
  return 1;
}

/*
 * Every pattern match among the tokens into w->matches (-1: out of memory). Two patterns with
 * the same tokens would be the same key (tokens tile their key), so no two matches tie.
 */
static ptrdiff_t match_all(words_t *w, const uint16_t *u, const tokens_t *t) {
  size_t n = 0;
  for (size_t k = 0; k + 1 < t->count; k++) {
    /* The three tests without a branch each: together they pass about one token in a
     * hundred, so the one branch on them is predictable. */
    size_t s = (size_t)t->starts[k], e = (size_t)t->ends[k];
    size_t s1 = (size_t)t->starts[k + 1], e1 = (size_t)t->ends[k + 1];
    unsigned one = e - s == 1;
    unsigned may = (one & w->first_unit[u[s]]) |
                   ((one ^ 1) & (w->filter[slot_of(e - s, u[s], u[e - 1])] >> 1));
    unsigned second = w->filter[slot_of(e1 - s1, u[s1], u[e1 - 1])] >> 2;
    if (!(may & second & (t->gaps[k + 1] != GAP_WS) & 1)) continue;
    uint32_t b = units_hash(u + s, e - s) & w->pat_mask;
    for (int32_t p = w->pat_head[b] - 1; p >= 0; p = w->pat_next[p] - 1) {
      if (!matches(w, u, t, k, (size_t)p)) continue;
      match_t m = {(int32_t)k, (int32_t)k + w->pat_tok_off[p + 1] - w->pat_tok_off[p], p, 0};
      for (int32_t j = m.start + 1; j < m.end; j++) m.spaced |= t->gaps[j] == GAP_SPACE;
      if (!push(w, &n, m)) return -1;
    }
  }
  return (ptrdiff_t)n;
}

int words_special_matches(words_t *w, const uint16_t *u, tokens_t *t, size_t *need) {
  ptrdiff_t found = match_all(w, u, t);
  if (found <= 0) return found < 0 ? CHUNK_NOMEM : CHUNK_DONE;
  size_t n = (size_t)found, kept = 0;
  match_t *m = w->matches;
  qsort(m, n, sizeof(match_t), by_length_then_start);
  /* seen: the tokens of every match looked at, kept or not (cleared below for the next text). */
  if (!words_reserve_bytes(&w->seen, &w->seen_cap, t->count)) return CHUNK_NOMEM;
  uint8_t *seen = w->seen;
  for (size_t i = 0; i < n; i++) {
    match_t x = m[i];
    /* A spaced match's text has a space: never a key (src/native/words.ts checks). */
    if (!seen[x.start] && !seen[x.end - 1] && !x.spaced && w->pat_replaces[x.p]) m[kept++] = x;
    memset(seen + x.start, 1, (size_t)(x.end - x.start));
  }
  memset(seen, 0, t->count);
  if (kept == 0) return CHUNK_DONE;
  qsort(m, kept, sizeof(match_t), by_start);
  /* The replaced tokens become the key's pieces; the rest move up or down. */
  size_t count = t->count;
  for (size_t i = 0; i < kept; i++) {
    int32_t key = words_special_find(w, u, (size_t)t->starts[m[i].start], (size_t)t->ends[m[i].end - 1]);
    if (key < 0) return CHUNK_NOMEM; /* cannot happen: a pattern's text is its key */
    m[i].p = key;
    count += (size_t)(w->piece_off[key + 1] - w->piece_off[key]);
    count -= (size_t)(m[i].end - m[i].start);
  }
  if (count > t->cap) {
    *need = count;
    return CHUNK_FALLBACK;
  }
  size_t first = (size_t)m[0].start, tail = t->count - first;
  if (!words_reserve_bytes((uint8_t **)&w->moved, &w->moved_cap, 9 * tail)) return CHUNK_NOMEM;
  int32_t *starts = w->moved, *ends = starts + tail;
  uint8_t *gaps = (uint8_t *)(ends + tail);
  memcpy(starts, t->starts + first, 4 * tail);
  memcpy(ends, t->ends + first, 4 * tail);
  memcpy(gaps, t->gaps + first, tail);
  t->count = first;
  size_t k = first;
  for (size_t i = 0; i <= kept; i++) {
    size_t to = i < kept ? (size_t)m[i].start : first + tail;
    for (; k < to; k++) {
      t->starts[t->count] = starts[k - first];
      t->ends[t->count] = ends[k - first];
      t->gaps[t->count++] = gaps[k - first];
    }
    if (i == kept) break;
    size_t at = t->count;
    words_emit_pieces(w, t, (size_t)starts[k - first], m[i].p);
    t->gaps[at] = gaps[k - first];
    k = (size_t)m[i].end;
  }
  return CHUNK_DONE;
}
