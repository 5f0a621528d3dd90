/**
 * tiktoken behind one file: the only module that imports `tiktoken`.
 *
 * BPE runs on the pieces of a fixed pre-tokenizing regex, each independently, and piece
 * frequencies are Zipfian. So the text is split here in JavaScript (`pieces.ts`, the encoding's
 * own pattern), piece → ids comes from a bounded cache (`piece-cache.ts`), and a miss is merged
 * in JavaScript (`bpe.ts`, with the ranks tiktoken ships); tiktoken's WASM `encode_ordinary`
 * runs only for pieces longer than the cache's keys. The ids are identical to
 * `encode_ordinary(text)` except where a result says `approximate`.
 *
 * Always `free()` a tokenizer in a `finally`: the WASM encoder is not garbage-collected.
 * ```ts
 * const tok = openTokenizer('cl100k_base');
 * try { total += tok.count(text).count; } finally { tok.free(); }
 * ```
 */
import { readBundled } from '../io/bundled.ts';
import { createRequire } from 'node:module';
import type { Tiktoken } from 'tiktoken';
import { ByteRanks, type RankTables } from './bpe.ts';
import { charClasses } from './char-classes.ts';
import { DEFAULT_CACHE_ENTRIES, MAX_KEY_UNITS, PieceCache } from './piece-cache.ts';
import { scanCl100k, scanGpt2, scanO200k, type PieceScanner } from './pieces.ts';
import { haveNativeBpe, NativeEncoder, type ScanKind } from '../native/bpe.ts';

/** A tiktoken encoding this module can open. */
export type EncodingName = 'cl100k_base' | 'o200k_base' | 'p50k_base' | 'r50k_base';

/** Every EncodingName, most used first. */
export const ENCODINGS: readonly EncodingName[] = [
  'cl100k_base',
  'o200k_base',
  'p50k_base',
  'r50k_base',
];

/** Pieces up to this many code points are encoded exactly; longer ones take the bounded path. */
export const EXACT_PIECE_CODE_POINTS = 10_000;

/** Slice length, in code points, of the bounded path (BPE is quadratic in piece length). */
export const SLICE_CODE_POINTS = 256;

export { DEFAULT_CACHE_ENTRIES };

/** Token ids of a text. */
export interface Encoded {
  ids: Uint32Array;
  /** True when some pre-tokenizer piece had over 10,000 code points and was encoded in 256-code-point slices. */
  approximate: boolean;
}

/** An open encoding. Not thread-safe; open one per worker. */
export interface Tokenizer {
  readonly name: EncodingName;
  /** Token ids, identical to tiktoken `encode_ordinary(text)` unless `approximate`; `<|endoftext|>` is plain text. */
  encode(text: string): Encoded;
  /** Number of ids `encode` would return, without materialising them. */
  count(text: string): { count: number; approximate: boolean };
  /** UTF-8 bytes of token `id`; 0 for special tokens, holes and out-of-range ids. First call builds the table (~0.2 s). */
  tokenBytes(id: number): number;
  /**
   * Code-point offsets of `ids` (from `encode(text)`) in `text`: ids.length + 1 entries, token i covers
   * [off[i], off[i+1]), the last entry is the code-point length of `text`. A boundary that falls inside a
   * multi-byte character maps to the start of that character. Lone surrogates count as 1 code point.
   * Throws a RangeError when the ids do not spell `text`'s UTF-8 bytes.
   */
  codePointOffsets(text: string, ids: Uint32Array): Uint32Array;
  /** Frees the WASM encoder and the cache; call it in a `finally`. Later calls (except `free`) throw. */
  free(): void;
}

const require = createRequire(import.meta.url);

// Local aliases: an imported binding may be read through a getter on every use (e.g. under tsx).
const MAX_KEY = MAX_KEY_UNITS;

/** The native kernel's name for each encoding's pre-tokenizer. */
const SCAN_KINDS: Record<EncodingName, ScanKind> = {
  cl100k_base: 'cl100k',
  o200k_base: 'o200k',
  p50k_base: 'gpt2',
  r50k_base: 'gpt2',
};

const SCANNERS: Record<EncodingName, PieceScanner> = {
  cl100k_base: scanCl100k,
  o200k_base: scanO200k,
  p50k_base: scanGpt2,
  r50k_base: scanGpt2,
};

/** An encoding's rank tables built once and shared with worker threads (`shareRanks`). */
export interface SharedRanks {
  readonly name: EncodingName;
  readonly tables: RankTables;
}

/** Builds `name`'s rank tables in this thread, in SharedArrayBuffers, for `openTokenizer`'s `ranks`. */
export function shareRanks(name: EncodingName): SharedRanks {
  return { name, tables: loadRanks(name).share() };
}

/**
 * Opens `name`; `cacheEntries` bounds the piece cache (0 disables it); `ranks` (from
 * `shareRanks`) are rank tables built once for all threads. Open once per thread: the rank
 * tables (~0.05 s) are otherwise built on first use, the WASM encoder (~0.3 s) only for a piece
 * that needs it.
 */
export function openTokenizer(
  name: EncodingName,
  opts: { cacheEntries?: number; ranks?: SharedRanks } = {},
): Tokenizer {
  if (!ENCODINGS.includes(name)) {
    throw new TypeError(
      `Expected an encoding name (${ENCODINGS.join(', ')}), got ${JSON.stringify(name)}`,
    );
  }
  const entries = opts.cacheEntries ?? DEFAULT_CACHE_ENTRIES;
  if (!Number.isInteger(entries) || entries < 0 || entries > 1 << 24) {
    throw new TypeError(
      `Expected \`cacheEntries\` to be an integer from 0 to ${1 << 24}, got ${entries}`,
    );
  }
  if (opts.ranks && opts.ranks.name !== name)
    throw new TypeError(`Expected the rank tables of ${name}, got those of ${opts.ranks.name}`);
  const tok = new CachedTokenizer(name, entries);
  if (opts.ranks) tok.adoptRanks(new ByteRanks(opts.ranks.tables));
  return tok;
}

/** `name`'s byte-pair ranks from the rank data tiktoken ships (ranks are ids in these encodings). */
function loadRanks(name: EncodingName): ByteRanks {
  const file = require.resolve(`tiktoken/encoders/${name}.json`);
  const ranks = new ByteRanks((JSON.parse(readBundled(file)) as { bpe_ranks: string }).bpe_ranks);
  const lengths = ranks.lengths;
  for (let id = 0; id < lengths.length; id++) {
    if (lengths[id] === 255)
      throw new Error(`${name}: token ${id} has 255 or more bytes; the table holds 254`);
  }
  return ranks;
}

class CachedTokenizer implements Tokenizer {
  readonly name: EncodingName;
  /**
   * tiktoken's WASM encoder, made on first need: only pieces longer than the cache's keys (or a
   * byte sequence the JS ranks cannot merge) go to it, and none of the 6,200 web pages has one,
   * while making it costs ~0.3 CPU-s and ~60 MB RSS in every thread that opens a tokenizer.
   */
  private enc: Tiktoken | null = null;
  private freed = false;
  private readonly scan: PieceScanner;
  private readonly classes: Uint8Array;
  private readonly cache: PieceCache;
  private readonly cacheEntries: number;
  /** The native kernel's state (its own piece cache), made on first use when the addon is loaded. */
  private native: NativeEncoder | undefined;
  /** Growable output buffer, reused across calls; `encode` returns a copy of its prefix. */
  private out: Uint32Array = new Uint32Array(1 << 16);
  private approximate = false;
  private byteLengths: Uint8Array | undefined;
  private ranks: ByteRanks | undefined;

  constructor(name: EncodingName, cacheEntries: number) {
    this.name = name;
    this.scan = SCANNERS[name];
    this.classes = charClasses();
    this.cache = new PieceCache(cacheEntries);
    this.cacheEntries = cacheEntries;
  }

  encode(text: string): Encoded {
    const n = this.run(text, true);
    return { ids: this.out.slice(0, n), approximate: this.approximate };
  }

  count(text: string): { count: number; approximate: boolean } {
    const n = this.run(text, false);
    return { count: n, approximate: this.approximate };
  }

  tokenBytes(id: number): number {
    return this.byteTable()[id] ?? 0;
  }

  codePointOffsets(text: string, ids: Uint32Array): Uint32Array {
    const bytes = this.byteTable();
    const off = new Uint32Array(ids.length + 1);
    const n = text.length;
    // the character at unit i is code point number cp and covers UTF-8 bytes [start, start + len)
    let i = 0;
    let cp = 0;
    let start = 0;
    let len = n > 0 ? utf8Length(text, 0, n) : 0;
    let b = 0;
    for (let k = 0; k <= ids.length; k++) {
      while (i < n && start + len <= b) {
        i += len === 4 ? 2 : 1;
        cp++;
        start += len;
        len = i < n ? utf8Length(text, i, n) : 0;
      }
      if (i === n && b > start)
        throw new RangeError(`ids run past the end of the text (token ${k - 1})`);
      off[k] = cp;
      if (k < ids.length) {
        const l = bytes[ids[k]!] ?? 0;
        if (l === 0)
          throw new RangeError(`id ${ids[k]} at ${k} is not an ordinary token of ${this.name}`);
        b += l;
      }
    }
    if (i !== n) throw new RangeError(`ids end at UTF-8 byte ${b}, before the end of the text`);
    return off;
  }

  free(): void {
    if (this.freed) return;
    this.freed = true;
    this.enc?.free();
    this.enc = null;
    this.cache.release();
    this.native?.release();
    this.native = undefined;
    this.out = new Uint32Array(0);
    this.byteLengths = undefined;
    this.ranks = undefined;
  }

  private live(): void {
    if (this.freed) throw new Error(`Tokenizer ${this.name} was freed`);
  }

  /**
   * The WASM encoder, made on first use (after `live()`). The package itself is loaded then too:
   * loading it (its WASM module compiled) cost every worker thread ~25 ms of CPU at start-up.
   */
  private wasm(): Tiktoken {
    return (this.enc ??= (require('tiktoken') as typeof import('tiktoken')).get_encoding(
      this.name,
    ));
  }

  /** Encodes `text` into `this.out` (when `emit`), sets `this.approximate`, returns the token count. */
  private run(text: string, emit: boolean): number {
    this.live();
    if (typeof text !== 'string')
      throw new TypeError(`Expected text to be a string, got ${typeof text}`);
    if (haveNativeBpe()) return this.runNative(text, emit);
    const { scan, classes } = this;
    const n = text.length;
    this.approximate = false;
    let count = 0;
    for (let i = 0; i < n;) {
      const e = scan(text, i, n, classes);
      if (e - i <= MAX_KEY) count = this.piece(text, i, e, count, emit);
      else if (
        e - i > EXACT_PIECE_CODE_POINTS &&
        codePoints(text, i, e) > EXACT_PIECE_CODE_POINTS
      ) {
        this.approximate = true;
        for (let j = i; j < e;) {
          const k = advance(text, j, e, SLICE_CODE_POINTS);
          count = this.piece(text, j, k, count, emit);
          j = k;
        }
      } else count = this.append(this.wasm().encode_ordinary(text.slice(i, e)), count, emit);
      i = e;
    }
    return count;
  }

  /** `run` by the native kernel: the same ids, the whole document in one call. */
  private runNative(text: string, emit: boolean): number {
    if (this.native === undefined) {
      if (this.ranks === undefined) this.buildTables();
      const tables = this.ranks!.tables();
      this.native = new NativeEncoder(
        SCAN_KINDS[this.name],
        this.classes,
        tables,
        this.cacheEntries,
      );
    }
    const r = this.native.encode(text, emit ? this.out : null);
    const n = r < 0 ? -r - 1 : r;
    this.approximate = r < 0;
    if (emit && n > this.out.length) this.native.ids(this.grow(n));
    return n;
  }

  /** Ids of the piece `text[i, e)` (at most MAX_KEY_UNITS) from the cache, else from tiktoken (then cached). */
  private piece(text: string, i: number, e: number, count: number, emit: boolean): number {
    const cache = this.cache;
    const entry = cache.find(text, i, e);
    if (entry < 0) {
      if (this.ranks === undefined) this.buildTables();
      const ids = this.ranks!.encode(text, i, e) ?? this.wasm().encode_ordinary(text.slice(i, e));
      cache.add(text, i, e, ids);
      return this.append(ids, count, emit);
    }
    return this.hit(cache, entry, count, emit);
  }

  /** Appends the ids of record `entry` of `cache` (when `emit`); returns the new count. */
  private hit(cache: PieceCache, entry: number, count: number, emit: boolean): number {
    const k = cache.idCount(entry);
    if (emit) {
      let out = this.out;
      if (count + k > out.length) out = this.grow(count + k);
      const v = cache.value(entry);
      if (k === 1) out[count] = v;
      else {
        const ids = cache.ids;
        for (let j = 0; j < k; j++) out[count + j] = ids[v + j]!;
      }
    }
    return count + k;
  }

  private append(ids: Uint32Array, count: number, emit: boolean): number {
    if (emit) {
      if (count + ids.length > this.out.length) this.grow(count + ids.length);
      this.out.set(ids, count);
    }
    return count + ids.length;
  }

  private grow(min: number): Uint32Array {
    let size = Math.max(this.out.length * 2, 1024);
    while (size < min) size *= 2;
    const out = new Uint32Array(size);
    out.set(this.out);
    this.out = out;
    return out;
  }

  /** The byte-pair ranks and the byte length per id, built together on first use (~50 ms). */
  private buildTables(): void {
    this.adoptRanks(loadRanks(this.name));
  }

  /** Uses `ranks` (this encoding's) from now on. */
  adoptRanks(ranks: ByteRanks): void {
    this.byteLengths = ranks.lengths;
    this.ranks = ranks;
  }

  /** Byte length per id, built on first use. */
  private byteTable(): Uint8Array {
    this.live();
    if (this.byteLengths === undefined) this.buildTables();
    return this.byteLengths!;
  }
}

/** Code points in `s[i, e)`; a lone surrogate counts 1. */
function codePoints(s: string, i: number, e: number): number {
  let n = 0;
  while (i < e) {
    i = advance(s, i, e, 1);
    n++;
  }
  return n;
}

/** Index `count` code points after `i` (or `e`), never inside a surrogate pair. */
function advance(s: string, i: number, e: number, count: number): number {
  for (let k = 0; k < count && i < e; k++) {
    const c = s.charCodeAt(i);
    i +=
      c >= 0xd800 && c <= 0xdbff && i + 1 < e && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
  }
  return i;
}

/** UTF-8 length of the character at `i`: a lone surrogate is 3 bytes, as its U+FFFD replacement. */
function utf8Length(s: string, i: number, n: number): number {
  const c = s.charCodeAt(i);
  if (c < 0x80) return 1;
  if (c < 0x800) return 2;
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < n && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00)
    return 4;
  return 3;
}
