/**
 * The to-label file of the dedup audit (`winnow sample --pairs`): one JSON record per line, a
 * pair of documents MinHash put in one cluster, the kept representative `a` and a removed
 * member `b`, for a person to call `duplicate` or `not_duplicate` (`winnow label` shows them
 * side by side). Beside it `<out>.strata.json` has each stratum's population of pairs and sample
 * size, for the false-merge estimate.
 *
 *   {"a": {"id", "shard", "line", "text"}, "b": {...},
 *    "winnow_sample": {"stratum", "inclusion_probability", "reasons": ["minhash/duplicate"]},
 *    "winnow_pair": {"version": 1, "cluster", "cluster_size", "jaccard", "minhash_jaccard"}}
 *
 * `jaccard` is the exact 5-gram Jaccard similarity of the two texts (over the words MinHash
 * shingles), `minhash_jaccard` MinHash's estimate (the share of equal signature values). A
 * labeled file is the same records with `label` (and `label_item`) added by the labeler.
 */
import { DataError } from '../errors.ts';
import { parseJsonObject } from './json-file.ts';

export const PAIRS_VERSION = 1;

export interface PairSide {
  readonly id: string;
  readonly shard: string;
  readonly line: number;
  readonly text: string;
}

export interface PairRecord {
  readonly a: PairSide;
  readonly b: PairSide;
  readonly winnow_sample: {
    readonly stratum: string;
    readonly inclusion_probability: number;
    readonly reasons: readonly string[];
  };
  readonly winnow_pair: {
    readonly version: number;
    readonly cluster: number;
    readonly cluster_size: number;
    readonly jaccard: number;
    readonly minhash_jaccard: number;
  };
  /** Present in a labeled file. */
  readonly label?: string;
}

export const serializePair = (r: PairRecord): string => `${JSON.stringify(r)}\n`;

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** The records of a pairs file (labeled or not); DataError naming the file, line and field. */
export function parsePairs(text: string, source: string): PairRecord[] {
  const out: PairRecord[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    const bad = (what: string): never => {
      throw new DataError(`expected a dedup pair record: ${what}`, source, i + 1);
    };
    let r: unknown;
    try {
      r = JSON.parse(line);
    } catch {
      return bad('malformed JSON');
    }
    if (!isObject(r)) return bad('not an object');
    for (const side of ['a', 'b'] as const) {
      const s = r[side];
      if (
        !isObject(s) ||
        typeof s.text !== 'string' ||
        typeof s.shard !== 'string' ||
        !Number.isInteger(s.line)
      )
        bad(`"${side}" needs text, shard and line`);
    }
    const p = r.winnow_pair;
    if (!isObject(p) || p.version !== PAIRS_VERSION)
      bad(`"winnow_pair" with version ${PAIRS_VERSION}`);
    const pp = p as Record<string, unknown>;
    for (const k of ['cluster', 'cluster_size', 'jaccard', 'minhash_jaccard'])
      if (typeof pp[k] !== 'number') bad(`winnow_pair.${k} (a number)`);
    const s = r.winnow_sample;
    if (
      !isObject(s) ||
      typeof s.stratum !== 'string' ||
      typeof s.inclusion_probability !== 'number'
    )
      bad('"winnow_sample" with stratum and inclusion_probability');
    if (r.label !== undefined && typeof r.label !== 'string') bad('label (a string)');
    out.push(r as unknown as PairRecord);
  });
  return out;
}

/** `<out>.strata.json` of a pairs sample: every stratum's population of pairs and how many were drawn. */
export interface PairStrata {
  readonly format: 'winnow-pair-strata';
  readonly version: number;
  readonly seed: number;
  /** All clustered (kept, removed) pairs. */
  readonly population: number;
  readonly strata: readonly {
    readonly stratum: string;
    readonly size: number;
    readonly sample: number;
  }[];
}

export const serializePairStrata = (s: Omit<PairStrata, 'format' | 'version'>): string =>
  `${JSON.stringify({ format: 'winnow-pair-strata', version: PAIRS_VERSION, ...s }, null, 1)}\n`;

export function parsePairStrata(text: string, source: string): PairStrata {
  const s = parseJsonObject(text, source, 'the strata of a pairs sample') as Partial<PairStrata>;
  if (
    s.format !== 'winnow-pair-strata' ||
    s.version !== PAIRS_VERSION ||
    !Array.isArray(s.strata)
  ) {
    throw new DataError(
      `expected {"format": "winnow-pair-strata", "version": ${PAIRS_VERSION}, "strata": [...]}`,
      source,
      1,
    );
  }
  for (const [i, x] of s.strata.entries()) {
    if (typeof x?.stratum !== 'string' || !Number.isInteger(x.size) || !Number.isInteger(x.sample))
      throw new DataError(`strata[${i}] needs stratum, size and sample`, source, 1);
  }
  return s as PairStrata;
}
