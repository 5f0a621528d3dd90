/*
 * The piece cache in C: the twin of src/tokenize/piece-cache.ts (same policy: bounded entries
 * and arenas; when full, keep the entries hit most since the last compaction, at most half the
 * limit, and halve their hits). Open addressing over 24-byte records: a key of up to 8 UTF-16
 * units sits in the record itself (the commonest pieces), so a hit usually reads one record.
 */
#define _GNU_SOURCE /* madvise */
#include "bpe-kernel.h"

#include <stdlib.h>
#include <string.h>
#ifdef __linux__
#include <sys/mman.h>
#endif

#define LENGTH_MASK ((1u << 10) - 1)
#define COUNT_SHIFT 10
#define COUNT_MASK ((1u << 12) - 1)
#define HITS_SHIFT 22
#define MAX_HITS 255u
/* Average arena budgets per entry, as piece-cache.ts. */
#define KEY_UNITS_PER_ENTRY 8
#define IDS_PER_ENTRY 4

typedef struct bpe_record record_t;

static uint32_t long_hash(const uint16_t *s, size_t len) {
  uint64_t h = len * 0x9e3779b97f4a7c15ull;
  size_t k = 0;
  for (; k + 4 <= len; k += 4) {
    uint64_t w;
    memcpy(&w, s + k, sizeof w);
    h = (h ^ w) * 0x100000001b3ull;
    h ^= h >> 29;
  }
  uint64_t w = 0;
  memcpy(&w, s + k, (len - k) * sizeof(uint16_t));
  return mix64(h ^ w);
}

/*
 * A zeroed table of `slots` records. A large one is asked for in huge pages where the system
 * grants them on request (Linux `madvise`): its reads are random, and with 4 KB pages most of
 * them also miss the TLB.
 */
static record_t *new_table(uint32_t slots) {
  size_t bytes = (size_t)slots * sizeof(record_t);
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  const size_t huge = (size_t)2 << 20;
  if (bytes >= 2 * huge) {
    void *table = NULL;
    if (posix_memalign(&table, huge, bytes) != 0) return NULL;
    madvise(table, bytes, MADV_HUGEPAGE);
    memset(table, 0, bytes);
    return table;
  }
#endif
  return calloc(slots, sizeof(record_t));
}

/* The hash a record's key was filed under (a short key's is recomputed: none is stored). */
static uint32_t record_hash(const record_t *r) {
  size_t len = r->meta & LENGTH_MASK;
  if (len > INLINE_UNITS) return r->key[1];
  uint64_t w0 = r->key[0] | (uint64_t)r->key[1] << 32, w1 = r->key[2] | (uint64_t)r->key[3] << 32;
  return short_hash(w0, w1, len);
}

void bpe_cache_key_long(const uint16_t *s, size_t len, bpe_key_t *k) {
  k->hash = long_hash(s, len);
  k->key[0] = 0;
  k->key[1] = k->hash;
  memcpy(k->key + 2, s, 4 * sizeof(uint16_t));
}

int bpe_cache_init(bpe_cache_t *c, uint32_t limit) {
  memset(c, 0, sizeof *c);
  c->limit = limit;
  uint32_t max = 16;
  while (max * 3 / 4 < limit) max *= 2;
  c->max_slots = max;
  uint32_t slots = limit == 0 ? 1 : (max < 4096 ? max : 4096);
  c->table = new_table(slots);
  c->mask = slots - 1;
  if (limit > 0) c->hot = calloc((size_t)1 << HOT_BITS, sizeof(struct bpe_hot));
  return c->table != NULL && (limit == 0 || c->hot != NULL);
}

void bpe_cache_free(bpe_cache_t *c) {
  free(c->table);
  free(c->keys);
  free(c->ids);
  free(c->hot);
  memset(c, 0, sizeof *c);
}

int32_t bpe_cache_find(bpe_cache_t *c, const uint16_t *s, size_t len, const bpe_key_t *k,
                       const uint32_t **ids) {
  record_t *table = c->table;
  for (uint32_t slot = k->hash & c->mask;; slot = (slot + 1) & c->mask) {
    record_t *r = &table[slot];
    uint32_t meta = r->meta;
    if (meta == 0) return -1;
    if ((meta & LENGTH_MASK) != len) continue;
    if (len <= INLINE_UNITS) {
      if (!same_key(r->key, k->key)) continue;
    } else if (r->key[1] != k->hash || r->key[2] != k->key[2] || r->key[3] != k->key[3] ||
               memcmp(c->keys + r->key[0], s, len * sizeof(uint16_t)) != 0)
      continue;
    if ((meta >> HITS_SHIFT) < MAX_HITS) r->meta = meta + (1u << HITS_SHIFT);
    uint32_t count = (meta >> COUNT_SHIFT) & COUNT_MASK;
    if (count == 1) {
      *ids = &r->value;
      if (c->hot != NULL && len <= INLINE_UNITS) {
        struct bpe_hot *e = bpe_hot_entry(c, k);
        memcpy(e->key, k->key, sizeof e->key);
        e->len = (uint32_t)len;
        e->id = r->value;
      }
    } else *ids = c->ids + r->value;
    return (int32_t)count;
  }
}

/* First empty record on the probe path of hash h. */
static record_t *free_record(record_t *table, uint32_t mask, uint32_t h) {
  for (uint32_t slot = h & mask;; slot = (slot + 1) & mask)
    if (table[slot].meta == 0) return &table[slot];
}

static int resize(bpe_cache_t *c, uint32_t slots) {
  record_t *table = new_table(slots);
  if (table == NULL) return 0;
  for (uint32_t k = 0; k <= c->mask; k++)
    if (c->table[k].meta != 0)
      *free_record(table, slots - 1, record_hash(&c->table[k])) = c->table[k];
  free(c->table);
  c->table = table;
  c->mask = slots - 1;
  return 1;
}

/* Keeps the most-hit entries, at most half the limit and half of each arena budget. */
static int compact(bpe_cache_t *c) {
  uint32_t by_hits[MAX_HITS + 1] = {0};
  uint32_t slots = c->mask + 1;
  for (uint32_t k = 0; k < slots; k++)
    if (c->table[k].meta != 0) by_hits[c->table[k].meta >> HITS_SHIFT]++;
  uint32_t keep = c->limit >> 1, threshold = MAX_HITS + 1, kept = 0;
  while (threshold > 1 && kept + by_hits[threshold - 1] <= keep) kept += by_hits[--threshold];
  size_t key_cap = (size_t)c->limit * KEY_UNITS_PER_ENTRY / 2;
  size_t id_cap = (size_t)c->limit * IDS_PER_ENTRY / 2;
  record_t *records = malloc(((size_t)kept + 1) * sizeof(record_t));
  uint16_t *keys = malloc((key_cap + 1) * sizeof(uint16_t));
  uint32_t *ids = malloc((id_cap + 1) * sizeof(uint32_t));
  if (records == NULL || keys == NULL || ids == NULL) {
    free(records);
    free(keys);
    free(ids);
    return 0;
  }
  size_t n = 0, key_w = 0, id_w = 0;
  for (uint32_t k = 0; k < slots && n < kept; k++) {
    record_t r = c->table[k];
    if (r.meta == 0 || (r.meta >> HITS_SHIFT) < threshold) continue;
    size_t len = r.meta & LENGTH_MASK, count = (r.meta >> COUNT_SHIFT) & COUNT_MASK;
    size_t key_units = len > INLINE_UNITS ? len : 0, arena_ids = count > 1 ? count : 0;
    if (key_w + key_units > key_cap || id_w + arena_ids > id_cap) continue;
    /* old fame fades (hits halve), so the kept set can change */
    r.meta = (r.meta & ~(MAX_HITS << HITS_SHIFT)) | ((r.meta >> (HITS_SHIFT + 1)) << HITS_SHIFT);
    if (key_units) {
      memcpy(keys + key_w, c->keys + r.key[0], len * sizeof(uint16_t));
      r.key[0] = (uint32_t)key_w;
      key_w += len;
    }
    if (arena_ids) {
      memcpy(ids + id_w, c->ids + r.value, count * sizeof(uint32_t));
      r.value = (uint32_t)id_w;
      id_w += count;
    }
    records[n++] = r;
  }
  memset(c->table, 0, slots * sizeof(record_t));
  for (size_t k = 0; k < n; k++)
    *free_record(c->table, c->mask, record_hash(&records[k])) = records[k];
  free(records);
  free(c->keys);
  free(c->ids);
  c->keys = keys;
  c->key_cap = key_cap + 1;
  c->key_used = key_w;
  c->ids = ids;
  c->id_cap = id_cap + 1;
  c->id_used = id_w;
  c->size = (uint32_t)n;
  return 1;
}

/* Makes room for need elements of size bytes in *arena: doubled, capped at cap; 0 on failure. */
static int grow(void **arena, size_t *capacity, size_t need, size_t cap, size_t size) {
  size_t next = *capacity ? 2 * *capacity : 1024;
  if (next < need) next = need;
  if (next > cap) next = cap;
  void *grown = realloc(*arena, next * size);
  if (grown == NULL) return 0;
  *arena = grown;
  *capacity = next;
  return 1;
}

int bpe_cache_add(bpe_cache_t *c, const uint16_t *s, size_t len, const bpe_key_t *k,
                  const uint32_t *ids, size_t count) {
  if (c->limit == 0 || len > BPE_MAX_KEY || count == 0 || count > COUNT_MASK) return 1;
  size_t key_units = len > INLINE_UNITS ? len : 0, arena_ids = count > 1 ? count : 0;
  size_t key_budget = (size_t)c->limit * KEY_UNITS_PER_ENTRY;
  size_t id_budget = (size_t)c->limit * IDS_PER_ENTRY;
  /* a compaction leaves each arena at most half full, so up to half a budget fits after one */
  if (2 * key_units > key_budget || 2 * arena_ids > id_budget) return 1;
  if (c->size >= c->limit || c->key_used + key_units > key_budget ||
      c->id_used + arena_ids > id_budget) {
    if (!compact(c)) return 0;
  }
  uint32_t slots = c->mask + 1;
  if ((c->size + 1) > slots / 4 * 3 && slots < c->max_slots && !resize(c, 2 * slots)) return 0;
  if (c->key_used + key_units > c->key_cap &&
      !grow((void **)&c->keys, &c->key_cap, c->key_used + key_units, key_budget, sizeof *c->keys))
    return 0;
  if (c->id_used + arena_ids > c->id_cap &&
      !grow((void **)&c->ids, &c->id_cap, c->id_used + arena_ids, id_budget, sizeof *c->ids))
    return 0;
  record_t r;
  memcpy(r.key, k->key, sizeof r.key);
  if (len > INLINE_UNITS) {
    r.key[0] = (uint32_t)c->key_used;
    memcpy(c->keys + c->key_used, s, len * sizeof(uint16_t));
    c->key_used += len;
  }
  r.meta = (uint32_t)len | ((uint32_t)count << COUNT_SHIFT);
  if (count == 1) r.value = ids[0];
  else {
    r.value = (uint32_t)c->id_used;
    memcpy(c->ids + c->id_used, ids, count * sizeof(uint32_t));
    c->id_used += count;
  }
  *free_record(c->table, c->mask, k->hash) = r;
  c->size++;
  return 1;
}
