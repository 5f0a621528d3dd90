/**
 * The native tokenizer kernel (native/bpe.c): a document's pre-tokenizer split, piece cache and
 * byte-pair merges in one call. Its JavaScript twin is src/tokenize/ (pieces.ts, piece-cache.ts,
 * bpe.ts), which stays the reference and runs when the addon is absent; the ids are the same.
 * The kernel reads the rank tables JavaScript built (shared between worker threads in
 * SharedArrayBuffers) in place and keeps its cache in memory of its own, one per encoder.
 */
import { nativeKernels } from './addon.ts';
import type { RankTables } from '../tokenize/bpe.ts';

/** Pre-tokenizer pattern, as native/bpe-kernel.h numbers them. */
export type ScanKind = 'cl100k' | 'o200k' | 'gpt2';
const KINDS: Readonly<Record<ScanKind, number>> = { cl100k: 0, o200k: 1, gpt2: 2 };

interface BpeKernel {
  bpeOpen(
    kind: number,
    classes: Uint8Array,
    arena: Uint8Array,
    slots: Int32Array,
    bytePairs: Int32Array,
    byteRanks: Int32Array,
    cacheEntries: number,
  ): object;
  bpeEncode(handle: object, text: string, out: Uint32Array | null): number;
  bpeIds(handle: object, out: Uint32Array): number;
  bpeRelease(handle: object): void;
}

/** The kernel's functions, or null when the JavaScript path is in use. */
function kernel(): BpeKernel | null {
  const k = nativeKernels();
  return k && typeof k['bpeOpen'] === 'function' ? (k as unknown as BpeKernel) : null;
}

/** True when the native tokenizer kernel is loaded (asked per call: tests switch it). */
export const haveNativeBpe = (): boolean => kernel() !== null;

/** One tokenizer's native state. Not thread-safe; one per tokenizer. */
export class NativeEncoder {
  private readonly k: BpeKernel;
  private readonly handle: object;
  /** The tables the kernel reads in place: held here so they live as long as it does. */
  readonly tables: readonly unknown[];

  /** Throws when the kernel is not loaded (ask `haveNativeBpe` first). */
  constructor(kind: ScanKind, classes: Uint8Array, ranks: RankTables, cacheEntries: number) {
    const k = kernel();
    if (!k) throw new Error('the native tokenizer kernel is not loaded');
    this.k = k;
    this.tables = [classes, ranks];
    const { arena, slots, bytePairs, byteRanks } = ranks;
    this.handle = k.bpeOpen(KINDS[kind], classes, arena, slots, bytePairs, byteRanks, cacheEntries);
  }

  /**
   * Tokenizes `text`: its token count, negative (-(count + 1)) when some piece of over 10,000
   * code points was encoded in slices. The ids go to `out` when it holds them all (else
   * `ids`), nowhere when `out` is null.
   */
  encode(text: string, out: Uint32Array | null): number {
    return this.k.bpeEncode(this.handle, text, out);
  }

  /** Copies the last `encode`'s ids into `out` (as many as fit); returns their count. */
  ids(out: Uint32Array): number {
    return this.k.bpeIds(this.handle, out);
  }

  /** Frees the kernel's memory now; later calls throw. */
  release(): void {
    this.k.bpeRelease(this.handle);
  }
}
