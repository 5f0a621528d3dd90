/*
 * gopher_repetition's top n-grams over a document's word ids (the twin of topNgramChars in
 * src/scorers/ngram-repeats.ts, which stays the reference): datatrove's `find_top_duplicate`,
 * the most common n-gram's `len(" ".join(...)) * count`, exact.
 */
#include "ngrams.h"

#include <string.h>

/* `(len(" ".join(words[first:first + n]))) * count`, as the twin's `put`. */
static double top_value(const words_t *w, int32_t n, int32_t count, size_t first) {
  return ((double)w->cp[first + n] - w->cp[first] + (n - 1)) * count;
}

/* An n-gram of the top n-gram tables: its key (prefix id, last word), count and first position. */
typedef struct {
  uint64_t key;
  int32_t count, first;
} gram_t;

/*
 * topNgramChars: out[t] for each n = ns[t] (ascending, distinct, 1 <= n <= N). Returns 0, or -1
 * when memory ran out.
 *
 * Level by level as the twin, with changes that spare unpredictable branches and cache misses:
 * an n-gram's id is its slot in the level's table, which holds its key, count and first position
 * together; a probe has one branch, taken only on a collision; the most common n-gram is kept
 * up to date while counting; and the candidates of the next level (positions p where the
 * n-grams at p and p + 1 both repeat) are listed branch-free before the table is touched.
 */
int ngrams_top(ngrams_t *st, const words_t *w, const int32_t *ns, size_t count, double *out) {
  const int32_t *ids = w->ids, *word_count = w->counts;
  size_t N = w->n, t = 0;
  if (count == 0) return 0;
  if (ns[0] == 1) {
    int32_t best = 1;
    size_t first = 0;
    for (size_t i = 0; i < N; i++)
      if (word_count[ids[i]] > best) {
        best = word_count[ids[i]];
        first = i;
      }
    out[t++] = top_value(w, 1, best, first);
  }
  int32_t max_n = ns[count - 1];
  if (max_n < 2) return 0;
  /* The candidates of the current level: position and prefix id (on level 1, the word's). */
  int32_t *pos = ngrams_reserve(st, B_POS, N * sizeof(int32_t) + 4);
  uint32_t *pid = ngrams_reserve(st, B_PID, N * sizeof(uint32_t) + 4);
  uint32_t *slot_of = ngrams_reserve(st, B_SLOT_OF, N * sizeof(uint32_t) + 4);
  if (!pos || !pid || !slot_of) return -1;
  size_t m = 0;
  int repeats = N > 0 && word_count[ids[0]] >= 2;
  for (size_t c = 0; c + 1 < N; c++) {
    int next = word_count[ids[c + 1]] >= 2;
    pos[m] = (int32_t)c;
    pid[m] = (uint32_t)ids[c];
    m += (size_t)(repeats & next);
    repeats = next;
  }
  for (int32_t level = 1; level < max_n; level++) {
    int bits = ngrams_table_bits(m, 62);
    size_t mask = ((size_t)1 << bits) - 1;
    gram_t *table = ngrams_reserve(st, B_SLOTS, (mask + 1) * sizeof(gram_t));
    if (!table) return -1;
    memset(table, 0, (mask + 1) * sizeof(gram_t));
    int32_t best = 1, first = 0;
    for (size_t k = 0; k < m; k++) {
      uint64_t key = ((uint64_t)pid[k] << 32) | (uint32_t)ids[pos[k] + level];
      size_t s = slot64(key, bits);
      /* one branch, taken only on a collision: a new n-gram or a known one stop alike */
      while (((table[s].count == 0) | (table[s].key == key)) == 0) s = (s + 1) & mask;
      gram_t *g = &table[s];
      g->first = g->count ? g->first : pos[k];
      g->key = key;
      int32_t c = ++g->count;
      slot_of[k] = (uint32_t)s;
      /* Counter.most_common(1): the highest count, first seen (the first n-gram when none repeats) */
      if (c >= best && (c > best || g->first < first)) {
        best = c;
        first = g->first;
      }
    }
    if (t < count && ns[t] == level + 1) out[t++] = top_value(w, level + 1, best, (size_t)first);
    if (level + 1 == max_n) break;
    /* the next candidates, in place: p where the (level + 1)-grams at p and p + 1 both repeat */
    size_t next = 0;
    int repeated = m > 0 && table[slot_of[0]].count >= 2;
    for (size_t k = 0; k + 1 < m; k++) {
      int after = table[slot_of[k + 1]].count >= 2;
      int both = repeated & after & (pos[k + 1] == pos[k] + 1);
      pos[next] = pos[k];
      pid[next] = slot_of[k];
      next += (size_t)both;
      repeated = after;
    }
    m = next;
    if (m == 0) {
      /* nothing repeats from here on: each top n-gram is the first, once */
      for (; t < count; t++) out[t] = top_value(w, ns[t], 1, 0);
      break;
    }
  }
  return 0;
}
