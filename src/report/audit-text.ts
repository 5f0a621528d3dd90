/**
 * The audit as text for a terminal (what `winnow audit` prints on stdout): labels, the
 * confusion counts, every metric with its interval, the rules' precision, the verdict.
 */
import type { AuditResult } from '../audit/audit.ts';
import { middleEllipsis, wrap } from './text-layout.ts';

/** A rate as ` 12.3 %` (six columns), or `   -  ` when undefined or not finite. */
export const percentCell = (x: number | undefined): string =>
  x === undefined || !Number.isFinite(x) ? '   -  ' : `${(100 * x).toFixed(1).padStart(5)} %`;

const p = percentCell;

/** A row of the audit's per-rule table (src/audit/audit.ts ruleTable). */
interface RuleRow {
  labeled_hits: number;
  precision: { estimate: number; lo: number; hi: number };
}
/** Wide enough for every datatrove reason (the longest, gopher_quality/gopher_below_alpha_threshold, has 43); 80 columns in all. */
const RULE_WIDTH = 43;

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
  for (const name of [
    'precision',
    'recall',
    'fdr',
    'fpr',
    'for',
    'specificity',
    'f1',
    'mcc',
    'token_fdr',
    'token_for',
  ]) {
    const m = r.metrics[name];
    if (!m) continue;
    lines.push(
      `  ${name.padEnd(12)}  ${p(m.estimate)}   [${p(m.lo)}, ${p(m.hi)}]   ${m.upper !== undefined ? `<= ${p(m.upper)}` : ''}`,
    );
    const c = m.classical;
    if (c)
      lines.push(
        `    classical   ${p(c.estimate)}   [${p(c.lo)}, ${p(c.hi)}]   ${c.upper !== undefined ? `<= ${p(c.upper)}` : ''}`,
      );
  }
  const rules = Object.entries(r.rules as Record<string, RuleRow>).sort(
    (x, y) => y[1].labeled_hits - x[1].labeled_hits || (x[0] < y[0] ? -1 : 1),
  );
  if (rules.length) {
    // Which rules drop good documents: precision per rule on the labels that rule flagged.
    lines.push(
      '',
      `  ${'rule'.padEnd(RULE_WIDTH)} ${'n'.padStart(5)} precision [${Math.round((1 - r.alpha) * 100)} % interval]`,
      '  (n: the labeled documents the rule flagged)',
    );
    for (const [name, row] of rules.slice(0, 20)) {
      lines.push(
        `  ${middleEllipsis(name, RULE_WIDTH).padEnd(RULE_WIDTH)} ${String(row.labeled_hits).padStart(5)} ${p(row.precision.estimate)} [${p(row.precision.lo)}, ${p(row.precision.hi)}]`,
      );
    }
    if (rules.length > 20)
      lines.push(`  … ${rules.length - 20} more rules in the audit record (rules)`);
  }
  if (r.predictions) lines.push('', ...ppiLines(r.predictions));
  if (r.projection?.sentence) lines.push('', `  ${r.projection.sentence}`);
  if (r.agreement)
    lines.push(
      '',
      `  annotators: kappa ${r.agreement.kappa.toFixed(3)}, raw agreement ${p(r.agreement.observed)}, PABAK ${r.agreement.pabak.toFixed(3)} (n = ${r.agreement.n})`,
    );
  for (const n of r.notes) lines.push(`  note: ${n}`);
  const v = r.verdict;
  lines.push(
    '',
    `  verdict: ${v.pass ? 'PASS' : 'FAIL'} at ${v.metric} budget ${p(v.max_fdr)} (upper bound ${p(v.fdr_upper ?? undefined)})`,
  );
  for (const reason of v.reasons) lines.push(wrap(reason, 80, '    - '));
  return lines.join('\n') + '\n';
}

/** What the model bought: the estimator, and the labels' worth in classical labels. */
function ppiLines(s: NonNullable<AuditResult['predictions']>): string[] {
  const out = [
    `  ${s.estimator} with the predictions of ${s.attr} (P(${s.means})); the rows above are PPI++, "classical" from the labels alone`,
  ];
  const worth = (what: string, g?: { labels: number; classical_labels: number }) =>
    g &&
    out.push(
      `  ${what}: these ${g.labels} labels are worth ≈ ${g.classical_labels} classical labels`,
    );
  worth('FDR (dropped documents)', s.label_equivalent.fdr);
  worth('FOR (kept documents)', s.label_equivalent.for);
  out.push(
    `  λ per stratum: ${Object.entries(s.lambda)
      .map(([k, v]) => `${k} ${v.toFixed(2)}`)
      .join(', ')}`,
  );
  return out;
}
