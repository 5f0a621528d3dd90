/*
 * A document's tokens: pieces from bpe-scan.c, ids from the cache (bpe-cache.c) or from the
 * byte-pair merge here over the rank tables of src/tokenize/bpe.ts `ByteRanks` (its twin: the
 * same lookups, hash and merge rule, which is tiktoken's).
 */
#include "bpe-kernel.h"

#include <stdlib.h>
#include <string.h>

/* Bytes p[i, i + 4) little-endian, zero past end. */
static inline uint32_t word_le(const uint8_t *p, size_t i, size_t end) {
  uint32_t w = 0;
  for (size_t k = 0; k < 4 && i + k < end; k++) w |= (uint32_t)p[i + k] << (8 * k);
  return w;
}

/* bpe.ts `hash`: the slot table was filed by it. */
static inline uint32_t rank_hash(const uint8_t *p, size_t len, uint32_t w0, uint32_t w1) {
  uint32_t h = w0 ^ (w1 * 0x9e3779b1u) ^ ((uint32_t)len * 0x85ebca77u);
  for (size_t k = 8; k < len; k++) h = (h ^ p[k]) * 0x01000193u;
  h = (h ^ (h >> 16)) * 0x85ebca6bu;
  h = (h ^ (h >> 13)) * 0xc2b2ae35u;
  return h ^ (h >> 16);
}

/* The rank of bytes p[0, len), or BPE_NONE. */
static int32_t rank_of(const bpe_t *b, const uint8_t *p, size_t len) {
  if (len == 0 || len > 255) return BPE_NONE;
  uint32_t w0 = word_le(p, 0, len), w1 = word_le(p, 4, len);
  uint32_t s = rank_hash(p, len, w0, w1) & b->mask;
  for (uint32_t probes = 0; probes <= b->mask; probes++, s = (s + 1) & b->mask) {
    const uint32_t *r = b->slots + 4 * (size_t)s;
    uint32_t meta = r[0];
    if (meta == 0) return BPE_NONE;
    if ((meta & 255) != len || r[1] != w0 || r[2] != w1) continue;
    if (len <= 8) return (int32_t)(meta >> 8);
    size_t a = r[3];
    if (a + len <= b->arena_len && memcmp(b->arena + a + 8, p + 8, len - 8) == 0)
      return (int32_t)(meta >> 8);
  }
  return BPE_NONE;
}

/* The rank of p[start, end), tokens left and right joined, through the memo. */
static int32_t joined(bpe_t *b, const uint8_t *p, int32_t start, int32_t end, int32_t left,
                      int32_t right) {
  uint32_t m = 3 * (((uint32_t)left ^ ((uint32_t)right * 0x85ebca77u)) * 0x9e3779b1u >>
                    (32 - BPE_MEMO_BITS));
  if (b->memo[m] == left && b->memo[m + 1] == right) return b->memo[m + 2];
  int32_t r = rank_of(b, p + start, (size_t)(end - start));
  b->memo[m] = left;
  b->memo[m + 1] = right;
  b->memo[m + 2] = r;
  return r;
}

/* Room for a piece of units UTF-16 units (3 UTF-8 bytes each at most); 0 when memory ran out. */
static int reserve(bpe_t *b, size_t units) {
  size_t n = 3 * units + 1;
  if (n <= b->scratch_cap) return 1;
  if (n > INT32_MAX / 2) return 0; /* part starts are int32 (a piece never gets near this) */
  size_t cap = b->scratch_cap ? b->scratch_cap : 1024;
  while (cap < n) cap *= 2;
  uint8_t *bytes = realloc(b->bytes, cap);
  if (bytes) b->bytes = bytes;
  int32_t *starts = realloc(b->starts, cap * sizeof(int32_t));
  if (starts) b->starts = starts;
  int32_t *ranks = realloc(b->ranks, cap * sizeof(int32_t));
  if (ranks) b->ranks = ranks;
  int32_t *parts = realloc(b->parts, cap * sizeof(int32_t));
  if (parts) b->parts = parts;
  if (!bytes || !starts || !ranks || !parts) return 0;
  b->scratch_cap = cap;
  return 1;
}

/* UTF-8 of s[0, len) into out (a lone surrogate as U+FFFD, EF BF BD); returns the byte count. */
static size_t utf8(const uint16_t *s, size_t len, uint8_t *out) {
  size_t n = 0;
  for (size_t k = 0; k < len; k++) {
    uint32_t c = s[k];
    if (c < 0x80) {
      out[n++] = (uint8_t)c;
      continue;
    }
    if (c < 0x800) {
      out[n++] = (uint8_t)(0xc0 | (c >> 6));
      out[n++] = (uint8_t)(0x80 | (c & 63));
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      uint32_t d = k + 1 < len ? s[k + 1] : 0;
      if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        k++;
        out[n++] = (uint8_t)(0xf0 | (c >> 18));
        out[n++] = (uint8_t)(0x80 | ((c >> 12) & 63));
        out[n++] = (uint8_t)(0x80 | ((c >> 6) & 63));
        out[n++] = (uint8_t)(0x80 | (c & 63));
        continue;
      }
      c = 0xfffd;
    }
    out[n++] = (uint8_t)(0xe0 | (c >> 12));
    out[n++] = (uint8_t)(0x80 | ((c >> 6) & 63));
    out[n++] = (uint8_t)(0x80 | (c & 63));
  }
  return n;
}

/*
 * The ids of piece s[0, len) by tiktoken's rule (bpe.ts `encode`): the piece's bytes if they are
 * a token, else merge the adjacent pair whose joined bytes rank lowest, leftmost first, until no
 * joined pair is a token. *ids points into the scratch; SIZE_MAX when memory ran out. Every byte
 * is a token in these encodings (checked at open), so every part ends as one.
 */
static size_t merge(bpe_t *b, const uint16_t *s, size_t len, const uint32_t **ids) {
  if (!reserve(b, len)) return SIZE_MAX;
  uint8_t *p = b->bytes;
  int32_t *starts = b->starts, *ranks = b->ranks, *parts = b->parts;
  size_t n = utf8(s, len, p);
  *ids = (const uint32_t *)parts;
  int32_t whole = rank_of(b, p, n);
  if (whole != BPE_NONE || n <= 1) {
    parts[0] = whole != BPE_NONE ? whole : b->byte_ranks[p[0]];
    return 1;
  }
  size_t m = n + 1;
  for (size_t k = 0; k <= n; k++) starts[k] = (int32_t)k;
  for (size_t k = 0; k < n; k++) parts[k] = b->byte_ranks[p[k]];
  for (size_t k = 0; k + 1 < n; k++) ranks[k] = b->byte_pairs[(p[k] << 8) | p[k + 1]];
  ranks[n - 1] = ranks[n] = BPE_NONE;
  for (;;) {
    int32_t min = BPE_NONE;
    size_t at = SIZE_MAX;
    for (size_t k = 0; k + 1 < m; k++) {
      if (ranks[k] < min) {
        min = ranks[k];
        at = k;
      }
    }
    if (at == SIZE_MAX) break;
    /* Parts at and at + 1 become token min; the pairs that start at at - 1 and at get new ranks. */
    parts[at] = min;
    size_t tail = m - at - 2;
    memmove(starts + at + 1, starts + at + 2, tail * sizeof(int32_t));
    memmove(ranks + at + 1, ranks + at + 2, tail * sizeof(int32_t));
    memmove(parts + at + 1, parts + at + 2, tail * sizeof(int32_t));
    m--;
    if (at > 0) ranks[at - 1] = joined(b, p, starts[at - 1], starts[at + 1], parts[at - 1], min);
    ranks[at] =
      at + 2 < m ? joined(b, p, starts[at], starts[at + 2], min, parts[at + 1]) : BPE_NONE;
  }
  return m - 1;
}

/* Appends k ids to the document's ids (when store); 0 when memory ran out. */
static int emit(bpe_t *b, const uint32_t *ids, size_t k, size_t *count, int store) {
  if (store) {
    if (*count + k > b->out_cap) {
      size_t cap = b->out_cap ? b->out_cap : 1 << 14;
      while (cap < *count + k) cap *= 2;
      uint32_t *out = realloc(b->out, cap * sizeof(uint32_t));
      if (out == NULL) return 0;
      b->out = out;
      b->out_cap = cap;
    }
    memcpy(b->out + *count, ids, k * sizeof(uint32_t));
  }
  *count += k;
  return 1;
}

/* A piece of at most BPE_MAX_KEY units (key k), through the cache. */
static int cached_piece(bpe_t *b, const uint16_t *s, size_t len, const bpe_key_t *k,
                        size_t *count, int store) {
  const uint32_t *ids;
  int32_t found = bpe_cache_find(&b->cache, s, len, k, &ids);
  if (found >= 0) return emit(b, ids, (size_t)found, count, store);
  size_t m = merge(b, s, len, &ids);
  if (m == SIZE_MAX || !bpe_cache_add(&b->cache, s, len, k, ids, m)) return 0;
  return emit(b, ids, m, count, store);
}

/* Index count code points after i (or e), never inside a surrogate pair. */
static size_t advance(const uint16_t *s, size_t i, size_t e, size_t count) {
  for (size_t k = 0; k < count && i < e; k++) {
    uint16_t c = s[i];
    i += c >= 0xd800 && c <= 0xdbff && i + 1 < e && (s[i + 1] & 0xfc00) == 0xdc00 ? 2 : 1;
  }
  return i;
}

/* A piece longer than the cache's keys: merged whole, or in slices when over 10,000 code points. */
static int long_piece(bpe_t *b, const uint16_t *s, size_t len, size_t *count, int store,
                      int *approximate) {
  if (len > BPE_EXACT_CODE_POINTS && advance(s, 0, len, BPE_EXACT_CODE_POINTS) < len) {
    *approximate = 1;
    for (size_t j = 0; j < len;) {
      size_t e = advance(s, j, len, BPE_SLICE_CODE_POINTS);
      bpe_key_t k;
      bpe_cache_key(s + j, e - j, len - j, &k);
      if (!cached_piece(b, s + j, e - j, &k, count, store)) return 0;
      j = e;
    }
    return 1;
  }
  const uint32_t *ids;
  size_t m = merge(b, s, len, &ids);
  return m != SIZE_MAX && emit(b, ids, m, count, store);
}

/*
 * Pieces scanned ahead of the one being encoded, so that their memory is fetched meanwhile: a
 * piece's front-table entry when it is queued, its record in the big table (when the front
 * table does not hold it) HALF pieces later. The big table's reads wait on memory once the
 * filters ran between documents; this way they overlap.
 */
#define AHEAD 16
#define HALF 8

typedef struct {
  size_t start, end;
  int stage; /* 0: queued; 1: looked up in the front table (hot says whether found) */
  int hot;
  uint32_t id;
  bpe_key_t key;
} pending_t;

/* Looks piece p up in the front table, and on a miss prefetches its record. */
static inline void stage(bpe_t *b, pending_t *p) {
  size_t len = p->end - p->start;
  p->stage = 1;
  if (len > BPE_MAX_KEY) return;
  p->hot = bpe_hot_find(&b->cache, len, &p->key, &p->id);
  if (!p->hot) bpe_cache_prefetch(&b->cache, &p->key);
}

/* Tokenizes s[0, n): the count, *approximate set when a piece took the sliced path; -1 on OOM. */
int64_t bpe_encode(bpe_t *b, const uint16_t *s, size_t n, int store, int *approximate) {
  pending_t queue[AHEAD];
  size_t count = 0, head = 0, queued = 0, i = 0;
  *approximate = 0;
  while (i < n || queued > 0) {
    while (i < n && queued < AHEAD) {
      pending_t *p = &queue[(head + queued++) % AHEAD];
      size_t e = bpe_scan(b->kind, s, i, n, b->classes);
      p->start = i;
      p->end = e;
      p->stage = p->hot = 0;
      if (e - i <= BPE_MAX_KEY) {
        /* text_arg's copy ends with a NUL: n - i + 1 units are readable */
        bpe_cache_key(s + i, e - i, n - i + 1, &p->key);
        bpe_hot_prefetch(&b->cache, &p->key);
      }
      i = e;
    }
    pending_t *later = &queue[(head + (queued > HALF ? HALF : queued - 1)) % AHEAD];
    if (!later->stage) stage(b, later);
    pending_t *p = &queue[head];
    if (!p->stage) stage(b, p);
    head = (head + 1) % AHEAD;
    queued--;
    size_t len = p->end - p->start;
    int ok;
    if (p->hot) ok = emit(b, &p->id, 1, &count, store);
    else if (len <= BPE_MAX_KEY) ok = cached_piece(b, s + p->start, len, &p->key, &count, store);
    else ok = long_piece(b, s + p->start, len, &count, store, approximate);
    if (!ok) return -1;
  }
  if (store) b->out_len = count;
  return (int64_t)count;
}
