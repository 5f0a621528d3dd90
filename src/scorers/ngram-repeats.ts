/**
 * The n-gram statistics of GopherRepetitionFilter (filters.md §4) over a document's word ids:
 * datatrove's `find_top_duplicate` (the most common n-gram) and `find_all_duplicate` (characters
 * in repeated n-grams), exact, with typed-array hash tables instead of a string per n-gram.
 */
import { TAIL_WINDOW, type WordIds, hashPow, wordText } from './word-ids.ts';
import { pyLen } from '../text/python.ts';

// Scratch buffers shared by every document, grown on demand (and dropped again after a huge
// document, see releaseLargeScratch): the n-gram passes allocate almost nothing.
let KV: Int32Array = new Int32Array(1 << 13);
// The duplicated-n-gram pre-filter: per slot, bit 0 is set once a hash has landed there, bit 1
// once a second one has.
let LANDED = new Uint8Array(1 << 14);
const POOL: Int32Array[] = [];

/** Scratch array number `slot`, at least `n` long (contents undefined; valid until the next document). */
export function scratch(slot: number, n: number): Int32Array {
  const a = POOL[slot];
  if (a && a.length >= n) return a;
  const b = new Int32Array(Math.max(n, 2 * (a?.length ?? 512)));
  POOL[slot] = b;
  return b;
}

/** Drops scratch arrays grown past 2^20 entries by a huge document, so they are not kept for good. */
export function releaseLargeScratch(): void {
  const big = 1 << 20;
  for (let i = 0; i < POOL.length; i++)
    if ((POOL[i]?.length ?? 0) > big) POOL[i] = new Int32Array(512);
  if (KV.length > 2 * big) KV = new Int32Array(1 << 13);
  if (LANDED.length > 8 * big) LANDED = new Uint8Array(1 << 14);
}

/** Fibonacci hashing of an int32 to `bits` bits. */
const slotOf = (x: number, bits: number): number => Math.imul(x, 0x9e3779b1) >>> (32 - bits);

/**
 * The values `len(" ".join(top)) * count` of datatrove's `find_top_duplicate(get_n_grams(words, n))`
 * for every n in `ns` (ascending, 1 ≤ n ≤ N), ties going to the first-inserted n-gram.
 *
 * Exact, level by level: an n-gram gets a dense id from the pair (id of its (n-1)-gram prefix, id
 * of its last word), ids in order of first occurrence. An n-gram occurs at most as often as its
 * prefix and its suffix (n-1)-grams, so each level keeps the sorted list of positions whose
 * n-gram repeats, and the next level looks up only positions p where both p and p + 1 are on it
 * (every occurrence of a repeated n-gram is). When no n-gram repeats, all counts are 1 and the
 * first n-gram is datatrove's answer. The 2-grams are read straight off the words (a pair of
 * words that both repeat), without a list of the repeated words first.
 */
export function topNgramChars(
  ids: Int32Array,
  wordCount: Int32Array,
  cpPrefix: Int32Array,
  ns: readonly number[],
): Map<number, number> {
  const out = new Map<number, number>();
  const N = ids.length;
  const put = (n: number, count: number, first: number) =>
    out.set(n, (cpPrefix[first + n]! - cpPrefix[first]! + (n - 1)) * count);
  // level 1: the words themselves, counted with their ids
  if (ns.includes(1)) {
    const [count, first] = topWord(ids, wordCount);
    put(1, count, first);
  }
  const maxN = ns[ns.length - 1]!;
  if (maxN < 2) return out;
  const words = wordCount.length; // the bound of a word id
  // The repeated n-grams of the current level: positions (ascending) and their ids.
  let at = scratch(20, N);
  let idAt = scratch(21, N);
  let len = 0;
  for (let level = 1; level < maxN; level++) {
    // level + 1: the table holds id + 1 per slot (0: empty), and each id its key a · words + b,
    // exact while that product stays below 2^31 (a document of fewer than 46,341 distinct
    // words); past it, the packed key is only a hash and each id's own pair confirms a match.
    const inputs = level === 1 ? N : len;
    let bits = 4;
    while (1 << bits < 2 * inputs) bits++;
    const mask = (1 << bits) - 1;
    if (KV.length < 1 << bits) KV = new Int32Array(1 << bits);
    const table = KV;
    table.fill(0, 0, 1 << bits);
    const keyOf = scratch(30, inputs);
    const exact = (level === 1 ? words : len) * words < 2 ** 31;
    const nextAt = scratch(22 + (level % 2) * 2, inputs);
    const nextId = scratch(23 + (level % 2) * 2, inputs);
    const counts = scratch(26, inputs);
    const firsts = scratch(27, inputs);
    const keyA = scratch(28, exact ? 0 : inputs);
    const keyB = scratch(29, exact ? 0 : inputs);
    let size = 0;
    let nextLen = 0;
    // The (level + 1)-gram at i: prefix id a, last word b. On level 1 the inputs are the words,
    // and a pair counts when both words repeat.
    let repeats = level === 1 && N > 0 && wordCount[ids[0]!]! >= 2;
    for (let c = 0; c + 1 < inputs; c++) {
      let i: number;
      let a: number;
      let b: number;
      if (level === 1) {
        i = c;
        b = ids[c + 1]!;
        const before = repeats;
        repeats = wordCount[b]! >= 2;
        if (!before || !repeats) continue;
        a = ids[c]!;
      } else {
        i = at[c]!;
        if (at[c + 1] !== i + 1) continue;
        a = idAt[c]!;
        b = ids[i + level]!;
      }
      const key = (Math.imul(a, words) + b) | 0;
      let s = slotOf(key, bits);
      let id: number;
      for (;;) {
        id = table[s]! - 1;
        if (id === -1) {
          id = size++;
          table[s] = id + 1;
          keyOf[id] = key;
          counts[id] = 0;
          firsts[id] = i;
          if (!exact) {
            keyA[id] = a;
            keyB[id] = b;
          }
          break;
        }
        if (keyOf[id] === key && (exact || (keyA[id] === a && keyB[id] === b))) break;
        s = (s + 1) & mask;
      }
      counts[id]!++;
      nextAt[nextLen] = i;
      nextId[nextLen++] = id;
    }
    if (ns.includes(level + 1)) {
      const [count, first] = top(counts, firsts, size);
      put(level + 1, count, first);
    }
    // keep the repeated ones
    len = 0;
    for (let c = 0; c < nextLen; c++) {
      if (counts[nextId[c]!]! >= 2) {
        nextAt[len] = nextAt[c]!;
        nextId[len++] = nextId[c]!;
      }
    }
    at = nextAt;
    idAt = nextId;
    if (len < 2) {
      // nothing repeats from here on: each top n-gram is the first, once
      for (const n of ns) if (n > level + 1) put(n, 1, 0);
      break;
    }
  }
  return out;
}

/**
 * `Counter.most_common(1)` over n-grams with dense ids in order of first occurrence (n-grams
 * that occur once may have no id): the highest count and the first position of the first
 * n-gram with it, or (1, 0), the first n-gram, when none occurs twice.
 */
function top(counts: Int32Array, first: Int32Array, size: number): [count: number, first: number] {
  let best = 1;
  let bestFirst = 0;
  for (let id = 0; id < size; id++) {
    if (counts[id]! > best) {
      best = counts[id]!;
      bestFirst = first[id]!;
    }
  }
  return [best, bestFirst];
}

/** `top` for single words (ids of every word): the first position of the first most common word. */
function topWord(ids: Int32Array, counts: Int32Array): [count: number, first: number] {
  let best = 1;
  let bestFirst = 0;
  for (let i = 0; i < ids.length; i++) {
    if (counts[ids[i]!]! > best) {
      best = counts[ids[i]!]!;
      bestFirst = i;
    }
  }
  return [best, bestFirst];
}

/** `find_top_duplicate` over space-joined strings: the slow path when a word contains a space. */
export function topNgramCharsByString(words: readonly string[], n: number): number {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= words.length; i++) {
    const g = words.slice(i, i + n).join(' ');
    counts.set(g, (counts.get(g) ?? 0) + 1);
  }
  let best = '';
  let bestCount = 0;
  for (const [g, c] of counts) {
    if (c > bestCount) {
      best = g;
      bestCount = c;
    }
  }
  return pyLen(best) * bestCount;
}

/** `"".join(words[i:i+n])`. */
function concat(w: WordIds, i: number, n: number): string {
  let s = '';
  for (let k = i; k < i + n; k++) s += wordText(w, w.ids[k]!);
  return s;
}

/** True when the concatenations of `words[i..i+n)` and `words[j..j+n)` are the same string. */
function sameConcat(w: WordIds, i: number, j: number, n: number): boolean {
  const ids = w.ids;
  let k = 0;
  while (k < n && ids[i + k] === ids[j + k]) k++;
  return k === n || concat(w, i, n) === concat(w, j, n);
}

/**
 * The word boundaries (e: after word e - 1) at which a duplicated-n-gram key may end and occur
 * twice, for every n ≥ `nMin`, ascending: one filter shared by all n, which holds for keys that
 * coincide only when joined too.
 *
 * A key is the concatenation of n words. When two keys of at least TAIL_WINDOW units are equal,
 * so are the last TAIL_WINDOW units of the whole concatenation before their two ends. So an
 * n-gram ending at a boundary whose window (`WordIds.tails`) ends at no other boundary is unique,
 * for every n, unless its n words hold fewer than TAIL_WINDOW units. Keys only grow with n, so
 * an end whose `nMin` words hold TAIL_WINDOW units or more needs no other test; an end that is
 * short at `nMin` is listed negated, and each n keeps it only while its n words are still
 * short. Windows are marked in a table of at least 8 slots per boundary, bit 0 once a window
 * has landed in a slot, bit 1 once a second one has; a window alone in its slot is unique, and
 * the windows of shared slots are then counted exactly (repeatedWindows). In web text 11 % of
 * the ends have a repeated window, and 15 % more are short at n = 5 (4.5 % at n = 6, 0.1 % at
 * n = 10).
 */
export function repeatEnds(w: WordIds, nMin: number): Int32Array {
  const N = w.ids.length;
  const off = w.offsets;
  const tail = w.tails;
  let cbits = 6;
  while (1 << cbits < 8 * N) cbits++;
  if (LANDED.length < 1 << cbits) LANDED = new Uint8Array(1 << cbits);
  else LANDED.fill(0, 0, 1 << cbits);
  const landed = LANDED;
  const cshift = 32 - cbits;
  for (let e = 1; e <= N; e++) {
    if (off[e]! < TAIL_WINDOW) continue; // no full window: caught by the length test below
    const s = Math.imul(tail[e]!, 0x9e3779b1) >>> cshift;
    const before = landed[s]!;
    landed[s] = before | ((before << 1) & 2) | 1;
  }
  const out = scratch(13, N + 1);
  let n = 0;
  let shared = 0;
  // Without branches (which end a window is listed for is not predictable): e when its window
  // shares a slot, else -e when it is short (a candidate while off[e] - off[e - n] < TAIL_WINDOW).
  for (let e = Math.max(nMin, 1); e <= N; e++) {
    const inShared = ((landed[Math.imul(tail[e]!, 0x9e3779b1) >>> cshift]! >> 1) &
      ((TAIL_WINDOW - 1 - off[e]!) >>> 31)) as 0 | 1;
    const short = (off[e]! - off[e - nMin]! - TAIL_WINDOW) >>> 31;
    out[n] = e * (2 * inShared - 1);
    n += inShared | short;
    shared += inShared;
  }
  return out.subarray(0, repeatedWindows(w, nMin, out, n, shared));
}

/**
 * Keeps, of the `shared` ends of `out[0, n)` whose window shares its slot in repeatEnds' table,
 * those whose window (its full 32-bit hash) occurs twice: the slot is shared by two different
 * windows for about 2 in 5 of them on web pages, and each would be a candidate for every n. An
 * end dropped here is still listed as short when it is. Returns the ends kept, in place.
 */
function repeatedWindows(
  w: WordIds,
  nMin: number,
  out: Int32Array,
  n: number,
  shared: number,
): number {
  if (shared === 0) return n;
  const tail = w.tails;
  const off = w.offsets;
  // [hash, occurrences] per slot, at most half full (every occurrence of a repeated window is among the shared ones)
  let bits = 4;
  while (1 << bits < 2 * shared) bits++;
  const mask = (1 << bits) - 1;
  const table = scratch(14, 2 << bits);
  table.fill(0, 0, 2 << bits);
  const slotOfEnd = scratch(15, n);
  for (let c = 0; c < n; c++) {
    const e = out[c]!;
    if (e < 0) continue;
    const h = tail[e]!;
    let s = slotOf(h, bits);
    while (table[2 * s + 1] !== 0 && table[2 * s] !== h) s = (s + 1) & mask;
    table[2 * s] = h;
    table[2 * s + 1]!++;
    slotOfEnd[c] = s;
  }
  let kept = 0;
  for (let c = 0; c < n; c++) {
    const e = out[c]!;
    if (e < 0 || table[2 * slotOfEnd[c]! + 1]! >= 2) out[kept++] = e;
    else if (off[e]! - off[e - nMin]! < TAIL_WINDOW) out[kept++] = -e;
  }
  return kept;
}

/**
 * datatrove's `find_all_duplicate(words, n)`: walk the n-grams keyed by `"".join(words[i:i+n])` (no
 * separator, so `["ab","c"]` and `["a","bc"]` are the same key); a key seen before adds its code-point
 * length and skips n positions.
 *
 * Only n-grams ending at one of `ends` (repeatEnds) can occur twice; the walk steps over every
 * other position (a key seen once, never met again) without looking at it. Candidate keys are
 * 32-bit hashes of the concatenations (from `WordIds.prefixes`) in an open-addressing table
 * (hash → first position); a hash hit is verified on the words, and a true collision falls back
 * to string keys.
 *
 * Returns the repeated code points and `ends` compacted in place for a larger n: without the
 * ends that have fewer than n words before them, and the short ends whose n words are no longer
 * short. Neither is a candidate for any larger n (keys only grow with n), and the short ends
 * thin out fast (15 % of the ends at n = 5, 4.5 % at n = 6).
 */
export function allDuplicateChars(
  w: WordIds,
  cpPrefix: Int32Array,
  ends: Int32Array,
  n: number,
): [number, Int32Array] {
  const { prefixes, offsets } = w;
  let first = 0; // the candidates: n-grams ending at ends[first..]
  while (first < ends.length && Math.abs(ends[first]!) < n) first++;
  const count = ends.length - first;
  if (count < 2) return [0, ends.subarray(first)];
  // One interleaved table [hash, first position + 1] per slot (0 = empty), at most half full.
  let bits = 4;
  while (1 << bits < 2 * count) bits++;
  const mask = (1 << bits) - 1;
  if (KV.length < 2 << bits) KV = new Int32Array(2 << bits);
  const kv = KV;
  kv.fill(0, 0, 2 << bits);
  let overflow: Set<string> | undefined;
  let repeated = 0;
  let idx = 0;
  let kept = 0;
  for (let c = first; c < ends.length; c++) {
    let e = ends[c]!;
    if (e < 0) {
      e = -e; // a short end: its n-gram may be too long now for the window to have been tested
      if (offsets[e]! - offsets[e - n]! >= TAIL_WINDOW) continue;
    }
    ends[kept++] = ends[c]!;
    const i = e - n;
    if (i < idx) continue; // inside the last repeat
    const x = (prefixes[e]! - Math.imul(prefixes[i]!, hashPow(offsets[e]! - offsets[i]!))) | 0;
    let s = slotOf(x, bits) << 1;
    let seen = false;
    for (;;) {
      const at = kv[s + 1]! - 1;
      if (at === -1) {
        kv[s] = x;
        kv[s + 1] = i + 1;
        break;
      }
      if (kv[s] === x) {
        if (sameConcat(w, at, i, n)) seen = true;
        else {
          const key = concat(w, i, n);
          overflow ??= new Set();
          seen = overflow.has(key);
          if (!seen) overflow.add(key);
        }
        break;
      }
      s = (s + 2) & ((mask << 1) | 1);
    }
    if (seen) {
      repeated += cpPrefix[e]! - cpPrefix[i]!;
      idx = e;
    }
  }
  return [repeated, ends.subarray(0, kept)];
}
