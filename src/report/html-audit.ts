/** The HTML report's sections on the audit: verdict and metrics, learned screen, attributes. */
import { renderSvg } from './charts.ts';
import { metricsSpec, prSpec, rocSpec } from './chart-audit.ts';
import { histogramSpec } from './chart-histogram.ts';
import { compact, count, markText, pct, pctRange, ratio, value } from './format.ts';
import { figure, t, td, th, tv } from './html-blocks.ts';
import type { LearnedSummary } from './learned.ts';
import type { AttributeRow, Summary } from './summary.ts';

/** The learned screen beside the heuristics: ROC curves on the audit's labels, what each model weighs most. */
export async function learned(l: LearnedSummary): Promise<string> {
  const auc = (a: { estimate: number | null; lo: number | null; hi: number | null }) =>
    `${ratio(a.estimate)}${a.lo !== null && a.hi !== null ? ` <span class="meta">[${ratio(a.lo)}, ${ratio(a.hi)}]</span>` : ''}`;
  const rows = l.roc.map(
    (r) =>
      `<tr>${td(`${r.learned ? '<strong>' : ''}${t(r.attr)}${r.learned ? '</strong> (learned)' : ''}`, 'name')}${td(t(r.rule), 'name')}${td(auc(r.auc), 'n')}</tr>`,
  );
  const grams = (xs: { ngram: string; weight: number }[]) =>
    xs
      .map(
        (x) =>
          `<span class="tag">${t(x.ngram)}</span> <span class="meta">${x.weight.toFixed(2)}</span>`,
      )
      .join('<br>');
  const models = l.models.map((m) =>
    [
      `<h3>Model <span class="mono">${t(m.model)}</span></h3>`,
      `<p>Trained on ${count(m.labels.n)} labels (${count(m.labels.bad)} bad, ${count(m.labels.good)} good), λ ${m.lambda}${m.cv_auc ? `; cross-fitted AUC ${auc(m.cv_auc)} (estimated on the training labels by cross-fitting; dropping still needs an audit on a fresh sample)` : ''}.</p>`,
      m.top
        ? `<table>${th(['weighs toward bad (weight)', 'weighs toward good (weight)'])}<tr>${td(grams(m.top.bad))}${td(grams(m.top.good))}</tr></table><p class="meta">Each hashed feature is named by the word or word pair that fills it most often in the training texts.</p>`
        : '<p class="meta">This model file does not name its top n-grams (trained before the header carried them).</p>',
    ].join('\n'),
  );
  return [
    `<section id="learned"><h2>Learned screen and heuristics</h2>`,
    ...(l.labels
      ? [
          `<p>How well each score separates the ${count(l.labels.n)} audit labels (${count(l.labels.bad)} bad, ${count(l.labels.good)} good; design ${t(l.labels.design)}): the ROC curve of the quality model's p_bad beside every heuristic score the audit swept. Higher and further left is better; the dashed diagonal is chance.</p>`,
          figure(
            await renderSvg(
              rocSpec(l),
              'ROC curves of the learned screen and the heuristic scores on the audit labels',
            ),
          ),
          `<table>${th(['attribute', 'rule', ['AUC', 'n']])}${rows.join('')}</table>`,
        ]
      : ['<p>No audit with ROC curves attached (<code>--audit audit.json</code>).</p>']),
    ...models,
    `</section>`,
  ].join('\n');
}

export async function audit(s: Summary): Promise<string> {
  const a = s.audit;
  if (!a)
    return `<section id="audit"><h2>Audit</h2><p class="warn">No audit attached. ${s.status.audited ? 'The run passed the audit gate; pass <code>--audit audit.json</code> to show its numbers.' : 'Nothing certifies what these rules drop: label a sample (<code>winnow sample</code>, <code>winnow label</code>) and run <code>winnow audit</code>.'}</p></section>`;
  const v = a.verdict;
  const level = Math.round((1 - a.alpha) * 100);
  const c = a.confusion.docs;
  const k = a.confusion.tokens;
  const metrics = a.metrics.map(
    (m) =>
      `<tr>${td(t(m.name), 'name')}${td(pct(m.estimate), 'n')}${td(pctRange(m.lo, m.hi), 'n')}${td(m.upper === null ? '' : `≤ ${pct(m.upper)}`, 'n')}${td(t(m.method))}</tr>`,
  );
  const perRule = a.rules.map(
    (r) =>
      `<tr>${td(t(r.rule), 'name')}${td(count(r.labeled_hits), 'n')}${td(count(r.labeled_exclusive), 'n')}${td(pct(r.precision?.estimate), 'n')}${td(r.precision ? pctRange(r.precision.lo, r.precision.hi) : '–', 'n')}${td(pct(r.exclusive_precision?.estimate), 'n')}</tr>`,
  );
  const curves = a.curves.filter((x) => x.points.length >= 2);
  const prFigures: string[] = [];
  for (const x of curves)
    prFigures.push(
      figure(
        await renderSvg(prSpec(x), `Precision against recall as the threshold on ${x.attr} moves`),
      ),
    );
  const sweeps = a.curves.map(
    (x) =>
      `<tr>${td(t(x.attr), 'name')}${td(t(x.rule), 'name')}${td(t(markText(x.current)), 'n')}${td(`${ratio(x.auc.estimate)}${x.auc.lo !== null && x.auc.hi !== null ? ` <span class="meta">[${ratio(x.auc.lo)}, ${ratio(x.auc.hi)}]</span>` : ''}`, 'n')}${td(x.recommended ? t(markText(x.recommended)) : '–', 'n')}${td(x.recommended ? pct(x.recommended.recall) : '–', 'n')}</tr>`,
  );
  const g = a.agreement;
  return [
    `<section id="audit"><h2>Audit</h2>`,
    `<p><span class="${v.pass ? 'ok' : 'bad'}">Verdict: ${v.pass ? 'PASS' : 'FAIL'}</span> — ${t(v.metric)} one-sided ${level} % upper bound ${pct(v.fdr_upper)} against a budget of ${pct(v.max_fdr)}${v.min_recall !== undefined ? `; recall lower bound ${pct(v.recall_lower)} against a minimum of ${pct(v.min_recall)}` : ''}. ${count(a.labels.n)} labels (${count(a.labels.bad)} bad, ${count(a.labels.good)} good), design: ${t(a.design)}. Audit of <span class="mono">${t(a.fingerprint)}</span>.</p>`,
    ...(v.reasons.length ? [`<ul>${v.reasons.map((r) => `<li>${t(r)}</li>`).join('')}</ul>`] : []),
    ...(a.projection.sentence ? [`<p class="projection">${t(a.projection.sentence)}</p>`] : []),
    ...(a.projection.sample_mismatch
      ? [`<p class="warn">${t(a.projection.sample_mismatch)}</p>`]
      : []),
    `<div class="grid"><div><h3>Confusion matrix (labeled sample)</h3><table>${th(['positive = bad = dropped', ['labeled bad', 'n'], ['labeled good', 'n']])}`,
    `<tr>${td('dropped')}${td(`TP ${count(c.tp)}<br><span class="meta">${compact(k.tp)} ${s.funnel.unit}</span>`, 'n')}${td(`FP ${count(c.fp)}<br><span class="meta">${compact(k.fp)} ${s.funnel.unit}</span>`, 'n')}</tr>`,
    `<tr>${td('kept')}${td(`FN ${count(c.fn)}<br><span class="meta">${compact(k.fn)} ${s.funnel.unit}</span>`, 'n')}${td(`TN ${count(c.tn)}<br><span class="meta">${compact(k.tn)} ${s.funnel.unit}</span>`, 'n')}</tr></table></div>`,
    `<div><h3>Metrics</h3>${figure(await renderSvg(metricsSpec(a), 'Audit metrics with their intervals (the table below has the numbers)'))}</div></div>`,
    `<table>${th(['metric', ['estimate', 'n'], [`${level} % interval`, 'n'], ['one-sided upper', 'n'], 'method'])}${metrics.join('')}</table>`,
    ...(perRule.length
      ? [
          `<h3>Per rule (labeled sample)</h3><table>${th(['rule', ['labeled hits', 'n'], ['only this rule', 'n'], ['precision', 'n'], [`${level} % interval`, 'n'], ['exclusive precision', 'n']])}${perRule.join('')}</table>`,
        ]
      : []),
    ...(sweeps.length
      ? [
          `<h3>Threshold sweeps</h3><p>Precision–recall on the labeled sample as each attribute's threshold moves. Red dot: the current threshold; green diamond: the most lenient threshold whose FDR bound stays within budget (fixed-sequence testing), when there is one.</p>`,
          `<table>${th(['attribute', 'rule', ['now', 'n'], ['AUC', 'n'], ['suggested', 'n'], ['recall there', 'n']])}${sweeps.join('')}</table>`,
          `<div class="grid">${prFigures.join('\n')}</div>`,
        ]
      : []),
    ...(g
      ? [
          `<p>Two annotators (n = ${count(g.n)}): Cohen's kappa ${ratio(g.kappa)} [${ratio(g.lo)}, ${ratio(g.hi)}], raw agreement ${pct(g.observed)}, PABAK ${ratio(g.pabak)}.</p>`,
        ]
      : []),
    ...a.notes.map((n) => `<p class="warn">Note: ${tv(n)}</p>`),
    `</section>`,
  ].join('\n');
}

export async function attributeFigure(x: AttributeRow): Promise<string> {
  const q = (h: AttributeRow['kept']) =>
    `p5 ${value(h.quantiles.p5)}, p50 ${value(h.quantiles.p50)}, p95 ${value(h.quantiles.p95)}`;
  const caption = `${x.thresholds.length ? `drops when ${x.thresholds.map((m) => `${t(m.rule)} ${t(markText(m))}`).join('; ')}. ` : ''}kept: ${q(x.kept)}; dropped: ${q(x.dropped)}`;
  return figure(
    await renderSvg(histogramSpec(x), `Histogram of ${x.attr}, kept and dropped documents`),
    caption,
  );
}

export async function attributes(s: Summary): Promise<string> {
  const marked = s.attributes.filter((x) => x.thresholds.length && x.bins.length);
  const other = s.attributes.filter((x) => !x.thresholds.length && x.bins.length);
  const figs: string[] = [];
  for (const x of marked) figs.push(await attributeFigure(x));
  const others: string[] = [];
  for (const x of other) others.push(await attributeFigure(x));
  return [
    `<section id="attributes"><h2>Attributes</h2>`,
    `<p>Distribution of each attribute over kept and dropped documents (share of each group per bin, from the stats' log bins, ±2 %). Dashed lines: the thresholds. ${t(s.thresholds.note)}</p>`,
    `<p class="legend"><span style="background: var(--kept)"></span>kept <span style="background: var(--dropped)"></span>dropped</p>`,
    `<div class="grid">${figs.join('\n')}</div>`,
    ...(others.length
      ? [
          `<details${marked.length ? '' : ' open'}><summary>${marked.length ? `${count(others.length)} attributes without a threshold` : `${count(others.length)} attributes`}</summary><div class="grid">${others.join('\n')}</div></details>`,
        ]
      : []),
    `</section>`,
  ].join('\n');
}
