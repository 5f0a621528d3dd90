/*
 * The spaCy-compatible word split (src/text/words.ts is the reference twin) and word ids
 * (src/scorers/word-ids.ts). One words_t per JavaScript thread, created by wordsInit from the
 * tables JavaScript builds (src/native/words.ts), freed with its external: no mutable statics.
 */
#ifndef WINNOW_WORDS_H
#define WINNOW_WORDS_H
#include "kernels.h"
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* Character flags, as src/text/spacy-tables.ts numbers them (wordsInit checks they agree). */
enum {
  F_ALPHA = 1 << 0,
  F_LOWER = 1 << 1,
  F_UPPER = 1 << 2,
  F_ICON = 1 << 3,
  F_PREFIX = 1 << 4,
  F_SUFFIX = 1 << 5,
  F_QUOTE = 1 << 6,
  F_DOT_LB = 1 << 7,
  F_INFIX = 1 << 8,
  F_DIGIT = 1 << 9
};
enum { K_SPACE = 1, K_LETTER = 2, K_DIGIT = 3 };
enum { SPECIAL_BIT = 1, PATTERN_BIT = 2, SECOND_BIT = 4 };
enum { GAP_NONE = 0, GAP_SPACE = 1, GAP_WS = 2 };
/* Units allocated past a text's end (its NUL and room for four-unit reads). */
enum { TEXT_SLACK = 8 };
/* What a text holds (src/scorers/context.ts's RARE_UNIT and SURROGATE). */
enum { UNITS_SURROGATE = 1, UNITS_RARE = 2 };

/* A list of strings: string k is units[off[k] .. off[k + 1]). */
typedef struct {
  uint16_t *units;
  int32_t *off;
  size_t n;
} strlist_t;

/* A distinct word of words-ids.c: its hash, first occurrence and count. */
typedef struct {
  uint32_t hash;
  int32_t start, len, count;
} word_rec_t;

/* A slot of words-ids.c's probe table: what a hit checks; id1 = id + 1, 0 when empty. */
typedef struct {
  uint32_t hash, id1;
  int32_t start, len;
} word_slot_t;

typedef struct {
  uint8_t kind[0x10000];
  uint16_t flags[0x10000];
  uint8_t plain[0x10000];
  /* The pre-tests by slot as bitsets (JavaScript's FILTER and FILTER2 bits, 8 KB each rather
   * than 64 KB: they are read at random, and the smaller tables stay in cache). */
  uint8_t special1[0x2000]; /* FILTER & SPECIAL_BIT */
  uint8_t special2[0x2000]; /* FILTER2 & SPECIAL_BIT */
  uint8_t pattern1[0x2000]; /* FILTER & PATTERN_BIT */
  uint8_t second1[0x2000];  /* FILTER & SECOND_BIT */
  uint8_t first_unit[0x10000]; /* 1: a pattern's whole first token is this one unit */
  uint16_t ds_begin[0x10000];  /* digit suffixes ending in unit c: ds[ds_begin[c] .. ds_end[c]) */
  uint16_t ds_end[0x10000];
  int32_t *astral; /* [lo, hi, flags] triples for code points above U+FFFF */
  size_t n_astral;
  strlist_t specials;  /* special-case keys */
  int32_t *piece_off;  /* key k's pieces: piece_len[piece_off[k] .. piece_off[k + 1]) */
  int32_t *piece_len;
  int32_t *sp_table;   /* open addressing: key index + 1, 0 empty */
  uint32_t sp_mask;
  strlist_t ds;        /* units and currencies, grouped by last unit, longest first */
  strlist_t hyphens;   /* LIST_HYPHENS in spaCy's order */
  /* The matcher's multi-token patterns (words-match.c): key k's tokens have the lengths
   * pat_tok_len[pat_tok_off[k] .. pat_tok_off[k + 1]); pat_replaces[k]: a match changes tokens.
   * pat_head (by first-token hash) and pat_next chain the patterns by first token. */
  strlist_t pat_keys;
  int32_t *pat_tok_off, *pat_tok_len, *pat_head, *pat_next;
  uint8_t *pat_replaces;
  uint32_t pat_mask;
  /* The matcher pass's scratch: matches, tokens seen, tokens moved. */
  struct match *matches;
  size_t match_cap;
  uint8_t *seen;
  size_t seen_cap;
  int32_t *moved;
  size_t moved_cap;
  /* The text of the current scan (a copy of its own: the scan resumes across calls). */
  uint16_t *text;
  size_t text_len, text_cap;
  int32_t text_units; /* UNITS_* of the text */
  /* splitChunk's suffix stack ([start, end] pairs). */
  int32_t *stack;
  size_t stack_cap;
  /* Word ids' scratch (words-ids.c): the probe table (all zero between calls), the words
   * end to end, the prefix hashes of that concatenation, and BASE^i for i < 256. */
  word_slot_t *table;
  size_t table_cap;
  uint16_t *cat;
  size_t cat_cap;
  uint32_t *prefix;
  size_t prefix_cap;
  word_rec_t *rec;
  size_t rec_cap;
  uint32_t pow[256];
} words_t;

/* Token output: JavaScript's arrays, with room for `cap` tokens. */
typedef struct {
  int32_t *starts, *ends;
  uint8_t *gaps;
  size_t cap, count;
} tokens_t;

/* What the split of one chunk asks of its caller. */
enum { CHUNK_DONE = 0, CHUNK_FALLBACK = 1, CHUNK_NOMEM = 2 };

/* words-rules.c: the key index of special case s[lo..hi) (non-empty), or -1, by the table
 * alone (words_special_find runs the pre-tests first). */
int32_t words_special_probe(const words_t *w, const uint16_t *s, size_t lo, size_t hi);
/* Builds the special cases' hash table from w->specials; 0 when memory ran out. */
int words_special_table(words_t *w);
/* Appends special case `key`'s pieces, which tile s from `start`. */
void words_emit_pieces(const words_t *w, tokens_t *t, size_t start, int32_t key);
/*
 * Emits the tokens of chunk s[lo..hi) (`splitChunk`), or returns CHUNK_FALLBACK, having emitted
 * some, when the URL pattern might match a piece of it (JavaScript then splits the chunk).
 */
int words_split_chunk(words_t *w, tokens_t *t, const uint16_t *s, size_t lo, size_t hi);

static inline void emit(tokens_t *t, size_t start, size_t end) {
  t->starts[t->count] = (int32_t)start;
  t->ends[t->count] = (int32_t)end;
  t->gaps[t->count] = GAP_NONE;
  t->count++;
}

/* Hash slot of a key from its length and first and last units (spacy-tables.ts slotOf). */
static inline uint32_t slot_of(size_t len, uint16_t first, uint16_t last) {
  return (uint32_t)(((len & 15) << 12) | ((first & 63) << 6) | (last & 63));
}

/* words-match.c: builds the pattern table from pat_keys and pat_tok_*; 0 when out of memory. */
int words_pattern_table(words_t *w);
/*
 * The special-case matcher pass over the tokens, in place (`_apply_special_cases`): CHUNK_DONE,
 * CHUNK_NOMEM, or CHUNK_FALLBACK when the replaced tokens need room for *need tokens.
 */
int words_special_matches(words_t *w, const uint16_t *u, tokens_t *t, size_t *need);
/* Grows a byte buffer to at least n bytes (zeroing what it adds); 0 when memory ran out. */
int words_reserve_bytes(uint8_t **p, size_t *cap, size_t n);

/* words-url.c: spaCy's URL pattern on s[lo..hi): 1 match, 0 none, -1 left to JavaScript. */
int words_url_match(const uint16_t *s, size_t lo, size_t hi);

/* words.c: typed-array argument v's data when it has this type and at least `min` elements. */
void *words_typed(napi_env env, napi_value v, napi_typedarray_type want, size_t min,
                  size_t *length);
/* words-text.c: the state argument (made by wordsInit), or NULL after throwing. */
words_t *words_state_arg(napi_env env, napi_value v);
/* The call's n arguments into a (exactly n) and its state a[0], with the text a[1] loaded
 * (words_load_text); NULL after throwing. */
words_t *words_call(napi_env env, napi_callback_info info, size_t n, napi_value *a,
                    const char *name);
/* Copies a string argument into w->text (0 after throwing); another value keeps the last text. */
int words_load_text(napi_env env, words_t *w, napi_value v);

/* The second pre-test slot: length and second and next-to-last units (spacy-tables.ts slot2). */
static inline uint32_t slot2_of(size_t len, uint16_t second, uint16_t penultimate) {
  return len < 3 ? 0 : (uint32_t)(((len & 7) << 13) | ((second & 127) << 6) | (penultimate & 63));
}

/* Bit `slot` of a bitset. */
static inline unsigned bit_at(const uint8_t *set, uint32_t slot) {
  return (set[slot >> 3] >> (slot & 7)) & 1;
}

/* True when s[lo..hi) (non-empty) passes both pre-tests of the special cases. */
static inline unsigned may_be_special(const words_t *w, const uint16_t *s, size_t lo, size_t hi) {
  size_t len = hi - lo;
  /* One branch on both tests (each alone passes a quarter of web text's words). */
  return bit_at(w->special1, slot_of(len, s[lo], s[hi - 1])) &
         bit_at(w->special2, slot2_of(len, s[lo + (len > 1)], s[hi - 1 - (len > 1)]));
}

/*
 * The key index of special case s[lo..hi), or -1: the pre-tests inline (most words fail them,
 * and a call per word cost more than the tests), the table probe out of line.
 */
static inline int32_t words_special_find(const words_t *w, const uint16_t *s, size_t lo,
                                         size_t hi) {
  if (hi <= lo || !may_be_special(w, s, lo, hi)) return -1;
  return words_special_probe(w, s, lo, hi);
}

/*
 * The end of the run of ASCII letters from j: eight units at a time where SSE2 is (most words
 * end within the first eight, so the loop's branch is predictable), then one at a time.
 */
static inline size_t letters_end(const uint16_t *u, size_t j, size_t n) {
#ifdef __SSE2__
  const __m128i fold = _mm_set1_epi16(0x20), a = _mm_set1_epi16(0x61), z = _mm_set1_epi16(25);
  while (j + 8 <= n) {
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(u + j));
    /* (c | 0x20) - 'a' <= 25 (unsigned): an ASCII letter */
    __m128i d = _mm_subs_epu16(_mm_sub_epi16(_mm_or_si128(v, fold), a), z);
    unsigned mask = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi16(d, _mm_setzero_si128()));
    if (mask != 0xffff) return j + ((unsigned)__builtin_ctz(~mask & 0xffff) >> 1);
    j += 8;
  }
#endif
  while (j < n && ((u[j] | 0x20) - 0x61u) <= 25u) j++;
  return j;
}

/* words-text.c: wordsUnits(state, text | null), the UNITS_* bits of the text it loads. */
napi_value words_units(napi_env env, napi_callback_info info);

/* words-ids.c */
napi_value words_word_ids(napi_env env, napi_callback_info info);
/* Fills w->pow. */
void words_pow_table(words_t *w);
#endif
