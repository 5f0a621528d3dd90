/**
 * A planted-duplicates truth file (the fixtures' `labels/planted-pairs.jsonl`, or any corpus
 * whose generator knows its duplicates): one JSON record per line, a pair of documents and
 * whether they are duplicates.
 *
 *   {"a": {"id", "shard", "line"}, "b": {...}, "planted": true, "level": 0.8,
 *    "jaccard": 0.80125, "duplicate": true}
 *
 * `planted`: one document was made from the other at the 5-gram Jaccard `level` (its exact value
 * is `jaccard`); false for texts identical by chance. Every pair the file does not list is two
 * independent documents: not duplicates. The dedup report measures, per level, the share of
 * planted pairs MinHash put in one cluster; the demo labels sampled pairs from it.
 */
import { DataError } from '../errors.ts';

export const PLANTED_PAIRS_VERSION = 1;

export interface PlantedSide {
  readonly id: string;
  readonly shard: string;
  /** 1-based line in the shard. */
  readonly line: number;
}

export interface PlantedPairRecord {
  readonly a: PlantedSide;
  readonly b: PlantedSide;
  readonly planted: boolean;
  readonly level: number;
  readonly jaccard: number;
  readonly duplicate: boolean;
}

/** One record as a line (keys in a fixed order). */
export const serializePlantedPair = (r: PlantedPairRecord): string =>
  `${JSON.stringify({
    a: { id: r.a.id, shard: r.a.shard, line: r.a.line },
    b: { id: r.b.id, shard: r.b.shard, line: r.b.line },
    planted: r.planted,
    level: r.level,
    jaccard: r.jaccard,
    duplicate: r.duplicate,
  })}\n`;

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** The records of a truth file; a DataError names the file, the line and the field. */
export function parsePlantedPairs(text: string, source: string): PlantedPairRecord[] {
  const out: PlantedPairRecord[] = [];
  text
    .replace(/^\uFEFF/, '')
    .split('\n')
    .forEach((line, i) => {
      if (!line.trim()) return;
      const bad = (what: string): never => {
        throw new DataError(`expected a planted-pair record: ${what}`, source, i + 1);
      };
      let r: unknown;
      try {
        r = JSON.parse(line);
      } catch {
        bad('malformed JSON');
      }
      if (!isObject(r)) return bad('not a JSON object');
      const side = (k: 'a' | 'b'): PlantedSide => {
        const s = r[k];
        if (!isObject(s) || typeof s.id !== 'string' || typeof s.shard !== 'string')
          return bad(`"${k}" needs id and shard strings`);
        if (!(Number.isInteger(s.line) && (s.line as number) >= 1))
          return bad(`"${k}.line" must be an integer ≥ 1`);
        return { id: s.id, shard: s.shard, line: s.line as number };
      };
      const num01 = (k: string): number => {
        const v = r[k];
        return typeof v === 'number' && v >= 0 && v <= 1
          ? v
          : bad(`"${k}" must be a number from 0 to 1`);
      };
      const bool = (k: string): boolean =>
        typeof r[k] === 'boolean' ? (r[k] as boolean) : bad(`"${k}" must be true or false`);
      out.push({
        a: side('a'),
        b: side('b'),
        planted: bool('planted'),
        level: num01('level'),
        jaccard: num01('jaccard'),
        duplicate: bool('duplicate'),
      });
    });
  return out;
}

/** A key for an unordered pair of ids. */
export const pairKey = (x: string, y: string): string => (x < y ? `${x}\n${y}` : `${y}\n${x}`);

/** The truth as a lookup: true / false for a listed pair; unlisted pairs are not duplicates. */
export function isDuplicate(
  truth: readonly PlantedPairRecord[],
): (a: string, b: string) => boolean {
  const dup = new Map(truth.map((t) => [pairKey(t.a.id, t.b.id), t.duplicate]));
  return (a, b) => dup.get(pairKey(a, b)) ?? false;
}
