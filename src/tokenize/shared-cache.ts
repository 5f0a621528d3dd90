/**
 * A piece cache that the worker threads of one `run` share through SharedArrayBuffers, so a
 * piece one worker merged is a hit for the others: each worker used to fill its own cache from
 * cold (every distinct piece of its shards merged once more) and hold its own ~40 MB of it.
 *
 * The record layout is the private cache's (`piece-cache.ts`), without hit counts. It never
 * resizes or compacts (other threads read it meanwhile): when its entry limit or an arena is
 * used up it takes no more entries, and the tokenizer keeps the rest in its private cache. An
 * entry is published in the order readers need: arena contents and the record's fields first,
 * then its META word with `Atomics.store`; a reader reads META with `Atomics.load` before the
 * rest, which the JavaScript memory model orders after those writes. A slot is claimed by a
 * compare-and-swap of META from 0 to BUSY, which readers skip. Two threads may store the same
 * piece twice; both records hold the same ids, and a lookup finds the first.
 */
import {
  COUNT_MASK,
  COUNT_SHIFT,
  HASH,
  IDS_PER_ENTRY,
  INLINE_UNITS,
  KEY,
  KEY_UNITS_PER_ENTRY,
  LENGTH_MASK,
  MAX_KEY_UNITS,
  META,
  STRIDE,
  VALUE,
  keyHash,
  sameUnits,
  unitPair,
} from './piece-cache.ts';

/** What crosses to the worker threads (structured clone shares the memory). */
export interface SharedPieceBuffers {
  readonly limit: number;
  readonly table: SharedArrayBuffer;
  readonly keys: SharedArrayBuffer;
  readonly ids: SharedArrayBuffer;
  /** Int32 counters: entries claimed, key units reserved, ids reserved. */
  readonly counters: SharedArrayBuffer;
}

/** META of a record being written: length bits 1023 (> MAX_KEY_UNITS), so no lookup matches it. */
const BUSY = -1;
const SIZE = 0;
const KEYS_USED = 1;
const IDS_USED = 2;

/** Buffers for a shared cache of up to `limit` entries (the table is kept at most half full). */
export function sharedPieceBuffers(limit: number): SharedPieceBuffers {
  if (!Number.isInteger(limit) || limit < 1 || limit > 1 << 24) {
    throw new TypeError(`Expected a shared cache limit from 1 to ${1 << 24}, got ${limit}`);
  }
  let slots = 16;
  while (slots < 2 * limit) slots *= 2;
  return {
    limit,
    table: new SharedArrayBuffer(slots * STRIDE * 4),
    keys: new SharedArrayBuffer(limit * KEY_UNITS_PER_ENTRY * 2),
    ids: new SharedArrayBuffer(limit * IDS_PER_ENTRY * 4),
    counters: new SharedArrayBuffer(16),
  };
}

export class SharedPieceCache {
  /** Multi-token ids arena (see `value`); never replaced. */
  readonly ids: Uint32Array;
  private readonly table: Int32Array;
  private readonly slotMask: number;
  private readonly keys: Uint16Array;
  private readonly counters: Int32Array;
  private readonly limit: number;

  constructor(b: SharedPieceBuffers) {
    this.table = new Int32Array(b.table);
    this.slotMask = this.table.length / STRIDE - 1;
    this.keys = new Uint16Array(b.keys);
    this.ids = new Uint32Array(b.ids);
    this.counters = new Int32Array(b.counters);
    this.limit = b.limit;
  }

  /** Entries stored so far, by every thread. */
  get size(): number {
    return Math.min(Atomics.load(this.counters, SIZE), this.limit);
  }

  /** Record of the key `s[start, end)` (at most MAX_KEY_UNITS long), or -1. */
  find(s: string, start: number, end: number): number {
    const table = this.table;
    const len = end - start;
    const h = keyHash(s, start, end);
    for (let slot = h & this.slotMask; ; slot = (slot + 1) & this.slotMask) {
      const r = slot * STRIDE;
      const meta = Atomics.load(table, r + META);
      if (meta === 0) return -1;
      if ((meta & LENGTH_MASK) !== len || table[r + HASH] !== h) continue;
      if (
        len > INLINE_UNITS
          ? sameUnits(this.keys, table[r + KEY]!, s, start, len)
          : this.sameShortKey(r, s, start, end)
      )
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

  /** Stores `ids` for the key `s[start, end)`; false when the cache is full (or the entry unfit). */
  add(s: string, start: number, end: number, ids: Uint32Array): boolean {
    const len = end - start;
    const count = ids.length;
    if (len > MAX_KEY_UNITS || count === 0 || count > COUNT_MASK) return false;
    const c = this.counters;
    if (Atomics.load(c, SIZE) >= this.limit) return false;
    const keyUnits = len > INLINE_UNITS ? len : 0;
    const arenaIds = count > 1 ? count : 0;
    // Reservations past the end are simply lost: the cache is then full for such entries.
    const keyAt = keyUnits ? Atomics.add(c, KEYS_USED, keyUnits) : 0;
    if (keyAt + keyUnits > this.keys.length) return false;
    const idAt = arenaIds ? Atomics.add(c, IDS_USED, arenaIds) : 0;
    if (idAt + arenaIds > this.ids.length) return false;
    if (Atomics.add(c, SIZE, 1) >= this.limit) return false;
    const h = keyHash(s, start, end);
    const table = this.table;
    let r = 0;
    for (let slot = h & this.slotMask; ; slot = (slot + 1) & this.slotMask) {
      r = slot * STRIDE;
      if (
        Atomics.load(table, r + META) === 0 &&
        Atomics.compareExchange(table, r + META, 0, BUSY) === 0
      )
        break;
    }
    table[r + HASH] = h;
    if (count === 1) table[r + VALUE] = ids[0]!;
    else {
      this.ids.set(ids, idAt);
      table[r + VALUE] = idAt;
    }
    if (len <= INLINE_UNITS) {
      for (let k = 0; k < INLINE_UNITS; k += 2)
        table[r + KEY + (k >> 1)] = unitPair(s, start + k, end);
    } else {
      for (let k = 0; k < len; k++) this.keys[keyAt + k] = s.charCodeAt(start + k);
      table[r + KEY] = keyAt;
    }
    Atomics.store(table, r + META, len | (count << COUNT_SHIFT));
    return true;
  }

  private sameShortKey(r: number, s: string, start: number, end: number): boolean {
    const t = this.table;
    return (
      t[r + KEY] === unitPair(s, start, end) &&
      t[r + KEY + 1] === unitPair(s, start + 2, end) &&
      t[r + KEY + 2] === unitPair(s, start + 4, end)
    );
  }
}
