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
}

/** Token bytes → rank, open addressing over one arena of all token bytes. */
export class ByteRanks {
  private readonly arena: Uint8Array;
  /** Per slot: arena start, byte length (0: empty), rank. */
  private readonly slots: Int32Array;
  private readonly mask: number;
  // Scratch for `encode`, grown on demand.
  private bytes = new Uint8Array(1024);
  private starts = new Int32Array(1025);
  private ranks = new Int32Array(1025);

  /**
   * From tiktoken's rank data (the `bpe_ranks` of its `encoders/<name>.json`): lines
   * `! <first rank> <base64 token> <base64 token> ...`, ranks consecutive within a line. Or
   * over the tables another thread built and shared (`share`), which costs nothing to open.
   */
  constructor(bpeRanks: string | RankTables) {
    if (typeof bpeRanks !== 'string') {
      this.arena = bpeRanks.arena;
      this.slots = bpeRanks.slots;
      this.mask = bpeRanks.slots.length / 3 - 1;
      this.lengths = bpeRanks.lengths;
      this.bytePairs = bpeRanks.bytePairs;
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
    this.slots = new Int32Array(3 << bits);
    this.mask = (1 << bits) - 1;
    for (let k = 0; k < count; k++) {
      const a = starts[k]!;
      const len = starts[k + 1]! - a;
      let s = fnv(this.arena, a, a + len) & this.mask;
      while (this.slots[3 * s + 1] !== 0) s = (s + 1) & this.mask;
      this.slots[3 * s] = a;
      this.slots[3 * s + 1] = len;
      this.slots[3 * s + 2] = ranks[k]!;
    }
    // Byte length per rank (0: no such token).
    let maxRank = -1;
    for (const r of ranks) if (r > maxRank) maxRank = r;
    this.lengths = new Uint8Array(maxRank + 1);
    for (let k = 0; k < count; k++)
      this.lengths[ranks[k]!] = Math.min(255, starts[k + 1]! - starts[k]!);
    this.bytePairs = new Int32Array(1 << 16);
    const two = new Uint8Array(2);
    for (let pair = 0; pair < 1 << 16; pair++) {
      two[0] = pair >> 8;
      two[1] = pair & 255;
      this.bytePairs[pair] = this.rankOf(two, 0, 2);
    }
  }

  /**
   * Rank of each two-byte sequence (first byte << 8 | second), NONE when it is no token: a
   * merge starts with one lookup per adjacent byte pair, and this 256 KB table answers them
   * without hashing into the ~3 MB slot table (a cache miss each on a cold piece).
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
    return {
      arena: copy(this.arena, (b) => new Uint8Array(b)),
      slots: copy(this.slots, (b) => new Int32Array(b)),
      lengths: copy(this.lengths, (b) => new Uint8Array(b)),
      bytePairs: copy(this.bytePairs, (b) => new Int32Array(b)),
    };
  }

  /** UTF-8 bytes of token `rank` (at most 255; 0 when there is no such token). */
  readonly lengths: Uint8Array;

  /** The rank of `b[start, end)`, or NONE. */
  rankOf(b: Uint8Array, start: number, end: number): number {
    const len = end - start;
    const { slots, arena, mask } = this;
    for (let s = fnv(b, start, end) & mask; ; s = (s + 1) & mask) {
      const l = slots[3 * s + 1]!;
      if (l === 0) return NONE;
      if (l !== len) continue;
      const a = slots[3 * s]!;
      let k = 0;
      while (k < len && arena[a + k] === b[start + k]) k++;
      if (k === len) return slots[3 * s + 2]!;
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
    // parts: starts[0..m), ranks[p] = rank of bytes from part p to part p + 2
    let m = n + 1;
    for (let p = 0; p <= n; p++) starts[p] = p;
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
      // Merge parts at and at + 1; the pairs that now start at at - 1 and at get new ranks.
      for (let p = at + 1; p < m - 1; p++) {
        starts[p] = starts[p + 1]!;
        ranks[p] = ranks[p + 1]!;
      }
      m--;
      if (at > 0) ranks[at - 1] = this.rankOf(b, starts[at - 1]!, starts[at + 1]!);
      ranks[at] = at + 2 < m ? this.rankOf(b, starts[at]!, starts[at + 2]!) : NONE;
    }
    const out = new Uint32Array(m - 1);
    for (let p = 0; p + 1 < m; p++) {
      const r = this.rankOf(b, starts[p]!, starts[p + 1]!);
      if (r === NONE) return null;
      out[p] = r;
    }
    return out;
  }

  /** Makes room for a piece of up to `n` UTF-8 bytes. */
  reserve(n: number): Uint8Array {
    if (this.bytes.length < n) {
      this.bytes = new Uint8Array(n);
      this.starts = new Int32Array(n + 1);
      this.ranks = new Int32Array(n + 1);
    }
    return this.bytes;
  }
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

/** FNV-1a over `b[start, end)`. */
function fnv(b: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
  return (h ^ (h >>> 15)) >>> 0;
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
