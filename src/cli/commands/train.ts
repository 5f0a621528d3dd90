/**
 * `winnow train --labels L.jsonl -o model.wnm [--bad-values …] [--report train.json]`: a quality
 * screen learned from your labels (hashed word unigrams and bigrams, L2 logistic regression, λ by
 * 10-fold CV), for the `quality` filter. Its metrics are cross-fitted on the training labels.
 */
import type { ArgumentsCamelCase, Argv } from 'yargs';
import { UsageError } from '../../errors.ts';
import { train, type TrainFlowResult } from '../../flows/train.ts';
import { CROSS_FIT_NOTE } from '../../train/metrics.ts';
import { zeroFailureSampleSize } from '../../audit/planner.ts';
import { applyS3Flag, loadConfig, withS3Flag } from '../config-flags.ts';
import { PRESETS } from '../../config/config.ts';
import { ATTRIBUTE_FILTERS } from '../../train/attributes.ts';
import type { Io } from '../io.ts';

interface TrainArgs {
  labels: string;
  labelField: string;
  textField: string;
  badValues: string;
  goodValues: string;
  out: string;
  report?: string;
  buckets: number;
  folds: number;
  seed: number;
  maxFdr: number;
  alpha: number;
  s3PathStyle?: boolean;
  attributes?: boolean;
  config?: string;
  preset?: string;
}

export const command = 'train';

export const builder = (y: Argv) =>
  withS3Flag(y)
    .option('labels', {
      type: 'string',
      demandOption: true,
      describe: 'Labeled JSONL (from winnow label, or any JSONL with text and a label)',
    })
    .option('label-field', {
      type: 'string',
      default: 'label',
      describe: 'Field holding the label',
    })
    .option('text-field', { type: 'string', default: 'text', describe: 'Field holding the text' })
    .option('bad-values', {
      type: 'string',
      default: 'bad',
      describe: 'Comma-separated label values that mean bad',
    })
    .option('good-values', {
      type: 'string',
      default: 'good',
      describe: 'Comma-separated label values that mean good (any other value is refused)',
    })
    .option('out', {
      alias: 'o',
      type: 'string',
      demandOption: true,
      describe: 'Model file to write (model.wnm; local or s3://)',
    })
    .option('report', {
      type: 'string',
      describe: 'Also write the cross-fitted metrics as JSON (train.json)',
    })
    .option('buckets', {
      type: 'number',
      default: 1 << 20,
      describe: 'Hash buckets for word unigrams and bigrams (a power of two)',
    })
    .option('folds', {
      type: 'number',
      default: 10,
      describe: 'Cross-validation folds (λ choice and cross-fitted metrics)',
    })
    .option('seed', {
      type: 'number',
      default: 1,
      describe:
        'Seed of the fold assignment: same labels, options and seed give the same model bytes',
    })
    .option('max-fdr', {
      type: 'number',
      default: 0.1,
      describe: 'FDR budget for the suggested threshold (one-sided upper bound, fixed-sequence)',
    })
    .option('alpha', {
      type: 'number',
      default: 0.05,
      describe: 'Intervals at 1 − alpha, bounds one-sided at 1 − alpha',
    })
    .option('attributes', {
      type: 'boolean',
      describe:
        "Also use the numeric attributes of the config's filters as features (needs -c or --preset)",
    })
    .option('config', {
      alias: 'c',
      type: 'string',
      describe: 'Filter config whose filters give the attributes (with --attributes)',
    })
    .option('preset', {
      type: 'string',
      choices: Object.keys(PRESETS),
      describe: 'A named config instead of -c (with --attributes)',
    })
    .example(
      '$0 train --labels labels.jsonl -o model.wnm --report train.json',
      'then: filters: [{quality: {model: model.wnm}}], and audit it on a fresh sample',
    );

const split = (s: string): string[] =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

export async function run(a: ArgumentsCamelCase<TrainArgs>, io: Io): Promise<number> {
  for (const [k, v] of [
    ['--max-fdr', a.maxFdr],
    ['--alpha', a.alpha],
  ] as const) {
    if (!(v > 0 && v < 1))
      throw new UsageError(`Expected \`${k}\` to be a number between 0 and 1, got ${v}`);
  }
  if (!Number.isInteger(a.folds) || a.folds < 2 || a.folds > 100)
    throw new UsageError(`Expected \`--folds\` to be an integer from 2 to 100, got ${a.folds}`);
  if (
    !Number.isInteger(a.buckets) ||
    a.buckets < 16 ||
    a.buckets > 1 << 26 ||
    (a.buckets & (a.buckets - 1)) !== 0
  ) {
    throw new UsageError(
      `Expected \`--buckets\` to be a power of two from 16 to 2^26, got ${a.buckets}`,
    );
  }
  if (!Number.isInteger(a.seed))
    throw new UsageError(`Expected \`--seed\` to be an integer, got ${a.seed}`);
  const bad = split(a.badValues);
  const good = split(a.goodValues);
  const both = bad.filter((v) => good.includes(v));
  if (both.length)
    throw new UsageError(`${both.join(', ')} is in both --bad-values and --good-values`);
  applyS3Flag(a);
  const attributes = await attributeFilters(a);
  const r = await train({
    attributes,
    labels: a.labels,
    labelField: a.labelField,
    textField: a.textField,
    badValues: bad,
    goodValues: good,
    out: a.out,
    report: a.report,
    buckets: a.buckets,
    folds: a.folds,
    seed: a.seed,
    maxFdr: a.maxFdr,
    alpha: a.alpha,
  });
  io.err(renderTrainSummary(r, a.out));
  return 0;
}

/** `--attributes` with `-c FILE | --preset NAME`: the config's filters other than quality, each able to give attributes. */
async function attributeFilters(
  a: TrainArgs,
): Promise<{ name: string; options: Readonly<Record<string, unknown>> }[] | undefined> {
  if (!a.attributes) {
    if (a.config || a.preset)
      throw new UsageError(
        '`-c`/`--preset` name the filters whose attributes `--attributes` adds; pass --attributes too',
      );
    return undefined;
  }
  if (!a.config === !a.preset)
    throw new UsageError(
      '`--attributes` needs exactly one of `-c FILE` or `--preset NAME` (the filters whose attributes to add)',
    );
  const { config } = await loadConfig(a);
  const filters = config.filters.filter((f) => f.name !== 'quality');
  const other = filters.find((f) => !Object.hasOwn(ATTRIBUTE_FILTERS, f.name));
  if (other)
    throw new UsageError(
      `filter ${other.name} cannot give attributes to a quality model (it needs more than the text); these can: ${Object.keys(ATTRIBUTE_FILTERS).join(', ')}`,
    );
  if (!filters.length)
    throw new UsageError('`--attributes`: the config has no filter besides quality');
  return filters;
}

const pct = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(1)} %` : '-');

/** The summary on stderr. */
export function renderTrainSummary(r: TrainFlowResult, out: string): string {
  const m = r.metrics;
  const lines = [
    `winnow: trained ${out} (${r.modelHash}, ${r.modelBytes} bytes, ${r.model.buckets.length} weights) on ${m.n} labels (${m.bad} bad, ${m.good} good${r.unlabeled ? `, ${r.unlabeled} unlabeled skipped` : ''})`,
    ...(r.model.header.attributes
      ? [
          `  features: hashed word unigrams and bigrams, and ${r.model.header.attributes.names.length} attributes of ${r.model.header.attributes.filters.map((f) => f.name).join(', ')} (sign-log, standardised)`,
        ]
      : []),
    `  lambda ${r.cv.lambda} chosen by ${r.model.header.folds}-fold CV on log-loss (seed ${r.model.header.seed})` +
      (r.cv.lambda === r.cv.lambdas.at(-1) || r.cv.lambda === r.cv.lambdas[0]
        ? ` (at the edge of the grid ${r.cv.lambdas.join(', ')}: a λ beyond it may fit better)`
        : ''),
    `  ${CROSS_FIT_NOTE}:`,
    `  ROC AUC ${m.auc.estimate.toFixed(3)} [${m.auc.lo.toFixed(3)}, ${m.auc.hi.toFixed(3)}] (DeLong, logit scale); log-loss ${m.log_loss.toFixed(3)}`,
    '  p_bad >=   flagged  precision  recall     FDR  FDR upper',
  ];
  for (const t of m.thresholds.filter((t) => Math.round(t.threshold * 100) % 10 === 0)) {
    lines.push(
      `  ${t.threshold.toFixed(2).padStart(7)}  ${String(t.flagged).padStart(8)}  ${pct(t.precision).padStart(9)}  ${pct(t.recall).padStart(6)}  ${pct(t.fdr).padStart(6)}  ${pct(t.fdr_upper).padStart(9)}`,
    );
  }
  const c = m.chosen;
  lines.push(
    c.row
      ? `  most aggressive threshold within FDR ${pct(c.max_fdr)}: p_bad >= ${c.threshold} (flags ${c.row.flagged}, FDR ${pct(c.row.fdr)}, upper bound ${pct(c.row.fdr_upper)})`
      : notCertified(m.thresholds, c.max_fdr, c.alpha),
    '  reliability (predicted p_bad → observed bad): ' +
      m.reliability
        .filter((b) => b.n)
        .map((b) => `${b.mean_p_bad.toFixed(2)}→${b.observed_bad.toFixed(2)} (${b.n})`)
        .join(', '),
    `  weighs most toward bad: ${r.top.bad
      .slice(0, 8)
      .map((t) => t.ngram)
      .join(', ')}`,
    `  weighs most toward good: ${r.top.good
      .slice(0, 8)
      .map((t) => t.ngram)
      .join(', ')}`,
  );
  return lines.join('\n') + '\n';
}

/**
 * Why no threshold was chosen. Fixed-sequence testing stops at the first threshold that fails, so
 * a looser row whose upper bound looks within budget in the table is not certified: say where it stopped.
 */
export function notCertified(
  rows: readonly { threshold: number; flagged: number; fdr_upper: number }[],
  maxFdr: number,
  alpha: number,
): string {
  const need = zeroFailureSampleSize(maxFdr, alpha);
  const start = rows.find((t) => t.flagged >= need);
  if (!start)
    return `  no threshold certified within FDR ${pct(maxFdr)}: none flags the ${need} labeled documents that needs`;
  return `  no threshold certified within FDR ${pct(maxFdr)}: fixed-sequence testing starts at p_bad >= ${start.threshold} (the strictest that flags ${need} labels) and stops there (upper bound ${pct(start.fdr_upper)}); looser rows are not tested`;
}
