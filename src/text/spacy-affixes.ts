/**
 * spaCy's English prefix, suffix and infix rules (`_split_affixes`, `find_infix`) as scans over
 * a range of the text, in place of its regular expressions. Each function looks only at
 * s[lo..hi), as Python looks only at its substring. See words.ts.
 */
import { HYPHEN_LIST } from './spacy-char-classes.ts';
import {
  DIGIT_SUFFIXES,
  F_ALPHA,
  F_DIGIT,
  F_DOT_LB,
  F_ICON,
  F_INFIX,
  F_LOWER,
  F_PREFIX,
  F_QUOTE,
  F_SUFFIX,
  F_UPPER,
  cpAt,
  cpLen,
  flagsOf,
  prevStart,
} from './spacy-tables.ts';

/** Length (UTF-16) of the prefix spaCy's prefix regex finds at the start of s[lo..hi), or 0. */
export function findPrefix(s: string, lo: number, hi: number): number {
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
export function findSuffix(s: string, lo: number, hi: number): number {
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
    const tempUnit =
      pc === 0x46 || pc === 0x66 || pc === 0x43 || pc === 0x63 || pc === 0x4b || pc === 0x6b;
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
export function infixAt(s: string, i: number, cp: number, lo: number, hi: number): number {
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
  if ((cp === 0x3a || cp === 0x3c || cp === 0x3e || cp === 0x3d || cp === 0x2f) && nextF & F_ALPHA)
    return nextI;
  return -1;
}

/** One-character suffixes that need no context: , ; : ! ? ) */
const SIMPLE_TAIL = new Uint8Array(128);
for (const c of ',;:!?)') SIMPLE_TAIL[c.charCodeAt(0)] = 1;

/**
 * True when the last unit of an ASCII-letter chunk, at `at`, is a suffix whatever the letters
 * are: one of , ; : ! ? ) or a "." after a lowercase letter (the "." suffix rule's lookbehind).
 */
export function hasSimpleTail(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  if (c === 0x2e) {
    const before = text.charCodeAt(at - 1);
    return before >= 0x61 && before <= 0x7a;
  }
  return c < 128 && SIMPLE_TAIL[c] === 1;
}
