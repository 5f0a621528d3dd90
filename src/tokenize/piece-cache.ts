/**
 * A bounded map from piece text to token ids, keyed by a slice of a larger string so that a hit
 * allocates nothing (no substring, no array).
 *
 * Open addressing over one Int32Array of 24-byte records, so a lookup usually touches one cache
 * line: the hash, key length, id count and hit count, the id itself when there is only one (88 %
 * of piece occurrences in web text), and up to 6 UTF-16 units of key inline (74 %). Longer keys
 * and multi-token ids live in two arenas.
 *
 * When the entry limit or an arena budget is reached the cache compacts: it keeps the entries hit
 * most since the last compaction (at most half the limit) and drops the rest. Piece frequencies
 * are Zipfian, so the head survives while one-off pieces (half of all distinct ones) go.
 */

/** Default entry limit: every distinct piece of ~50 MB of web text fits; the cache stays under 42 MB. */
export const DEFAULT_CACHE_ENTRIES = 1 << 19;

/** Longest key, in UTF-16 units: longer pieces are rare and go to tiktoken every time. */
export const MAX_KEY_UNITS = 512;

// Record layout, in Int32 slots.
export const STRIDE = 6;
export const HASH = 0;
/** key length (bits 0-9) | id count (bits 10-21) | hits (bits 22-29); 0 marks an empty record */
export const META = 1;
/** the id when the count is 1, else the start of the ids in `ids` */
export const VALUE = 2;
/** 3 slots = 6 key units, two per slot (low half first); a longer key keeps its arena start here */
export const KEY = 3;
export const INLINE_UNITS = 6;
export const LENGTH_MASK = (1 << 10) - 1;
export const COUNT_SHIFT = 10;
export const COUNT_MASK = (1 << 12) - 1;
const HITS_SHIFT = 22;
const MAX_HITS = 255;

const MAX_LOAD = 0.75;
// Average arena budgets per entry; a compaction runs when either arena would pass limit × budget.
export const KEY_UNITS_PER_ENTRY = 8;
export const IDS_PER_ENTRY = 4;

/** Hash of a key: short keys mix their packed unit pairs (`unitPair`), long ones get FNV-1a over their units. */
export function keyHash(s: string, start: number, end: number): number {
  const len = end - start;
  if (len <= INLINE_UNITS) {
    return mixPairs(
      unitPair(s, start, end),
      unitPair(s, start + 2, end),
      unitPair(s, start + 4, end),
      len,
    );
  }
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h ^ (h >>> 15);
}

/** murmur3's finalizer over three unit pairs and the length: every input bit reaches the low (slot) bits. */
function mixPairs(a: number, b: number, c: number, len: number): number {
  let h = a ^ Math.imul(b, 0x9e3779b1) ^ Math.imul(c, 0x85ebca77) ^ len;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

export class PieceCache {
  /** Entry limit (0 disables the cache). */
  readonly limit: number;
  /** Live entries. */
  size = 0;
  /** Compactions so far. */
  compactions = 0;
  /** Multi-token ids arena (see `value`). Replaced when it grows, so read it after `add`. */
  ids: Uint32Array;
  private table: Int32Array;
  /** Records in `table` minus 1 (a power of two minus 1). */
  private slotMask: number;
  private readonly maxSlots: number;
  private keys: Uint16Array;
  private keyUsed = 0;
  private idUsed = 0;

  constructor(limit: number) {
    this.limit = limit;
    let max = 16;
    while (max * MAX_LOAD < limit) max *= 2;
    this.maxSlots = max;
    const slots = limit === 0 ? 1 : Math.min(max, 4096);
    this.table = new Int32Array(slots * STRIDE);
    this.slotMask = slots - 1;
    this.keys = new Uint16Array(limit === 0 ? 0 : 1024);
    this.ids = new Uint32Array(limit === 0 ? 0 : 1024);
  }

  /** Record of the key `s[start, end)` (at most MAX_KEY_UNITS long), or -1. Counts a hit. */
  find(s: string, start: number, end: number): number {
    const table = this.table;
    const len = end - start;
    let h: number;
    let k0 = 0;
    let k1 = 0;
    let k2 = 0;
    // short keys (74 % of pieces) are compared as the packed pairs the hash is made of, read once
    if (len <= INLINE_UNITS) {
      k0 = unitPair(s, start, end);
      k1 = unitPair(s, start + 2, end);
      k2 = unitPair(s, start + 4, end);
      h = mixPairs(k0, k1, k2, len);
    } else h = keyHash(s, start, end);
    for (let slot = h & this.slotMask; ; slot = (slot + 1) & this.slotMask) {
      const r = slot * STRIDE;
      const meta = table[r + META]!;
      if (meta === 0) return -1;
      if (table[r + HASH] !== h || (meta & LENGTH_MASK) !== len) continue;
      if (len <= INLINE_UNITS) {
        if (table[r + KEY] !== k0 || table[r + KEY + 1] !== k1 || table[r + KEY + 2] !== k2)
          continue;
      } else if (!this.sameLongKey(table[r + KEY]!, s, start, len)) continue;
      if (meta >>> HITS_SHIFT < MAX_HITS) table[r + META] = meta + (1 << HITS_SHIFT);
      return r;
    }
  }

  /** Number of ids of record `r`. */
  idCount(r: number): number {
    return (this.table[r + META]! >>> COUNT_SHIFT) & COUNT_MASK;
  }

  /** The id of a one-id record, else the start of its ids in `ids`. */
  value(r: number): number {
    return this.table[r + VALUE]!;
  }

  /** Stores `ids` for the key `s[start, end)` (absent; at most MAX_KEY_UNITS). Too-large entries are skipped. */
  add(s: string, start: number, end: number, ids: Uint32Array): void {
    if (this.limit === 0) return;
    const h = keyHash(s, start, end);
    const len = end - start;
    const count = ids.length;
    const keyUnits = len > INLINE_UNITS ? len : 0;
    const arenaIds = count > 1 ? count : 0;
    // a compaction leaves each arena at most half full, so anything up to half a budget fits after one
    const keyBudget = this.limit * KEY_UNITS_PER_ENTRY;
    const idBudget = this.limit * IDS_PER_ENTRY;
    if (len > MAX_KEY_UNITS || count === 0 || count > COUNT_MASK) return;
    if (2 * keyUnits > keyBudget || 2 * arenaIds > idBudget) return;
    if (
      this.size >= this.limit ||
      this.keyUsed + keyUnits > keyBudget ||
      this.idUsed + arenaIds > idBudget
    ) {
      this.compact();
    }
    const slots = this.slotMask + 1;
    if (this.size + 1 > slots * MAX_LOAD && slots < this.maxSlots) this.resize(2 * slots);
    if (this.keyUsed + keyUnits > this.keys.length)
      this.keys = grown(this.keys, this.keyUsed + keyUnits, keyBudget);
    if (this.idUsed + arenaIds > this.ids.length)
      this.ids = grown(this.ids, this.idUsed + arenaIds, idBudget);

    const r = this.freeRecord(h);
    const table = this.table;
    table[r + HASH] = h;
    table[r + META] = len | (count << COUNT_SHIFT);
    if (count === 1) table[r + VALUE] = ids[0]!;
    else {
      table[r + VALUE] = this.idUsed;
      this.ids.set(ids, this.idUsed);
      this.idUsed += count;
    }
    if (len <= INLINE_UNITS) {
      for (let k = 0; k < INLINE_UNITS; k += 2)
        table[r + KEY + (k >> 1)] = unitPair(s, start + k, end);
    } else {
      table[r + KEY] = this.keyUsed;
      for (let k = 0; k < len; k++) this.keys[this.keyUsed + k] = s.charCodeAt(start + k);
      this.keyUsed += len;
    }
    this.size++;
  }

  /** Bytes held by the typed arrays: the cache's whole footprint, bar a few objects. */
  byteSize(): number {
    return this.table.byteLength + this.keys.byteLength + this.ids.byteLength;
  }

  /** Drops everything and the memory behind it; the cache stays usable. */
  release(): void {
    this.size = this.keyUsed = this.idUsed = 0;
    this.table = new Int32Array(STRIDE);
    this.slotMask = 0;
    this.keys = new Uint16Array(0);
    this.ids = new Uint32Array(0);
  }

  private sameLongKey(at: number, s: string, start: number, len: number): boolean {
    return sameUnits(this.keys, at, s, start, len);
  }

  /** First empty record on the probe path of hash `h`. */
  private freeRecord(h: number): number {
    for (let slot = h & this.slotMask; ; slot = (slot + 1) & this.slotMask) {
      if (this.table[slot * STRIDE + META] === 0) return slot * STRIDE;
    }
  }

  /** Re-inserts every record into a table of `slots` records. */
  private resize(slots: number): void {
    const old = this.table;
    this.table = new Int32Array(slots * STRIDE);
    this.slotMask = slots - 1;
    for (let r = 0; r < old.length; r += STRIDE) {
      if (old[r + META] !== 0)
        this.table.set(old.subarray(r, r + STRIDE), this.freeRecord(old[r + HASH]!));
    }
  }

  /** Keeps the most-hit entries, at most half the limit and half of each arena budget. */
  private compact(): void {
    this.compactions++;
    const table = this.table;
    const byHits = new Int32Array(MAX_HITS + 1);
    for (let r = 0; r < table.length; r += STRIDE) {
      const meta = table[r + META]!;
      if (meta !== 0) byHits[meta >>> HITS_SHIFT]!++;
    }
    // lowest hit count that still fits; records never hit since the last compaction always go
    const keep = this.limit >> 1;
    let threshold = MAX_HITS + 1;
    let kept = 0;
    while (threshold > 1 && kept + byHits[threshold - 1]! <= keep) kept += byHits[--threshold]!;

    const records = new Int32Array(kept * STRIDE);
    const keys = new Uint16Array(Math.min(this.keyUsed, (this.limit * KEY_UNITS_PER_ENTRY) >> 1));
    const ids = new Uint32Array(Math.min(this.idUsed, (this.limit * IDS_PER_ENTRY) >> 1));
    let n = 0;
    let keyW = 0;
    let idW = 0;
    for (let r = 0; r < table.length && n < kept; r += STRIDE) {
      const meta = table[r + META]!;
      if (meta === 0 || meta >>> HITS_SHIFT < threshold) continue;
      const len = meta & LENGTH_MASK;
      const count = (meta >>> COUNT_SHIFT) & COUNT_MASK;
      const keyUnits = len > INLINE_UNITS ? len : 0;
      const arenaIds = count > 1 ? count : 0;
      if (keyW + keyUnits > keys.length || idW + arenaIds > ids.length) continue;
      const w = n++ * STRIDE;
      records.set(table.subarray(r, r + STRIDE), w);
      // old fame fades (hits halve), so the kept set can change
      records[w + META] =
        (meta & ~(MAX_HITS << HITS_SHIFT)) | ((meta >>> (HITS_SHIFT + 1)) << HITS_SHIFT);
      if (keyUnits > 0) {
        const at = table[r + KEY]!;
        keys.set(this.keys.subarray(at, at + len), keyW);
        records[w + KEY] = keyW;
        keyW += len;
      }
      if (arenaIds > 0) {
        const at = table[r + VALUE]!;
        ids.set(this.ids.subarray(at, at + count), idW);
        records[w + VALUE] = idW;
        idW += count;
      }
    }
    table.fill(0);
    for (let w = 0; w < n * STRIDE; w += STRIDE) {
      table.set(records.subarray(w, w + STRIDE), this.freeRecord(records[w + HASH]!));
    }
    this.size = n;
    this.keys = keys;
    this.ids = ids;
    this.keyUsed = keyW;
    this.idUsed = idW;
  }
}

/** True when `keys[at, at + len)` holds the units of `s[start, start + len)`. */
export function sameUnits(
  keys: Uint16Array,
  at: number,
  s: string,
  start: number,
  len: number,
): boolean {
  for (let k = 0; k < len; k++) if (keys[at + k] !== s.charCodeAt(start + k)) return false;
  return true;
}

/** Units `s[i]` and `s[i + 1]` packed low-first, 0 past `end`. */
export function unitPair(s: string, i: number, end: number): number {
  if (i >= end) return 0;
  return i + 1 < end ? s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16) : s.charCodeAt(i);
}

/** A copy of `a` with room for `need` elements: doubled, capped at `cap`. */
function grown<T extends Uint16Array | Uint32Array>(a: T, need: number, cap: number): T {
  const b = new (a.constructor as new (n: number) => T)(
    Math.min(Math.max(2 * a.length, need), cap),
  );
  b.set(a);
  return b;
}
