/**
 * Uncertainty sampling for training labels: the documents whose p_bad is nearest the decision
 * threshold, one per distinct text, none already labeled. It is deliberately not a probability
 * sample (so the audit refuses it); its labels teach the model most where it is least sure.
 *
 * Memory is bounded: candidates are kept in a buffer that is cut back to the n nearest whenever it
 * holds 2n, so a corpus of any size costs O(n) documents.
 */

export interface UncertaintyCandidate<T> {
  pBad: number;
  /** Content hash of the text (duplicates share it). */
  hash: string;
  shard: string;
  line: number;
  payload: T;
}

/** Order: nearest the threshold first, then shard name, then line (so ties are broken the same way everywhere). */
const nearer =
  (t: number) =>
  <T>(a: UncertaintyCandidate<T>, b: UncertaintyCandidate<T>): number =>
    Math.abs(a.pBad - t) - Math.abs(b.pBad - t) ||
    (a.shard < b.shard ? -1 : a.shard > b.shard ? 1 : 0) ||
    a.line - b.line;

/** Keeps the n candidates nearest `threshold`, skipping excluded texts and repeated texts. */
export class UncertaintySampler<T> {
  private kept: UncertaintyCandidate<T>[] = [];
  private hashes = new Set<string>();
  private readonly order: ReturnType<typeof nearer>;
  /** Documents skipped because their text is already labeled. */
  excluded = 0;
  /** Documents skipped because the same text was already a candidate. */
  duplicates = 0;
  seen = 0;

  constructor(
    readonly n: number,
    readonly threshold: number,
    private readonly exclude: ReadonlySet<string>,
  ) {
    this.order = nearer(threshold);
  }

  add(c: UncertaintyCandidate<T>): void {
    this.seen++;
    if (this.exclude.has(c.hash)) {
      this.excluded++;
      return;
    }
    if (this.hashes.has(c.hash)) {
      this.duplicates++;
      return;
    }
    this.kept.push(c);
    this.hashes.add(c.hash);
    if (this.kept.length >= 2 * this.n) this.prune();
  }

  private prune(): void {
    this.kept.sort(this.order);
    this.kept.length = Math.min(this.kept.length, this.n);
    // A text cut here is no nearer than every kept one, and shards are read in order, so a later copy
    // of it (same p_bad, later place) would be cut again.
    this.hashes = new Set(this.kept.map((k) => k.hash));
  }

  /** The chosen candidates, nearest first. */
  finish(): UncertaintyCandidate<T>[] {
    this.prune();
    return this.kept;
  }
}
