/**
 * `DIR/exact.jsonl`, what `winnow dedup exact` found (owner of the layout): a header line, then
 * one line per document with a finding, in input order:
 *
 *   {"format": "winnow-exact", "version": 1, "min_paragraph": 20, "shards": [names…],
 *    "documents": D, "duplicates": K, "duplicate_paragraphs": P}
 *   {"s": <shard index>, "l": <line>, "dup": [<shard index>, <line>] | null, "p": [[start, end], …]}
 *
 * `dup` names the first document with the same normalised text; `p` are duplicate paragraphs as
 * code-point spans.
 */
import { DataError } from '../errors.ts';
import type { ExactFinding } from '../dedup/exact.ts';

export const EXACT_VERSION = 1;

export interface ExactHeader {
  readonly format: 'winnow-exact';
  readonly version: number;
  readonly min_paragraph: number;
  readonly shards: readonly string[];
  readonly documents: number;
  readonly duplicates: number;
  readonly duplicate_paragraphs: number;
}

export interface ExactIndex {
  readonly header: ExactHeader;
  readonly names: ReadonlySet<string>;
  /** `<shard>\t<line>` → finding. */
  readonly findings: ReadonlyMap<string, ExactFinding>;
}

export const exactKey = (shard: string, line: number): string => `${shard}\t${line}`;

/** The header line. */
export const serializeExactHeader = (header: Omit<ExactHeader, 'format' | 'version'>): string =>
  `${JSON.stringify({ format: 'winnow-exact', version: EXACT_VERSION, ...header })}\n`;

/** One document's line: its shard index and line, the first copy (shard index, line), spans. */
export const serializeExactRow = (
  shard: number,
  line: number,
  dup: readonly [number, number] | null,
  p: readonly (readonly [number, number])[],
): string => `${JSON.stringify({ s: shard, l: line, dup, p })}\n`;

/** The header line alone (its counts, for a report). */
export function parseExactHeader(line: string, source: string): ExactHeader {
  let header: ExactHeader;
  try {
    header = JSON.parse(line) as ExactHeader;
  } catch {
    throw new DataError('expected a winnow-exact header line', source, 1);
  }
  if (
    header.format !== 'winnow-exact' ||
    header.version !== EXACT_VERSION ||
    !Array.isArray(header.shards)
  ) {
    throw new DataError(
      `expected {"format": "winnow-exact", "version": ${EXACT_VERSION}, "shards": [...]}`,
      source,
      1,
    );
  }
  return header;
}

export function parseExact(text: string, source: string): ExactIndex {
  const lines = text.split('\n').filter((l) => l.trim());
  const header = parseExactHeader(lines[0] ?? '', source);
  const findings = new Map<string, ExactFinding>();
  lines.slice(1).forEach((l, i) => {
    let r: { s: number; l: number; dup: [number, number] | null; p: [number, number][] };
    try {
      r = JSON.parse(l) as typeof r;
    } catch {
      throw new DataError('malformed JSON', source, i + 2);
    }
    const name = header.shards[r.s];
    if (name === undefined || !Number.isInteger(r.l) || !Array.isArray(r.p))
      throw new DataError('expected {"s", "l", "dup", "p"} naming a listed shard', source, i + 2);
    const dupOf = r.dup ? { shard: header.shards[r.dup[0]] ?? '?', line: r.dup[1] } : null;
    findings.set(exactKey(name, r.l), { duplicateOf: dupOf, paragraphs: r.p });
  });
  return { header, names: new Set(header.shards), findings };
}
