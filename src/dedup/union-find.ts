/**
 * Union–find over typed arrays, for the documents that occur in candidate pairs. A document is
 * (shard, line); `NodeIndex` numbers the distinct ones in (shard, line) order, so node order is
 * document order, and `UnionFind` holds a parent and a size per node (8 bytes, plus the 8-byte
 * key in the index).
 */

/** (shard, line) as one exactly representable number (shard < 2^21). */
export const nodeKey = (shard: number, line: number): number => shard * 0x100000000 + line;

/** A well-mixed 32-bit hash of (shard, line) (murmur3's finaliser over both words). */
function slot(shard: number, line: number): number {
  let h = Math.imul(shard, 0x9e3779b1) ^ line;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** The distinct documents of a set of pair records, numbered in (shard, line) order. */
export class NodeIndex {
  private constructor(readonly keys: Float64Array) {}

  /** From pair records: Uint32Arrays of (shard, line, shard, line) quadruples. */
  static fromPairs(parts: readonly Uint32Array[]): NodeIndex {
    let n = 0;
    for (const p of parts) n += p.length >>> 1;
    const all = new Float64Array(n);
    let k = 0;
    for (const p of parts)
      for (let i = 0; i < p.length; i += 2) all[k++] = nodeKey(p[i]!, p[i + 1]!);
    all.sort();
    let u = 0;
    for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[u - 1]) all[u++] = all[i]!;
    return new NodeIndex(all.slice(0, u));
  }

  /** The distinct keys of this index and `other`, ascending (a linear merge of two sorted runs). */
  union(other: NodeIndex): NodeIndex {
    const a = this.keys;
    const b = other.keys;
    const out = new Float64Array(a.length + b.length);
    let i = 0;
    let j = 0;
    let k = 0;
    while (i < a.length && j < b.length) {
      const x = a[i]!;
      const y = b[j]!;
      out[k++] = x <= y ? x : y;
      if (x <= y) i++;
      if (y <= x) j++;
    }
    while (i < a.length) out[k++] = a[i++]!;
    while (j < b.length) out[k++] = b[j++]!;
    return new NodeIndex(out.slice(0, k));
  }

  get size(): number {
    return this.keys.length;
  }

  /** Open-addressing table of node ids by (shard, line) hash, built on the first lookup. */
  private table: Int32Array | null = null;

  private buildTable(): Int32Array {
    let cap = 16;
    while (cap < 2 * this.keys.length) cap *= 2;
    const t = new Int32Array(cap).fill(-1);
    const mask = cap - 1;
    for (let n = 0; n < this.keys.length; n++) {
      let h = slot(this.shardOf(n), this.lineOf(n)) & mask;
      while (t[h] !== -1) h = (h + 1) & mask;
      t[h] = n;
    }
    return t;
  }

  /**
   * The node of (shard, line); -1 when it is in no pair. A hash lookup (one or two probes): a
   * binary search over millions of keys was most of the cluster stage's time.
   */
  id(shard: number, line: number): number {
    const t = (this.table ??= this.buildTable());
    const key = nodeKey(shard, line);
    const mask = t.length - 1;
    for (let h = slot(shard, line) & mask; ; h = (h + 1) & mask) {
      const n = t[h]!;
      if (n === -1 || this.keys[n] === key) return n;
    }
  }

  shardOf = (node: number): number => Math.floor(this.keys[node]! / 0x100000000);
  lineOf = (node: number): number => this.keys[node]! % 0x100000000;
}

export class UnionFind {
  readonly parent: Int32Array;
  readonly size: Uint32Array;

  constructor(n: number) {
    this.parent = new Int32Array(n);
    this.size = new Uint32Array(n).fill(1);
    for (let i = 0; i < n; i++) this.parent[i] = i;
  }

  /** The root of x's set (with path halving; the roots themselves never depend on it). */
  find(x: number): number {
    const p = this.parent;
    while (p[x] !== x) {
      p[x] = p[p[x]!]!;
      x = p[x]!;
    }
    return x;
  }

  /**
   * datatrove's union: the smaller set joins the larger, and on a tie b's root joins a's.
   * Returns false when a and b were already in one set.
   */
  union(a: number, b: number): boolean {
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb) return false;
    if (this.size[ra]! < this.size[rb]!) [ra, rb] = [rb, ra];
    this.parent[rb] = ra;
    this.size[ra] = this.size[ra]! + this.size[rb]!;
    return true;
  }
}
