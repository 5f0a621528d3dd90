/**
 * `winnow audit (-c FILE | --preset NAME) --labels FILE -o audit.json`: the filter measured on
 * hand labels, with intervals, per-rule numbers, threshold sweeps, the corpus projection (with
 * `--stats`) and a verdict bound to the filter's fingerprint. `winnow audit plan` sizes a budget.
 */
import type { ArgumentsCamelCase, Argv } from 'yargs';
import { runAudit, type AuditItem, type AuditResult, type CorpusCounts, type StrataDesign, type SweepRule } from '../../audit/audit.ts';
import { DEFAULT_DESIGN_EFFECT, designEffect, gatingSampleSize, srsSampleSize, stratifiedSampleSize, zeroFailureSampleSize } from '../../audit/planner.ts';
import { ppiPlan } from '../../audit/ppi-plan.ts';
import { middleEllipsis, wrap } from '../../report/text-layout.ts';
import { DataError, UsageError } from '../../errors.ts';
import { getField } from '../../io/fields.ts';
import * as store from '../../io/store.ts';
import { writeFileAtomic } from '../../io/writer.ts';
import { openSession } from '../../exec/session.ts';
import { isThresholdRule } from '../../rules/threshold.ts';
import { codePointLength } from '../../text/codepoints.ts';
import { loadConfig, withConfigFlags, type ConfigFlags } from '../config-flags.ts';
import type { Io } from '../io.ts';
import { parseStrata, strataPathOf } from '../../formats/strata.ts';
import { parseLabels, type LabeledRecord } from '../../formats/labels.ts';
import { parseStatsFile } from '../../formats/stats.ts';
import { auditPairsCommand } from './dedup-pairs.ts';
import { auditSampleRefusal } from '../../audit/honesty.ts';
import type { QualityModel } from '../../formats/model.ts';
import { checkPredictionAttr, predictionOf, withPredictionFlags, type PredictionFlags } from '../predictions.ts';

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
    .positional('action', { choices: ['plan', 'pairs'] as const, describe: 'plan: how many labels a budget needs; pairs: the false-merge rate of labeled dedup pairs' })
    .option('labels', { type: 'string', describe: 'Labeled JSONL (from winnow label, or any JSONL with text and a label)' })
    .option('label-field', { type: 'string', default: 'label', describe: 'Field holding the label' })
    .option('bad-values', { type: 'string', describe: 'Comma-separated label values that mean bad (should be dropped); default: bad' })
    .option('second-label-field', { type: 'string', describe: "A second annotator's label field: Cohen's kappa, raw agreement, PABAK" })
    .option('strata', { type: 'string', describe: 'Strata file from winnow sample (default: <labels>.strata.json beside the labels; none for a simple random sample)' })
    .option('stats', { type: 'string', describe: "A run's stats.json: projects the audit to the corpus's exact counts" })
    .option('max-fdr', { type: 'number', default: 0.1, describe: 'FDR budget: the verdict passes when the one-sided upper bound is within it' })
    .option('min-recall', { type: 'number', describe: 'Also require the recall lower bound to reach this' })
    .option('alpha', { type: 'number', default: 0.05, describe: 'Intervals are at 1 − alpha (two-sided) and bounds one-sided at 1 − alpha' })
    .option('out', { alias: 'o', type: 'string', describe: 'audit.json' })
    .option('text-field', { type: 'string', default: 'text', describe: 'Field holding the text' })
    .option('budget', { type: 'number', describe: 'plan: the FDR budget to certify' })
    .option('expected-fdr', { type: 'number', describe: 'plan: the FDR you expect the filter to have' })
    .option('half-width', { type: 'number', describe: 'plan: the interval half-width you want (e.g. 0.03)' })
    .example('$0 audit --preset fineweb --labels labels.jsonl --stats out/stats.json -o audit.json', 'audit a filter before dropping')
    .example('$0 audit --preset fineweb --labels labels.jsonl --predictions quality.p_bad -o audit.json', 'PPI++: narrower intervals from a model scored on every document')
    .example('$0 audit plan --budget 0.1 --expected-fdr 0.05', 'labels needed to certify FDR <= 10 %');

export async function run(a: ArgumentsCamelCase<AuditArgs>, io: Io): Promise<number> {
  if (a.action === 'plan') return plan(a, io);
  if (a.action === 'pairs') return auditPairsCommand(a, io);
  if (!a.labels) throw new UsageError('Expected `--labels FILE`');
  if (!a.out) throw new UsageError('Expected `-o audit.json`');
  for (const [k, v] of [['--max-fdr', a.maxFdr], ['--alpha', a.alpha], ['--min-recall', a.minRecall]] as const) {
    if (v !== undefined && !(v > 0 && v < 1)) throw new UsageError(`Expected \`${k}\` to be a number between 0 and 1, got ${v}`);
  }
  const { config, vocabulary, fingerprint: fp, models } = await loadConfig(a);
  const bad = new Set((a.badValues ?? 'bad').split(',').map((s) => s.trim()));
  const records = await readLabels(a.labels);
  // An uncertainty sample is refused as such before its strata file, which describes no strata, is parsed as one.
  refuseTrainingLabels(records, null, new Map(), fp, a);
  const strataPath = a.strata === 'none' ? null : (a.strata ?? ((await store.exists(strataPathOf(a.labels))) ? strataPathOf(a.labels) : null));
  const design = strataPath ? await readStrata(strataPath) : null;
  refuseTrainingLabels(records, design, models, fp, a);
  if (design && design.fingerprint !== fp) {
    throw new UsageError(
      `${strataPath} was sampled with filter ${design.fingerprint}, but this audit is of ${fp}: the strata do not describe this filter's flags. ` +
        'Audit with the config that sampled, or pass --strata none to treat the labels as a simple random sample.',
    );
  }
  const pred = a.predictions ? { ...a, predictions: a.predictions } : null;
  checkDesignPredictions(design, strataPath, pred);
  const session = openSession(config, vocabulary, models);
  const { evaluator, tokenizer: tok } = session;
  if (pred) checkPredictionAttr(pred.predictions, evaluator);
  const items: AuditItem[] = [];
  const values = new Map<string, number>(); // label value → records
  const firstLine = new Map<string, number>(); // label value → its first line (for errors)
  const strataNames = new Set(design?.strata.map((s) => s.name));
  let unlabeled = 0;
  try {
    for (const { rec, where, line } of records) {
      const label = getField(rec, a.labelField);
      if (label === undefined || label === null || label === '') {
        unlabeled++;
        continue;
      }
      const second0 = a.secondLabelField ? getField(rec, a.secondLabelField) : undefined;
      values.set(String(label), (values.get(String(label)) ?? 0) + 1);
      for (const v of [label, second0]) if (v !== undefined && v !== null && v !== '' && !firstLine.has(String(v))) firstLine.set(String(v), line);
      const text = getField(rec, a.textField);
      if (typeof text !== 'string') throw new UsageError(`${where}: missing string "${a.textField}"`);
      const second = a.secondLabelField ? getField(rec, a.secondLabelField) : undefined;
      const enc = tok?.encode(text);
      const { scored, reasons } = evaluator.evaluate(text, enc ? () => enc.ids : undefined);
      const sample = rec.winnow_sample as { stratum?: string; prediction?: number; inclusion_probability?: number } | undefined;
      if (design && !sample?.stratum) throw new UsageError(`${where}: no winnow_sample.stratum, but a strata file is in use (pass --strata none?)`);
      // A label of a stratum the strata file does not know would be left out of every estimate while n counted it.
      if (design && !strataNames.has(sample!.stratum!)) {
        throw new DataError(`winnow_sample.stratum ${JSON.stringify(sample!.stratum)} is not a stratum of ${strataPath} (it has ${design.strata.length}: ${design.strata.slice(0, 5).map((s) => s.name).join(', ')}${design.strata.length > 5 ? ', …' : ''}); the labels come from another sample`, a.labels, line);
      }
      items.push({
        bad: bad.has(String(label)),
        ...(second !== undefined && second !== null && { bad2: bad.has(String(second)) }),
        reasons, attrs: scored.attrs,
        weight: enc ? enc.ids.length : codePointLength(text),
        ...(sample?.stratum && { stratum: sample.stratum }),
        ...(pred && labeledPrediction(scored.attrs, pred, sample, a.labels, line, getField(rec, 'id'))),
      });
    }
  } finally {
    session.close();
  }
  if (!items.length) throw new UsageError(`${a.labels}: no labeled records (field "${a.labelField}")`);
  // Labels from elsewhere (e.g. high_quality / low_quality) would all count as good under the
  // default; values given explicitly are trusted (a sample may truly have no bad document).
  if (a.badValues === undefined && !items.some((x) => x.bad) && [...values.keys()].some((v) => v !== 'good')) {
    const seen = [...values].sort((x, y) => y[1] - x[1]).map(([v, n]) => `${JSON.stringify(v)} (${n})`).join(', ');
    throw new UsageError(`${a.labels}: no label is one of --bad-values (${[...bad].join(', ')}), so every document would count as good; the labels are ${seen}. Pass the values that mean bad with --bad-values (comma-separated)`);
  }
  // Under the default values a label that is neither good nor bad (`BAD`, `unsure`) is a typo or
  // another scheme, not a good document: refuse it at its line. Values given explicitly are
  // trusted, and what they count as good is said in the audit's notes.
  const foreign = [...firstLine.keys()].filter((v) => v !== 'good' && !bad.has(v)).sort((x, y) => firstLine.get(x)! - firstLine.get(y)!);
  if (a.badValues === undefined && foreign.length) {
    const v = foreign[0]!;
    throw new DataError(`label ${JSON.stringify(v)} is neither "good" nor one of --bad-values (${[...bad].join(', ')}); fix it, or pass --bad-values to say which values mean bad (the others then count as good)`, a.labels, firstLine.get(v)!);
  }
  const countedGood = a.badValues !== undefined ? foreign.map((v) => `${JSON.stringify(v)} (${values.get(v) ?? 0})`) : [];
  const corpus = a.stats ? await readCorpus(a.stats, fp) : null;
  const sweepRules: SweepRule[] = evaluator.filters.flatMap((f) =>
    f.rules.filter(isThresholdRule).map((r) => ({ reason: r.reason, attr: r.attr, op: r.op, threshold: r.threshold })),
  );
  const result = runAudit(items, design, corpus, { fingerprint: fp, alpha: a.alpha, maxFdr: a.maxFdr, minRecall: a.minRecall, sweepRules, predictions: pred ? design!.predictions : undefined });
  if (countedGood.length) result.notes.push(`labels counted as good (not among --bad-values ${[...bad].join(', ')}): ${countedGood.join(', ')}`);
  const record = { ...result, inputs: { labels: a.labels, strata: strataPath, stats: a.stats ?? null, label_field: a.labelField, bad_values: [...bad], unlabeled } };
  await writeFileAtomic(a.out, JSON.stringify(record, null, 1) + '\n');
  io.out(renderAuditSummary(result, unlabeled));
  io.err(`winnow: audit written to ${a.out}\n`);
  return 0;
}

/** Labeled records; labeler output is de-duplicated by `label_item` (the last answer wins). */
async function readLabels(path: string): Promise<LabeledRecord[]> {
  if (!(await store.exists(path))) throw new UsageError(`No such file: ${path}`);
  return parseLabels(await store.readText(path), path);
}

/** The audit's refusal of training documents and of uncertainty samples (src/audit/honesty.ts). */
function refuseTrainingLabels(records: { rec: Record<string, unknown>; where: string }[], sampled: { fingerprint?: string; design?: string } | null, models: Map<string, QualityModel>, fp: string, a: AuditArgs): void {
  const labeled = records.flatMap(({ rec, where }) => {
    const label = getField(rec, a.labelField);
    const text = getField(rec, a.textField);
    if (label === undefined || label === null || label === '' || typeof text !== 'string') return [];
    return [{ text, where, design: (rec.winnow_sample as { design?: string } | undefined)?.design }];
  });
  const refusal = auditSampleRefusal(labeled, { models, fingerprint: fp, sampledFingerprint: sampled?.fingerprint ?? null, sampleDesign: sampled?.design ?? null });
  if (refusal) throw new UsageError(`${a.labels}: ${refusal}`);
}

/**
 * `--predictions` needs a strata file whose sample summarised the same attribute (which fixed the
 * model before the labels were drawn); an active sample can only be audited with its predictions.
 */
function checkDesignPredictions(design: StrataDesign | null, path: string | null, pred: PredictionFlags | null): void {
  if (design?.design === 'active' && !pred) throw new UsageError(`${path} is an active sample: audit it with --predictions ${design.predictions?.attr ?? 'ATTR'}`);
  if (!pred) return;
  const p = design?.predictions;
  if (!design || !p) {
    throw new UsageError(`--predictions ${pred.predictions}: needs the strata file of a sample drawn with --predictions ${pred.predictions} (it holds the model's predictions on every document)${path ? `; ${path} has none` : ''}`);
  }
  if (p.attr !== pred.predictions || p.means !== pred.predictionsMean) {
    throw new UsageError(`--predictions ${pred.predictions} (P(${pred.predictionsMean})): ${path} was sampled with --predictions ${p.attr} (P(${p.means}))`);
  }
  if (p.fingerprint !== design.fingerprint) throw new UsageError(`--predictions ${p.attr}: ${path} holds predictions of filter ${p.fingerprint}, not of the sampled filter ${design.fingerprint}`);
}

/** A labeled document's P(bad) (and, in an active sample, its inclusion probability), checked against what sample recorded. */
function labeledPrediction(
  attrs: Readonly<Record<string, number>>,
  pred: PredictionFlags & { predictions: string },
  sample: { prediction?: number; inclusion_probability?: number } | undefined,
  file: string,
  line: number,
  id: unknown,
): { prediction: number; probability?: number } {
  const docId = typeof id === 'string' ? id : undefined;
  const prediction = predictionOf(attrs, pred, file, line, docId);
  // The model that scores the labeled texts now must be the one that scored the corpus at sampling.
  if (sample?.prediction !== undefined && Math.abs(sample.prediction - prediction) > 1e-9) {
    throw new DataError(`--predictions ${pred.predictions}: document ${JSON.stringify(docId ?? '')} was sampled with P(bad) = ${sample.prediction}, but this config gives ${prediction}: the predictions come from another model`, file, line);
  }
  const pi = sample?.inclusion_probability;
  return pi === undefined ? { prediction } : { prediction, probability: pi };
}

async function readStrata(path: string): Promise<StrataDesign> {
  if (!(await store.exists(path))) throw new UsageError(`No such strata file: ${path}`);
  return parseStrata(await store.readText(path), path);
}

async function readCorpus(path: string, fp: string): Promise<CorpusCounts> {
  if (!(await store.exists(path))) throw new UsageError(`No such stats file: ${path}`);
  let s;
  try {
    s = parseStatsFile(await store.readText(path), path);
  } catch (e) {
    throw new UsageError(`Cannot read stats ${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (s.fingerprint !== fp) {
    throw new UsageError(`${path} comes from filter ${s.fingerprint}, not ${fp}: its drop counts are another filter's`);
  }
  const t = s.tokens ?? s.chars;
  return {
    docs: s.docs.in - s.docs.errors, dropped: s.docs.dropped, kept: s.docs.kept,
    droppedTokens: t.dropped, keptTokens: t.kept + t.removed, unit: s.tokens ? 'tokens' : 'characters',
    rules: Object.fromEntries(Object.entries(s.rules).map(([r, x]) => [r, { hits: x.hits, exclusive: x.exclusive }])),
  };
}

const p = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '   -  ' : `${(100 * x).toFixed(1).padStart(5)} %`);

/** The readable summary on stdout. */
/** A row of the audit's per-rule table (src/audit/audit.ts ruleTable). */
interface RuleRow {
  labeled_hits: number;
  precision: { estimate: number; lo: number; hi: number };
}
/** Wide enough for every datatrove reason (the longest, gopher_quality/gopher_below_alpha_threshold, has 43); 80 columns in all. */
const RULE_WIDTH = 43;

export function renderAuditSummary(r: AuditResult, unlabeled = 0): string {
  const L = r.labels;
  const c = r.confusion.docs;
  const lines = [
    `winnow audit of ${r.fingerprint}`,
    `  ${L.n} labels (${L.bad} bad, ${L.good} good${unlabeled ? `, ${unlabeled} unlabeled skipped` : ''}); design: ${r.design}`,
    `  labeled sample: TP ${c.tp}  FP ${c.fp}  FN ${c.fn}  TN ${c.tn}   (positive = bad = dropped)`,
    '',
    `  metric         estimate   ${Math.round((1 - r.alpha) * 100)} % interval       one-sided upper`,
  ];
  for (const name of ['precision', 'recall', 'fdr', 'fpr', 'for', 'specificity', 'f1', 'mcc', 'token_fdr', 'token_for']) {
    const m = r.metrics[name];
    if (!m) continue;
    lines.push(`  ${name.padEnd(12)}  ${p(m.estimate)}   [${p(m.lo)}, ${p(m.hi)}]   ${m.upper !== undefined ? `<= ${p(m.upper)}` : ''}`);
    const c = m.classical;
    if (c) lines.push(`    classical   ${p(c.estimate)}   [${p(c.lo)}, ${p(c.hi)}]   ${c.upper !== undefined ? `<= ${p(c.upper)}` : ''}`);
  }
  const rules = Object.entries(r.rules as Record<string, RuleRow>).sort((x, y) => y[1].labeled_hits - x[1].labeled_hits || (x[0] < y[0] ? -1 : 1));
  if (rules.length) {
    // Which rules drop good documents: precision per rule on the labels that rule flagged.
    lines.push('', `  ${'rule'.padEnd(RULE_WIDTH)} ${'n'.padStart(5)} precision [${Math.round((1 - r.alpha) * 100)} % interval]`, '  (n: the labeled documents the rule flagged)');
    for (const [name, row] of rules.slice(0, 20)) {
      lines.push(`  ${middleEllipsis(name, RULE_WIDTH).padEnd(RULE_WIDTH)} ${String(row.labeled_hits).padStart(5)} ${p(row.precision.estimate)} [${p(row.precision.lo)}, ${p(row.precision.hi)}]`);
    }
    if (rules.length > 20) lines.push(`  … ${rules.length - 20} more rules in the audit record (rules)`);
  }
  if (r.predictions) lines.push('', ...ppiLines(r.predictions));
  if (r.projection?.sentence) lines.push('', `  ${r.projection.sentence}`);
  if (r.agreement) lines.push('', `  annotators: kappa ${r.agreement.kappa.toFixed(3)}, raw agreement ${p(r.agreement.observed)}, PABAK ${r.agreement.pabak.toFixed(3)} (n = ${r.agreement.n})`);
  for (const n of r.notes) lines.push(`  note: ${n}`);
  const v = r.verdict;
  lines.push('', `  verdict: ${v.pass ? 'PASS' : 'FAIL'} at ${v.metric} budget ${p(v.max_fdr)} (upper bound ${p(v.fdr_upper ?? undefined)})`);
  for (const reason of v.reasons) lines.push(wrap(reason, 80, '    - '));
  return lines.join('\n') + '\n';
}

/** What the model bought: the estimator, and the labels' worth in classical labels. */
function ppiLines(s: NonNullable<AuditResult['predictions']>): string[] {
  const out = [`  ${s.estimator} with the predictions of ${s.attr} (P(${s.means})); the rows above are PPI++, "classical" from the labels alone`];
  const worth = (what: string, g?: { labels: number; classical_labels: number }) =>
    g && out.push(`  ${what}: these ${g.labels} labels are worth ≈ ${g.classical_labels} classical labels`);
  worth('FDR (dropped documents)', s.label_equivalent.fdr);
  worth('FOR (kept documents)', s.label_equivalent.for);
  out.push(`  λ per stratum: ${Object.entries(s.lambda).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ')}`);
  return out;
}

/** `audit plan --predictions ATTR --strata FILE`: the labels a budget needs with the model and without, from the predictions' spread. */
async function planWithPredictions(a: ArgumentsCamelCase<AuditArgs>): Promise<string[]> {
  if (!a.strata || a.strata === 'none') throw new UsageError(`audit plan --predictions ${a.predictions}: give the strata file of a sample drawn with --predictions (--strata FILE)`);
  const design = await readStrata(a.strata);
  checkDesignPredictions(design, a.strata, { predictions: a.predictions!, predictionsMean: a.predictionsMean });
  const out = [`With the predictions of ${a.predictions} in ${a.strata}, if the model is calibrated:`];
  for (const [flagged, name, side] of [[true, 'FDR', 'dropped'], [false, 'FOR', 'kept']] as const) {
    const plan = ppiPlan(design.strata, design.predictions!, flagged);
    if (!plan) continue;
    out.push(`  ${name} ≈ ${p(plan.rate).trim()} by the model; each label of a ${side} document is worth ≈ ${plan.worth.toFixed(2)} classical labels`);
    if (a.halfWidth !== undefined) {
      const size = (sd: 'classicalSd' | 'ppiSd') => stratifiedSampleSize({ halfWidth: a.halfWidth!, alpha: a.alpha, strata: plan.strata.map((s) => ({ weight: s.weight, sd: s[sd] })) });
      out.push(`    for ±${p(a.halfWidth).trim()} on ${name}: ${size('classicalSd')} labels of ${side} documents without the model, ${size('ppiSd')} with it (Neyman allocation)`);
    }
    if (flagged && a.budget !== undefined) {
      const expected = a.expectedFdr ?? plan.rate;
      if (expected < a.budget) {
        const g = gatingSampleSize({ budget: a.budget, trueRate: expected, alpha: a.alpha });
        out.push(`    to certify FDR <= ${p(a.budget).trim()} at a true FDR of ${p(expected).trim()}: ${g.sustained} labels without the model, ≈ ${Math.ceil(g.sustained / plan.worth)} with it`);
      } else out.push(`    the model puts FDR at ${p(expected).trim()}, at or above the budget ${p(a.budget).trim()}: no sample certifies it`);
    }
  }
  return out;
}

async function plan(a: ArgumentsCamelCase<AuditArgs>, io: Io): Promise<number> {
  const out: string[] = [];
  for (const [k, v] of [['--budget', a.budget], ['--expected-fdr', a.expectedFdr], ['--half-width', a.halfWidth], ['--alpha', a.alpha]] as const) {
    if (v !== undefined && !(v > 0 && v < 1)) throw new UsageError(`Expected \`${k}\` to be a number between 0 and 1, got ${v}`);
  }
  if (a.budget !== undefined && a.expectedFdr !== undefined && !(a.expectedFdr < a.budget)) {
    throw new UsageError(`Expected \`--expected-fdr\` below \`--budget\` (${a.budget}), got ${a.expectedFdr}: no sample certifies a budget the true FDR already exceeds`);
  }
  if (a.budget !== undefined && a.expectedFdr !== undefined) {
    // Stratified labels are worth fewer simple random ones: the design effect of the strata file, or an assumed one.
    const strata = a.strata && a.strata !== 'none' ? (await readStrata(a.strata)).strata.filter((s) => s.flagged).map((s) => ({ size: s.population_docs, n: s.sample_size })) : null;
    const deff = strata ? designEffect(strata) : DEFAULT_DESIGN_EFFECT;
    const g = gatingSampleSize({ budget: a.budget, trueRate: a.expectedFdr, alpha: a.alpha, designEffect: deff });
    out.push(`To certify FDR <= ${p(a.budget)} at ${Math.round((1 - a.alpha) * 100)} % when the true FDR is ${p(a.expectedFdr)}, with 80 % power:`,
      `  label ${g.sustained} dropped documents (power is >= 80 % from there on; it first reaches 80 % at ${g.minimum}, then dips: the binomial sawtooth)`,
      `  design effect ${deff.toFixed(2)} ${strata ? `from ${a.strata}` : `assumed for winnow sample's strata (pass --strata FILE for your sample's)`}; winnow sample gives half its -n to dropped strata, so -n ${2 * g.sustained}`);
  }
  if (a.budget !== undefined) out.push(`  with zero good documents among them, ${zeroFailureSampleSize(a.budget, a.alpha)} labels prove FDR <= ${p(a.budget)}`);
  if (a.halfWidth !== undefined) out.push(`For a ±${p(a.halfWidth)} interval on a proportion (worst case p = 0.5): ${srsSampleSize({ halfWidth: a.halfWidth, alpha: a.alpha })} labels per estimated rate`);
  if (a.predictions) out.push('', ...(await planWithPredictions(a)));
  if (!out.length) throw new UsageError('audit plan: give --budget (and --expected-fdr), or --half-width');
  io.out(out.join('\n') + '\n');
  return 0;
}
