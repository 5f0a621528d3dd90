/**
 * The `sample` flow: a stratified sample to label, with every stratum's exact population in the
 * strata file beside it. With predictions, the model's P(bad) of every document is summarised per
 * stratum there (for PPI++ audits), which also fixes the model before any label is drawn; the
 * active design draws by the model's uncertainty. One scoring pass chooses; a second, read-only
 * pass copies the chosen records (their original bytes plus a `winnow_sample` field).
 */
import type { FilterConfig } from '../config/config.ts';
import { UsageError } from '../errors.ts';
import { openSession } from '../exec/session.ts';
import type { QualityModel } from '../formats/model.ts';
import { serializeStrata, strataPathOf } from '../formats/strata.ts';
import { refuseOutputsOverInputs } from '../io/overlap.ts';
import { readDocs, type ReadFailure, type ReadSinks } from '../io/read-docs.ts';
import type { ReadOptions, ShardInput } from '../io/reader.ts';
import { resolveShards } from '../io/shards.ts';
import { spliceField } from '../io/splice.ts';
import { openOutput, writeFileAtomic } from '../io/writer.ts';
import type { Evaluator } from '../rules/evaluator.ts';
import { scoreDocs } from '../rules/score-step.ts';
import { ActiveDesign } from '../sampling/active.ts';
import { StratifiedDesign, type Chosen, type StratumInfo } from '../sampling/design.ts';
import { TokenPpsDesign } from '../sampling/token-pps.ts';
import { checkPredictionAttr, predictionOf, type Predictions } from '../sampling/predictions.ts';
import type { Vocabulary } from '../vocab/vocabulary.ts';

export interface SampleFlowOptions {
  /** Files, directories or globs (read twice, so not stdin). */
  shards: readonly string[];
  config: FilterConfig;
  vocabulary?: Vocabulary | null;
  models?: ReadonlyMap<string, QualityModel>;
  /** The config's fingerprint, recorded in the strata file. */
  fingerprint: string;
  /** Labels to ask for (each stratum still gets at least 30, or all it has). */
  n: number;
  seed: number;
  /** The to-label JSONL; the strata go beside it (`strataPathOf(out)`). */
  out: string;
  design: 'doc' | 'token' | 'active';
  /** Doc design: also stratify by bins of this attribute. */
  score?: string | undefined;
  /** Doc design: also stratify by the language filter's detected language. */
  strata?: 'language' | undefined;
  predictions?: Predictions | null;
  read?: Partial<ReadOptions>;
}

export interface SampleTotals {
  docs: number;
  dropped: number;
  kept: number;
  weight_dropped: number;
  weight_kept: number;
  errors: number;
}

export interface SampleFlowResult {
  /** Records written to `out`. */
  sampled: number;
  totals: SampleTotals;
  strata: StratumInfo[];
  strataPath: string;
  /** Shards not read to their end (their bad lines are counted in `totals.errors`). */
  failed: ReadFailure[];
}

/** Refuses a sample size that is not a positive integer (every sampling strategy asks this first). */
export function checkSampleSize(n: number): void {
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`Expected \`-n\` to be an integer >= 1, got ${n}`);
}

/** Refuses a seed that is not an integer. */
export function checkSeed(seed: number): void {
  if (!Number.isInteger(seed))
    throw new UsageError(`Expected \`--seed\` to be an integer, got ${seed}`);
}

/** Refuses option combinations of no design; the CLI's flags name them. */
function checkOptions(o: SampleFlowOptions): void {
  checkSampleSize(o.n);
  checkSeed(o.seed);
  if (o.design !== 'doc' && o.score)
    throw new UsageError(
      `--score stratifies the doc design; the ${o.design} design has its own strata`,
    );
  if (o.design !== 'doc' && o.strata)
    throw new UsageError(
      `--strata stratifies the doc design; the ${o.design} design has its own strata`,
    );
  if (o.design === 'active' && !o.predictions)
    throw new UsageError(
      "--design active draws by a model's uncertainty: give its attribute with --predictions ATTR",
    );
  if (o.design === 'token' && o.predictions)
    throw new UsageError('--predictions goes with the doc or active design');
}

export async function sample(o: SampleFlowOptions): Promise<SampleFlowResult> {
  checkOptions(o);
  const { config } = o;
  if (o.strata === 'language' && !config.filters.some((f) => f.name === 'language')) {
    throw new UsageError(
      '--strata language needs the language filter in the config (filters: [language, ...])',
    );
  }
  const strataPath = strataPathOf(o.out);
  const shards = await resolveShards(o.shards);
  if (shards.some((s) => s.path === '-'))
    throw new UsageError('sample reads its shards twice, so it needs files, not stdin');
  refuseOutputsOverInputs(o.shards, shards, [
    { flag: '-o', path: o.out },
    { flag: '-o (strata)', path: strataPath },
  ]);
  const session = openSession(config, o.vocabulary ?? null, o.models);
  const { evaluator, tokenizer: tok } = session;
  const pred = o.predictions ?? null;
  if (pred) checkPredictionAttr(pred.predictions, evaluator);
  const design =
    o.design === 'token'
      ? new TokenPpsDesign(o.n, o.seed)
      : o.design === 'active'
        ? new ActiveDesign(o.n, o.seed)
        : new StratifiedDesign(o.n, o.seed, o.score !== undefined, o.strata === 'language');
  const totals: SampleTotals = {
    docs: 0,
    dropped: 0,
    kept: 0,
    weight_dropped: 0,
    weight_kept: 0,
    errors: 0,
  };
  let seenScore = false;
  const failed: ReadFailure[] = [];
  try {
    for (const shard of shards) {
      const lines: ReadSinks = {
        bad: () => void totals.errors++,
        failed(f) {
          totals.errors++;
          failed.push(f);
        },
      };
      for await (const item of scoreDocs(readDocs(shard, lines, o.read), evaluator, tok)) {
        const weight = item.tokens ?? item.chars;
        const value = o.score ? item.scored.attrs[o.score] : undefined;
        if (value !== undefined) seenScore = true;
        const dropped = item.reasons.length > 0;
        totals.docs++;
        totals[dropped ? 'dropped' : 'kept']++;
        totals[dropped ? 'weight_dropped' : 'weight_kept'] += weight;
        const { doc } = item;
        const prediction = pred
          ? predictionOf(item.scored.attrs, pred, doc.shard, doc.line, doc.id)
          : undefined;
        const language = o.strata === 'language' ? item.scored.meta?.language : undefined;
        design.add({
          shard: doc.shard,
          line: doc.line,
          reasons: item.reasons,
          weight,
          ...(value !== undefined && { value }),
          ...(typeof language === 'string' && { language }),
          prediction: prediction!,
        });
      }
    }
  } finally {
    session.close();
  }
  if (o.score && !seenScore) {
    throw new UsageError(
      `--score ${o.score}: no document has that attribute; names look like gopher_quality.avg_word_len (see winnow score)`,
    );
  }
  const { strata, chosen, ...rest } = design.finish();
  const predictions =
    pred && 'predictions' in rest
      ? {
          attr: pred.predictions,
          means: pred.predictionsMean,
          fingerprint: o.fingerprint,
          strata: rest.predictions,
          ...('tokenPredictions' in rest && { token_strata: rest.tokenPredictions }),
        }
      : null;
  const records = await copyChosen(shards, chosen, o.read, evaluator);
  const out = await openOutput(o.out);
  for (const r of records) await out.write(r);
  await out.close();
  const weightName = config.tokenizer === 'none' ? 'chars' : 'tokens';
  await writeFileAtomic(
    strataPath,
    serializeStrata({
      fingerprint: o.fingerprint,
      design: o.design,
      seed: o.seed,
      n: o.n,
      score: o.score ?? null,
      ...(o.strata && { strata_by: o.strata }),
      weight: weightName,
      totals,
      strata,
      ...(predictions && { predictions }),
    }),
  );
  return { sampled: records.length, totals, strata, strataPath, failed };
}

/** Reads the chosen lines again and returns them (in `chosen` order) with the `winnow_sample` field. */
async function copyChosen(
  shards: readonly ShardInput[],
  chosen: readonly Chosen[],
  read: Partial<ReadOptions> | undefined,
  evaluator: Evaluator,
): Promise<Buffer[]> {
  const wanted = new Map<string, Map<number, number[]>>();
  chosen.forEach((c, i) => {
    const byLine = wanted.get(c.shard) ?? new Map<number, number[]>();
    byLine.set(c.line, [...(byLine.get(c.line) ?? []), i]);
    wanted.set(c.shard, byLine);
  });
  const out: Buffer[] = new Array<Buffer>(chosen.length);
  for (const shard of shards) {
    const lines = wanted.get(shard.name);
    if (!lines) continue;
    for await (const doc of readDocs(shard, {}, read)) {
      const idx = lines.get(doc.line);
      if (!idx) continue;
      // Spans are for the labeler's highlighting; scoring a few hundred documents again is cheap.
      const { scored } = evaluator.evaluate(doc.text);
      for (const i of idx) {
        const c = chosen[i]!;
        const field = {
          stratum: c.stratum,
          inclusion_probability: c.inclusionProbability,
          reasons: c.reasons,
          spans: scored.spans,
          shard: c.shard,
          line: c.line,
          weight: c.weight,
          ...(c.draw !== undefined && { draw: c.draw }),
          ...(c.value !== undefined && { score: c.value }),
          ...(c.prediction !== undefined && { prediction: c.prediction }),
        };
        out[i] = Buffer.concat([
          spliceField(doc.raw, 'winnow_sample', JSON.stringify(field)),
          Buffer.from('\n'),
        ]);
      }
    }
  }
  return out.filter(Boolean);
}
