/**
 * English word splitting as datatrove does it (`split_into_words(text, "eng")`): the token
 * texts of spaCy's `blank("en")` tokenizer (spaCy 3.5–3.8), Python-`strip()`ped, empties
 * dropped. The algorithm follows spaCy's `tokenizer.pyx` (whitespace chunking, the
 * prefix/suffix loop of `_split_affixes`, `_attach_tokens` with the URL match and infixes,
 * and the special-case matcher pass of `_apply_special_cases`); the rule tables are in
 * `spacy-char-classes.ts` and `spacy-exceptions.ts`. See docs/filters.md §1.
 *
 * All offsets here are UTF-16 indices, but every rule looks at whole code points, so astral
 * characters (emoji) behave as the single characters Python sees. Callers that need
 * Python's `len()` of a token must count code points.
 */
import {
  ALPHA,
  ALPHA_LOWER,
  ALPHA_UPPER,
  CURRENCY_LIST,
  HYPHEN_LIST,
  ICONS,
  PUNCT_LIST,
  QUOTE_LIST,
  UNIT_LIST,
  type Ranges,
} from './spacy-char-classes.ts';
import { buildSpecialCases, buildUrlPattern } from './spacy-exceptions.ts';
import { unitsOf } from './units.ts';

// ---------------------------------------------------------------------------------------
// Character flags

const F_ALPHA = 1 << 0; // ALPHA
const F_LOWER = 1 << 1; // ALPHA_LOWER
const F_UPPER = 1 << 2; // ALPHA_UPPER
const F_ICON = 1 << 3; // ICONS
const F_PREFIX = 1 << 4; // a one-character prefix
const F_SUFFIX = 1 << 5; // a one-character suffix
const F_QUOTE = 1 << 6; // CONCAT_QUOTES
const F_DOT_LB = 1 << 7; // may precede a suffix "." (digits, lower, %²-+, PUNCT, quotes)
const F_INFIX = 1 << 8; // may start an infix
const F_DIGIT = 1 << 9; // ASCII 0-9 (Python `[0-9]`)

/** Python `str.isspace()`, BMP only (there are no astral spaces). */
const PY_SPACE = [
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680, 0x2000,
  0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028,
  0x2029, 0x202f, 0x205f, 0x3000,
];

// Scan kinds for the chunking loop (0: anything else).
const K_SPACE = 1;
const K_LETTER = 2; // ASCII letter
const K_DIGIT = 3; // ASCII digit

const KIND = new Uint8Array(0x10000);
const FLAGS = new Uint16Array(0x10000);
/** Flags of astral code points, as [lo, hi, flags] triples. */
const ASTRAL: number[] = [];

function addRanges(ranges: Ranges, flag: number): void {
  for (let i = 0; i < ranges.length; i += 2) {
    const lo = ranges[i] as number;
    const hi = ranges[i + 1] as number;
    for (let c = lo; c <= Math.min(hi, 0xffff); c++) FLAGS[c]! |= flag;
    if (hi > 0xffff) ASTRAL.push(Math.max(lo, 0x10000), hi, flag);
  }
}
const addChars = (chars: Iterable<string>, flag: number): void => {
  for (const ch of chars) addRanges([ch.codePointAt(0)!, ch.codePointAt(0)!], flag);
};
const singleChars = (list: readonly string[]): string[] => list.filter((s) => Array.from(s).length === 1);

for (const c of PY_SPACE) KIND[c] = K_SPACE;
for (let c = 0x41; c <= 0x5a; c++) KIND[c] = KIND[c + 0x20] = K_LETTER;
for (let c = 0x30; c <= 0x39; c++) KIND[c] = K_DIGIT;

addRanges(ALPHA, F_ALPHA);
addRanges(ALPHA_LOWER, F_LOWER | F_DOT_LB);
addRanges(ALPHA_UPPER, F_UPPER);
addRanges(ICONS, F_ICON | F_PREFIX | F_SUFFIX | F_INFIX);
addRanges([0x30, 0x39], F_DIGIT | F_DOT_LB);
// Prefixes: § % = — –, LIST_PUNCT, …, LIST_QUOTES, one-character currencies, icons.
addChars(['§', '%', '=', '—', '–', '…'], F_PREFIX);
addChars(singleChars(PUNCT_LIST), F_PREFIX | F_SUFFIX | F_DOT_LB);
addChars(singleChars(QUOTE_LIST), F_PREFIX | F_SUFFIX | F_QUOTE | F_DOT_LB);
addChars(singleChars(CURRENCY_LIST), F_PREFIX);
// Suffixes: LIST_PUNCT, …, LIST_QUOTES, icons, — –.
addChars(['…', '—', '–'], F_SUFFIX);
// The suffix "." lookbehind class [0-9{ALPHA_LOWER}%²\-\+{PUNCT}(?:{QUOTES})]: PUNCT is the
// "|"-joined alternation and "(?:" ")" are literal inside the brackets.
addChars(['%', '²', '-', '+', '|', '(', '?', ':', ')'], F_DOT_LB);
// Infix starts: \.\.+ … icons [+\-*^] \. , hyphens [:<>=/]
addChars(['.', '…', '+', '-', '*', '^', ',', '–', '—', '~', ':', '<', '>', '=', '/'], F_INFIX);

const astralCache = new Map<number, number>();
function astralFlags(cp: number): number {
  let f = astralCache.get(cp);
  if (f === undefined) {
    f = 0;
    for (let i = 0; i < ASTRAL.length; i += 3) {
      if (cp >= ASTRAL[i]! && cp <= ASTRAL[i + 1]!) f |= ASTRAL[i + 2]!;
    }
    astralCache.set(cp, f);
  }
  return f;
}
const flagsOf = (cp: number): number => (cp < 0 ? 0 : cp < 0x10000 ? FLAGS[cp]! : astralFlags(cp));

/** Code point at UTF-16 index i of s[..hi), or -1 at/after hi; lone surrogates count as themselves. */
function cpAt(s: string, i: number, hi: number): number {
  if (i >= hi) return -1;
  const c = s.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < hi) {
    const d = s.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return (c - 0xd800) * 0x400 + (d - 0xdc00) + 0x10000;
  }
  return c;
}
/** Start index of the code point of s[lo..] that ends just before UTF-16 index i (> lo). */
function prevStart(s: string, i: number, lo: number): number {
  const c = s.charCodeAt(i - 1);
  if (c >= 0xdc00 && c <= 0xdfff && i - 2 >= lo) {
    const h = s.charCodeAt(i - 2);
    if (h >= 0xd800 && h <= 0xdbff) return i - 2;
  }
  return i - 1;
}
const cpLen = (cp: number): number => (cp > 0xffff ? 2 : 1);

// ---------------------------------------------------------------------------------------
// Rule tables

const SPECIALS = buildSpecialCases();

function classBody(ranges: Ranges): string {
  const hex = (c: number): string => `\\u{${c.toString(16)}}`;
  let out = '';
  for (let i = 0; i < ranges.length; i += 2) {
    const lo = ranges[i]!;
    const hi = ranges[i + 1]!;
    out += lo === hi ? hex(lo) : `${hex(lo)}-${hex(hi)}`;
  }
  return out;
}
const URL_RE = buildUrlPattern(classBody(ALPHA_LOWER));

/**
 * Suffixes that need an ASCII digit before them (units, currencies), by last UTF-16 unit,
 * longest first: an array rather than a Map, as findSuffix asks for every chunk it sees.
 */
const DIGIT_SUFFIXES: (string[] | undefined)[] = new Array(0x10000).fill(undefined);
for (const u of [...UNIT_LIST, ...CURRENCY_LIST]) (DIGIT_SUFFIXES[u.charCodeAt(u.length - 1)] ??= []).push(u);
for (const list of DIGIT_SUFFIXES) list?.sort((a, b) => b.length - a.length);

/** Hash slot of a string from its length and first and last UTF-16 units. */
const slotOf = (len: number, first: number, last: number): number =>
  ((len & 15) << 12) | ((first & 63) << 6) | (last & 63);
/** Per slot, which RangeMaps may hold a key there (one bit each). */
const FILTER = new Uint8Array(1 << 16);

/** Polynomial hash of s[lo..hi) (UTF-16 units), for RangeMap's table. */
function rangeHash(s: string, lo: number, hi: number): number {
  let h = 0;
  for (let i = lo; i < hi; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

/** Second pre-test slot: the length and the second and next-to-last UTF-16 units. */
const slot2Of = (s: string, lo: number, hi: number): number =>
  hi - lo < 3 ? 0 : (((hi - lo) & 7) << 13) | ((s.charCodeAt(lo + 1) & 127) << 6) | (s.charCodeAt(hi - 2) & 63);
/** Per second slot, which RangeMaps may hold a key there (keys under 3 units all share slot 0). */
const FILTER2 = new Uint8Array(1 << 16);

/**
 * A string-keyed map with a cheap pre-test (FILTER) on a key's length and first and last
 * UTF-16 units, so that most misses cost nothing. A range that passes it takes a second
 * pre-test (FILTER2, other units) before it is hashed in place and looked up in an
 * open-addressing table of the keys, so no lookup makes a substring. (On web text a quarter of
 * the ranges pass FILTER and one in seven of those is near a key: the second test keeps most
 * of the rest from being hashed.)
 */
class RangeMap<V> {
  private readonly map = new Map<string, V>();
  private keys: string[] = [];
  private values: V[] = [];
  /** Per slot: index + 1 into keys (0: empty); sized and filled by `seal`. */
  private table = new Int32Array(0);
  private mask = 0;
  constructor(readonly bit: number) {}
  set(key: string, value: V): void {
    this.map.set(key, value);
    FILTER[slotOf(key.length, key.charCodeAt(0), key.charCodeAt(key.length - 1))]! |= this.bit;
    FILTER2[slot2Of(key, 0, key.length)]! |= this.bit;
    this.table = new Int32Array(0); // rebuilt on the next range lookup
  }
  mayHave(key: string): boolean {
    return (FILTER[slotOf(key.length, key.charCodeAt(0), key.charCodeAt(key.length - 1))]! & this.bit) !== 0;
  }
  get(key: string): V | undefined {
    return this.mayHave(key) ? this.map.get(key) : undefined;
  }
  /** The value for s[lo..hi) (non-empty range). */
  getRange(s: string, lo: number, hi: number): V | undefined {
    if ((FILTER[slotOf(hi - lo, s.charCodeAt(lo), s.charCodeAt(hi - 1))]! & this.bit) === 0) return undefined;
    if ((FILTER2[slot2Of(s, lo, hi)]! & this.bit) === 0) return undefined;
    if (this.table.length === 0) this.seal();
    const table = this.table;
    const len = hi - lo;
    for (let slot = rangeHash(s, lo, hi) & this.mask; ; slot = (slot + 1) & this.mask) {
      const k = table[slot]! - 1;
      if (k < 0) return undefined;
      const key = this.keys[k]!;
      if (key.length === len && s.startsWith(key, lo)) return this.values[k];
    }
  }
  /** Builds the key table (at most half full) from the map. */
  private seal(): void {
    this.keys = [...this.map.keys()];
    this.values = [...this.map.values()];
    let bits = 4;
    while (1 << bits < 2 * this.keys.length) bits++;
    this.mask = (1 << bits) - 1;
    this.table = new Int32Array(1 << bits);
    for (let k = 0; k < this.keys.length; k++) {
      const key = this.keys[k]!;
      let slot = rangeHash(key, 0, key.length) & this.mask;
      while (this.table[slot] !== 0) slot = (slot + 1) & this.mask;
      this.table[slot] = k + 1;
    }
  }
}

const SPECIAL_BIT = 1;
const SPECIAL = new RangeMap<readonly string[]>(SPECIAL_BIT);
for (const [key, pieces] of SPECIALS) SPECIAL.set(key, pieces);

// ---------------------------------------------------------------------------------------
// Affixes. Each function looks only at s[lo..hi), as Python looks only at its substring.

/** Length (UTF-16) of the prefix spaCy's prefix regex finds at the start of s[lo..hi), or 0. */
function findPrefix(s: string, lo: number, hi: number): number {
  const c = s.charCodeAt(lo);
  if (c === 0x2e) {
    // \.\.+
    let j = lo + 1;
    while (j < hi && s.charCodeAt(j) === 0x2e) j++;
    return j - lo >= 2 ? j - lo : 0;
  }
  if (c === 0x2b) {
    // \+(?![0-9])
    const d = lo + 1 < hi ? s.charCodeAt(lo + 1) : -1;
    return d >= 0x30 && d <= 0x39 ? 0 : 1;
  }
  if (c === 0x55 && hi - lo >= 3 && s.startsWith('US$', lo)) return 3;
  if ((c === 0x43 || c === 0x41) && hi - lo >= 2 && s.charCodeAt(lo + 1) === 0x24) return 2; // C$ A$
  const cp = cpAt(s, lo, hi);
  return flagsOf(cp) & F_PREFIX ? cpLen(cp) : 0;
}

/**
 * Length (UTF-16) of the suffix spaCy's suffix regex finds in s[lo..hi), or 0. Python's
 * `search` returns the leftmost match that runs to the end, i.e. the longest suffix.
 */
function findSuffix(s: string, lo: number, hi: number): number {
  if (hi <= lo) return 0;
  const last = s.charCodeAt(hi - 1);
  if (last === 0x2e) {
    let k = 1;
    while (hi - k - 1 >= lo && s.charCodeAt(hi - k - 1) === 0x2e) k++;
    if (k >= 2) return k; // \.\.+
    if (hi - 2 < lo) return 0;
    const p = prevStart(s, hi - 1, lo);
    const pf = flagsOf(cpAt(s, p, hi));
    if (pf & F_DOT_LB) return 1; // (?<=[0-9{al}%²\-\+{PUNCT}(?:{q})])\.
    if (p - 1 < lo) return 0;
    const pp = cpAt(s, prevStart(s, p, lo), hi);
    if (pf & F_UPPER && flagsOf(pp) & F_UPPER) return 1; // (?<=[{au}][{au}])\.
    const pc = s.charCodeAt(p);
    const tempUnit = pc === 0x46 || pc === 0x66 || pc === 0x43 || pc === 0x63 || pc === 0x4b || pc === 0x6b;
    return tempUnit && pp === 0xb0 ? 1 : 0; // (?<=°[FfCcKk])\.
  }
  let best = 0;
  const start = prevStart(s, hi, lo);
  if (flagsOf(cpAt(s, start, hi)) & F_SUFFIX) best = hi - start;
  const before = hi - 2 >= lo ? s.charCodeAt(hi - 2) : -1;
  if (last === 0x2b && before >= 0x30 && before <= 0x39) best = Math.max(best, 1); // (?<=[0-9])\+
  if (before === 0x2026 && last === 0x2026) best = 2; // ……
  if ((last === 0x73 || last === 0x53) && (before === 0x27 || before === 0x2019)) best = 2; // 's 'S ’s ’S
  const digitSuffixes = DIGIT_SUFFIXES[last];
  if (digitSuffixes !== undefined) {
    // (?<=[0-9])(?:{currency}|{units})
    for (const u of digitSuffixes) {
      if (u.length <= best) break;
      const at = hi - u.length;
      if (at - 1 < lo) continue;
      const d = s.charCodeAt(at - 1);
      if (d >= 0x30 && d <= 0x39 && s.startsWith(u, at)) {
        best = u.length;
        break;
      }
    }
  }
  return best;
}

/** End (UTF-16) of the infix match at i in s[lo..hi), or -1: spaCy's English infix alternation, in order. */
function infixAt(s: string, i: number, cp: number, lo: number, hi: number): number {
  const f = flagsOf(cp);
  if (!(f & F_INFIX)) return -1;
  if (cp === 0x2e && i + 1 < hi && s.charCodeAt(i + 1) === 0x2e) {
    let j = i + 2;
    while (j < hi && s.charCodeAt(j) === 0x2e) j++;
    return j; // \.\.+
  }
  if (cp === 0x2026) return i + 1; // …
  if (f & F_ICON) return i + cpLen(cp); // icons
  if (i === lo) return -1; // every remaining rule has a lookbehind
  const prevF = flagsOf(cpAt(s, prevStart(s, i, lo), hi));
  const nextI = i + cpLen(cp);
  const next = cpAt(s, nextI, hi);
  const nextF = flagsOf(next);
  if (cp === 0x2b || cp === 0x2d || cp === 0x2a || cp === 0x5e) {
    // (?<=[0-9])[+\-\*^](?=[0-9-])
    if (prevF & F_DIGIT && (nextF & F_DIGIT || next === 0x2d)) return nextI;
  }
  if (cp === 0x2e) {
    // (?<=[{al}{q}])\.(?=[{au}{q}])
    return prevF & (F_LOWER | F_QUOTE) && nextF & (F_UPPER | F_QUOTE) ? nextI : -1;
  }
  if (cp === 0x2c && prevF & F_ALPHA && nextF & F_ALPHA) return nextI; // (?<=[{a}]),(?=[{a}])
  if (!(prevF & (F_ALPHA | F_DIGIT))) return -1;
  // (?<=[{a}0-9])(?:-|–|—|--|---|——|~)(?=[{a}])
  for (const h of HYPHEN_LIST) {
    if (i + h.length < hi && s.startsWith(h, i) && flagsOf(cpAt(s, i + h.length, hi)) & F_ALPHA) {
      return i + h.length;
    }
  }
  // (?<=[{a}0-9])[:<>=/](?=[{a}])
  if ((cp === 0x3a || cp === 0x3c || cp === 0x3e || cp === 0x3d || cp === 0x2f) && nextF & F_ALPHA) return nextI;
  return -1;
}

// ---------------------------------------------------------------------------------------
// Token output
//
// Tokens are UTF-16 [start, end) ranges of the text, written into module-level buffers that
// every call reuses (the tokenizer is synchronous, and each worker thread has its own module
// instance); the exported functions copy out what they return. A special case's pieces are
// ranges too, because they concatenate to its key (checked below).

/** Token k follows token k - 1 in the same chunk, or is the first token and starts the text. */
export const GAP_NONE = 0;
/** Exactly one " " separates token k from token k - 1 (spaCy stores it as token k - 1's trailing space). */
export const GAP_SPACE = 1;
/** A whitespace token lies between token k - 1 (or the start of the text) and token k. */
export const GAP_WS = 2;

let STARTS = new Int32Array(1 << 14);
let ENDS = new Int32Array(1 << 14);
let GAPS = new Uint8Array(1 << 14);
let count = 0;

/** Makes room for `extra` more tokens in the output buffers. */
function reserve(extra: number): void {
  const need = count + extra;
  if (need <= STARTS.length) return;
  let size = STARTS.length * 2;
  while (size < need) size *= 2;
  const starts = new Int32Array(size);
  const ends = new Int32Array(size);
  const gaps = new Uint8Array(size);
  starts.set(STARTS.subarray(0, count));
  ends.set(ENDS.subarray(0, count));
  gaps.set(GAPS.subarray(0, count));
  STARTS = starts;
  ENDS = ends;
  GAPS = gaps;
}

/** Drops output buffers grown past 2^20 tokens by a huge text, so they are not kept for good. */
function releaseLargeBuffers(): void {
  if (STARTS.length > 1 << 20) {
    STARTS = new Int32Array(1 << 14);
    ENDS = new Int32Array(1 << 14);
    GAPS = new Uint8Array(1 << 14);
  }
}

/** Appends the token [start, end) (room must have been reserved). */
function emit(start: number, end: number): void {
  STARTS[count] = start;
  ENDS[count] = end;
  GAPS[count] = GAP_NONE;
  count++;
}

/** Appends a special case's pieces, which tile the text from `start`. */
function emitPieces(start: number, pieces: readonly string[]): void {
  for (const piece of pieces) {
    emit(start, start + piece.length);
    start += piece.length;
  }
}

for (const [key, pieces] of SPECIALS) {
  // emitPieces relies on this; spaCy itself rejects exceptions whose ORTHs do not add up.
  if (pieces.join('') !== key) throw new Error(`special case ${JSON.stringify(key)}: pieces ${JSON.stringify(pieces)}`);
}

// ---------------------------------------------------------------------------------------
// Chunks. Each function looks only at s[lo..hi), as Python looks only at its substring, and
// emits at most one token per UTF-16 unit of the chunk.

/** `_attach_tokens` for the affix-free rest s[lo..hi): special case, URL, or infix split. */
function attach(s: string, lo: number, hi: number, withSpecials: boolean): void {
  if (withSpecials) {
    const special = SPECIAL.getRange(s, lo, hi);
    if (special !== undefined) {
      emitPieces(lo, special);
      return;
    }
  }
  // The URL match comes before infixes; every URL has a ".".
  let dot = lo;
  while (dot < hi && s.charCodeAt(dot) !== 0x2e) dot++;
  if (dot < hi && URL_RE.test(s.slice(lo, hi))) {
    emit(lo, hi);
    return;
  }
  let start = lo;
  for (let i = lo; i < hi; ) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 && !(FLAGS[c]! & F_INFIX)) {
      i++;
      continue;
    }
    const cp = cpAt(s, i, hi);
    const end = infixAt(s, i, cp, lo, hi);
    if (end < 0) {
      i += cpLen(cp);
      continue;
    }
    if (i !== lo) {
      // spaCy skips an infix found at offset 0 (it stays glued to what follows).
      if (i !== start) emit(start, i);
      emit(i, end);
      start = end;
    }
    i = end;
  }
  if (start < hi) emit(start, hi);
}

// Suffix ranges found by splitChunk, as [start, end] pairs (a reusable stack; splitChunk
// does not recurse).
const suffixStack: number[] = [];

/**
 * Emits the tokens of the chunk s[lo..hi) before the special-case matcher pass
 * (`_tokenize`: special case, or the prefix/suffix loop of `_split_affixes` + `attach`).
 */
function splitChunk(s: string, lo: number, hi: number, withSpecials: boolean): void {
  if (withSpecials) {
    const special = SPECIAL.getRange(s, lo, hi);
    if (special !== undefined) {
      emitPieces(lo, special);
      return;
    }
  }
  let top = 0;
  let a = lo;
  let b = hi;
  let lastSize = -1;
  while (a < b && b - a !== lastSize) {
    if (withSpecials && SPECIAL.getRange(s, a, b) !== undefined) break;
    lastSize = b - a;
    const pre = findPrefix(s, a, b);
    if (pre !== 0 && a + pre < b && withSpecials && SPECIAL.getRange(s, a + pre, b) !== undefined) {
      emit(a, a + pre);
      a += pre;
      break;
    }
    const suf = findSuffix(s, a + pre, b);
    if (suf !== 0 && b - suf > a && withSpecials && SPECIAL.getRange(s, a, b - suf) !== undefined) {
      suffixStack[top++] = b - suf;
      suffixStack[top++] = b;
      b -= suf;
      break;
    }
    if (pre !== 0) {
      emit(a, a + pre);
      a += pre;
    }
    if (suf !== 0) {
      suffixStack[top++] = b - suf;
      suffixStack[top++] = b;
      b -= suf;
    }
  }
  if (a < b) attach(s, a, b, withSpecials);
  for (let k = top - 2; k >= 0; k -= 2) emit(suffixStack[k]!, suffixStack[k + 1]!);
}

// ---------------------------------------------------------------------------------------
// Special-case matcher (`_apply_special_cases`)
//
// spaCy adds to a PhraseMatcher every special case whose text has a prefix, suffix, infix
// or a space, as its tokenization without special cases. After affix splitting it finds
// every match in the document; longest first, then leftmost, a match is kept unless its
// first or last token is already covered by an earlier match (kept or not); a kept match
// whose text (tokens joined with their trailing spaces) is a special case is replaced by
// that special case's tokens. No pattern contains a whitespace token, so matches never
// cross one; a match across a one-space chunk boundary has a space in its text and never
// merges (no special case of two or more pieces has a space, checked below), but it can
// still block another match. One-token patterns are left out: their match replaces a token
// by itself and, being shortest, blocks nothing.

interface TrieNode {
  readonly next: Map<string, TrieNode>;
  /** The keys of `next`: most nodes have a few, which are compared in place, without a slice. */
  readonly keys: string[];
  key: string | undefined; // the special case whose pattern ends here
}
const newNode = (): TrieNode => ({ next: new Map(), keys: [], key: undefined });
/** Multi-token patterns, as a trie keyed by their first token. */
const PATTERN_BIT = 2;
const PATTERNS = new RangeMap<TrieNode>(PATTERN_BIT);
/**
 * 1 at the UTF-16 units that are a pattern's whole first token. One-unit tokens (",", ".")
 * are common, and FILTER, which hashes only a key's length and ends, lets many through.
 */
const PATTERN_FIRST_UNIT = new Uint8Array(0x10000);

/** FILTER bit: a pattern's second token may have this length and these ends. */
const SECOND_BIT = 4;

/** The child of `node` for the token text[s..e), if any. */
function childOf(node: TrieNode, text: string, s: number, e: number): TrieNode | undefined {
  const keys = node.keys;
  if (keys.length > 8) return node.next.get(text.slice(s, e));
  for (const key of keys) if (key.length === e - s && text.startsWith(key, s)) return node.next.get(key);
  return undefined;
}

/** True when the token text[s..e) may start a pattern. */
function mayStartPattern(text: string, s: number, e: number): boolean {
  if (e - s === 1) return PATTERN_FIRST_UNIT[text.charCodeAt(s)] === 1;
  return (FILTER[slotOf(e - s, text.charCodeAt(s), text.charCodeAt(e - 1))]! & PATTERN_BIT) !== 0;
}

function hasInfix(s: string): boolean {
  for (let i = 0; i < s.length; ) {
    const cp = cpAt(s, i, s.length);
    if (infixAt(s, i, cp, 0, s.length) >= 0) return true;
    i += cpLen(cp);
  }
  return false;
}

/** The tokens of a special-case key without special cases (module setup only). */
function patternOf(key: string): string[] {
  count = 0;
  reserve(key.length);
  splitChunk(key, 0, key.length, false);
  const out: string[] = [];
  for (let k = 0; k < count; k++) out.push(key.slice(STARTS[k]!, ENDS[k]!));
  count = 0;
  return out;
}

for (const [key, pieces] of SPECIALS) {
  if (pieces.length > 1 && /\s/u.test(key)) throw new Error(`special case with a space: ${JSON.stringify(key)}`);
  const n = key.length;
  if (!(findPrefix(key, 0, n) || findSuffix(key, 0, n) || hasInfix(key) || key.includes(' '))) continue;
  const pattern = patternOf(key);
  if (pattern.length < 2) continue;
  let node: TrieNode | undefined = PATTERNS.get(pattern[0]!);
  if (node === undefined) PATTERNS.set(pattern[0]!, (node = newNode()));
  if (pattern[0]!.length === 1) PATTERN_FIRST_UNIT[pattern[0]!.charCodeAt(0)] = 1;
  const second = pattern[1]!;
  FILTER[slotOf(second.length, second.charCodeAt(0), second.charCodeAt(second.length - 1))]! |= SECOND_BIT;
  for (let i = 1; i < pattern.length; i++) {
    let child: TrieNode | undefined = node.next.get(pattern[i]!);
    if (child === undefined) {
      node.next.set(pattern[i]!, (child = newNode()));
      node.keys.push(pattern[i]!);
    }
    node = child;
  }
  node.key = key;
}

// Indices of tokens that may start a pattern, in order (a reusable list: cands[0..nCands)).
const cands: number[] = [];
let nCands = 0;

/** The token texts [from, to) of the output buffers, joined as spaCy joins a span's text. */
function spanText(text: string, from: number, to: number): string {
  let out = text.slice(STARTS[from]!, ENDS[from]!);
  for (let t = from + 1; t < to; t++) out += (GAPS[t] === GAP_SPACE ? ' ' : '') + text.slice(STARTS[t]!, ENDS[t]!);
  return out;
}

/** Runs the matcher pass over the output buffers (possible match starts in `cands`), in place. */
function applySpecialMatches(text: string): void {
  let spans: number[] | undefined; // start, end pairs
  const n = count;
  for (let c = 0; c < nCands; c++) {
    const k = cands[c]!;
    if (k + 1 === n || GAPS[k + 1] === GAP_WS) continue; // no second token
    const s1 = STARTS[k + 1]!;
    const e1 = ENDS[k + 1]!;
    if ((FILTER[slotOf(e1 - s1, text.charCodeAt(s1), text.charCodeAt(e1 - 1))]! & SECOND_BIT) === 0) continue;
    let node = PATTERNS.getRange(text, STARTS[k]!, ENDS[k]!);
    for (let j = k + 1; node !== undefined && j < n && GAPS[j] !== GAP_WS; j++) {
      node = childOf(node, text, STARTS[j]!, ENDS[j]!);
      if (node !== undefined && node.key !== undefined) (spans ??= []).push(k, j + 1);
    }
  }
  if (spans === undefined) return;
  const order: number[] = [];
  for (let s = 0; s < spans.length; s += 2) order.push(s);
  // Longest first, then leftmost (spaCy's len_start_cmp, read from the back).
  order.sort((x, y) => spans[y + 1]! - spans[y]! - (spans[x + 1]! - spans[x]!) || spans[x]! - spans[y]!);
  const seen = new Set<number>();
  const replace = new Map<number, readonly string[]>(); // start → special case, for kept matches that change tokens
  const replaceEnd = new Map<number, number>();
  for (const s of order) {
    const start = spans[s]!;
    const end = spans[s + 1]!;
    if (!seen.has(start) && !seen.has(end - 1)) {
      const special = SPECIAL.get(spanText(text, start, end));
      if (special !== undefined && !sameTokens(special, text, start, end)) {
        replace.set(start, special);
        replaceEnd.set(start, end);
      }
    }
    for (let t = start; t < end; t++) seen.add(t);
  }
  if (replace.size === 0) return;
  // A replaced match lies in one chunk (its text is a key, so it has no space): its pieces
  // tile the same range. The tokens before the first replaced match stay where they are; the
  // rest are rebuilt from a copy, the stretches between matches copied whole.
  const at = [...replace.keys()].sort((x, y) => x - y);
  const first = at[0]!;
  const starts = STARTS.slice(first, n);
  const ends = ENDS.slice(first, n);
  const gaps = GAPS.slice(first, n);
  count = first;
  const copy = (from: number, to: number) => {
    reserve(to - from);
    STARTS.set(starts.subarray(from - first, to - first), count);
    ENDS.set(ends.subarray(from - first, to - first), count);
    GAPS.set(gaps.subarray(from - first, to - first), count);
    count += to - from;
  };
  let k = first;
  for (const start of at) {
    copy(k, start);
    const special = replace.get(start)!;
    reserve(special.length);
    const piece = count;
    emitPieces(starts[start - first]!, special);
    GAPS[piece] = gaps[start - first]!;
    k = replaceEnd.get(start)!;
  }
  copy(k, n);
}

function sameTokens(special: readonly string[], text: string, start: number, end: number): boolean {
  if (special.length !== end - start) return false;
  for (let t = 0; t < special.length; t++) {
    const piece = special[t]!;
    const s = STARTS[start + t]!;
    if (ENDS[start + t]! - s !== piece.length || !text.startsWith(piece, s)) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------
// The document loop (`_tokenize_affixes` + `_apply_special_cases`)

/** One-character suffixes that need no context: , ; : ! ? ) */
const SIMPLE_TAIL = new Uint8Array(128);
for (const c of ',;:!?)') SIMPLE_TAIL[c.charCodeAt(0)] = 1;

/**
 * True when the last unit of an ASCII-letter chunk, at `at`, is a suffix whatever the letters
 * are: one of , ; : ! ? ) or a "." after a lowercase letter (the "." suffix rule's lookbehind).
 */
function hasSimpleTail(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  if (c === 0x2e) {
    const before = text.charCodeAt(at - 1);
    return before >= 0x61 && before <= 0x7a;
  }
  return c < 128 && SIMPLE_TAIL[c] === 1;
}

/**
 * 1 at the UTF-16 units that no prefix, suffix or infix rule can involve: not whitespace, not a
 * surrogate, no prefix, suffix or infix flag, and not an ASCII digit (units and currencies are
 * suffixes after a digit). Every rule needs such a unit ("US$" and "C$" need the "$"; the "."
 * rules need the "."), so a chunk of only these is one token unless it is a special case.
 */
const PLAIN = new Uint8Array(0x10000);
for (let c = 0; c < 0x10000; c++) {
  const surrogate = c >= 0xd800 && c <= 0xdfff;
  const digit = c >= 0x30 && c <= 0x39;
  if (KIND[c] !== K_SPACE && !surrogate && !digit && (FLAGS[c]! & (F_PREFIX | F_SUFFIX | F_INFIX)) === 0) PLAIN[c] = 1;
}

/** True when every unit of u[i..j) is PLAIN. */
function isPlain(u: Uint16Array, i: number, j: number): boolean {
  for (let k = i; k < j; k++) if (PLAIN[u[k]!] === 0) return false;
  return true;
}

/**
 * Fills the output buffers with the spaCy `blank("en")` tokens of text, in order, without
 * the whitespace tokens (GAPS marks where they were).
 */
function tokenizeInto(text: string): void {
  count = 0;
  nCands = 0;
  const n = text.length;
  const u = unitsOf(text);
  let gap = GAP_NONE; // what separates the next chunk from the previous token
  let i = 0;
  while (i < n) {
    const kind = KIND[u[i]!]!;
    if (kind === K_SPACE) {
      if (i > 0 && u[i]! === 0x20 && (i + 1 === n || KIND[u[i + 1]!] !== K_SPACE)) {
        // The usual case: one " " after a token, absorbed as its trailing space.
        gap = GAP_SPACE;
        i++;
        continue;
      }
      let j = i + 1;
      while (j < n && KIND[u[j]!] === K_SPACE) j++;
      // A run after a token loses its first character if that is " " (the token's trailing
      // space); the rest, if any, is a whitespace token.
      const start = i > 0 && u[i]! === 0x20 ? i + 1 : i;
      gap = start < j ? GAP_WS : GAP_SPACE;
      i = j;
      continue;
    }
    // Scan the chunk; `mixed` is where it stops being all one kind.
    const first = kind;
    let j = i + 1;
    let mixed = -1;
    while (j < n && KIND[u[j]!] === first) j++;
    if (j < n && KIND[u[j]!] !== K_SPACE) {
      mixed = j;
      while (j < n && KIND[u[j]!] !== K_SPACE) j++;
    }
    const k0 = count;
    reserve(j - i); // a chunk makes at most one token per UTF-16 unit
    if (first >= K_LETTER && mixed < 0) {
      // All ASCII letters or all ASCII digits: one token unless a special case.
      const f = FILTER[slotOf(j - i, u[i]!, u[j - 1]!)]!;
      if ((f & SPECIAL_BIT) === 0 || SPECIAL.getRange(text, i, j) === undefined) {
        STARTS[k0] = i;
        ENDS[k0] = j;
        GAPS[k0] = gap;
        count = k0 + 1;
        if (f & PATTERN_BIT && (j - i > 1 || PATTERN_FIRST_UNIT[u[i]!] === 1)) cands[nCands++] = k0;
        i = j;
        continue;
      }
    }
    if (first === K_LETTER && mixed === j - 1 && hasSimpleTail(text, mixed) && SPECIAL.getRange(text, i, j) === undefined) {
      // ASCII letters and a suffix that needs no more context: the loop strips it, and the
      // letters are a special case or one token.
      const special = SPECIAL.getRange(text, i, mixed);
      if (special === undefined) emit(i, mixed);
      else emitPieces(i, special);
      emit(mixed, j);
    } else if (j === i + 1) {
      // One character ("-", "&", "»"): one token, whatever its affix rules (a special case of
      // one character is that character, as its pieces add up to it).
      emit(i, j);
    } else if (isPlain(u, i, j)) {
      // No prefix, suffix or infix can match: a special case or one token.
      const special = SPECIAL.getRange(text, i, j);
      if (special === undefined) emit(i, j);
      else emitPieces(i, special);
    } else {
      splitChunk(text, i, j, true);
    }
    GAPS[k0] = gap;
    for (let k = k0; k < count; k++) if (mayStartPattern(text, STARTS[k]!, ENDS[k]!)) cands[nCands++] = k;
    i = j;
  }
  if (nCands > 0) applySpecialMatches(text);
}

/**
 * The tokens of spaCy's `blank("en")` tokenizer over a text, as UTF-16 ranges: token k is
 * `text.slice(starts[k], ends[k])`. Whitespace tokens are not listed; `gaps[k]` says what
 * precedes token k (GAP_NONE, GAP_SPACE or GAP_WS), and a whitespace token ends the text when
 * `hasTrailingSpaceToken` says so.
 */
export interface TokenSpans {
  /** The number of (non-whitespace) tokens. */
  readonly count: number;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly gaps: Uint8Array;
}

/** The spaCy tokens of text as ranges (see TokenSpans); the arrays are the caller's. */
export function tokenSpans(text: string): TokenSpans {
  tokenizeInto(text);
  // One allocation for the three arrays (allocations cost more than the copies here).
  const buffer = new ArrayBuffer(9 * count);
  const starts = new Int32Array(buffer, 0, count);
  const ends = new Int32Array(buffer, 4 * count, count);
  const gaps = new Uint8Array(buffer, 8 * count, count);
  starts.set(STARTS.subarray(0, count));
  ends.set(ENDS.subarray(0, count));
  gaps.set(GAPS.subarray(0, count));
  releaseLargeBuffers();
  return { count, starts, ends, gaps };
}

/**
 * True when spaCy ends text with a whitespace token after its last token, which ends at
 * UTF-16 offset `lastEnd` (0 without tokens): any whitespace there except one " ".
 */
export function hasTrailingSpaceToken(text: string, lastEnd: number): boolean {
  const start = lastEnd > 0 && text.charCodeAt(lastEnd) === 0x20 ? lastEnd + 1 : lastEnd;
  return start < text.length;
}

/**
 * datatrove `split_into_words(text, "eng")`: spaCy blank("en") token texts, each
 * Python-strip()ped, empties dropped (i.e. without the whitespace tokens). Token lengths in
 * Python terms are code-point counts.
 */
export function splitWords(text: string): string[] {
  tokenizeInto(text);
  const out = new Array<string>(count);
  for (let k = 0; k < count; k++) out[k] = text.slice(STARTS[k]!, ENDS[k]!);
  releaseLargeBuffers();
  return out;
}

/**
 * Every token spaCy's blank("en") tokenizer makes for text, whitespace tokens included
 * (a run of whitespace other than a single " " after a token is one token, e.g. "\n" or
 * "  "). This is the token list the sentencizer sees.
 */
export function spacyTokens(text: string): string[] {
  tokenizeInto(text);
  const out: string[] = [];
  for (let k = 0; k < count; k++) {
    if (GAPS[k] === GAP_WS) {
      // The run between the previous token and this one, less the previous token's trailing " ".
      const prevEnd = k === 0 ? 0 : ENDS[k - 1]!;
      out.push(text.slice(k > 0 && text.charCodeAt(prevEnd) === 0x20 ? prevEnd + 1 : prevEnd, STARTS[k]!));
    }
    out.push(text.slice(STARTS[k]!, ENDS[k]!));
  }
  const lastEnd = count === 0 ? 0 : ENDS[count - 1]!;
  if (hasTrailingSpaceToken(text, lastEnd)) {
    out.push(text.slice(lastEnd > 0 && text.charCodeAt(lastEnd) === 0x20 ? lastEnd + 1 : lastEnd));
  }
  releaseLargeBuffers();
  return out;
}
