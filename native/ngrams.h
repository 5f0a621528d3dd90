/*
 * gopher_repetition's kernels (native/ngrams.c: the calls and the duplicated n-grams over word
 * ids; native/ngrams-top.c: the top n-grams; native/ngrams-lines.c: lines and paragraphs and
 * their duplicates). Their scratch lives in an `ngrams_t` that
 * JavaScript creates once per thread (napi external) and passes back in every call: the
 * addon's C statics would be shared by every worker thread of the process.
 */
#ifndef WINNOW_NGRAMS_H
#define WINNOW_NGRAMS_H
#include "kernels.h"

#include <stdint.h>
#include <stddef.h>

/* A scratch buffer, grown on demand (contents not kept across a growth). */
typedef struct {
  void *data;
  size_t bytes;
} buf_t;

/* The scratch buffers of one thread, by use. */
enum {
  /* top n-grams */
  B_POS, B_PID, B_SLOT_OF, B_SLOTS,
  /* duplicated n-grams */
  B_CP, B_LANDED, B_ENDS, B_WINDOWS, B_WINDOW_SLOT, B_KV,
  /* lines */
  B_NON_BLANK, B_WHITESPACE, B_PARAGRAPHS, B_SHAPES, B_HASHES,
  B_COUNT
};

typedef struct {
  buf_t buf[B_COUNT];
  uint32_t pow[256]; /* WORD_HASH_BASE^i mod 2^32 */
} ngrams_t;

/* At least `bytes` of buffer `which` (NULL when memory ran out). */
void *ngrams_reserve(ngrams_t *state, int which, size_t bytes);

/* Frees buffers a huge document grew past 16 MB, so they are not kept for good. */
void ngrams_release_large(ngrams_t *state);

/* The state passed as argument `value` (NULL, with a JavaScript error pending, when it is not one). */
ngrams_t *ngrams_state_arg(napi_env env, napi_value value);

/* Throws "out of memory" and returns NULL, for a kernel's early exit. */
napi_value ngrams_out_of_memory(napi_env env);

/* Smallest bits >= 4 with 2^bits >= 2n (a table at most half full), capped at `max`. */
int ngrams_table_bits(size_t n, int max);

/* Fibonacci hashing of a 64-bit key to `bits` bits. */
static inline size_t slot64(uint64_t x, int bits) {
  return (size_t)((x * 0x9e3779b97f4a7c15ull) >> (64 - bits));
}

/* Fibonacci hashing of a 32-bit key to `bits` bits, as the JavaScript twin's slotOf. */
static inline size_t slot32(uint32_t x, int bits) {
  return (size_t)((uint32_t)(x * 0x9e3779b1u) >> (32 - bits));
}

/* Code points of u[a, b): units less one per surrogate pair inside (Python's len). */
size_t ngrams_code_points(const uint16_t *u, size_t a, size_t b);

/* One document's words, as the WordIds arrays hold them. */
typedef struct {
  const int32_t *ids, *counts, *lengths, *offsets, *tails, *prefixes, *starts, *ends;
  size_t n;     /* words */
  size_t size;  /* distinct words (the length of counts, lengths, starts, ends) */
  const int32_t *cp; /* cp[k]: code points of words[0..k) */
  /* The source the words are ranges of, copied only when two n-grams must be compared as text. */
  napi_env env;
  napi_value source;
  const uint16_t *units;
  size_t units_length;
} words_t;

/*
 * topNgramChars: out[t] for each n = ns[t] (ascending, distinct, 1 <= n <= N). Returns 0, or -1
 * when memory ran out.
 */
int ngrams_top(ngrams_t *st, const words_t *w, const int32_t *ns, size_t count, double *out);

napi_value ngrams_segments(napi_env env, napi_callback_info info);
#endif
