/**
 * What there is to label: the lines of a to-label file (from `winnow sample`), each a document
 * or a pair of documents, and the order both labelers walk them in. Pure: the caller reads the
 * file.
 *
 * A pair (for the dedup audit) is a record `{"a": {"text": …}, "b": {"text": …}, …}`: two
 * documents someone must call duplicates or not. A file holds documents or pairs, not both.
 */
import type { Span } from '../document.ts';
import { DataError } from '../errors.ts';
import { getField } from '../io/fields.ts';

/** What `winnow sample` puts in a record's `winnow_sample` field that the labelers show. */
export interface SampleInfo {
  stratum?: string;
  reasons: string[];
  spans: Record<string, Span[]>;
}

/** One document to label. `raw` is its line as read (the labels file copies it byte for byte). */
export interface DocItem extends SampleInfo {
  kind: 'doc';
  raw: Buffer;
  text: string;
}

/** Two documents to compare. */
export interface PairItem extends SampleInfo {
  kind: 'pair';
  raw: Buffer;
  a: { id?: string; text: string };
  b: { id?: string; text: string };
}

export type Item = DocItem | PairItem;

/** The answers each kind of item takes, in key order. */
export const LABELS = { doc: ['good', 'bad'], pair: ['duplicate', 'not_duplicate'] } as const;

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** The `winnow_sample` field, tolerating its absence (a hand-made to-label file). */
function sampleInfo(rec: Record<string, unknown>): SampleInfo {
  const s = isObject(rec.winnow_sample) ? rec.winnow_sample : {};
  const spans: Record<string, Span[]> = {};
  if (isObject(s.spans)) {
    for (const [k, v] of Object.entries(s.spans)) {
      if (Array.isArray(v))
        spans[k] = v.filter(
          (x): x is Span =>
            Array.isArray(x) && typeof x[0] === 'number' && typeof x[1] === 'number',
        );
    }
  }
  return {
    ...(typeof s.stratum === 'string' && { stratum: s.stratum }),
    reasons: Array.isArray(s.reasons)
      ? s.reasons.filter((r): r is string => typeof r === 'string')
      : [],
    spans,
  };
}

function pairSide(
  v: Record<string, unknown>,
  textField: string,
): { id?: string; text: string } | null {
  const text = getField(v, textField);
  if (typeof text !== 'string') return null;
  const id = v.id;
  return { ...(typeof id === 'string' || typeof id === 'number' ? { id: String(id) } : {}), text };
}

/**
 * The items of a to-label file's text. Blank lines are ignored (items are numbered among the
 * others, from 1, as `label_item`). Throws DataError naming `source` and the line.
 */
export function parseItems(text: string, source: string, textField = 'text'): Item[] {
  const items: Item[] = [];
  text
    .replace(/^\uFEFF/, '')
    .split('\n')
    .forEach((line, i) => {
      if (!line.trim()) return;
      let rec: unknown;
      try {
        rec = JSON.parse(line);
      } catch {
        throw new DataError('expected one JSON record per line, got malformed JSON', source, i + 1);
      }
      if (!isObject(rec))
        throw new DataError('expected one JSON record (an object) per line', source, i + 1);
      const raw = Buffer.from(line.replace(/\r$/, ''));
      const info = sampleInfo(rec);
      let item: Item;
      if (isObject(rec.a) && isObject(rec.b)) {
        const a = pairSide(rec.a, textField);
        const b = pairSide(rec.b, textField);
        if (!a || !b)
          throw new DataError(
            `a pair needs a string "${textField}" in both "a" and "b"`,
            source,
            i + 1,
          );
        item = { kind: 'pair', raw, a, b, ...info };
      } else {
        const t = getField(rec, textField);
        if (typeof t !== 'string')
          throw new DataError(`missing string "${textField}"`, source, i + 1);
        item = { kind: 'doc', raw, text: t, ...info };
      }
      if (items.length && items[0]!.kind !== item.kind) {
        throw new DataError(
          `a file holds documents or pairs, not both; this line is a ${item.kind}, the first was a ${items[0]!.kind}`,
          source,
          i + 1,
        );
      }
      items.push(item);
    });
  return items;
}

/**
 * Where both labelers go after item `i` (0-based) of `n`: the first unanswered item after it,
 * wrapping around to skipped ones; undefined when every other item is answered.
 */
export function nextUnanswered(
  answered: (i: number) => boolean,
  i: number,
  n: number,
): number | undefined {
  for (let k = 1; k < n; k++) {
    const j = (i + k) % n;
    if (!answered(j)) return j;
  }
  return undefined;
}

/** The first unanswered item, or -1 when all are answered (where a session resumes). */
export function firstUnanswered(answered: (i: number) => boolean, n: number): number {
  for (let j = 0; j < n; j++) if (!answered(j)) return j;
  return -1;
}
