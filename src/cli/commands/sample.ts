/**
 * `winnow sample <shards..> (-c FILE | --preset NAME) -n N -o to-label.jsonl [--seed S]
 * [--score ATTR] [--design doc|token|active] [--predictions ATTR]`: a stratified sample to label,
 * with every stratum's exact population in `<out>.strata.json`. With `--predictions`, the model's
 * P(bad) of every document is summarised per stratum there (for PPI++ audits), which also fixes
 * the model before any label is drawn; `--design active` draws by the model's uncertainty. One scoring pass chooses; a second, read-only pass copies the
 * chosen records (their original bytes plus a `winnow_sample` field).
 */
import type { ArgumentsCamelCase, Argv } from 'yargs';
import { UsageError } from '../../errors.ts';
import { resolveShards } from '../../io/shards.ts';
import { refuseOutputsOverInputs } from '../../io/overlap.ts';
import { spliceField } from '../../io/splice.ts';
import { serializeStrata, strataPathOf } from '../../formats/strata.ts';
import { openOutput, writeFileAtomic } from '../../io/writer.ts';
import { openSession } from '../../exec/session.ts';
import type { Evaluator } from '../../rules/evaluator.ts';
import { MIN_PER_STRATUM, StratifiedDesign, TokenPpsDesign, type Chosen } from '../../sampling/design.ts';
import { ActiveDesign } from '../../sampling/active.ts';
import { checkPredictionAttr, predictionOf, withPredictionFlags, type PredictionFlags } from '../predictions.ts';
import { scoreDocs } from '../../rules/score-step.ts';
import { readDocs, type ReadSinks } from '../../io/read-docs.ts';
import { applyS3Flag, loadConfig, withConfigFlags, type ConfigFlags } from '../config-flags.ts';
import { sampleUncertainty } from '../../flows/uncertainty-sample.ts';
import { readOptions, withReadFlags, type ReadFlags } from '../options.ts';
import { failedShardsExit } from '../failed.ts';
import type { Io } from '../io.ts';
import { samplePairsCommand } from './dedup-pairs.ts';

interface SampleArgs extends ReadFlags, ConfigFlags, PredictionFlags {
  shards: string[];
  n: number;
  out: string;
  seed: number;
  score?: string;
  strata?: 'language';
  design: 'doc' | 'token' | 'active';
  strategy: 'stratified' | 'uncertainty';
  model?: string;
  exclude?: string[];
  threshold: number;
  pairs?: string;
}

export const command = 'sample <shards..>';

export const builder = (y: Argv) =>
  withPredictionFlags(withConfigFlags(withReadFlags(y)))
    .positional('shards', { type: 'string', array: true, describe: 'Files, directories or globs' })
    .option('n', { type: 'number', demandOption: true, describe: 'Labels to ask for (each stratum still gets at least 30, or all it has, so the total can exceed n)' })
    .option('out', { alias: 'o', type: 'string', demandOption: true, describe: 'to-label JSONL; strata go beside it (<out>.strata.json)' })
    .option('seed', { type: 'number', default: 1, describe: 'Sampling seed: the same seed gives the same sample' })
    .option('score', { type: 'string', describe: 'Also stratify by bins of this attribute (e.g. gopher_quality.avg_word_len)' })
    .option('strata', { choices: ['language'] as const, describe: 'Also stratify by this label: language (the language filter\'s detected language)' })
    .option('design', { choices: ['doc', 'token', 'active'] as const, default: 'doc' as const, describe: "doc: stratified documents; token: documents under random token positions of the dropped stream; active: each document with a recorded probability that grows with the model's uncertainty (needs --predictions)" })
    .option('strategy', { choices: ['stratified', 'uncertainty'] as const, default: 'stratified' as const, describe: 'uncertainty: documents whose p_bad (--model) is nearest --threshold, for training labels (the audit refuses them)' })
    .option('model', { type: 'string', describe: 'uncertainty: the quality model (winnow train)' })
    .option('exclude', { type: 'string', array: true, describe: 'uncertainty: labeled JSONL files whose texts are not asked again' })
    .option('threshold', { type: 'number', default: 0.5, describe: 'uncertainty: the p_bad to sample nearest to' })
    .option('pairs', { type: 'string', describe: 'Draw (kept, removed) pairs of the clusters in this `winnow dedup minhash` folder instead (no config)' })
    .example('$0 sample shards/ --preset fineweb -n 400 -o to-label.jsonl --seed 7', 'then: winnow label to-label.jsonl -o labels.jsonl')
    .example('$0 sample shards/ --strategy uncertainty --model model.wnm -n 200 --exclude labels.jsonl -o more.jsonl', 'training labels where the model is least sure');

export { strataPathOf } from '../../formats/strata.ts';

export async function run(a: ArgumentsCamelCase<SampleArgs>, io: Io): Promise<number> {
  if (!Number.isInteger(a.n) || a.n < 1) throw new UsageError(`Expected \`-n\` to be an integer >= 1, got ${a.n}`);
  if (a.strategy === 'uncertainty') return runUncertainty(a, io);
  if (!Number.isInteger(a.seed)) throw new UsageError(`Expected \`--seed\` to be an integer, got ${a.seed}`);
  if (a.pairs) return samplePairsCommand({ ...a, pairs: a.pairs }, io);
  if (a.design !== 'doc' && a.score) throw new UsageError(`--score stratifies the doc design; the ${a.design} design has its own strata`);
  if (a.design !== 'doc' && a.strata) throw new UsageError(`--strata stratifies the doc design; the ${a.design} design has its own strata`);
  if (a.design === 'active' && !a.predictions) throw new UsageError('--design active draws by a model\'s uncertainty: give its attribute with --predictions ATTR');
  if (a.design === 'token' && a.predictions) throw new UsageError('--predictions goes with the doc or active design');
  const read = readOptions(a);
  const { config, vocabulary, fingerprint: fp, models } = await loadConfig(a);
  if (a.strata === 'language' && !config.filters.some((f) => f.name === 'language')) {
    throw new UsageError('--strata language needs the language filter in the config (filters: [language, ...])');
  }
  const shards = await resolveShards(a.shards);
  if (shards.some((s) => s.path === '-')) throw new UsageError('sample reads its shards twice, so it needs files, not stdin');
  refuseOutputsOverInputs(a.shards, shards, [{ flag: '-o', path: a.out }, { flag: '-o (strata)', path: strataPathOf(a.out) }]);
  const session = openSession(config, vocabulary, models);
  const { evaluator, tokenizer: tok } = session;
  const pred = a.predictions ? { ...a, predictions: a.predictions } : null;
  if (pred) checkPredictionAttr(pred.predictions, evaluator);
  const design = a.design === 'token' ? new TokenPpsDesign(a.n, a.seed) : a.design === 'active' ? new ActiveDesign(a.n, a.seed) : new StratifiedDesign(a.n, a.seed, a.score !== undefined, a.strata === 'language');
  const totals = { docs: 0, dropped: 0, kept: 0, weight_dropped: 0, weight_kept: 0, errors: 0 };
  let seenScore = false;
  const failed: string[] = [];
  try {
    for (const shard of shards) {
      const lines: ReadSinks = {
        bad: () => void totals.errors++,
        failed(f) {
          totals.errors++;
          failed.push(`winnow: ${f.shard}: FAILED after ${f.lines} lines: ${f.error}\n`);
        },
      };
      for await (const item of scoreDocs(readDocs(shard, lines, read), evaluator, tok)) {
        const weight = item.tokens ?? item.chars;
        const value = a.score ? item.scored.attrs[a.score] : undefined;
        if (value !== undefined) seenScore = true;
        const dropped = item.reasons.length > 0;
        totals.docs++;
        totals[dropped ? 'dropped' : 'kept']++;
        totals[dropped ? 'weight_dropped' : 'weight_kept'] += weight;
        const prediction = pred ? predictionOf(item.scored.attrs, pred, item.doc.shard, item.doc.line, item.doc.id) : undefined;
        const language = a.strata === 'language' ? item.scored.meta?.language : undefined;
        design.add({ shard: item.doc.shard, line: item.doc.line, reasons: item.reasons, weight, ...(value !== undefined && { value }), ...(typeof language === 'string' && { language }), prediction: prediction! });
      }
    }
  } finally {
    session.close();
  }
  if (a.score && !seenScore) {
    throw new UsageError(`--score ${a.score}: no document has that attribute; names look like gopher_quality.avg_word_len (see winnow score)`);
  }
  const { strata, chosen, ...rest } = design.finish();
  const predictions = pred && 'predictions' in rest
    ? { attr: pred.predictions, means: pred.predictionsMean, fingerprint: fp, strata: rest.predictions, ...('tokenPredictions' in rest && { token_strata: rest.tokenPredictions }) }
    : null;
  const records = await copyChosen(shards, chosen, read, evaluator);
  const out = await openOutput(a.out);
  for (const r of records) await out.write(r);
  await out.close();
  const weightName = config.tokenizer === 'none' ? 'chars' : 'tokens';
  await writeFileAtomic(
    strataPathOf(a.out),
    serializeStrata({ fingerprint: fp, design: a.design, seed: a.seed, n: a.n, score: a.score ?? null, ...(a.strata && { strata_by: a.strata }), weight: weightName, totals, strata, ...(predictions && { predictions }) }),
  );
  io.err(
    `winnow: sampled ${records.length} of ${totals.docs} docs (${totals.dropped} flagged, ${totals.kept} kept) into ${a.out}; ` +
      `${strata.length} strata in ${strataPathOf(a.out)}\n` +
      (a.design === 'active' ? `  (an active sample labels each document independently with its recorded probability, so its size varies around -n)\n` : '') +
      (records.length > a.n && a.design !== 'active' ? `  (${records.length - a.n} more than -n ${a.n}: each stratum gets at least ${MIN_PER_STRATUM} documents, or all it has, so its rate has a usable interval)\n` : '') +
      strata.map((s) => `  ${String(s.sample_size).padStart(5)} of ${String(s.population_docs).padStart(8)}  ${s.name}\n`).join(''),
  );
  for (const f of failed) io.err(f);
  return failedShardsExit(failed.length, io);
}

/** Reads the chosen lines again and returns them (in `chosen` order) with the `winnow_sample` field. */
async function copyChosen(
  shards: Awaited<ReturnType<typeof resolveShards>>,
  chosen: readonly Chosen[],
  read: ReturnType<typeof readOptions>,
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
          stratum: c.stratum, inclusion_probability: c.inclusionProbability, reasons: c.reasons,
          spans: scored.spans, shard: c.shard, line: c.line, weight: c.weight,
          ...(c.draw !== undefined && { draw: c.draw }), ...(c.value !== undefined && { score: c.value }),
          ...(c.prediction !== undefined && { prediction: c.prediction }),
        };
        out[i] = Buffer.concat([spliceField(doc.raw, 'winnow_sample', JSON.stringify(field)), Buffer.from('\n')]);
      }
    }
  }
  return out.filter(Boolean);
}

/** `--strategy uncertainty` (src/flows/uncertainty-sample.ts). */
async function runUncertainty(a: ArgumentsCamelCase<SampleArgs>, io: Io): Promise<number> {
  if (!a.model) throw new UsageError('--strategy uncertainty needs `--model model.wnm` (from winnow train)');
  if (a.config || a.preset) throw new UsageError('--strategy uncertainty samples by the model alone; drop -c/--preset');
  if (!(a.threshold > 0 && a.threshold < 1)) throw new UsageError(`Expected \`--threshold\` to be a probability between 0 and 1, got ${a.threshold}`);
  applyS3Flag(a);
  const r = await sampleUncertainty({
    shards: a.shards, model: a.model, n: a.n, threshold: a.threshold, exclude: a.exclude ?? [], out: a.out, strataOut: strataPathOf(a.out), read: readOptions(a),
  });
  io.err(
    `winnow: ${r.chosen} documents with p_bad nearest ${a.threshold} (of ${r.seen}; ${r.excluded} already labeled, ${r.duplicates} repeated texts skipped) into ${a.out}; ` +
      `design "uncertainty": label them for training (winnow label, winnow train), not for an audit\n`,
  );
  return 0;
}
