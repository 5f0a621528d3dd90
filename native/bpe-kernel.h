/*
 * The tokenizer kernel's parts (native/bpe.c, bpe-scan.c, bpe-cache.c): the C twin of
 * src/tokenize/ (pieces.ts, piece-cache.ts, bpe.ts). Nothing here is a mutable static: a
 * tokenizer's state is a bpe_cache_t / scratch that JavaScript owns through an external.
 */
#ifndef WINNOW_BPE_KERNEL_H
#define WINNOW_BPE_KERNEL_H
#include <stddef.h>
#include <stdint.h>

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
} bpe_cache_t;

/* Longest key, in UTF-16 units (piece-cache.ts MAX_KEY_UNITS). */
#define BPE_MAX_KEY 512

/* 0 when memory ran out. */
int bpe_cache_init(bpe_cache_t *c, uint32_t limit);
void bpe_cache_free(bpe_cache_t *c);
/* The ids of key s[0, len) (len <= BPE_MAX_KEY): their count, *ids at them; -1 if absent. */
int32_t bpe_cache_find(bpe_cache_t *c, const uint16_t *s, size_t len, const uint32_t **ids);
/* Stores ids for the absent key s[0, len); 0 when memory ran out (the cache is then unchanged). */
int bpe_cache_add(bpe_cache_t *c, const uint16_t *s, size_t len, const uint32_t *ids,
                  size_t count);
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
#endif
