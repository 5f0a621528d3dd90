/**
 * Byte-pair encoding of one pre-tokenizer piece, in JavaScript, for the piece cache's misses.
 *
 * tiktoken's `encode_ordinary` on a single piece re-runs its regex and crosses into WASM and
 * back (~3 µs a call here); a miss is a short piece, which this encodes in well under a
 * microsecond. The merge rule is tiktoken's `byte_pair_encode`: a piece that is a token is that
 * token; otherwise start from single bytes and repeatedly merge the adjacent pair whose joined
 * bytes have the lowest rank, leftmost first, until no joined pair is a token. Ranks are token
 * ids in these encodings. test/tokenize/corpus.test.ts checks the ids against tiktoken on every
 * document of web-pages.
 */

const NONE = 0x7fffffff;

/** The tables of a ByteRanks, read-only once built: what `share` hands to other threads. */
export interface RankTables {
  readonly arena: Uint8Array;
  readonly slots: Int32Array;
  readonly lengths: Uint8Array;
  readonly bytePairs: Int32Array;
  readonly byteRanks: Int32Array;
}

/** Token bytes → rank: open addressing over 16-byte records that hold a token's first 8 bytes. */
export class ByteRanks {
  /** Every token's bytes, for the bytes past the 8 a record holds. */
  private readonly arena: Uint8Array;
  /**
   * Per slot (`SLOT` Int32s): length (bits 0-7; 0: empty) | rank << 8, bytes 0-3 and 4-7
   * (little-endian, zero past the end), the token's start in `arena`. A lookup of a token of up
   * to 8 bytes, or of bytes that are no token, reads one record and not the arena: each read is
   * a cache miss on a cold piece, and merging a piece asks ~2 lookups per merge.
   */
  private readonly slots: Int32Array;
  private readonly mask: number;
  /** Rank of each one-byte token, NONE when the byte is no token. */
  private readonly byteRanks: Int32Array;
  /** Recent joins: left rank, right rank, rank of the joined bytes (see `joined`); -1: empty. */
  private readonly memo = new Int32Array(3 << MEMO_BITS).fill(-1);
  // Scratch for `encode`, grown on demand.
  private bytes = new Uint8Array(1024);
  private starts = new Int32Array(1025);
  private ranks = new Int32Array(1025);
  private parts = new Int32Array(1025);

  /**
   * From tiktoken's rank data (the `bpe_ranks` of its `encoders/<name>.json`): lines
   * `! <first rank> <base64 token> <base64 token> ...`, ranks consecutive within a line. Or
   * over the tables another thread built and shared (`share`), which costs nothing to open.
   */
  constructor(bpeRanks: string | RankTables) {
    if (typeof bpeRanks !== 'string') {
      this.arena = bpeRanks.arena;
      this.slots = bpeRanks.slots;
      this.mask = bpeRanks.slots.length / SLOT - 1;
      this.lengths = bpeRanks.lengths;
      this.bytePairs = bpeRanks.bytePairs;
      this.byteRanks = bpeRanks.byteRanks;
      return;
    }
    // Every token's bytes into one arena, decoded straight from the base64, and its rank.
    const arena = new Uint8Array((bpeRanks.length * 3) >> 2);
    const starts: number[] = [];
    const ranks: number[] = [];
    let at = 0;
    for (const line of bpeRanks.split('\n')) {
      const fields = line.split(' ');
      if (fields[0] !== '!' || fields.length < 2) continue;
      let rank = Number(fields[1]);
      for (let f = 2; f < fields.length; f++) {
        starts.push(at);
        ranks.push(rank++);
        at = decodeBase64(fields[f]!, arena, at);
      }
    }
    starts.push(at);
    this.arena = arena.slice(0, at);
    const count = ranks.length;
    let bits = 4;
    while (1 << bits < 2 * count) bits++;
    this.slots = new Int32Array(SLOT << bits);
    this.mask = (1 << bits) - 1;
    for (let k = 0; k < count; k++) {
      const a = starts[k]!;
      const len = starts[k + 1]! - a;
      if (len === 0 || len > 255 || ranks[k]! >= 1 << 23)
        throw new Error(`token ${ranks[k]} has ${len} bytes; expected 1 to 255, rank below 2^23`);
      const w0 = word(this.arena, a, a + len);
      const w1 = word(this.arena, a + 4, a + len);
      let s = hash(this.arena, a, len, w0, w1) & this.mask;
      while (this.slots[SLOT * s] !== 0) s = (s + 1) & this.mask;
      this.slots[SLOT * s] = len | (ranks[k]! << 8);
      this.slots[SLOT * s + 1] = w0;
      this.slots[SLOT * s + 2] = w1;
      this.slots[SLOT * s + 3] = a;
    }
    // Byte length per rank (0: no such token).
    let maxRank = -1;
    for (const r of ranks) if (r > maxRank) maxRank = r;
    this.lengths = new Uint8Array(maxRank + 1);
    for (let k = 0; k < count; k++)
      this.lengths[ranks[k]!] = Math.min(255, starts[k + 1]! - starts[k]!);
    this.bytePairs = new Int32Array(1 << 16);
    this.byteRanks = new Int32Array(256);
    const two = new Uint8Array(2);
    for (let pair = 0; pair < 1 << 16; pair++) {
      two[0] = pair >> 8;
      two[1] = pair & 255;
      this.bytePairs[pair] = this.rankOf(two, 0, 2);
    }
    for (let byte = 0; byte < 256; byte++) this.byteRanks[byte] = this.rankOf(two.fill(byte), 0, 1);
  }

  /**
   * Rank of each two-byte sequence (first byte << 8 | second), NONE when it is no token: a
   * merge starts with one lookup per adjacent byte pair, and this 256 KB table answers them
   * without hashing into the ~4 MB slot table (a cache miss each on a cold piece).
   */
  private readonly bytePairs: Int32Array;

  /**
   * The tables copied into SharedArrayBuffers, for `new ByteRanks(tables)` in worker threads:
   * building them costs each thread ~55 ms of CPU (parsing and hashing 100,000 tokens).
   */
  share(): RankTables {
    const copy = <T extends Uint8Array | Int32Array>(a: T, of: (b: SharedArrayBuffer) => T): T => {
      const b = new SharedArrayBuffer(a.byteLength);
      new Uint8Array(b).set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
      return of(b);
    };
    const ints = (b: SharedArrayBuffer) => new Int32Array(b);
    const bytes = (b: SharedArrayBuffer) => new Uint8Array(b);
    return {
      arena: copy(this.arena, bytes),
      slots: copy(this.slots, ints),
      lengths: copy(this.lengths, bytes),
      bytePairs: copy(this.bytePairs, ints),
      byteRanks: copy(this.byteRanks, ints),
    };
  }

  /** The tables themselves (not copies), for the native kernel, which reads them in place. */
  tables(): RankTables {
    const { arena, slots, lengths, bytePairs, byteRanks } = this;
    return { arena, slots, lengths, bytePairs, byteRanks };
  }

  /** UTF-8 bytes of token `rank` (at most 255; 0 when there is no such token). */
  readonly lengths: Uint8Array;

  /** The rank of `b[start, end)`, or NONE. */
  rankOf(b: Uint8Array, start: number, end: number): number {
    const len = end - start;
    const { slots, mask } = this;
    const w0 = word(b, start, end);
    const w1 = word(b, start + 4, end);
    for (let s = hash(b, start, len, w0, w1) & mask; ; s = (s + 1) & mask) {
      const r = SLOT * s;
      const meta = slots[r]!;
      if (meta === 0) return NONE;
      if ((meta & 255) !== len || slots[r + 1] !== w0 || slots[r + 2] !== w1) continue;
      if (len <= 8 || sameTail(this.arena, slots[r + 3]!, b, start, len)) return meta >>> 8;
    }
  }

  /**
   * The ids of the piece `text[i, e)` (UTF-8, a lone surrogate as U+FFFD, as tiktoken receives
   * a JavaScript string), or null when some byte sequence it needs is not a token (never for
   * byte-level encodings; the caller then asks tiktoken).
   */
  encode(text: string, i: number, e: number): Uint32Array | null {
    const n = utf8Into(this, text, i, e);
    const b = this.bytes;
    const whole = this.rankOf(b, 0, n);
    if (whole !== NONE) return Uint32Array.of(whole);
    if (n <= 1) return null;
    const starts = this.starts;
    const ranks = this.ranks;
    // parts: starts[0..m), parts[p] = rank of part p, ranks[p] = rank of parts p and p + 1 joined
    const parts = this.parts;
    let m = n + 1;
    for (let p = 0; p <= n; p++) starts[p] = p;
    const byteRanks = this.byteRanks;
    for (let p = 0; p < n; p++) parts[p] = byteRanks[b[p]!]!;
    const bytePairs = this.bytePairs;
    for (let p = 0; p < n - 1; p++) ranks[p] = bytePairs[(b[p]! << 8) | b[p + 1]!]!;
    ranks[n - 1] = ranks[n] = NONE;
    for (;;) {
      let min = NONE;
      let at = -1;
      for (let p = 0; p < m - 1; p++) {
        if (ranks[p]! < min) {
          min = ranks[p]!;
          at = p;
        }
      }
      if (at < 0) break;
      // Merge parts at and at + 1 (the joined bytes are token `min`); the pairs that now start
      // at at - 1 and at get new ranks.
      parts[at] = min;
      for (let p = at + 1; p < m - 1; p++) {
        starts[p] = starts[p + 1]!;
        ranks[p] = ranks[p + 1]!;
        parts[p] = parts[p + 1]!;
      }
      m--;
      if (at > 0)
        ranks[at - 1] = this.joined(b, starts[at - 1]!, starts[at + 1]!, parts[at - 1]!, min);
      ranks[at] =
        at + 2 < m ? this.joined(b, starts[at]!, starts[at + 2]!, min, parts[at + 1]!) : NONE;
    }
    const out = new Uint32Array(m - 1);
    for (let p = 0; p + 1 < m; p++) {
      if (parts[p] === NONE) return null;
      out[p] = parts[p]!;
    }
    return out;
  }

  /**
   * The rank of `b[start, end)`, the tokens `left` and `right` joined, through `memo`: the same
   * pairs come up in piece after piece, and the memo (192 KB) answers them without a lookup in
   * the slot table, a cache miss to memory on most calls.
   */
  private joined(b: Uint8Array, start: number, end: number, left: number, right: number): number {
    const memo = this.memo;
    const m = 3 * (Math.imul(left ^ Math.imul(right, 0x85ebca77), 0x9e3779b1) >>> (32 - MEMO_BITS));
    if (memo[m] === left && memo[m + 1] === right) return memo[m + 2]!;
    const r = this.rankOf(b, start, end);
    memo[m] = left;
    memo[m + 1] = right;
    memo[m + 2] = r;
    return r;
  }

  /** Makes room for a piece of up to `n` UTF-8 bytes. */
  reserve(n: number): Uint8Array {
    if (this.bytes.length < n) {
      this.bytes = new Uint8Array(n);
      this.starts = new Int32Array(n + 1);
      this.ranks = new Int32Array(n + 1);
      this.parts = new Int32Array(n + 1);
    }
    return this.bytes;
  }
}

/** log2 of the join memo's entries. */
const MEMO_BITS = 14;

/** Int32s per slot of `ByteRanks`. */
const SLOT = 4;

/** Bytes `b[i, i + 4)` little-endian, zero past `end`. */
function word(b: Uint8Array, i: number, end: number): number {
  let w = 0;
  for (let k = 0; k < 4 && i + k < end; k++) w |= b[i + k]! << (8 * k);
  return w;
}

/** Hash of the `len` bytes at `b[start]`, whose first 8 are packed in `w0`, `w1`. */
function hash(b: Uint8Array, start: number, len: number, w0: number, w1: number): number {
  let h = w0 ^ Math.imul(w1, 0x9e3779b1) ^ Math.imul(len, 0x85ebca77);
  for (let k = 8; k < len; k++) h = Math.imul(h ^ b[start + k]!, 0x01000193);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** True when the bytes past the first 8 of the token at `arena[a]` and of `b[start, start + len)` agree. */
function sameTail(
  arena: Uint8Array,
  a: number,
  b: Uint8Array,
  start: number,
  len: number,
): boolean {
  for (let k = 8; k < len; k++) if (arena[a + k] !== b[start + k]) return false;
  return true;
}

const BASE64 = new Int8Array(128).fill(-1);
for (let i = 0; i < 64; i++)
  BASE64['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.charCodeAt(i)] = i;

/** Decodes padded base64 `s` into `out` at `at`; returns the end. */
function decodeBase64(s: string, out: Uint8Array, at: number): number {
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < s.length; i++) {
    const v = BASE64[s.charCodeAt(i)] ?? -1;
    if (v < 0) break; // "=" padding
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[at++] = (acc >> bits) & 255;
    }
  }
  return at;
}

/** UTF-8 bytes of `s[i, e)` into the encoder's scratch (lone surrogates as EF BF BD); returns their count. */
function utf8Into(r: ByteRanks, s: string, i: number, e: number): number {
  const b = r.reserve(3 * (e - i));
  let n = 0;
  for (let k = i; k < e; k++) {
    let c = s.charCodeAt(k);
    if (c < 0x80) {
      b[n++] = c;
      continue;
    }
    if (c < 0x800) {
      b[n++] = 0xc0 | (c >> 6);
      b[n++] = 0x80 | (c & 63);
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      const d = k + 1 < e ? s.charCodeAt(k + 1) : 0;
      if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        k++;
        b[n++] = 0xf0 | (c >> 18);
        b[n++] = 0x80 | ((c >> 12) & 63);
        b[n++] = 0x80 | ((c >> 6) & 63);
        b[n++] = 0x80 | (c & 63);
        continue;
      }
      c = 0xfffd;
    }
    b[n++] = 0xe0 | (c >> 12);
    b[n++] = 0x80 | ((c >> 6) & 63);
    b[n++] = 0x80 | (c & 63);
  }
  return n;
}
