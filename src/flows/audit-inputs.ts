/**
 * What the audit flows read besides the config: the labels, the strata file of the sample they
 * came from, a run's stats (the corpus counts the audit projects onto), each through the store
 * and its format's owner, and the checks that bind them to the filter being audited.
 */
import type { CorpusCounts, StrataDesign } from '../audit/audit.ts';
import { UsageError } from '../errors.ts';
import { parseLabels, type LabeledRecord } from '../formats/labels.ts';
import { parseStatsFile } from '../formats/stats.ts';
import { parseStrata } from '../formats/strata.ts';
import * as store from '../io/store.ts';
import type { Predictions } from '../sampling/predictions.ts';

/** Labeled records; labeler output is de-duplicated by `label_item` (the last answer wins). */
export async function readLabels(path: string): Promise<LabeledRecord[]> {
  if (!(await store.exists(path))) throw new UsageError(`No such file: ${path}`);
  return parseLabels(await store.readText(path), path);
}

export async function readStrata(path: string): Promise<StrataDesign> {
  if (!(await store.exists(path))) throw new UsageError(`No such strata file: ${path}`);
  return parseStrata(await store.readText(path), path);
}

/** The corpus counts of a run's stats; refused when another filter wrote them. */
export async function readCorpus(path: string, fp: string): Promise<CorpusCounts> {
  if (!(await store.exists(path))) throw new UsageError(`No such stats file: ${path}`);
  let s;
  try {
    s = parseStatsFile(await store.readText(path), path);
  } catch (e) {
    throw new UsageError(
      `Cannot read stats ${path}: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  if (s.fingerprint !== fp) {
    throw new UsageError(
      `${path} comes from filter ${s.fingerprint}, not ${fp}: its drop counts are another filter's`,
    );
  }
  const t = s.tokens ?? s.chars;
  return {
    docs: s.docs.in - s.docs.errors,
    dropped: s.docs.dropped,
    kept: s.docs.kept,
    droppedTokens: t.dropped,
    keptTokens: t.kept + t.removed,
    unit: s.tokens ? 'tokens' : 'characters',
    rules: Object.fromEntries(
      Object.entries(s.rules).map(([r, x]) => [r, { hits: x.hits, exclusive: x.exclusive }]),
    ),
  };
}

/**
 * Predictions need a strata file whose sample summarised the same attribute (which fixed the
 * model before the labels were drawn); an active sample can only be audited with its predictions.
 */
export function checkDesignPredictions(
  design: StrataDesign | null,
  path: string | null,
  pred: Predictions | null,
): void {
  if (design?.design === 'active' && !pred)
    throw new UsageError(
      `${path} is an active sample: audit it with --predictions ${design.predictions?.attr ?? 'ATTR'}`,
    );
  if (!pred) return;
  const p = design?.predictions;
  if (!design || !p) {
    throw new UsageError(
      `--predictions ${pred.predictions}: needs the strata file of a sample drawn with --predictions ${pred.predictions} (it holds the model's predictions on every document)${path ? `; ${path} has none` : ''}`,
    );
  }
  if (p.attr !== pred.predictions || p.means !== pred.predictionsMean) {
    throw new UsageError(
      `--predictions ${pred.predictions} (P(${pred.predictionsMean})): ${path} was sampled with --predictions ${p.attr} (P(${p.means}))`,
    );
  }
  if (p.fingerprint !== design.fingerprint)
    throw new UsageError(
      `--predictions ${p.attr}: ${path} holds predictions of filter ${p.fingerprint}, not of the sampled filter ${design.fingerprint}`,
    );
}

/** Refuses a probability or rate flag outside (0, 1), naming the flag. */
export function checkFractions(flags: readonly (readonly [string, number | undefined])[]): void {
  for (const [k, v] of flags) {
    if (v !== undefined && !(v > 0 && v < 1))
      throw new UsageError(`Expected \`${k}\` to be a number between 0 and 1, got ${v}`);
  }
}
