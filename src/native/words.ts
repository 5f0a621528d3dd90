/**
 * The native word split and word ids (native/words.c, words-rules.c, words-ids.c): the typed
 * binding of their functions, and the tables they read, handed over once per thread from the
 * JavaScript that builds them (src/text/spacy-*.ts), so no rule list is written twice. The
 * JavaScript twins (src/text/words.ts, src/scorers/word-ids.ts) stay the reference and run when
 * `nativeWords()` is null.
 */
import { nativeKernels, type NativeKernels } from './addon.ts';
import { HYPHEN_LIST } from '../text/spacy-char-classes.ts';
import { PATTERN_FIRST_UNIT, PATTERN_LIST, patternsBuilt } from '../text/spacy-matcher.ts';
import {
  ASTRAL,
  DIGIT_SUFFIXES,
  FILTER,
  FILTER2,
  FLAGS,
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
  KIND,
  PLAIN,
  SPECIALS,
} from '../text/spacy-tables.ts';

/** `io` slots of `scan` (native/words.c IO_*). */
export const IO_STATUS = 0;
export const IO_POS = 1;
export const IO_GAP = 2;
export const IO_COUNT = 3;
export const IO_ARG = 4;
export const IO_UNITS = 5;
/** `io[IO_UNITS]` bits: the text has a surrogate; a surrogate or a line break other than "\n". */
export const UNITS_SURROGATE = 1;
export const UNITS_RARE = 2;
/** `io[IO_STATUS]` after `scan`: the text is done, the arrays are full, or a chunk is JavaScript's. */
export const SCAN_DONE = 0;
export const SCAN_FULL = 1;
export const SCAN_FALLBACK = 2;

/** This thread's native word kernels. */
export interface NativeWords {
  /**
   * tokenizeInto from `io[IO_POS]` (see native/words.c wordsScan): text null resumes the text
   * of the last call.
   */
  scan(
    text: string | null,
    io: Int32Array,
    starts: Int32Array,
    ends: Int32Array,
    gaps: Uint8Array,
  ): void;
  /**
   * The WordIds arrays of the words source[starts[k], ends[k]) into `pos` (P = its length / 4,
   * at least count + 1: ids, offsets, tails, prefixes at 0, P, 2P, 3P) and `byId` (Q = its
   * length / 5, at least count: starts, ends, lengths, hashes, counts at 0, Q, 2Q, 3Q, 4Q);
   * io[0] = size. astral false: the source has no surrogate (lengths are then units).
   */
  ids(
    source: string,
    starts: Int32Array,
    ends: Int32Array,
    count: number,
    io: Int32Array,
    astral: boolean,
    pos: Int32Array,
    byId: Int32Array,
  ): void;
  /** The UNITS_* bits of text, which stays loaded for the split or ids that follow. */
  units(text: string): number;
}

type State = object;
interface Exports {
  wordsInit(...tables: ArrayBufferView[]): State;
  wordsScan(state: State, ...args: Parameters<NativeWords['scan']>): void;
  wordsUnits(state: State, text: string | null): number;
  wordIds(
    state: State,
    text: string | null,
    ...rest: Parameters<NativeWords['ids']> extends [string, ...infer R] ? R : never
  ): void;
}

/** A list of strings as its UTF-16 units and offsets (string k: units[off[k], off[k + 1])). */
function stringList(list: readonly string[]): [Uint16Array, Int32Array] {
  const units = new Uint16Array(list.reduce((n, s) => n + s.length, 0));
  const off = new Int32Array(list.length + 1);
  let at = 0;
  list.forEach((s, k) => {
    for (let i = 0; i < s.length; i++) units[at + i] = s.charCodeAt(i);
    at += s.length;
    off[k + 1] = at;
  });
  return [units, off];
}

function init(exports: Exports): State {
  const flagBits = Int32Array.of(
    F_ALPHA,
    F_LOWER,
    F_UPPER,
    F_ICON,
    F_PREFIX,
    F_SUFFIX,
    F_QUOTE,
    F_DOT_LB,
    F_INFIX,
    F_DIGIT,
  );
  const keys = [...SPECIALS.keys()];
  // A match across a one-space boundary has a space in its text, which the native matcher
  // takes for no key (so it changes nothing): true while the only key with a space is " ".
  if (keys.some((key) => key.length > 1 && key.includes(' ')))
    throw new Error('a special case has a space: the native matcher would miss it');
  const pieces = [...SPECIALS.values()];
  const pieceOff = new Int32Array(keys.length + 1);
  pieces.forEach((p, k) => (pieceOff[k + 1] = pieceOff[k]! + p.length));
  const pieceLen = Int32Array.from(pieces.flat(), (p) => p.length);
  // The matcher's patterns: key, token lengths (the tokens tile the key), and whether a match
  // changes the tokens (the special case's pieces are not the pattern's tokens).
  const patTokOff = new Int32Array(PATTERN_LIST.length + 1);
  PATTERN_LIST.forEach((p, k) => {
    if (p.tokens.join('') !== p.key) throw new Error(`pattern ${JSON.stringify(p.key)}: no tiling`);
    patTokOff[k + 1] = patTokOff[k]! + p.tokens.length;
  });
  const patTokLen = Int32Array.from(
    PATTERN_LIST.flatMap((p) => p.tokens),
    (t) => t.length,
  );
  const patReplaces = Uint8Array.from(PATTERN_LIST, ({ key, tokens }) => {
    const pieces = SPECIALS.get(key)!;
    return pieces.length === tokens.length && pieces.every((x, i) => x === tokens[i]) ? 0 : 1;
  });
  // Grouped by last unit, each group longest first, as findSuffix reads them.
  const suffixes = DIGIT_SUFFIXES.flatMap((list) => list ?? []);
  return exports.wordsInit(
    flagBits,
    KIND,
    FLAGS,
    PLAIN,
    FILTER,
    PATTERN_FIRST_UNIT,
    FILTER2,
    Int32Array.from(ASTRAL),
    ...stringList(keys),
    pieceOff,
    pieceLen,
    ...stringList(suffixes),
    ...stringList(HYPHEN_LIST),
    ...stringList(PATTERN_LIST.map((p) => p.key)),
    patTokOff,
    patTokLen,
    patReplaces,
  );
}

// The last text a native split finished or `units` loaded, and its UNITS_* bits.
let scanned: string | undefined;
let scannedUnits = 0;

/**
 * The UNITS_* bits of text, from the native kernel (which finds them as it loads a text, and
 * keeps it loaded for the split that follows), or -1 when the JavaScript path is in use.
 */
export function unitsFound(text: string): number {
  if (text === scanned) return scannedUnits;
  const kernel = nativeWords();
  return kernel === null ? -1 : kernel.units(text);
}

let loadedFrom: NativeKernels | undefined;
let bound: NativeWords | undefined;

/** The native word kernels, or null when the JavaScript path is in use (see src/native/addon.ts). */
export function nativeWords(): NativeWords | null {
  const kernels = nativeKernels();
  // The pattern tables are complete once src/text/words.ts has loaded (it builds them).
  if (kernels === null || !patternsBuilt) return null;
  if (kernels !== loadedFrom || bound === undefined) {
    bound = bindWords(kernels);
    loadedFrom = kernels;
  }
  return bound;
}

/** The word kernels of a loaded addon, with their state (for nativeWords, and to compare builds). */
export function bindWords(kernels: NativeKernels): NativeWords {
  const exports = kernels as unknown as Exports;
  const state = init(exports);
  // The text the state holds, so a call on the same text need not copy it again.
  let held: string | undefined;
  return {
    scan(text, io, starts, ends, gaps) {
      const arg = text === held ? null : text;
      if (arg !== null) held = scanned = undefined;
      exports.wordsScan(state, arg, io, starts, ends, gaps);
      if (arg !== null) held = arg;
      if (io[IO_STATUS] !== SCAN_DONE) return;
      scanned = held;
      scannedUnits = io[IO_UNITS]!;
    },
    ids(source, starts, ends, count, io, astral, pos, byId) {
      const text = source === held ? null : source;
      held = undefined;
      exports.wordIds(state, text, starts, ends, count, io, astral, pos, byId);
      held = source;
    },
    units(text) {
      const arg = text === held ? null : text;
      held = scanned = undefined;
      const bits = exports.wordsUnits(state, arg);
      held = scanned = text;
      scannedUnits = bits;
      return bits;
    },
  };
}
