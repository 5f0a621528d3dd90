/** The Markdown report's sections on the audit: verdict and metrics, learned screen, attributes. */
import { mdInline } from './escape.ts';
import { compact, count, markText, pct, pctRange, ratio, value } from './format.ts';
import { bullet, heading, para } from './markdown-blocks.ts';
import { table, wrap, WIDTH } from './text-layout.ts';
import type { Summary } from './summary.ts';

export function audit(s: Summary): string[] {
  const a = s.audit;
  if (!a) return [heading(2, 'Audit'), '', para('No audit attached (--audit audit.json).')];
  const v = a.verdict;
  const level = Math.round((1 - a.alpha) * 100);
  const out = [
    heading(2, 'Audit'),
    '',
    para(
      `**Verdict: ${v.pass ? 'PASS' : 'FAIL'}** — ${mdInline(v.metric)} one-sided ${level} % upper bound ${pct(v.fdr_upper)} against a budget of ${pct(v.max_fdr)}` +
        (v.min_recall !== undefined
          ? `; recall lower bound ${pct(v.recall_lower)} against a minimum of ${pct(v.min_recall)}`
          : '') +
        `. ${count(a.labels.n)} labels (${count(a.labels.bad)} bad, ${count(a.labels.good)} good), design: ${mdInline(a.design)}.`,
    ),
  ];
  for (const r of v.reasons) out.push(bullet(mdInline(r)));
  if (a.projection.sentence) out.push('', wrap(a.projection.sentence, WIDTH, '> ', '> '));
  if (a.projection.sample_mismatch)
    out.push('', para(`**Not projected.** ${mdInline(a.projection.sample_mismatch)}`));
  const c = a.confusion.docs;
  const t = a.confusion.tokens;
  out.push(
    '',
    para('Confusion matrix of the labeled sample (positive = bad = dropped):'),
    '',
    table(
      [
        { header: '' },
        { header: 'labeled bad', right: true },
        { header: 'labeled good', right: true },
        { header: `bad (${s.funnel.unit})`, right: true },
        { header: `good (${s.funnel.unit})`, right: true },
      ],
      [
        ['dropped', `TP ${count(c.tp)}`, `FP ${count(c.fp)}`, compact(t.tp), compact(t.fp)],
        ['kept', `FN ${count(c.fn)}`, `TN ${count(c.tn)}`, compact(t.fn), compact(t.tn)],
      ],
    ),
    '',
    table(
      [
        { header: 'metric', data: true },
        { header: 'estimate', right: true },
        { header: `${level} % interval`, right: true },
        { header: 'upper bound', right: true },
      ],
      a.metrics.map((m) => [
        m.name,
        pct(m.estimate),
        `${pctRange(m.lo, m.hi)}`,
        m.upper === null ? '' : `≤ ${pct(m.upper)}`,
      ]),
    ),
  );
  const methods = new Map<string, string[]>();
  for (const m of a.metrics) methods.set(m.method, [...(methods.get(m.method) ?? []), m.name]);
  out.push(
    '',
    para(
      `Intervals: ${[...methods].map(([k, names]) => `${mdInline(k || 'unknown')} (${names.map(mdInline).join(', ')})`).join('; ')}.`,
    ),
  );
  if (a.rules.length) {
    out.push(
      '',
      para(
        'Per rule, on the labeled sample (n: labeled documents it fired on; precision: the share of them that are bad):',
      ),
      '',
      table(
        [
          { header: 'rule', data: true },
          { header: 'n', right: true },
          { header: 'precision', right: true },
          { header: `${level} % interval`, right: true },
        ],
        a.rules.map((r) => [
          r.rule,
          count(r.labeled_hits),
          pct(r.precision?.estimate),
          r.precision ? pctRange(r.precision.lo, r.precision.hi) : '–',
        ]),
      ),
    );
  }
  if (a.curves.length) {
    out.push(
      '',
      para(
        'Threshold sweeps (AUC of the attribute against the labels; suggested: the most lenient threshold whose FDR bound stays within budget):',
      ),
      '',
      table(
        [
          { header: 'attribute', data: true },
          { header: 'now' },
          { header: 'AUC', right: true },
          { header: 'suggested' },
        ],
        a.curves.map((k) => [
          k.attr,
          markText(k.current),
          ratio(k.auc.estimate),
          k.recommended ? markText(k.recommended) : '–',
        ]),
      ),
    );
  }
  if (a.agreement) {
    const g = a.agreement;
    out.push(
      '',
      para(
        `Two annotators (n = ${count(g.n)}): Cohen's kappa ${ratio(g.kappa)} [${ratio(g.lo)}, ${ratio(g.hi)}], raw agreement ${pct(g.observed)}, PABAK ${ratio(g.pabak)}.`,
      ),
    );
  }
  if (a.notes.length) out.push('', ...a.notes.map((n) => bullet(`note: ${mdInline(n)}`)));
  return out;
}

export function learned(s: Summary): string[] {
  const l = s.learned;
  if (!l) return [];
  const auc = (a: { estimate: number | null; lo: number | null; hi: number | null }) =>
    `${ratio(a.estimate)}${a.lo !== null && a.hi !== null ? ` [${ratio(a.lo)}, ${ratio(a.hi)}]` : ''}`;
  const out = [heading(2, 'Learned screen and heuristics')];
  if (l.labels) {
    out.push(
      '',
      para(
        `ROC AUC of each score on the ${count(l.labels.n)} audit labels (${count(l.labels.bad)} bad, ${count(l.labels.good)} good), ` +
          "the quality model's p_bad beside every heuristic the audit swept (the HTML report draws the curves):",
      ),
      '',
    );
    out.push(
      table(
        [
          { header: 'attribute', data: true },
          { header: 'AUC', right: true },
        ],
        l.roc.map((r) => [`${r.attr}${r.learned ? ' (learned)' : ''}`, auc(r.auc)]),
      ),
    );
  }
  for (const m of l.models) {
    out.push(
      '',
      para(
        `Model ${mdInline(m.model)}: ${count(m.labels.n)} training labels (${count(m.labels.bad)} bad, ${count(m.labels.good)} good)` +
          (m.cv_auc
            ? `, cross-fitted AUC ${auc(m.cv_auc)} (on the training labels; dropping still needs an audit).`
            : '.'),
      ),
    );
    if (!m.top) continue;
    const rows = Array.from({ length: Math.max(m.top.bad.length, m.top.good.length) }, (_, i) => {
      const cell = (x?: { ngram: string; weight: number }) =>
        x ? `${x.ngram} ${x.weight.toFixed(2)}` : '';
      return [cell(m.top!.bad[i]), cell(m.top!.good[i])];
    });
    out.push(
      '',
      table(
        [
          { header: 'toward bad', data: true },
          { header: 'toward good', data: true },
        ],
        rows,
      ),
    );
  }
  return out;
}

export function attributes(s: Summary): string[] {
  const marked = s.attributes.filter((x) => x.thresholds.length);
  const other = s.attributes.filter((x) => !x.thresholds.length);
  const out = [
    heading(2, 'Attributes'),
    '',
    para(
      `${s.thresholds.note} Medians of kept and dropped documents (from the stats' log bins, ±2 %); the HTML report has the histograms.`,
    ),
  ];
  if (marked.length) {
    out.push(
      '',
      table(
        [
          { header: 'attribute', data: true },
          { header: 'drops when' },
          { header: 'kept p50', right: true },
          { header: 'dropped p50', right: true },
        ],
        marked.map((x) => [
          x.attr,
          x.thresholds.map(markText).join(', '),
          value(x.kept.quantiles.p50),
          value(x.dropped.quantiles.p50),
        ]),
      ),
    );
  }
  if (other.length) {
    out.push(
      '',
      para(marked.length ? 'Attributes without a threshold:' : 'Attributes:'),
      '',
      table(
        [
          { header: 'attribute', data: true },
          { header: 'kept p50', right: true },
          { header: 'dropped p50', right: true },
        ],
        other.map((x) => [x.attr, value(x.kept.quantiles.p50), value(x.dropped.quantiles.p50)]),
      ),
    );
  }
  return out;
}
