/**
 * The labels file both labelers write (the terminal one and `--serve`): one line per answer, the
 * to-label record's bytes with `"label"`, `"label_item"` (its 1-based item number) and an
 * optional `"note"` spliced in. Lines are only ever appended, each written in one call and
 * fsync'ed before the answer is acknowledged, so a killed labeler loses no answer it confirmed;
 * the last line for an item wins (`audit` reads it so). The strata file of the sample is copied
 * beside it, so `audit` finds the design.
 *
 * Answers go through one `LabelsFile` per process, synchronously, so two browser tabs on one
 * server cannot interleave their lines.
 */
import { DataError } from '../errors.ts';
import { strataPathOf } from '../io/output-names.ts';
import { spliceField } from '../io/splice.ts';
import * as store from '../io/store.ts';

/** One answer as the file holds it. */
export interface Answer {
  label: string;
  note?: string;
}

/** The line (with its newline) appended for an answer to the item whose record is `raw`. */
export function answerLine(raw: Buffer, item: number, label: string, note?: string): Buffer {
  let rec = spliceField(
    spliceField(raw, 'label', JSON.stringify(label)),
    'label_item',
    String(item),
  );
  if (note) rec = spliceField(rec, 'note', JSON.stringify(note));
  return Buffer.concat([rec, Buffer.from('\n')]);
}

/**
 * The answers in a labels file's text by item number (1-based): the last line per item wins.
 * Lines without `label_item` (labels from elsewhere) are not answers of this labeler and are
 * passed over. Throws DataError naming the file and line on a line that is not a JSON object,
 * including a last line cut short by an interrupted write.
 */
export function parseAnswers(text: string, source: string): Map<number, Answer> {
  const answers = new Map<number, Answer>();
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    let r: unknown;
    try {
      r = JSON.parse(line);
    } catch {
      const torn =
        i === lines.length - 1 ? ' (the last line is cut short: delete it to resume)' : '';
      throw new DataError(
        `expected one labeled record (a JSON object) per line, got malformed JSON${torn}`,
        source,
        i + 1,
      );
    }
    if (r === null || typeof r !== 'object' || Array.isArray(r))
      throw new DataError('expected one labeled record (a JSON object) per line', source, i + 1);
    const { label_item: item, label, note } = r as Record<string, unknown>;
    if (typeof item !== 'number' || typeof label !== 'string') return;
    answers.set(item, { label, ...(typeof note === 'string' && note && { note }) });
  });
  return answers;
}

/** A labels file open for appending, with the answers it already holds. */
export class LabelsFile {
  private constructor(
    readonly path: string,
    private log: store.AppendLog,
    /** By item number (1-based); updated by every append. */
    readonly answers: Map<number, Answer>,
  ) {}

  /**
   * Opens (or creates) `out` (a local file: answers are appended one by one) for the labels of
   * `input`: reads the answers so far, and copies the input's strata file beside `out` unless
   * one is there (the input and its strata file may be on S3).
   */
  static async open(out: string, input: string): Promise<LabelsFile> {
    const answers = (await store.exists(out))
      ? parseAnswers(await store.readText(out), out)
      : new Map<number, Answer>();
    const strata = strataPathOf(input);
    if ((await store.exists(strata)) && !(await store.exists(strataPathOf(out)))) {
      await store.writeAtomic(strataPathOf(out), await store.read(strata));
    }
    return new LabelsFile(out, store.openAppendLog(out), answers);
  }

  /** Appends one answer and returns once it is on disk. `item` is 1-based. */
  append(raw: Buffer, item: number, label: string, note?: string): void {
    this.log.append(answerLine(raw, item, label, note));
    this.answers.set(item, { label, ...(note && { note }) });
  }

  close(): void {
    this.log.close();
  }
}
