/**
 * `winnow audit (-c FILE | --preset NAME) --labels FILE -o audit.json`: the filter measured on
 * hand labels, with intervals, per-rule numbers, threshold sweeps, the corpus projection (with
 * `--stats`) and a verdict bound to the filter's fingerprint. `winnow audit plan` sizes a budget.
 */
import type { ArgumentsCamelCase, Argv } from 'yargs';
import { runAudit, type AuditItem, type AuditResult, type CorpusCounts, type StrataDesign, type SweepRule } from '../../audit/audit.ts';
import { gatingSampleSize, srsSampleSize, zeroFailureSampleSize } from '../../audit/planner.ts';
import { DataError, UsageError } from '../../errors.ts';
import { getField } from '../../io/fields.ts';
import * as store from '../../io/store.ts';
import { readBytes } from '../../io/source.ts';
import { writeFileAtomic } from '../../io/writer.ts';
import { openSession } from '../../exec/session.ts';
import { isThresholdRule } from '../../rules/threshold.ts';
import { parseStats } from '../../stats/stats.ts';
import { codePointLength } from '../../text/codepoints.ts';
import { loadConfig, withConfigFlags, type ConfigFlags } from '../config-flags.ts';
import type { Io } from '../io.ts';
import { strataPathOf } from './sample.ts';

interface AuditArgs extends ConfigFlags {
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
  withConfigFlags(y)
    .positional('action', { choices: ['plan'] as const, describe: 'plan: how many labels a budget needs' })
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
    .example('$0 audit plan --budget 0.1 --expected-fdr 0.05', 'labels needed to certify FDR <= 10 %');

export async function run(a: ArgumentsCamelCase<AuditArgs>, io: Io): Promise<number> {
  if (a.action === 'plan') return plan(a, io);
  if (!a.labels) throw new UsageError('Expected `--labels FILE`');
  if (!a.out) throw new UsageError('Expected `-o audit.json`');
  for (const [k, v] of [['--max-fdr', a.maxFdr], ['--alpha', a.alpha], ['--min-recall', a.minRecall]] as const) {
    if (v !== undefined && !(v > 0 && v < 1)) throw new UsageError(`Expected \`${k}\` to be a number between 0 and 1, got ${v}`);
  }
  const { config, vocabulary, fingerprint: fp } = await loadConfig(a);
  const bad = new Set((a.badValues ?? 'bad').split(',').map((s) => s.trim()));
  const records = await readLabels(a.labels);
  const strataPath = a.strata === 'none' ? null : (a.strata ?? ((await store.exists(strataPathOf(a.labels))) ? strataPathOf(a.labels) : null));
  const design = strataPath ? await readStrata(strataPath) : null;
  if (design && design.fingerprint !== fp) {
    throw new UsageError(
      `${strataPath} was sampled with filter ${design.fingerprint}, but this audit is of ${fp}: the strata do not describe this filter's flags. ` +
        'Audit with the config that sampled, or pass --strata none to treat the labels as a simple random sample.',
    );
  }
  const session = openSession(config, vocabulary);
  const { evaluator, tokenizer: tok } = session;
  const items: AuditItem[] = [];
  const values = new Map<string, number>(); // label value → records
  let unlabeled = 0;
  try {
    for (const { rec, where } of records) {
      const label = getField(rec, a.labelField);
      if (label === undefined || label === null || label === '') {
        unlabeled++;
        continue;
      }
      values.set(String(label), (values.get(String(label)) ?? 0) + 1);
      const text = getField(rec, a.textField);
      if (typeof text !== 'string') throw new UsageError(`${where}: missing string "${a.textField}"`);
      const second = a.secondLabelField ? getField(rec, a.secondLabelField) : undefined;
      const enc = tok?.encode(text);
      const { scored, reasons } = evaluator.evaluate(text, enc ? () => enc.ids : undefined);
      const sample = rec.winnow_sample as { stratum?: string } | undefined;
      if (design && !sample?.stratum) throw new UsageError(`${where}: no winnow_sample.stratum, but a strata file is in use (pass --strata none?)`);
      items.push({
        bad: bad.has(String(label)),
        ...(second !== undefined && second !== null && { bad2: bad.has(String(second)) }),
        reasons, attrs: scored.attrs,
        weight: enc ? enc.ids.length : codePointLength(text),
        ...(sample?.stratum && { stratum: sample.stratum }),
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
  const corpus = a.stats ? await readCorpus(a.stats, fp) : null;
  const sweepRules: SweepRule[] = evaluator.filters.flatMap((f) =>
    f.rules.filter(isThresholdRule).map((r) => ({ reason: r.reason, attr: r.attr, op: r.op, threshold: r.threshold })),
  );
  const result = runAudit(items, design, corpus, { fingerprint: fp, alpha: a.alpha, maxFdr: a.maxFdr, minRecall: a.minRecall, sweepRules });
  const record = { ...result, inputs: { labels: a.labels, strata: strataPath, stats: a.stats ?? null, label_field: a.labelField, bad_values: [...bad], unlabeled } };
  await writeFileAtomic(a.out, JSON.stringify(record, null, 1) + '\n');
  io.out(renderAuditSummary(result, unlabeled));
  io.err(`winnow: audit written to ${a.out}\n`);
  return 0;
}

/** Labeled records; labeler output is de-duplicated by `label_item` (the last answer wins). */
async function readLabels(path: string): Promise<{ rec: Record<string, unknown>; where: string }[]> {
  if (!(await store.exists(path))) throw new UsageError(`No such file: ${path}`);
  const out = new Map<string, { rec: Record<string, unknown>; where: string }>();
  // A UTF-8 byte order mark is accepted, as in shards.
  (await store.readText(path)).split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let rec: unknown;
    try {
      rec = JSON.parse(line);
    } catch (e) {
      throw new DataError(`expected one labeled record (a JSON object) per line, got malformed JSON (${e instanceof Error ? e.message : String(e)})`, path, i + 1);
    }
    if (!rec || typeof rec !== 'object' || Array.isArray(rec)) throw new DataError('expected one labeled record (a JSON object) per line', path, i + 1);
    const r = rec as Record<string, unknown>;
    const key = typeof r.label_item === 'number' ? `item:${r.label_item}` : `line:${i + 1}`;
    out.delete(key);
    out.set(key, { rec: r, where: `${path}:${i + 1}` });
  });
  return [...out.values()];
}

async function readStrata(path: string): Promise<StrataDesign> {
  if (!(await store.exists(path))) throw new UsageError(`No such strata file: ${path}`);
  const j = JSON.parse(await store.readText(path)) as StrataDesign;
  if (!j.strata || !j.fingerprint) throw new UsageError(`${path}: not a strata file from winnow sample`);
  return j;
}

async function readCorpus(path: string, fp: string): Promise<CorpusCounts> {
  if (!(await store.exists(path))) throw new UsageError(`No such stats file: ${path}`);
  let s;
  try {
    s = parseStats((await readBytes(path)).toString('utf8'));
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
  }
  if (r.projection?.sentence) lines.push('', `  ${r.projection.sentence}`);
  if (r.agreement) lines.push('', `  annotators: kappa ${r.agreement.kappa.toFixed(3)}, raw agreement ${p(r.agreement.observed)}, PABAK ${r.agreement.pabak.toFixed(3)} (n = ${r.agreement.n})`);
  for (const n of r.notes) lines.push(`  note: ${n}`);
  const v = r.verdict;
  lines.push('', `  verdict: ${v.pass ? 'PASS' : 'FAIL'} at ${v.metric} budget ${p(v.max_fdr)} (upper bound ${p(v.fdr_upper ?? undefined)})`);
  for (const reason of v.reasons) lines.push(`    - ${reason}`);
  return lines.join('\n') + '\n';
}

function plan(a: ArgumentsCamelCase<AuditArgs>, io: Io): number {
  const out: string[] = [];
  for (const [k, v] of [['--budget', a.budget], ['--expected-fdr', a.expectedFdr], ['--half-width', a.halfWidth], ['--alpha', a.alpha]] as const) {
    if (v !== undefined && !(v > 0 && v < 1)) throw new UsageError(`Expected \`${k}\` to be a number between 0 and 1, got ${v}`);
  }
  if (a.budget !== undefined && a.expectedFdr !== undefined && !(a.expectedFdr < a.budget)) {
    throw new UsageError(`Expected \`--expected-fdr\` below \`--budget\` (${a.budget}), got ${a.expectedFdr}: no sample certifies a budget the true FDR already exceeds`);
  }
  if (a.budget !== undefined && a.expectedFdr !== undefined) {
    const g = gatingSampleSize({ budget: a.budget, trueRate: a.expectedFdr, alpha: a.alpha });
    out.push(`To certify FDR <= ${p(a.budget)} at ${Math.round((1 - a.alpha) * 100)} % when the true FDR is ${p(a.expectedFdr)}, with 80 % power:`,
      `  label ${g.sustained} dropped documents (power is >= 80 % from there on; it first reaches 80 % at ${g.minimum}, then dips: the binomial sawtooth)`);
  }
  if (a.budget !== undefined) out.push(`  with zero good documents among them, ${zeroFailureSampleSize(a.budget, a.alpha)} labels prove FDR <= ${p(a.budget)}`);
  if (a.halfWidth !== undefined) out.push(`For a ±${p(a.halfWidth)} interval on a proportion (worst case p = 0.5): ${srsSampleSize({ halfWidth: a.halfWidth, alpha: a.alpha })} labels per estimated rate`);
  if (!out.length) throw new UsageError('audit plan: give --budget (and --expected-fdr), or --half-width');
  io.out(out.join('\n') + '\n');
  return 0;
}
