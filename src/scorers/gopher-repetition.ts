import type { DocContext, Rule, Scored } from './types.ts';
import { type Filter, type OptionKind, resolveOptions, thresholdRule } from './registry.ts';
import { lengthOf, wordIdsOf } from './context.ts';
import { findDuplicates, newlineSegmentsOf } from './lines.ts';
import { WORD_HASH_BASE, type WordIds, wordText } from './word-ids.ts';
import { pyLen, strip } from '../text/python.ts';

export { findDuplicates } from './lines.ts';

/** GopherRepetitionFilter's parameters (datatrove v0.10.0 names and defaults; null or 0 disables a fraction check). */
export type GopherRepetitionOptions = {
  dup_line_frac: number | null;
  dup_para_frac: number | null;
  dup_line_char_frac: number | null;
  dup_para_char_frac: number | null;
  /** `[n, max fraction]` pairs for the top n-gram checks. */
  top_n_grams: [number, number][];
  /** `[n, max fraction]` pairs for the duplicated n-gram checks. */
  dup_n_grams: [number, number][];
};

const DEFAULTS: GopherRepetitionOptions = {
  dup_line_frac: 0.3,
  dup_para_frac: 0.3,
  dup_line_char_frac: 0.2,
  dup_para_char_frac: 0.2,
  top_n_grams: [
    [2, 0.2],
    [3, 0.18],
    [4, 0.16],
  ],
  dup_n_grams: [
    [5, 0.15],
    [6, 0.14],
    [7, 0.13],
    [8, 0.12],
    [9, 0.11],
    [10, 0.1],
  ],
};

const KINDS: { [K in keyof GopherRepetitionOptions]: OptionKind } = {
  dup_line_frac: 'number?',
  dup_para_frac: 'number?',
  dup_line_char_frac: 'number?',
  dup_para_char_frac: 'number?',
  top_n_grams: 'pairs',
  dup_n_grams: 'pairs',
};

const NAME = 'gopher_repetition';

// Scratch buffers shared by every document, grown on demand (and dropped again after a huge
// document, see releaseLargeScratch): the n-gram passes allocate almost nothing.
let KEY_A = new Int32Array(1 << 12);
let KEY_B = new Int32Array(1 << 12);
let VAL = new Int32Array(1 << 12);
let KV = new Int32Array(1 << 13);
// The duplicated-n-gram pre-filter: per slot, bit 0 is set once a hash has landed there, bit 1
// once a second one has.
let LANDED = new Uint8Array(1 << 14);
const POOL: Int32Array[] = [];

/** Scratch array number `slot`, at least `n` long (contents undefined; valid until the next document). */
function scratch(slot: number, n: number): Int32Array {
  const a = POOL[slot];
  if (a && a.length >= n) return a;
  const b = new Int32Array(Math.max(n, 2 * (a?.length ?? 512)));
  POOL[slot] = b;
  return b;
}

/** Drops scratch arrays grown past 2^20 entries by a huge document, so they are not kept for good. */
function releaseLargeScratch(): void {
  const big = 1 << 20;
  for (let i = 0; i < POOL.length; i++) if ((POOL[i]?.length ?? 0) > big) POOL[i] = new Int32Array(512);
  if (VAL.length > big) {
    KEY_A = new Int32Array(1 << 12);
    KEY_B = new Int32Array(1 << 12);
    VAL = new Int32Array(1 << 12);
  }
  if (KV.length > 2 * big) KV = new Int32Array(1 << 13);
  if (LANDED.length > 8 * big) LANDED = new Uint8Array(1 << 14);
}

/** Clears (and if needed grows) the open-addressing table for `n` keys; returns log2 of its capacity. */
function resetTable(n: number): number {
  let bits = 4;
  while (1 << bits < 2 * n) bits++;
  const cap = 1 << bits;
  if (cap > VAL.length) {
    KEY_A = new Int32Array(cap);
    KEY_B = new Int32Array(cap);
    VAL = new Int32Array(cap);
  }
  VAL.fill(-1, 0, cap);
  return bits;
}

const B = WORD_HASH_BASE; // odd, so invertible mod 2^32
/** Multiplicative inverse of an odd number mod 2^32 (Newton's iteration). */
function inverse32(b: number): number {
  let x = b; // correct to 3 bits; each step doubles them
  for (let i = 0; i < 5; i++) x = Math.imul(x, 2 - Math.imul(b, x));
  return x;
}
const IB = inverse32(B);
const POW = new Int32Array(256);
const IPOW = new Int32Array(256);
POW[0] = IPOW[0] = 1;
for (let i = 1; i < 256; i++) {
  POW[i] = Math.imul(POW[i - 1]!, B);
  IPOW[i] = Math.imul(IPOW[i - 1]!, IB);
}
/** B^len (or B^-len with `table` IPOW and `base` IB) mod 2^32. */
const powOf = (len: number, table: Int32Array, base: number): number => {
  if (len < 256) return table[len]!;
  let x = table[255]!;
  for (let i = 255; i < len; i++) x = Math.imul(x, base);
  return x;
};

/** Fibonacci hashing of an int32 to `bits` bits. */
const slotOf = (x: number, bits: number): number => Math.imul(x, 0x9e3779b1) >>> (32 - bits);

/**
 * The values `len(" ".join(top)) * count` of datatrove's `find_top_duplicate(get_n_grams(words, n))`
 * for every n in `ns` (ascending, 1 ≤ n ≤ N), ties going to the first-inserted n-gram.
 *
 * Exact, level by level: an n-gram gets a dense id from the pair (id of its (n-1)-gram prefix, id
 * of its last word), ids in order of first occurrence. An n-gram occurs at most as often as its
 * prefix and its suffix (n-1)-grams, so only positions where both of those repeat are looked up;
 * every other n-gram occurs once (id -1). When no n-gram repeats, all counts are 1 and the first
 * n-gram is datatrove's answer.
 */
function topNgramChars(ids: Int32Array, vocabSize: number, cpPrefix: Int32Array, ns: readonly number[]): Map<number, number> {
  const out = new Map<number, number>();
  const N = ids.length;
  // level 1: the words themselves
  let prev = ids;
  let prevCount = scratch(0, vocabSize).fill(0, 0, vocabSize);
  for (let i = 0; i < N; i++) prevCount[ids[i]!]!++;
  let prevFirst = ids; // not read at level 1 (topWord)
  let prevSize = vocabSize;
  const maxN = ns[ns.length - 1]!;
  for (let level = 1; ; level++) {
    if (ns.includes(level)) {
      const [count, first] = level === 1 ? topWord(ids, prevCount) : top(prevCount, prevFirst, prevSize);
      out.set(level, (cpPrefix[first + level]! - cpPrefix[first]! + (level - 1)) * count);
    }
    if (level === maxN) break;
    // level + 1
    const m1 = N - level;
    const bits = resetTable(m1);
    const mask = (1 << bits) - 1;
    const ka = KEY_A;
    const kb = KEY_B;
    const val = VAL;
    // Two sets of arrays, for this level and the last.
    const cur = scratch(20 + (level % 2) * 3, m1);
    const curCount = scratch(21 + (level % 2) * 3, m1);
    const curFirst = scratch(22 + (level % 2) * 3, m1);
    let next = 0;
    for (let i = 0; i < m1; i++) {
      const a = prev[i]!;
      const c = prev[i + 1]!;
      if (a < 0 || c < 0 || prevCount[a]! < 2 || prevCount[c]! < 2) {
        cur[i] = -1;
        continue;
      }
      const b = ids[i + level]!;
      let s = slotOf(a ^ Math.imul(b, 0x85ebca77), bits);
      let id: number;
      for (;;) {
        id = val[s]!;
        if (id === -1) {
          id = next++;
          ka[s] = a;
          kb[s] = b;
          val[s] = id;
          curCount[id] = 0;
          curFirst[id] = i;
          break;
        }
        if (ka[s] === a && kb[s] === b) break;
        s = (s + 1) & mask;
      }
      curCount[id]!++;
      cur[i] = id;
    }
    prev = cur;
    prevCount = curCount;
    prevFirst = curFirst;
    prevSize = next;
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
function topNgramCharsByString(words: readonly string[], n: number): number {
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
 * Prefix arrays over the concatenation of the words, from which the hash of any run of words
 * is `(P[e] - T[i] · Q[e]) | 0`: P[i] = hash(words[0..i)), Q[i] = B^offset(i) and
 * T[i] = P[i] · B^-offset(i) (offsets in UTF-16 units, mod 2^32).
 */
interface ConcatHashes {
  readonly P: Int32Array;
  readonly Q: Int32Array;
  readonly T: Int32Array;
}

function concatHashes(w: WordIds): ConcatHashes {
  const { ids, starts, ends, hashes } = w;
  const N = ids.length;
  const P = scratch(7, N + 1);
  const Q = scratch(8, N + 1);
  const T = scratch(9, N + 1);
  P[0] = T[0] = 0;
  Q[0] = 1;
  let inverse = 1; // B^-offset(i)
  for (let i = 0; i < N; i++) {
    const id = ids[i]!;
    const l = ends[id]! - starts[id]!;
    const pw = l < 256 ? POW[l]! : powOf(l, POW, B);
    P[i + 1] = (Math.imul(P[i]!, pw) + hashes[id]!) | 0;
    Q[i + 1] = Math.imul(Q[i]!, pw);
    inverse = Math.imul(inverse, l < 256 ? IPOW[l]! : powOf(l, IPOW, IB));
    T[i + 1] = Math.imul(P[i + 1]!, inverse);
  }
  return { P, Q, T };
}

/**
 * datatrove's `find_all_duplicate(words, n)`: walk the n-grams keyed by `"".join(words[i:i+n])` (no
 * separator, so `["ab","c"]` and `["a","bc"]` are the same key); a key seen before adds its code-point
 * length and skips n positions.
 *
 * Keys are 32-bit hashes of the concatenations (ConcatHashes), in two passes. The first marks,
 * in a table of at least 8 slots per n-gram, the slots hashes land in once and twice. A key alone
 * in its slot occurs once in the whole document, so the walk can neither have seen it nor ever
 * meet it again: it skips the exact table. Every other key is looked up there (hash → first
 * position); a hash hit is verified on the words, and a true collision falls back to string keys.
 */
function allDuplicateChars(w: WordIds, h: ConcatHashes, cpPrefix: Int32Array, n: number): number {
  const m = w.ids.length - n + 1;
  if (m <= 0) return 0;
  const { P, Q, T } = h;

  // Pass 1: the hash of every n-gram, and where they land.
  let cbits = 6;
  while (1 << cbits < 8 * m) cbits++;
  if (LANDED.length < 1 << cbits) LANDED = new Uint8Array(1 << cbits);
  else LANDED.fill(0, 0, 1 << cbits);
  const landed = LANDED;
  const cshift = 32 - cbits;
  const H = scratch(10, m);
  let shared = 0; // n-grams that found their slot taken: at least half the candidates
  for (let i = 0; i < m; i++) {
    const x = (P[i + n]! - Math.imul(T[i]!, Q[i + n]!)) | 0;
    H[i] = x;
    const s = Math.imul(x, 0x9e3779b1) >>> cshift;
    const before = landed[s]!;
    landed[s] = before | ((before << 1) & 2) | 1; // 0 → 1 → 3, without a branch
    shared += before & 1;
  }
  if (shared === 0) return 0; // every key occurs once

  // Pass 2: the walk. One interleaved table [hash, first position + 1] per slot (0 = empty).
  let bits = 4;
  while (1 << bits < 4 * shared) bits++;
  const mask = (1 << bits) - 1;
  if (KV.length < 2 << bits) KV = new Int32Array(2 << bits);
  const kv = KV;
  kv.fill(0, 0, 2 << bits);
  let overflow: Set<string> | undefined;
  let repeated = 0;
  let idx = 0;
  while (idx < m) {
    const x = H[idx]!;
    if ((landed[Math.imul(x, 0x9e3779b1) >>> cshift]! & 2) === 0) {
      idx++;
      continue;
    }
    let s = slotOf(x, bits) << 1;
    let seen = false;
    for (;;) {
      const at = kv[s + 1]! - 1;
      if (at === -1) {
        kv[s] = x;
        kv[s + 1] = idx + 1;
        break;
      }
      if (kv[s] === x) {
        if (sameConcat(w, at, idx, n)) seen = true;
        else {
          const key = concat(w, idx, n);
          overflow ??= new Set();
          seen = overflow.has(key);
          if (!seen) overflow.add(key);
        }
        break;
      }
      s = (s + 2) & ((mask << 1) | 1);
    }
    if (seen) {
      repeated += cpPrefix[idx + n]! - cpPrefix[idx]!;
      idx += n;
    } else idx += 1;
  }
  return repeated;
}

/** Paragraphs and lines: `find_duplicates` over the split text. */
function addParagraphsAndLines(ctx: DocContext, len: number, attrs: Record<string, number>): void {
  const paragraphs = strip(ctx.text).split(/\n{2,}/);
  const [dupParas, dupParaChars] = findDuplicates(paragraphs);
  attrs.n_paragraphs = paragraphs.length;
  attrs.dup_paragraphs = dupParas;
  attrs.dup_paragraph_chars = dupParaChars;
  attrs.dup_para_frac = dupParas / paragraphs.length;
  if (len > 0) attrs.dup_para_char_frac = dupParaChars / len;

  const lines = newlineSegmentsOf(ctx).splitRuns;
  attrs.n_lines = lines.count;
  attrs.dup_lines = lines.dupElements;
  attrs.dup_line_chars = lines.dupChars;
  attrs.dup_line_frac = lines.dupElements / lines.count;
  if (len > 0) attrs.dup_line_char_frac = lines.dupChars / len;
}

/**
 * Per-document statistics of GopherRepetitionFilter (filters.md §4). Keys: `len_text`;
 * paragraphs (`re.split(r"\n{2,}", text.strip())`): `n_paragraphs`, `dup_paragraphs`,
 * `dup_paragraph_chars`, `dup_para_frac`, `dup_para_char_frac`; lines (`re.split("\n+", text)`):
 * `n_lines`, `dup_lines`, `dup_line_chars`, `dup_line_frac`, `dup_line_char_frac`; `n_words`;
 * `top_{n}_gram_char_frac` (absent with fewer than n words) and `dup_{n}_gram_char_frac`.
 * Empty text: datatrove raises ZeroDivisionError, so every `*_char_frac` and n-gram fraction is
 * absent (and no rule fires); the counts are still there.
 */
export function scoreGopherRepetition(
  ctx: DocContext,
  topNs: readonly number[],
  dupNs: readonly number[],
): Scored {
  const text = ctx.text;
  const len = lengthOf(ctx);
  const attrs: Record<string, number> = { len_text: len };
  addParagraphsAndLines(ctx, len, attrs);

  const w = wordIdsOf(ctx);
  const { ids, lengths } = w;
  const N = ids.length;
  attrs.n_words = N;
  if (len === 0) return { attrs, spans: {} };

  // cpPrefix[i]: code points of words[0..i).
  const cpPrefix = scratch(5, N + 1);
  cpPrefix[0] = 0;
  for (let i = 0; i < N; i++) cpPrefix[i + 1] = cpPrefix[i]! + lengths[ids[i]!]!;

  const tops = topNs.filter((n) => n <= N);
  if (tops.length > 0) {
    if (w.spaced) {
      const words = Array.from(ids, (id) => wordText(w, id));
      for (const n of tops) attrs[`top_${n}_gram_char_frac`] = topNgramCharsByString(words, n) / len;
    } else {
      const values = topNgramChars(ids, w.size, cpPrefix, [...new Set(tops)].sort((a, b) => a - b));
      for (const n of tops) attrs[`top_${n}_gram_char_frac`] = values.get(n)! / len;
    }
  }

  if (dupNs.length > 0) {
    const hashes = concatHashes(w);
    for (const n of dupNs) attrs[`dup_${n}_gram_char_frac`] = allDuplicateChars(w, hashes, cpPrefix, n) / len;
  }
  releaseLargeScratch();
  return { attrs, spans: {} };
}

/**
 * `gopher_repetition`: datatrove's GopherRepetitionFilter. Rules in datatrove's order: dup_para_frac,
 * dup_para_char_frac, dup_line_frac, dup_line_char_frac, top_{n}_gram per `top_n_grams`,
 * duplicated_{n}_n_grams per `dup_n_grams` (all `>`). A null or 0 line/paragraph fraction removes its rule.
 */
export function gopherRepetition(options: Readonly<Record<string, unknown>> = {}): Filter {
  const o = resolveOptions(NAME, DEFAULTS, KINDS, options);
  const a = (key: string) => `${NAME}.${key}`;
  const r = (reason: string) => `${NAME}/${reason}`;
  const rules: Rule[] = [];
  for (const key of ['dup_para_frac', 'dup_para_char_frac', 'dup_line_frac', 'dup_line_char_frac'] as const) {
    const max = o[key];
    if (max) rules.push(thresholdRule(r(key), a(key), '>', max));
  }
  for (const [n, frac] of o.top_n_grams) {
    rules.push(thresholdRule(r(`top_${n}_gram`), a(`top_${n}_gram_char_frac`), '>', frac));
  }
  for (const [n, frac] of o.dup_n_grams) {
    rules.push(thresholdRule(r(`duplicated_${n}_n_grams`), a(`dup_${n}_gram_char_frac`), '>', frac));
  }
  const topNs = o.top_n_grams.map(([n]) => n);
  const dupNs = o.dup_n_grams.map(([n]) => n);
  return {
    name: NAME,
    options: o,
    scorer: { name: NAME, score: (ctx) => scoreGopherRepetition(ctx, topNs, dupNs) },
    rules,
  };
}
