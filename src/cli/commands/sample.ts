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
import { strataPathOf } from '../../formats/strata.ts';
import { MIN_PER_STRATUM } from '../../sampling/design.ts';
import { checkSampleSize, checkSeed, sample } from '../../flows/sample.ts';
import { predictionsOf, withPredictionFlags, type PredictionFlags } from '../predictions.ts';
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
    .option('n', {
      type: 'number',
      demandOption: true,
      describe:
        'Labels to ask for (each stratum still gets at least 30, or all it has, so the total can exceed n)',
    })
    .option('out', {
      alias: 'o',
      type: 'string',
      demandOption: true,
      describe: 'to-label JSONL; strata go beside it (<out>.strata.json)',
    })
    .option('seed', {
      type: 'number',
      default: 1,
      describe: 'Sampling seed: the same seed gives the same sample',
    })
    .option('score', {
      type: 'string',
      describe: 'Also stratify by bins of this attribute (e.g. gopher_quality.avg_word_len)',
    })
    .option('strata', {
      choices: ['language'] as const,
      describe: "Also stratify by this label: language (the language filter's detected language)",
    })
    .option('design', {
      choices: ['doc', 'token', 'active'] as const,
      default: 'doc' as const,
      describe:
        "doc: stratified documents; token: documents under random token positions of the dropped stream; active: each document with a recorded probability that grows with the model's uncertainty (needs --predictions)",
    })
    .option('strategy', {
      choices: ['stratified', 'uncertainty'] as const,
      default: 'stratified' as const,
      describe:
        'uncertainty: documents whose p_bad (--model) is nearest --threshold, for training labels (the audit refuses them)',
    })
    .option('model', { type: 'string', describe: 'uncertainty: the quality model (winnow train)' })
    .option('exclude', {
      type: 'string',
      array: true,
      describe: 'uncertainty: labeled JSONL files whose texts are not asked again',
    })
    .option('threshold', {
      type: 'number',
      default: 0.5,
      describe: 'uncertainty: the p_bad to sample nearest to',
    })
    .option('pairs', {
      type: 'string',
      describe:
        'Draw (kept, removed) pairs of the clusters in this `winnow dedup minhash` folder instead (no config)',
    })
    .example(
      '$0 sample shards/ --preset fineweb -n 400 -o to-label.jsonl --seed 7',
      'then: winnow label to-label.jsonl -o labels.jsonl',
    )
    .example(
      '$0 sample shards/ --strategy uncertainty --model model.wnm -n 200 --exclude labels.jsonl -o more.jsonl',
      'training labels where the model is least sure',
    );

export { strataPathOf } from '../../formats/strata.ts';

export async function run(a: ArgumentsCamelCase<SampleArgs>, io: Io): Promise<number> {
  checkSampleSize(a.n);
  if (a.strategy === 'uncertainty') return runUncertainty(a, io);
  checkSeed(a.seed);
  if (a.pairs) return samplePairsCommand({ ...a, pairs: a.pairs }, io);
  const read = readOptions(a);
  const { config, vocabulary, fingerprint, models } = await loadConfig(a);
  const r = await sample({
    shards: a.shards,
    config,
    vocabulary,
    models,
    fingerprint,
    n: a.n,
    seed: a.seed,
    out: a.out,
    design: a.design,
    score: a.score,
    strata: a.strata,
    predictions: predictionsOf(a),
    read,
  });
  const { totals, strata } = r;
  io.err(
    `winnow: sampled ${r.sampled} of ${totals.docs} docs (${totals.dropped} flagged, ${totals.kept} kept) into ${a.out}; ` +
      `${strata.length} strata in ${r.strataPath}\n` +
      (a.design === 'active'
        ? `  (an active sample labels each document independently with its recorded probability, so its size varies around -n)\n`
        : '') +
      (r.sampled > a.n && a.design !== 'active'
        ? `  (${r.sampled - a.n} more than -n ${a.n}: each stratum gets at least ${MIN_PER_STRATUM} documents, or all it has, so its rate has a usable interval)\n`
        : '') +
      strata
        .map(
          (s) =>
            `  ${String(s.sample_size).padStart(5)} of ${String(s.population_docs).padStart(8)}  ${s.name}\n`,
        )
        .join(''),
  );
  for (const f of r.failed)
    io.err(`winnow: ${f.shard}: FAILED after ${f.lines} lines: ${f.error}\n`);
  return failedShardsExit(r.failed.length, io);
}

/** `--strategy uncertainty` (src/flows/uncertainty-sample.ts). */
async function runUncertainty(a: ArgumentsCamelCase<SampleArgs>, io: Io): Promise<number> {
  if (!a.model)
    throw new UsageError('--strategy uncertainty needs `--model model.wnm` (from winnow train)');
  if (a.config || a.preset)
    throw new UsageError('--strategy uncertainty samples by the model alone; drop -c/--preset');
  if (!(a.threshold > 0 && a.threshold < 1))
    throw new UsageError(
      `Expected \`--threshold\` to be a probability between 0 and 1, got ${a.threshold}`,
    );
  applyS3Flag(a);
  const r = await sampleUncertainty({
    shards: a.shards,
    model: a.model,
    n: a.n,
    threshold: a.threshold,
    exclude: a.exclude ?? [],
    out: a.out,
    strataOut: strataPathOf(a.out),
    read: readOptions(a),
  });
  io.err(
    `winnow: ${r.chosen} documents with p_bad nearest ${a.threshold} (of ${r.seen}; ${r.excluded} already labeled, ${r.duplicates} repeated texts skipped) into ${a.out}; ` +
      `design "uncertainty": label them for training (winnow label, winnow train), not for an audit\n`,
  );
  return 0;
}
