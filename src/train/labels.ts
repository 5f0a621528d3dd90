/**
 * Training labels from JSONL text: one labeled record per line, checked so that a model is never
 * trained on something other than what the user meant. Every refusal names the file and line.
 */
import { DataError, fileDataError as fileError } from '../errors.ts';
import { getField } from '../io/fields.ts';
import { featureWords } from './features.ts';
import { jsonObjectLines } from '../formats/json-file.ts';
import { LABELED_RECORD } from '../formats/labels.ts';

export interface LabelSpec {
  labelField: string;
  textField: string;
  badValues: readonly string[];
  goodValues: readonly string[];
}

export interface TrainingLabel {
  text: string;
  /** 1 = bad (should be dropped), 0 = good. */
  bad: 0 | 1;
  /** 1-based line in the labels file. */
  line: number;
}

/** Fewer labels than this cannot support 10-fold cross-fitting with both classes in every fold. */
export const MIN_LABELS = 20;

/**
 * Parses and checks labels. Records without a label (skipped while labeling) are left out; when the
 * labeler wrote one item twice (`label_item`), the last answer wins. Refuses malformed JSON, a
 * missing or empty text, a text without words, a label value that is neither bad nor good, fewer
 * than MIN_LABELS labels, and labels of one class only.
 */
export function parseTrainingLabels(
  text: string,
  source: string,
  spec: LabelSpec,
): { labels: TrainingLabel[]; unlabeled: number } {
  const bad = new Set(spec.badValues);
  const good = new Set(spec.goodValues);
  const byItem = new Map<string, TrainingLabel>();
  let unlabeled = 0;
  for (const { rec: r, line } of jsonObjectLines(text, source, LABELED_RECORD)) {
    const label = getField(r, spec.labelField);
    if (label === undefined || label === null || label === '') {
      unlabeled++;
      continue;
    }
    const value = String(label);
    if (!bad.has(value) && !good.has(value)) {
      throw new DataError(
        `label ${JSON.stringify(label)} in "${spec.labelField}" is neither bad (--bad-values ${spec.badValues.join(',')}) nor good (--good-values ${spec.goodValues.join(',')})`,
        source,
        line,
      );
    }
    const t = getField(r, spec.textField);
    if (typeof t !== 'string')
      throw new DataError(`missing string "${spec.textField}"`, source, line);
    if (featureWords(t).length === 0)
      throw new DataError(
        `"${spec.textField}" has no words: a label on an empty text teaches the model nothing`,
        source,
        line,
      );
    const key = typeof r.label_item === 'number' ? `item:${r.label_item}` : `line:${line}`;
    byItem.delete(key);
    byItem.set(key, { text: t, bad: bad.has(value) ? 1 : 0, line });
  }
  const labels = [...byItem.values()];
  if (labels.length < MIN_LABELS)
    throw fileError(source, `${labels.length} labels; training needs at least ${MIN_LABELS}`);
  const nBad = labels.filter((l) => l.bad).length;
  if (nBad === 0 || nBad === labels.length) {
    throw fileError(
      source,
      `all ${labels.length} labels are ${nBad ? 'bad' : 'good'}; training needs both classes (label values read as bad: ${spec.badValues.join(', ')}; good: ${spec.goodValues.join(', ')})`,
    );
  }
  return { labels, unlabeled };
}
