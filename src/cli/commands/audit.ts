/**
 * `winnow audit (-c FILE | --preset NAME) --labels FILE -o audit.json`: the filter measured on
 * hand labels, with intervals, per-rule numbers, threshold sweeps, the corpus projection (with
 * `--stats`) and a verdict bound to the filter's fingerprint. `winnow audit plan` sizes a budget.
 */
import type { ArgumentsCamelCase, Argv } from 'yargs';
import { UsageError } from '../../errors.ts';
import { audit } from '../../flows/audit.ts';
import { auditPlan } from '../../flows/audit-plan.ts';
import { renderAuditSummary } from '../../report/audit-text.ts';
import { loadConfig, withConfigFlags, type ConfigFlags } from '../config-flags.ts';
import type { Io } from '../io.ts';
import { auditPairsCommand } from './dedup-pairs.ts';
import { predictionsOf, withPredictionFlags, type PredictionFlags } from '../predictions.ts';

interface AuditArgs extends ConfigFlags, PredictionFlags {
  action?: string;
  labels?: string;
  labelField: string;
  badValues?: string;
  secondLabelField?: string;
  strata?: string;
  stats?: string;
  maxFdr: number;
  minRecall?: number;
  alpha: number;
  out?: string;
  textField: string;
  budget?: number;
  expectedFdr?: number;
  halfWidth?: number;
}

export const command = 'audit [action]';

export const builder = (y: Argv) =>
  withPredictionFlags(withConfigFlags(y))
    .positional('action', {
      choices: ['plan', 'pairs'] as const,
      describe:
        'plan: how many labels a budget needs; pairs: the false-merge rate of labeled dedup pairs',
    })
    .option('labels', {
      type: 'string',
      describe: 'Labeled JSONL (from winnow label, or any JSONL with text and a label)',
    })
    .option('label-field', {
      type: 'string',
      default: 'label',
      describe: 'Field holding the label',
    })
    .option('bad-values', {
      type: 'string',
      describe: 'Comma-separated label values that mean bad (should be dropped); default: bad',
    })
    .option('second-label-field', {
      type: 'string',
      describe: "A second annotator's label field: Cohen's kappa, raw agreement, PABAK",
    })
    .option('strata', {
      type: 'string',
      describe:
        'Strata file from winnow sample (default: <labels>.strata.json beside the labels; none for a simple random sample)',
    })
    .option('stats', {
      type: 'string',
      describe: "A run's stats.json: projects the audit to the corpus's exact counts",
    })
    .option('max-fdr', {
      type: 'number',
      default: 0.1,
      describe: 'FDR budget: the verdict passes when the one-sided upper bound is within it',
    })
    .option('min-recall', {
      type: 'number',
      describe: 'Also require the recall lower bound to reach this',
    })
    .option('alpha', {
      type: 'number',
      default: 0.05,
      describe: 'Intervals are at 1 − alpha (two-sided) and bounds one-sided at 1 − alpha',
    })
    .option('out', { alias: 'o', type: 'string', describe: 'audit.json' })
    .option('text-field', { type: 'string', default: 'text', describe: 'Field holding the text' })
    .option('budget', { type: 'number', describe: 'plan: the FDR budget to certify' })
    .option('expected-fdr', {
      type: 'number',
      describe: 'plan: the FDR you expect the filter to have',
    })
    .option('half-width', {
      type: 'number',
      describe: 'plan: the interval half-width you want (e.g. 0.03)',
    })
    .example(
      '$0 audit --preset fineweb --labels labels.jsonl --stats out/stats.json -o audit.json',
      'audit a filter before dropping',
    )
    .example(
      '$0 audit --preset fineweb --labels labels.jsonl --predictions quality.p_bad -o audit.json',
      'PPI++: narrower intervals from a model scored on every document',
    )
    .example(
      '$0 audit plan --budget 0.1 --expected-fdr 0.05',
      'labels needed to certify FDR <= 10 %',
    );

export async function run(a: ArgumentsCamelCase<AuditArgs>, io: Io): Promise<number> {
  if (a.action === 'plan') {
    const lines = await auditPlan({
      budget: a.budget,
      expectedFdr: a.expectedFdr,
      halfWidth: a.halfWidth,
      alpha: a.alpha,
      strata: a.strata,
      predictions: predictionsOf(a),
    });
    io.out(lines.join('\n') + '\n');
    return 0;
  }
  if (a.action === 'pairs') return auditPairsCommand(a, io);
  if (!a.labels) throw new UsageError('Expected `--labels FILE`');
  if (!a.out) throw new UsageError('Expected `-o audit.json`');
  const { config, vocabulary, fingerprint, models } = await loadConfig(a);
  const { result, unlabeled } = await audit({
    config,
    vocabulary,
    models,
    fingerprint,
    labels: a.labels,
    labelField: a.labelField,
    badValues: a.badValues === undefined ? undefined : a.badValues.split(',').map((s) => s.trim()),
    secondLabelField: a.secondLabelField,
    textField: a.textField,
    strata: a.strata,
    stats: a.stats,
    maxFdr: a.maxFdr,
    minRecall: a.minRecall,
    alpha: a.alpha,
    out: a.out,
    predictions: predictionsOf(a),
  });
  io.out(renderAuditSummary(result, unlabeled));
  io.err(`winnow: audit written to ${a.out}\n`);
  return 0;
}
