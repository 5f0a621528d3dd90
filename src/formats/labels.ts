/**
 * A labels file (`winnow label -o`, or any JSONL with a text and a label): one JSON object per
 * line; the labeler appends every answer, so a record with `label_item` replaces earlier ones of
 * that item (the last answer wins). Errors name the file and the line. Labeled dedup pairs are
 * refused with a pointer to `winnow audit pairs`.
 */
import { UsageError } from '../errors.ts';
import { jsonObjectLines } from './json-file.ts';

/** One line of a labels file, as errors name it. */
export const LABELED_RECORD = 'one labeled record (a JSON object)';

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
  for (const { rec: r, line } of jsonObjectLines(text, source, LABELED_RECORD)) {
    if ('winnow_pair' in r) refusePairs(source, line);
    const key = typeof r.label_item === 'number' ? `item:${r.label_item}` : `line:${line}`;
    out.delete(key);
    out.set(key, { rec: r, where: `${source}:${line}`, line });
  }
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
