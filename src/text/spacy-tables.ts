/**
 * The spaCy English tokenizer's rule tables as words.ts uses them, built once from the lists in
 * `spacy-char-classes.ts` and `spacy-exceptions.ts`: per-character flags (prefix, suffix, infix,
 * letter classes), the special cases in a string map that answers for a range of the text
 * without a slice, and the URL and digit-suffix tables. See words.ts and docs/filters.md §1.
 */
import {
  ALPHA,
  ALPHA_LOWER,
  ALPHA_UPPER,
  CURRENCY_LIST,
  ICONS,
  PUNCT_LIST,
  QUOTE_LIST,
  UNIT_LIST,
  type Ranges,
} from './spacy-char-classes.ts';
import { buildSpecialCases, buildUrlPattern } from './spacy-exceptions.ts';

// ---------------------------------------------------------------------------------------
// Character flags

export const F_ALPHA = 1 << 0; // ALPHA
export const F_LOWER = 1 << 1; // ALPHA_LOWER
export const F_UPPER = 1 << 2; // ALPHA_UPPER
export const F_ICON = 1 << 3; // ICONS
export const F_PREFIX = 1 << 4; // a one-character prefix
export const F_SUFFIX = 1 << 5; // a one-character suffix
export const F_QUOTE = 1 << 6; // CONCAT_QUOTES
export const F_DOT_LB = 1 << 7; // may precede a suffix "." (digits, lower, %²-+, PUNCT, quotes)
export const F_INFIX = 1 << 8; // may start an infix
export const F_DIGIT = 1 << 9; // ASCII 0-9 (Python `[0-9]`)

/** Python `str.isspace()`, BMP only (there are no astral spaces). */
const PY_SPACE = [
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001,
  0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f,
  0x205f, 0x3000,
];

// Scan kinds for the chunking loop (0: anything else).
export const K_SPACE = 1;
export const K_LETTER = 2; // ASCII letter
export const K_DIGIT = 3; // ASCII digit

export const KIND = new Uint8Array(0x10000);
export const FLAGS = new Uint16Array(0x10000);
/** Flags of astral code points, as [lo, hi, flags] triples. */
export const ASTRAL: number[] = [];

const F_AFFIX = F_PREFIX | F_SUFFIX | F_INFIX;
/** The BMP ranges [lo, hi] that got a prefix, suffix or infix flag, as pairs (PLAIN clears them). */
const affixRanges: number[] = [];

/** Records a range's astral part in ASTRAL and, with an affix flag, its BMP part in affixRanges. */
function noteRange(lo: number, hi: number, flag: number): void {
  if (hi > 0xffff) ASTRAL.push(Math.max(lo, 0x10000), hi, flag);
  if (lo <= 0xffff && (flag & F_AFFIX) !== 0) affixRanges.push(lo, Math.min(hi, 0xffff));
}

function addRanges(ranges: Ranges, flag: number): void {
  for (let i = 0; i < ranges.length; i += 2) {
    const lo = ranges[i] as number;
    const hi = ranges[i + 1] as number;
    for (let c = lo; c <= Math.min(hi, 0xffff); c++) FLAGS[c]! |= flag;
    noteRange(lo, hi, flag);
  }
}

/**
 * addRanges for several classes at once, on FLAGS still all zero: their range ends cut the BMP
 * into segments (~2,000) that each class covers whole or not at all, and each segment is filled
 * with its flags at once. OR-ing a flag into each of the ~135,000 units the letter classes span,
 * in a thread's first (interpreted) pass, cost each worker thread 5-10 CPU-ms.
 */
function addClasses(classes: readonly (readonly [Ranges, number])[]): void {
  const cuts = new Set<number>();
  for (const [ranges, flag] of classes) {
    for (let i = 0; i < ranges.length; i += 2) {
      const lo = ranges[i]!;
      const hi = ranges[i + 1]!;
      if (lo <= 0xffff) cuts.add(lo).add(Math.min(hi, 0xffff) + 1);
      noteRange(lo, hi, flag);
    }
  }
  const starts = Int32Array.from(cuts).sort();
  const segment = new Map<number, number>(); // segment start -> its index in starts
  starts.forEach((c, k) => segment.set(c, k));
  const flags = new Uint16Array(starts.length);
  for (const [ranges, flag] of classes) {
    for (let i = 0; i < ranges.length; i += 2) {
      if (ranges[i]! > 0xffff) continue;
      const end = Math.min(ranges[i + 1]!, 0xffff) + 1;
      for (let k = segment.get(ranges[i]!)!; starts[k]! < end; k++) flags[k]! |= flag;
    }
  }
  for (let k = 0; k + 1 < starts.length; k++)
    if (flags[k] !== 0) FLAGS.fill(flags[k]!, starts[k]!, starts[k + 1]!);
}
const addChars = (chars: Iterable<string>, flag: number): void => {
  for (const ch of chars) addRanges([ch.codePointAt(0)!, ch.codePointAt(0)!], flag);
};
const singleChars = (list: readonly string[]): string[] =>
  list.filter((s) => Array.from(s).length === 1);

for (const c of PY_SPACE) KIND[c] = K_SPACE;
for (let c = 0x41; c <= 0x5a; c++) KIND[c] = KIND[c + 0x20] = K_LETTER;
for (let c = 0x30; c <= 0x39; c++) KIND[c] = K_DIGIT;

addClasses([
  [ALPHA, F_ALPHA],
  [ALPHA_LOWER, F_LOWER | F_DOT_LB],
  [ALPHA_UPPER, F_UPPER],
  [ICONS, F_ICON | F_PREFIX | F_SUFFIX | F_INFIX],
  [[0x30, 0x39], F_DIGIT | F_DOT_LB],
]);
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
export const flagsOf = (cp: number): number =>
  cp < 0 ? 0 : cp < 0x10000 ? FLAGS[cp]! : astralFlags(cp);

/** Code point at UTF-16 index i of s[..hi), or -1 at/after hi; lone surrogates count as themselves. */
export function cpAt(s: string, i: number, hi: number): number {
  if (i >= hi) return -1;
  const c = s.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < hi) {
    const d = s.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return (c - 0xd800) * 0x400 + (d - 0xdc00) + 0x10000;
  }
  return c;
}
/** Start index of the code point of s[lo..] that ends just before UTF-16 index i (> lo). */
export function prevStart(s: string, i: number, lo: number): number {
  const c = s.charCodeAt(i - 1);
  if (c >= 0xdc00 && c <= 0xdfff && i - 2 >= lo) {
    const h = s.charCodeAt(i - 2);
    if (h >= 0xd800 && h <= 0xdbff) return i - 2;
  }
  return i - 1;
}
export const cpLen = (cp: number): number => (cp > 0xffff ? 2 : 1);

// ---------------------------------------------------------------------------------------
// Rule tables

export const SPECIALS = buildSpecialCases();
for (const [key, pieces] of SPECIALS) {
  // words.ts's emitPieces and native/words.c rely on this; spaCy itself rejects exceptions
  // whose ORTHs do not add up.
  if (pieces.join('') !== key)
    throw new Error(`special case ${JSON.stringify(key)}: pieces ${JSON.stringify(pieces)}`);
}

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
export const URL_RE = buildUrlPattern(classBody(ALPHA_LOWER));

/**
 * Suffixes that need an ASCII digit before them (units, currencies), by last UTF-16 unit,
 * longest first: an array rather than a Map, as findSuffix asks for every chunk it sees.
 */
export const DIGIT_SUFFIXES: (string[] | undefined)[] = new Array(0x10000).fill(undefined);
for (const u of [...UNIT_LIST, ...CURRENCY_LIST])
  (DIGIT_SUFFIXES[u.charCodeAt(u.length - 1)] ??= []).push(u);
// Only the units that end a suffix have a list (reading all 65,536 slots cost a thread ~4 ms).
for (const u of new Set([...UNIT_LIST, ...CURRENCY_LIST].map((x) => x.charCodeAt(x.length - 1))))
  DIGIT_SUFFIXES[u]!.sort((a, b) => b.length - a.length);

/** Hash slot of a string from its length and first and last UTF-16 units. */
export const slotOf = (len: number, first: number, last: number): number =>
  ((len & 15) << 12) | ((first & 63) << 6) | (last & 63);
/** Per slot, which RangeMaps may hold a key there (one bit each). */
export const FILTER = new Uint8Array(1 << 16);

/** Polynomial hash of s[lo..hi) (UTF-16 units), for RangeMap's table. */
function rangeHash(s: string, lo: number, hi: number): number {
  let h = 0;
  for (let i = lo; i < hi; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

/** Second pre-test slot: the length and the second and next-to-last UTF-16 units. */
const slot2 = (len: number, second: number, penultimate: number): number =>
  len < 3 ? 0 : ((len & 7) << 13) | ((second & 127) << 6) | (penultimate & 63);
const slot2Of = (s: string, lo: number, hi: number): number =>
  slot2(hi - lo, s.charCodeAt(lo + 1), s.charCodeAt(hi - 2));
/** Per second slot, which RangeMaps may hold a key there (keys under 3 units all share slot 0). */
export const FILTER2 = new Uint8Array(1 << 16);

/**
 * A string-keyed map with a cheap pre-test (FILTER) on a key's length and first and last
 * UTF-16 units, so that most misses cost nothing. A range that passes it takes a second
 * pre-test (FILTER2, other units) before it is hashed in place and looked up in an
 * open-addressing table of the keys, so no lookup makes a substring. (On web text a quarter of
 * the ranges pass FILTER and one in seven of those is near a key: the second test keeps most
 * of the rest from being hashed.)
 */
export class RangeMap<V> {
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
    return (
      (FILTER[slotOf(key.length, key.charCodeAt(0), key.charCodeAt(key.length - 1))]! &
        this.bit) !==
      0
    );
  }
  get(key: string): V | undefined {
    return this.mayHave(key) ? this.map.get(key) : undefined;
  }
  /** The value for s[lo..hi) (non-empty range). */
  getRange(s: string, lo: number, hi: number): V | undefined {
    if ((FILTER[slotOf(hi - lo, s.charCodeAt(lo), s.charCodeAt(hi - 1))]! & this.bit) === 0)
      return undefined;
    if ((FILTER2[slot2Of(s, lo, hi)]! & this.bit) === 0) return undefined;
    return this.lookup(s, lo, hi);
  }
  /**
   * `getRange` for a range of s read from its UTF-16 units u (`unitsOf(s)`): the pre-tests index
   * the typed array, which costs less than `charCodeAt` on a string that may be one- or two-byte.
   */
  getUnits(u: Uint16Array, s: string, lo: number, hi: number): V | undefined {
    const len = hi - lo;
    if ((FILTER[slotOf(len, u[lo]!, u[hi - 1]!)]! & this.bit) === 0) return undefined;
    if ((FILTER2[slot2(len, u[lo + 1]!, u[hi - 2]!)]! & this.bit) === 0) return undefined;
    return this.lookup(s, lo, hi);
  }
  /** The value for s[lo..hi) past the pre-tests. */
  private lookup(s: string, lo: number, hi: number): V | undefined {
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

export const SPECIAL_BIT = 1;
export const SPECIAL = new RangeMap<readonly string[]>(SPECIAL_BIT);
for (const [key, pieces] of SPECIALS) SPECIAL.set(key, pieces);

/**
 * 1 at the UTF-16 units that no prefix, suffix or infix rule can involve: not whitespace, not a
 * surrogate, no prefix, suffix or infix flag, and not an ASCII digit (units and currencies are
 * suffixes after a digit). Every rule needs such a unit ("US$" and "C$" need the "$"; the "."
 * rules need the "."), so a chunk of only these is one token unless it is a special case.
 */
export const PLAIN = new Uint8Array(0x10000).fill(1);
// Cleared by ranges rather than tested unit by unit (a thread's interpreted pass cost 5-10 ms):
// every affix flag was laid down by addRanges or addClasses, which noted its ranges.
for (const c of PY_SPACE) PLAIN[c] = 0;
PLAIN.fill(0, 0xd800, 0xe000);
PLAIN.fill(0, 0x30, 0x3a);
for (let i = 0; i < affixRanges.length; i += 2)
  PLAIN.fill(0, affixRanges[i]!, affixRanges[i + 1]! + 1);

/** True when every unit of u[i..j) is PLAIN. */
export function isPlain(u: Uint16Array, i: number, j: number): boolean {
  for (let k = i; k < j; k++) if (PLAIN[u[k]!] === 0) return false;
  return true;
}
