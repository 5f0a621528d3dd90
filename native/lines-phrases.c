/*
 * What c4_quality looks for inside a line (native/lines.c): its phrases, found as JavaScript's
 * toLowerCase() and includes() would find them, and its citation markers, removed as
 * String.replace with src/scorers/c4-phrases.ts CITATION removes them.
 */
#include "lines.h"

#include <string.h>

/*
 * The code of a unit as JavaScript's toLowerCase() would make it: ASCII letters of either case
 * and the Kelvin sign (which lowercases to "k") are letters, " " is itself, anything else 0.
 * No other character lowercases to a single ASCII letter, and U+0130 lowercases to "i" plus a
 * combining dot, which no phrase has after an "i": so a phrase is in a line's toLowerCase()
 * exactly where the line's codes spell it.
 */
static inline uint8_t code_of(uint16_t c) {
  uint32_t l = (uint32_t)(c | 0x20) - 'a';
  if (c < 0x80 && l < 26) return (uint8_t)(l + 1);
  if (c == 0x20) return 27;
  if (c == 0x212a) return 11;
  return 0;
}

/* Reads `phrases` ([count, then class, length, units... per phrase]); 0 when malformed. */
int phrases_init(phrases_t *ph, const int32_t *p, size_t n) {
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
  memset(ph->shift, (int)(ph->window - 1), sizeof ph->shift);
  for (size_t k = 0; k < ph->count; k++) {
    for (size_t j = 1; j < ph->window; j++) {
      size_t pair = ph->codes[k][j - 1] * 32u + ph->codes[k][j];
      if (ph->shift[pair] > ph->window - 1 - j) ph->shift[pair] = (uint8_t)(ph->window - 1 - j);
    }
  }
  return 1;
}

/*
 * The first phrase match starting at or after `from` in u[..n): its start (n when none), with
 * the classes of every phrase that starts there in *cls.
 */
size_t next_phrase(const phrases_t *ph, const uint16_t *u, size_t n, size_t from,
                          int32_t *cls) {
  size_t w = ph->window;
  for (size_t i = from + w - 1; i < n;) {
    size_t pair = code_of(u[i - 1]) * 32u + code_of(u[i]);
    size_t s = ph->shift[pair];
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
int32_t phrases_in(const phrases_t *ph, const uint16_t *u, size_t n) {
  int32_t all = 0, cls;
  for (size_t at = next_phrase(ph, u, n, 0, &cls); at < n; at = next_phrase(ph, u, n, at + 1, &cls))
    all |= cls;
  return all;
}

/*
 * u[a, b) with C4's citation markers removed (`\[\p{Nd}*\]|\[edit\]|\[citation needed\]`, as
 * String.replace with the global flag finds them) into `out`; returns its length.
 */
size_t remove_citations(props_t *p, const uint16_t *u, size_t a, size_t b, uint16_t *out) {
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
