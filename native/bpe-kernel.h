/*
 * The tokenizer kernel's parts (native/bpe.c, bpe-scan.c, bpe-cache.c): the C twin of
 * src/tokenize/ (pieces.ts, piece-cache.ts, bpe.ts). Nothing here is a mutable static: a
 * tokenizer's state is a bpe_cache_t / scratch that JavaScript owns through an external.
 */
#ifndef WINNOW_BPE_KERNEL_H
#define WINNOW_BPE_KERNEL_H
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Class bits of charClasses() (src/tokenize/pieces.ts). */
#define BPE_LETTER 1
#define BPE_NUMBER 2
#define BPE_SPACE 4
#define BPE_UPPERISH 8
#define BPE_LOWERISH 16

/* Which pre-tokenizer pattern (src/tokenize/patterns.ts). */
enum { BPE_CL100K = 0, BPE_O200K = 1, BPE_GPT2 = 2 };

/* End of the piece that starts at i (i < n) of text s; t = the 0x110000 class bytes. */
size_t bpe_scan(int kind, const uint16_t *s, size_t i, size_t n, const uint8_t *t);

/* The piece cache (bpe-cache.c): piece units -> ids, bounded, most-hit entries kept. */
struct bpe_record;
struct bpe_hot;
typedef struct {
  uint32_t limit;     /* entry limit (0: disabled) */
  uint32_t size;      /* live entries */
  uint32_t max_slots; /* the table never grows past this */
  uint32_t mask;      /* slots - 1 */
  struct bpe_record *table;
  uint16_t *keys; /* units of keys longer than the inline ones */
  size_t key_used, key_cap;
  uint32_t *ids; /* ids of entries with more than one */
  size_t id_used, id_cap;
  /* In front: the latest one-id pieces of up to 8 units, direct-mapped, small enough to stay in
   * the core's own cache (the big table's reads wait on memory once the filters ran). */
  struct bpe_hot *hot;
} bpe_cache_t;

/* A piece's hash and packed key (the units when short, else hash and first units), made once. */
typedef struct {
  uint32_t hash;
  uint32_t key[4];
} bpe_key_t;

/* Longest key, in UTF-16 units (piece-cache.ts MAX_KEY_UNITS). */
#define BPE_MAX_KEY 512

/* 0 when memory ran out. */
int bpe_cache_init(bpe_cache_t *c, uint32_t limit);
void bpe_cache_free(bpe_cache_t *c);
/* Long keys' hash and key (bpe-cache.c); bpe_cache_key below makes every key. */
void bpe_cache_key_long(const uint16_t *s, size_t len, bpe_key_t *k);
/* The ids of piece s[0, len) (len <= BPE_MAX_KEY): their count, *ids at them; -1 if absent. */
int32_t bpe_cache_find(bpe_cache_t *c, const uint16_t *s, size_t len, const bpe_key_t *k,
                       const uint32_t **ids);
/* Stores ids for the absent piece s[0, len); 0 when memory ran out (the cache is unchanged). */
int bpe_cache_add(bpe_cache_t *c, const uint16_t *s, size_t len, const bpe_key_t *k,
                  const uint32_t *ids, size_t count);
#define BPE_NONE 0x7fffffff
#define BPE_MEMO_BITS 14
/* Pieces longer than this (in code points) are encoded in slices (tokenizer.ts). */
#define BPE_EXACT_CODE_POINTS 10000
#define BPE_SLICE_CODE_POINTS 256
#define BPE_MAGIC 0x62706531u

typedef struct {
  uint32_t magic;
  int kind;
  int released;
  /* Borrowed from JavaScript's typed arrays, which the tokenizer object keeps alive. */
  const uint8_t *classes;
  const uint8_t *arena;
  size_t arena_len;
  const uint32_t *slots;
  uint32_t mask;
  const int32_t *byte_pairs;
  const int32_t *byte_ranks;
  /* Recent joins: left rank, right rank, rank of the joined bytes (bpe.ts `joined`). */
  int32_t memo[3 << BPE_MEMO_BITS];
  /* Scratch of one merge: bytes, and per part its start, its rank, the rank of it + the next. */
  uint8_t *bytes;
  int32_t *starts, *ranks, *parts;
  size_t scratch_cap;
  bpe_cache_t cache;
  /* The last document's ids (when asked for). */
  uint32_t *out;
  size_t out_len, out_cap;
} bpe_t;

/* Tokenizes s[0, n) (ids into b->out when store): the count, *approximate set when a piece of
 * over 10,000 code points was encoded in slices; -1 when memory ran out. */
int64_t bpe_encode(bpe_t *b, const uint16_t *s, size_t n, int store, int *approximate);

/*
 * The per-piece fast path, inline here: key, front table, prefetch (calls across files are not
 * inlined, and these run ~2,000 times a page).
 *
 * A record: meta = key length (bits 0-9) | id count (bits 10-21) | hits (bits 22-29), 0: empty;
 * value = the id when there is one, else the ids' start in `ids`; key = the units (zero-padded)
 * when at most INLINE_UNITS, else { start in `keys`, hash, first 4 units }.
 */
#define INLINE_UNITS 8
struct bpe_record {
  uint32_t meta;
  uint32_t value;
  uint32_t key[4];
};

/* A front-table entry: the packed units of a piece of up to INLINE_UNITS, its length (0:
 * empty) and its one id. */
struct bpe_hot {
  uint32_t key[4];
  uint32_t len;
  uint32_t id;
};
#define HOT_BITS 15

static inline uint32_t mix64(uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ull;
  h ^= h >> 33;
  return (uint32_t)h;
}

/* The hash of a short key packed as two words (zero-padded units). */
static inline uint32_t short_hash(uint64_t w0, uint64_t w1, size_t len) {
  return mix64(w0 ^ (w1 * 0x9e3779b97f4a7c15ull) ^ len);
}

static inline int same_key(const uint32_t a[4], const uint32_t b[4]) {
  return ((a[0] ^ b[0]) | (a[1] ^ b[1]) | (a[2] ^ b[2]) | (a[3] ^ b[3])) == 0;
}

/*
 * The key of piece s[0, len); `avail` units are readable from s (the piece and what follows it
 * in the text): with 8 of them the units are read as two words and masked, no byte copies
 * (whose stores the word reads would wait on).
 */
static inline void bpe_cache_key(const uint16_t *s, size_t len, size_t avail, bpe_key_t *k) {
  if (len > INLINE_UNITS) {
    bpe_cache_key_long(s, len, k);
    return;
  }
  uint64_t w0 = 0, w1 = 0;
  if (avail >= 8) {
    memcpy(&w0, s, 8);
    memcpy(&w1, s + 4, 8);
    if (len < 4) w0 &= (1ull << (16 * len)) - 1;
    if (len <= 4) w1 = 0;
    else if (len < 8) w1 &= (1ull << (16 * (len - 4))) - 1;
  } else {
    for (size_t j = 0; j < len; j++) {
      if (j < 4) w0 |= (uint64_t)s[j] << (16 * j);
      else w1 |= (uint64_t)s[j] << (16 * (j - 4));
    }
  }
  k->key[0] = (uint32_t)w0;
  k->key[1] = (uint32_t)(w0 >> 32);
  k->key[2] = (uint32_t)w1;
  k->key[3] = (uint32_t)(w1 >> 32);
  k->hash = short_hash(w0, w1, len);
}

static inline struct bpe_hot *bpe_hot_entry(const bpe_cache_t *c, const bpe_key_t *k) {
  return &c->hot[(k->hash * 0x9e3779b1u) >> (32 - HOT_BITS)];
}

/* The one id of a short piece from the front table: 1 and *id, else 0. */
static inline int bpe_hot_find(const bpe_cache_t *c, size_t len, const bpe_key_t *k,
                               uint32_t *id) {
  if (c->hot == NULL || len > INLINE_UNITS) return 0;
  const struct bpe_hot *e = bpe_hot_entry(c, k);
  if (e->len != len || !same_key(e->key, k->key)) return 0;
  *id = e->id;
  return 1;
}

/* Asks the memory for the line where the lookup of piece k starts. */
static inline void bpe_hot_prefetch(const bpe_cache_t *c, const bpe_key_t *k) {
  if (c->hot != NULL) __builtin_prefetch(bpe_hot_entry(c, k));
}
static inline void bpe_cache_prefetch(const bpe_cache_t *c, const bpe_key_t *k) {
  __builtin_prefetch(&c->table[k->hash & c->mask]);
}
#endif
