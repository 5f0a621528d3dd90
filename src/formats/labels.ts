/**
 * A labels file (`winnow label -o`, or any JSONL with a text and a label): one JSON object per
 * line; the labeler appends every answer, so a record with `label_item` replaces earlier ones of
 * that item (the last answer wins). Errors name the file and the line. Labeled dedup pairs are
 * refused with a pointer to `winnow audit pairs`.
 */
import { DataError, UsageError } from '../errors.ts';

export const LABELS_VERSION = 1;

/** One labeled record and where it is. */
export interface LabeledRecord {
  rec: Record<string, unknown>;
  /** `file:line`, for messages. */
  where: string;
  line: number;
}

/** The records of a labels file, de-duplicated by `label_item` (the last answer wins), in file order of their last answer. */
export function parseLabels(text: string, source: string): LabeledRecord[] {
  const out = new Map<string, LabeledRecord>();
  // A UTF-8 byte order mark is accepted, as in shards.
  text
    .replace(/^\uFEFF/, '')
    .split('\n')
    .forEach((line, i) => {
      if (!line.trim()) return;
      let rec: unknown;
      try {
        rec = JSON.parse(line);
      } catch (e) {
        throw new DataError(
          `expected one labeled record (a JSON object) per line, got malformed JSON (${e instanceof Error ? e.message : String(e)})`,
          source,
          i + 1,
        );
      }
      if (!rec || typeof rec !== 'object' || Array.isArray(rec))
        throw new DataError('expected one labeled record (a JSON object) per line', source, i + 1);
      const r = rec as Record<string, unknown>;
      if ('winnow_pair' in r) refusePairs(source, i + 1);
      const key = typeof r.label_item === 'number' ? `item:${r.label_item}` : `line:${i + 1}`;
      out.delete(key);
      out.set(key, { rec: r, where: `${source}:${i + 1}`, line: i + 1 });
    });
  return [...out.values()];
}

/**
 * Labeled dedup pairs (`winnow sample --pairs`, records with `winnow_pair`) are not document
 * labels: a filter audit over them would read the pair's missing `text` as empty documents.
 */
function refusePairs(source: string, line: number): never {
  throw new UsageError(
    `${source}:${line}: a labeled dedup pair (it has "winnow_pair"), not a labeled document: ` +
      `audit pairs with \`winnow audit pairs --labels ${source}\``,
  );
}

/** One record as a labels-file line. */
export const serializeLabel = (rec: Record<string, unknown>): string => JSON.stringify(rec) + '\n';
