/*
 * spaCy's URL pattern (spacy-exceptions.ts buildUrlPattern, tested whole on an affix-free piece
 * with a ".") decided without a regex engine for ASCII pieces, which is what web pages' domain
 * names are; anything else (non-ASCII, a possible IP address) is left to the JavaScript regex.
 *
 * Over ASCII the pattern reads: [protocol "://"] [auth "@"] host [":" port] [path], where
 * protocol is 2+ of [A-Za-z0-9_+-.], auth any non-empty text (a piece has no whitespace), host
 * labels "." ... "." TLD (labels 1-64 of [A-Za-z0-9] with [A-Za-z0-9_-] inside, TLD 2-63 of
 * [a-z]), port 2-5 digits, path one of "/?#" and anything. Since host characters are none of
 * ":/?#", the host runs exactly to the end of its run of [A-Za-z0-9_.-]: each choice of
 * protocol and auth leaves one host to check.
 */
#include "words.h"

typedef ptrdiff_t idx;

static inline int alnum(uint16_t c) {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}
static inline int host_char(uint16_t c) { return alnum(c) || c == 0x5f || c == 0x2d || c == 0x2e; }
static inline int proto_char(uint16_t c) { return host_char(c) || c == 0x2b; }
static inline int path_start(uint16_t c) { return c == 0x2f || c == 0x3f || c == 0x23; }

/* The labels-and-TLD host s[x..r) (a run of host characters). */
static int host_ok(const uint16_t *s, idx x, idx r) {
  idx part = x, parts = 0;
  for (idx i = x; i <= r; i++) {
    if (i < r && s[i] != 0x2e) continue;
    idx len = i - part;
    if (i == r) {
      if (parts == 0 || len < 2 || len > 63) return 0;
      for (idx k = part; k < i; k++)
        if (s[k] < 0x61 || s[k] > 0x7a) return 0;
      return 1;
    }
    if (len < 1 || len > 64 || !alnum(s[part]) || !alnum(s[i - 1])) return 0;
    parts++;
    part = i + 1;
  }
  return 0;
}

/* [":" port] [path] "$" from r. */
static int rest_ok(const uint16_t *s, idx r, idx hi) {
  if (r == hi || path_start(s[r])) return 1;
  if (s[r] != 0x3a) return 0;
  idx d = r + 1;
  while (d < hi && s[d] >= 0x30 && s[d] <= 0x39) d++;
  return d - (r + 1) >= 2 && d - (r + 1) <= 5 && (d == hi || path_start(s[d]));
}

/* 1 when s[x..] may open an IP address (the JavaScript regex decides those), else 0. */
static int maybe_ip(const uint16_t *s, idx x, idx r) {
  if (s[x] < 0x30 || s[x] > 0x39) return 0;
  int dots = 0;
  for (idx i = x; i < r; i++) dots += s[i] == 0x2e;
  return dots >= 3;
}

/* Host, port and path from x: 1 match, 0 no match, -1 left to JavaScript. */
static int from_host(const uint16_t *s, idx x, idx hi) {
  idx r = x;
  while (r < hi && host_char(s[r])) r++;
  if (r > x && host_ok(s, x, r) && rest_ok(s, r, hi)) return 1;
  return r > x && maybe_ip(s, x, r) ? -1 : 0;
}

/* Auth choices from x0: none, or up to any "@" after at least one character. */
static int from_auth(const uint16_t *s, idx x0, idx hi) {
  int unknown = 0;
  for (idx x = x0; x < hi; x++) {
    if (x != x0 && s[x - 1] != 0x40) continue;
    if (x != x0 && x - 1 == x0) continue;
    int r = from_host(s, x, hi);
    if (r == 1) return 1;
    if (r < 0) unknown = 1;
  }
  return unknown ? -1 : 0;
}

int words_url_match(const uint16_t *s, size_t lo_, size_t hi_) {
  idx lo = (idx)lo_, hi = (idx)hi_;
  for (idx i = lo; i < hi; i++)
    if (s[i] >= 0x80) return -1;
  /* Bounds the work on long pieces (minified code): each choice scans the rest once. */
  int colons = 0, ats = 0, unknown = 0;
  for (idx i = lo; i < hi; i++) {
    colons += s[i] == 0x3a;
    ats += s[i] == 0x40;
  }
  if ((colons + 1) * (ats + 1) > 16) return -1;
  idx p = lo; /* protocols: lo, or after a "://" following 2+ protocol characters */
  for (idx x0 = lo; x0 <= hi; x0++) {
    if (x0 != lo) {
      if (x0 - 3 - lo < 2 || s[x0 - 3] != 0x3a || s[x0 - 2] != 0x2f || s[x0 - 1] != 0x2f)
        continue;
      while (p < x0 - 3 && proto_char(s[p])) p++;
      if (p < x0 - 3) break; /* a non-protocol character: no later "://" qualifies */
    }
    int r = from_auth(s, x0, hi);
    if (r == 1) return 1;
    if (r < 0) unknown = 1;
  }
  return unknown ? -1 : 0;
}
