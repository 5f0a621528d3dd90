/**
 * Bottom-k sampling: keep the k items with the smallest random keys. With keys uniform and
 * independent, that is a simple random sample without replacement of size min(k, N), and two
 * bottom-k samples of disjoint sets merge into the bottom-k of their union, which is what pooling
 * rare strata and merging score bins needs.
 */

export interface Keyed {
  readonly key: number;
}

/** A bounded max-heap on `key`: the root is the largest kept key, evicted first. */
export class BottomK<T extends Keyed> {
  private heap: T[] = [];
  constructor(readonly k: number) {}

  get size(): number {
    return this.heap.length;
  }

  /** Offers an item; returns false when it was not kept. */
  offer(item: T): boolean {
    const h = this.heap;
    if (this.k <= 0) return false;
    if (h.length < this.k) {
      h.push(item);
      this.up(h.length - 1);
      return true;
    }
    if (item.key >= h[0]!.key) return false;
    h[0] = item;
    this.down(0);
    return true;
  }

  /** The kept items, smallest key first. */
  sorted(): T[] {
    return [...this.heap].sort((a, b) => a.key - b.key);
  }

  private up(i: number): void {
    const h = this.heap;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (h[p]!.key >= h[i]!.key) break;
      [h[p], h[i]] = [h[i]!, h[p]!];
      i = p;
    }
  }

  private down(i: number): void {
    const h = this.heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && h[l]!.key > h[m]!.key) m = l;
      if (r < h.length && h[r]!.key > h[m]!.key) m = r;
      if (m === i) return;
      [h[m], h[i]] = [h[i]!, h[m]!];
      i = m;
    }
  }
}

/** The `k` smallest-key items of several samples together (each sorted or not). */
export function mergeBottomK<T extends Keyed>(parts: readonly (readonly T[])[], k: number): T[] {
  return parts
    .flat()
    .sort((a, b) => a.key - b.key)
    .slice(0, k);
}
