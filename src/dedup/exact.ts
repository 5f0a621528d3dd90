/**
 * Exact duplicates, pure: documents by a hash of their normalised text, paragraphs (dolma-style:
 * the text's `\n`-separated lines) by a hash of each stripped line of at least `minLength` code
 * points. The first occurrence in (shard, line) order is the original; any later document with
 * the same normalised text is a duplicate, and any later paragraph seen before (in an earlier
 * document or earlier in the same one) is a duplicate paragraph, reported as a span.
 *
 * Document normalisation: Python `strip()`, then every run of Python whitespace becomes one
 * space (so re-wrapped or re-indented copies match; case, punctuation and digits still count).
 */
import { createHash } from 'node:crypto';
import { isSpace, strip } from '../text/python.ts';
import { codePointLength } from '../text/codepoints.ts';

/** The normalised text documents are compared by. */
export function normaliseDocument(text: string): string {
  const t = strip(text);
  let out = '';
  let start = 0;
  for (let i = 0; i < t.length;) {
    if (!isSpace(t.charCodeAt(i))) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < t.length && isSpace(t.charCodeAt(j))) j++;
    if (j - i > 1 || t.charCodeAt(i) !== 0x20) {
      out += `${t.slice(start, i)} `;
      start = j;
    }
    i = j;
  }
  return start === 0 ? t : out + t.slice(start);
}

/** 128 bits of SHA-256 as hex: collisions are out of reach for any corpus. */
export const hash128 = (s: string): string =>
  createHash('sha256').update(s, 'utf8').digest('hex').slice(0, 32);

/** The same 128 bits as bytes (the stage files' records). */
export const hash128Bytes = (s: string): Buffer =>
  createHash('sha256').update(s, 'utf8').digest().subarray(0, 16);

/** Paragraphs as [start, end) code-point spans of their stripped text, with their hash; shorter ones left out. */
export function paragraphs(
  text: string,
  minLength: number,
): { start: number; end: number; hash: string }[] {
  const out: { start: number; end: number; hash: string }[] = [];
  let cp = 0; // code points before `from`
  let from = 0;
  while (from <= text.length) {
    let to = text.indexOf('\n', from);
    if (to < 0) to = text.length;
    const line = text.slice(from, to);
    let a = 0;
    let b = line.length;
    while (a < b && isSpace(line.charCodeAt(a))) a++;
    while (b > a && isSpace(line.charCodeAt(b - 1))) b--;
    const body = line.slice(a, b);
    const lead = codePointLength(line.slice(0, a));
    const len = codePointLength(body);
    if (len >= minLength && len > 0)
      out.push({ start: cp + lead, end: cp + lead + len, hash: hash128(body) });
    cp += codePointLength(line) + 1;
    from = to + 1;
  }
  return out;
}

/** What exact dedup found in one document. */
export interface ExactFinding {
  /** The first document with the same normalised text, when this one is a later copy. */
  readonly duplicateOf: { readonly shard: string; readonly line: number } | null;
  /** Duplicate paragraphs, [start, end) code points. */
  readonly paragraphs: readonly (readonly [number, number])[];
}

/**
 * The seen-before sets of one exact-dedup pass (documents in order), in memory: the definition
 * the staged run (exact-hash.ts, exact-merge.ts: sorted hashes in bounded memory) is tested against.
 */
export class ExactDeduper {
  private readonly docs = new Map<string, { shard: string; line: number }>();
  private readonly paras = new Set<string>();
  constructor(private readonly minParagraph: number) {}

  /** The document's findings; then remembers its text and paragraphs. */
  add(shard: string, line: number, text: string): ExactFinding {
    const h = hash128(normaliseDocument(text));
    const first = this.docs.get(h);
    if (!first) this.docs.set(h, { shard, line });
    const dup: [number, number][] = [];
    for (const p of paragraphs(text, this.minParagraph)) {
      if (this.paras.has(p.hash)) dup.push([p.start, p.end]);
      else this.paras.add(p.hash);
    }
    return { duplicateOf: first ?? null, paragraphs: dup };
  }
}
