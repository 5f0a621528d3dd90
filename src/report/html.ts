/**
 * The HTML report: one self-contained file that opens offline and needs no JavaScript. Charts are
 * inline SVG rendered in Node (charts.ts); styles are inline; nothing is fetched.
 *
 * Document text is hostile. Every string from the run goes through `escapeHtml` (text and
 * attribute values alike), no link or attribute is ever built from data, and a
 * Content-Security-Policy meta tag forbids scripts, so a second wall stands if the first breaks.
 *
 * Async only because vega renders asynchronously; the output depends on the Summary alone.
 */
import { COLORS, renderSvg, resetChartIds } from './charts.ts';
import { funnelSpec, matrixRules, overlapSpec, rulesSpec } from './chart-rules.ts';
import { metricsSpec, prSpec, rocSpec } from './chart-audit.ts';
import { histogramSpec } from './chart-histogram.ts';
import { clusterSizesSpec, sCurveSpec } from './chart-dedup.ts';
import type { LearnedSummary } from './learned.ts';
import { spansOfReasons } from './excerpt.ts';
import { escapeHtml, oneLine, visible } from './escape.ts';
import { compact, count, markText, pct, pctRange, ratio, share, value } from './format.ts';
import type { Counts } from '../stats/stats.ts';
import type { AttributeRow, ExampleDoc, Summary } from './summary.ts';

/** The page's policy: no scripts, no fetches, no frames, no forms, no base; inline styles and data: images only. */
export const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src 'none'; script-src 'none'; connect-src 'none'; object-src 'none'; frame-src 'none'; base-uri 'none'; form-action 'none'";

/** Escaped text of a one-line field (id, name): control characters made visible. */
const t = (s: string): string => escapeHtml(oneLine(s));
/** Escaped text of prose from the data that may span lines (notes, excerpts). */
const tv = (s: string): string => escapeHtml(visible(s));

const STYLE = `
:root { --kept: ${COLORS.kept}; --dropped: ${COLORS.dropped}; --errors: ${COLORS.errors}; --removed: ${COLORS.removed}; --ink: #1d2430; --muted: #5b6472; --line: #dfe3e8; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #f6f7f9; }
main { max-width: 1180px; margin: 0 auto; padding: 0 20px 40px; }
h1 { font-size: 22px; margin: 18px 0 6px; }
h2 { font-size: 18px; margin: 32px 0 10px; padding-top: 8px; border-top: 1px solid var(--line); }
h3 { font-size: 15px; margin: 20px 0 8px; }
p { margin: 6px 0; max-width: 80ch; }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
.banner { padding: 14px 20px; color: #fff; }
.banner .inner { max-width: 1180px; margin: 0 auto; display: flex; gap: 18px; align-items: center; }
.banner .label { font-size: 26px; font-weight: 800; letter-spacing: .04em; white-space: nowrap; }
.banner p { margin: 0; max-width: none; }
.banner.unaudited { background: #b3261e; }
.banner.unaudited .label::before { content: "\\26A0\\FE0E  "; }
.banner.pass { background: #2e7d32; }
.banner.fail, .banner.unknown { background: #b26a00; }
nav { margin: 10px 0; font-size: 13px; }
nav a { color: var(--kept); margin-right: 12px; text-decoration: none; }
.cards { display: flex; flex-wrap: wrap; gap: 10px; margin: 12px 0; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px; min-width: 130px; }
.card .n { font-size: 22px; font-weight: 700; }
.card .k { color: var(--muted); font-size: 12px; }
.card.kept .n { color: var(--kept); } .card.dropped .n { color: var(--dropped); } .card.errors .n { color: var(--errors); }
.projection { font-size: 17px; background: #fff; border-left: 4px solid var(--dropped); padding: 10px 14px; margin: 12px 0; max-width: 90ch; }
table { border-collapse: collapse; background: #fff; margin: 8px 0; font-size: 13px; }
th, td { border: 1px solid var(--line); padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: #eef1f4; font-weight: 600; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.name { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; word-break: break-all; }
.ok { color: #2e7d32; font-weight: 700; } .bad { color: #b3261e; font-weight: 700; }
.warn { background: #fff4e5; border: 1px solid #f0c36d; padding: 8px 12px; border-radius: 4px; margin: 8px 0; }
figure { margin: 8px 0; background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 8px; display: inline-block; max-width: 100%; overflow-x: auto; }
figure svg { display: block; max-width: 100%; height: auto; }
figcaption { color: var(--muted); font-size: 12px; margin-top: 4px; max-width: 60ch; }
.grid { display: flex; flex-wrap: wrap; gap: 10px; }
.grid > figure > figcaption { width: 0; min-width: 100%; overflow-wrap: anywhere; } /* as wide as the chart, never wider */
.legend span { display: inline-block; width: 12px; height: 12px; border-radius: 2px; vertical-align: -1px; margin: 0 4px 0 10px; opacity: .75; }
details { background: #fff; border: 1px solid var(--line); border-radius: 6px; margin: 8px 0; padding: 6px 12px; }
summary { cursor: pointer; font-weight: 600; }
.doc { border-top: 1px solid var(--line); padding: 8px 0; }
.doc:first-of-type { border-top: 0; }
.meta { color: var(--muted); font-size: 12.5px; }
p.meta { max-width: none; }
.tag { display: inline-block; background: #eef1f4; border-radius: 3px; padding: 0 5px; margin: 1px 2px; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 11.5px; }
.tag.this { background: #fde2e1; color: #8c1d18; }
pre.excerpt { white-space: pre-wrap; overflow-wrap: anywhere; background: #fbfbfc; border: 1px solid var(--line); border-radius: 4px; padding: 8px 10px; margin: 6px 0; max-height: 360px; overflow-y: auto; }
mark { background: #ffd8a8; color: inherit; border-bottom: 2px solid var(--removed); }
.cut { color: var(--muted); }
dl.run { display: grid; grid-template-columns: max-content 1fr; gap: 4px 14px; }
dl.run dt { color: var(--muted); } dl.run dd { margin: 0; word-break: break-all; }
`;

const th = (cells: readonly (string | [string, 'n'])[]) => `<tr>${cells.map((c) => (Array.isArray(c) ? `<th class="n">${c[0]}</th>` : `<th>${c}</th>`)).join('')}</tr>`;
const td = (html: string, cls = '') => `<td${cls ? ` class="${cls}"` : ''}>${html}</td>`;
const figure = (svg: string, caption = '') => `<figure>${svg}${caption ? `<figcaption>${caption}</figcaption>` : ''}</figure>`;

function banner(s: Summary): string {
  const cls = !s.status.audited ? 'unaudited' : s.status.verdict === 'pass' ? 'pass' : s.status.verdict === 'fail' ? 'fail' : 'unknown';
  const rest = s.status.headline.replace(/^(UN)?AUDITED: /, '');
  const text = rest.charAt(0).toUpperCase() + rest.slice(1);
  return `<header class="banner ${cls}" id="status"><div class="inner"><div class="label">${t(s.status.label)}</div><p>${t(text)}</p></div></header>`;
}

function overview(s: Summary): string {
  const f = s.funnel;
  const card = (cls: string, n: string, k: string) => `<div class="card ${cls}"><div class="n">${n}</div><div class="k">${k}</div></div>`;
  const u = f.tokens ? 'tokens' : 'characters';
  const units = f.tokens ?? f.chars;
  return [
    `<h1>winnow pruning report</h1>`,
    `<p class="meta">Filter <span class="mono">${t(s.run.fingerprint)}</span> · ${count(s.run.shards.length)} shard(s) · tokenizer ${t(s.run.tokenizer)}</p>`,
    `<nav><a href="#funnel">Funnel</a><a href="#rules">Rules</a>${s.languages ? '<a href="#languages">Languages</a>' : ''}${s.dedup ? '<a href="#dedup">Dedup</a>' : ''}<a href="#audit">Audit</a><a href="#attributes">Attributes</a><a href="#examples">Dropped documents</a><a href="#run">Run</a></nav>`,
    `<div class="cards">`,
    card('', compact(f.docs.in), 'documents in'),
    card('kept', compact(f.docs.kept), `kept (${share(f.docs.kept, f.docs.in)})`),
    card('dropped', compact(f.docs.dropped), `dropped (${share(f.docs.dropped, f.docs.in)})`),
    card('errors', compact(f.docs.errors), 'errors (bad lines)'),
    card('dropped', compact(units.dropped), `${u} dropped (${share(units.dropped, units.in)})`),
    ...(units.removed ? [card('removed', compact(units.removed), `${u} removed by span rules`)] : []),
    card(f.conservation.ok ? 'kept' : 'dropped', f.conservation.ok ? 'OK' : 'FAILED', 'conservation check'),
    `</div>`,
    ...(s.audit?.projection.sentence ? [`<p class="projection">${t(s.audit.projection.sentence)}</p>`] : []),
    ...s.warnings.map((w) => `<p class="warn"><strong>Warning:</strong> ${t(w)}</p>`),
  ].join('\n');
}

async function funnel(s: Summary): Promise<string> {
  const f = s.funnel;
  const rows: [string, 'in' | 'kept' | 'dropped' | 'errors' | 'removed'][] = [['in', 'in'], ['kept', 'kept'], ['dropped', 'dropped'], ['errors', 'errors']];
  if (f.chars.removed || f.tokens?.removed) rows.push(['removed by span rules', 'removed']);
  const cell = (c: Counts, k: keyof Counts) => td(k === 'in' ? count(c.in) : `${count(c[k])} <span class="meta">(${share(c[k], c.in)})</span>`, 'n');
  const body = rows.map(([label, k]) => `<tr>${td(label)}${k === 'removed' ? td('', 'n') : cell(f.docs, k)}${cell(f.chars, k)}${f.tokens ? cell(f.tokens, k) : ''}</tr>`);
  const spans = f.removed_spans.length
    ? `<h3>Removed by span rules</h3><table>${th(['span', ['docs', 'n'], ['spans', 'n'], ['chars', 'n']])}${f.removed_spans.map((r) => `<tr>${td(t(r.name), 'name')}${td(count(r.docs), 'n')}${td(count(r.spans), 'n')}${td(count(r.chars), 'n')}</tr>`).join('')}</table>`
    : '';
  return [
    `<section id="funnel"><h2>Funnel</h2>`,
    `<p>${count(f.lines)} lines read: ${count(f.docs.in)} documents (${count(f.docs.errors)} of them bad lines — malformed JSON, a missing or non-string text field, invalid UTF-8, too long — kept verbatim in errors/) and ${count(f.blank)} blank lines.${f.tokens ? '' : ' No tokenizer: sizes are in characters.'}</p>`,
    `<table>${th(['', ['documents', 'n'], ['characters', 'n'], ...(f.tokens ? [['tokens', 'n'] as [string, 'n']] : [])])}${body.join('')}</table>`,
    figure(await renderSvg(funnelSpec(s), 'Share of the input documents and tokens kept, dropped, in errors and removed')),
    `<p>Conservation check, every input line in exactly one place: <span class="${f.conservation.ok ? 'ok' : 'bad'}">${f.conservation.ok ? 'OK' : 'FAILED'}</span></p>`,
    `<pre class="mono">${f.conservation.lines.map(t).join('\n')}</pre>`,
    spans,
    `</section>`,
  ].join('\n');
}

function languages(s: Summary, list: NonNullable<Summary['languages']>): string {
  const unit = s.funnel.unit;
  const rows = list.map((r) =>
    `<tr>${td(t(r.language), 'name')}${td(count(r.docs), 'n')}${td(`${(100 * r.share_docs).toFixed(1)} %`, 'n')}${td(count(r.kept_docs), 'n')}${td(count(r.dropped_docs), 'n')}${td(`${Math.round(100 * r.drop_rate)} %`, 'n')}${td(compact(r.kept_tokens), 'n')}${td(compact(r.dropped_tokens), 'n')}</tr>`);
  return [
    `<section id="languages"><h2>Languages</h2>`,
    `<p>The language filter's best label per document: how every rule together treats each language. The score distributions are the <span class="mono">language.*</span> attributes.</p>`,
    `<table>${th(['language', ['documents', 'n'], ['share', 'n'], ['kept', 'n'], ['dropped', 'n'], ['drop rate', 'n'], [`kept ${unit}`, 'n'], [`dropped ${unit}`, 'n']])}${rows.join('')}</table>`,
    `</section>`,
  ].join('\n');
}

async function dedup(d: NonNullable<Summary['dedup']>): Promise<string> {
  const c = d.s_curve;
  const largest = d.largest.map((l) =>
    `<div class="doc"><div class="meta"><strong>Cluster ${count(l.cluster)}</strong> · ${count(l.size)} documents · keeps ${t(l.shard)}:${count(l.line)}</div>` +
    `${l.excerpt === null ? '' : `<pre class="excerpt">${tv(l.excerpt)}</pre>`}</div>`);
  const detected = c.detected.length
    ? `<table>${th([['Jaccard', 'n'], ['pairs', 'n'], ['detected', 'n'], ['curve', 'n']])}${c.detected.map((x) => `<tr>${td(value(x.jaccard), 'n')}${td(count(x.pairs), 'n')}${td(pct(x.share), 'n')}${td(pct(x.expected), 'n')}</tr>`).join('')}</table>`
    : '';
  return [
    `<section id="dedup"><h2>Deduplication (MinHash)</h2>`,
    `<p>Clusters of <span class="mono">${t(d.source)}</span> (<span class="mono">${t(d.config)}</span>): ${count(d.documents)} documents in ${count(d.clusters)} clusters; each keeps one document (datatrove's choice, the union–find root) and the filter drops the other ${count(d.removed)} as <span class="mono">minhash/duplicate</span>.</p>`,
    `<table>${th([['cluster size', 'n'], ['clusters', 'n'], ['documents', 'n']])}${d.sizes.map((r) => `<tr>${td(count(r.size), 'n')}${td(count(r.clusters), 'n')}${td(count(r.documents), 'n')}</tr>`).join('')}</table>`,
    figure(await renderSvg(clusterSizesSpec(d), 'Clusters per cluster size')),
    ...(largest.length ? [`<h3>Largest clusters</h3>`, ...largest] : []),
    `<h3>S-curve</h3>`,
    `<p>A pair of 5-gram Jaccard s becomes a candidate with probability 1 − (1 − s<sup>${c.hashes_per_bucket}</sup>)<sup>${c.buckets}</sup> (${c.buckets} buckets × ${c.hashes_per_bucket} hashes); one half at s = ${value(c.midpoint)}.</p>`,
    figure(await renderSvg(sCurveSpec(d), 'LSH S-curve')),
    detected,
    `</section>`,
  ].join('\n');
}

async function rules(s: Summary): Promise<string> {
  if (!s.rules.length) return `<section id="rules"><h2>Rules</h2><p>No rule fired: nothing was dropped.</p></section>`;
  const unit = s.funnel.unit;
  const rows = s.rules.map((r) =>
    `<tr>${td(t(r.rule), 'name')}${td(count(r.hits), 'n')}${td(count(r.exclusive), 'n')}${td(count(r.tokens), 'n')}${td(count(r.exclusive_tokens), 'n')}${td(pct(r.share_docs), 'n')}${td(pct(r.share_tokens), 'n')}${td(pct(r.coverage), 'n')}</tr>`);
  // A matrix of every rule was unreadable (29 × 29 on web pages): the pairs that overlap most as
  // a table, and a matrix of the top rules with one rule per n-gram family.
  const { shown, folded } = matrixRules(s, 12);
  const pairs = s.overlap.pairs.slice(0, 15);
  const foldNote = [...folded].filter(([, rest]) => rest.length).map(([r, rest]) => `${t(r)} stands for ${rest.map(t).join(', ')}`);
  return [
    `<section id="rules"><h2>Rules</h2>`,
    `<p>Every rule is asked on every document, so a dropped document counts under each rule that fired. <em>Exclusive</em>: documents on which it was the only rule that fired (what removing the rule would keep). Shares are of the ${count(s.funnel.docs.dropped)} dropped documents and their ${unit}; coverage is of all scored documents.</p>`,
    `<table>${th(['rule', ['hits', 'n'], ['exclusive', 'n'], [unit, 'n'], [`exclusive ${unit}`, 'n'], ['share of dropped docs', 'n'], [`share of dropped ${unit}`, 'n'], ['coverage', 'n']])}${rows.join('')}</table>`,
    figure(await renderSvg(rulesSpec(s), 'Documents each rule fired on, and on which it was the only rule (the table above has the numbers)')),
    `<h3>Overlap between rules</h3>`,
    ...(pairs.length
      ? [`<p>The pairs of rules that fired together most often (Jaccard: documents of both / documents of either).${s.overlap.pairs.length > pairs.length ? ` The JSON report has all ${count(s.overlap.pairs.length)} pairs.` : ''}</p>`,
        `<table>${th(['rule', 'rule', ['both', 'n'], ['Jaccard', 'n']])}${pairs.map((p) => `<tr>${td(t(p.a), 'name')}${td(t(p.b), 'name')}${td(count(p.both), 'n')}${td(p.jaccard.toFixed(2), 'n')}</tr>`).join('')}</table>`]
      : []),
    `<p>Documents on which both rules fired; the diagonal holds each rule's hits.${shown.length < s.overlap.rules.length ? ` ${shown.length} of the ${s.overlap.rules.length} rules are shown, most hits first, one per family of rules that differ only in a number${foldNote.length ? ` (${foldNote.join('; ')})` : ''}; the JSON report has the whole matrix.` : ''}</p>`,
    figure(await renderSvg(overlapSpec(s, shown), 'Matrix of documents on which two rules both fired')),
    `</section>`,
  ].join('\n');
}

/** The learned screen beside the heuristics: ROC curves on the audit's labels, what each model weighs most. */
async function learned(l: LearnedSummary): Promise<string> {
  const auc = (a: { estimate: number | null; lo: number | null; hi: number | null }) =>
    `${ratio(a.estimate)}${a.lo !== null && a.hi !== null ? ` <span class="meta">[${ratio(a.lo)}, ${ratio(a.hi)}]</span>` : ''}`;
  const rows = l.roc.map((r) => `<tr>${td(`${r.learned ? '<strong>' : ''}${t(r.attr)}${r.learned ? '</strong> (learned)' : ''}`, 'name')}${td(t(r.rule), 'name')}${td(auc(r.auc), 'n')}</tr>`);
  const grams = (xs: { ngram: string; weight: number }[]) => xs.map((x) => `<span class="tag">${t(x.ngram)}</span> <span class="meta">${x.weight.toFixed(2)}</span>`).join('<br>');
  const models = l.models.map((m) => [
    `<h3>Model <span class="mono">${t(m.model)}</span></h3>`,
    `<p>Trained on ${count(m.labels.n)} labels (${count(m.labels.bad)} bad, ${count(m.labels.good)} good), λ ${m.lambda}${m.cv_auc ? `; cross-fitted AUC ${auc(m.cv_auc)} (estimated on the training labels by cross-fitting; dropping still needs an audit on a fresh sample)` : ''}.</p>`,
    m.top
      ? `<table>${th(['weighs toward bad (weight)', 'weighs toward good (weight)'])}<tr>${td(grams(m.top.bad))}${td(grams(m.top.good))}</tr></table><p class="meta">Each hashed feature is named by the word or word pair that fills it most often in the training texts.</p>`
      : '<p class="meta">This model file does not name its top n-grams (trained before the header carried them).</p>',
  ].join('\n'));
  return [
    `<section id="learned"><h2>Learned screen and heuristics</h2>`,
    ...(l.labels
      ? [`<p>How well each score separates the ${count(l.labels.n)} audit labels (${count(l.labels.bad)} bad, ${count(l.labels.good)} good; design ${t(l.labels.design)}): the ROC curve of the quality model's p_bad beside every heuristic score the audit swept. Higher and further left is better; the dashed diagonal is chance.</p>`,
          figure(await renderSvg(rocSpec(l), 'ROC curves of the learned screen and the heuristic scores on the audit labels')),
          `<table>${th(['attribute', 'rule', ['AUC', 'n']])}${rows.join('')}</table>`]
      : ['<p>No audit with ROC curves attached (<code>--audit audit.json</code>).</p>']),
    ...models,
    `</section>`,
  ].join('\n');
}

const metricRow = (name: string, m: { estimate: number | null; lo: number | null; hi: number | null } | null) =>
  `<tr>${td(t(name), 'name')}${td(pct(m?.estimate), 'n')}${td(m ? pctRange(m.lo, m.hi) : '–', 'n')}</tr>`;

async function audit(s: Summary): Promise<string> {
  const a = s.audit;
  if (!a) return `<section id="audit"><h2>Audit</h2><p class="warn">No audit attached. ${s.status.audited ? 'The run passed the audit gate; pass <code>--audit audit.json</code> to show its numbers.' : 'Nothing certifies what these rules drop: label a sample (<code>winnow sample</code>, <code>winnow label</code>) and run <code>winnow audit</code>.'}</p></section>`;
  const v = a.verdict;
  const level = Math.round((1 - a.alpha) * 100);
  const c = a.confusion.docs;
  const k = a.confusion.tokens;
  const metrics = a.metrics.map((m) => `<tr>${td(t(m.name), 'name')}${td(pct(m.estimate), 'n')}${td(pctRange(m.lo, m.hi), 'n')}${td(m.upper === null ? '' : `≤ ${pct(m.upper)}`, 'n')}${td(t(m.method))}</tr>`);
  const perRule = a.rules.map((r) => `<tr>${td(t(r.rule), 'name')}${td(count(r.labeled_hits), 'n')}${td(count(r.labeled_exclusive), 'n')}${td(pct(r.precision?.estimate), 'n')}${td(r.precision ? pctRange(r.precision.lo, r.precision.hi) : '–', 'n')}${td(pct(r.exclusive_precision?.estimate), 'n')}</tr>`);
  const curves = a.curves.filter((x) => x.points.length >= 2);
  const prFigures: string[] = [];
  for (const x of curves) prFigures.push(figure(await renderSvg(prSpec(x), `Precision against recall as the threshold on ${x.attr} moves`)));
  const sweeps = a.curves.map((x) => `<tr>${td(t(x.attr), 'name')}${td(t(x.rule), 'name')}${td(t(markText(x.current)), 'n')}${td(`${ratio(x.auc.estimate)}${x.auc.lo !== null && x.auc.hi !== null ? ` <span class="meta">[${ratio(x.auc.lo)}, ${ratio(x.auc.hi)}]</span>` : ''}`, 'n')}${td(x.recommended ? t(markText(x.recommended)) : '–', 'n')}${td(x.recommended ? pct(x.recommended.recall) : '–', 'n')}</tr>`);
  const g = a.agreement;
  return [
    `<section id="audit"><h2>Audit</h2>`,
    `<p><span class="${v.pass ? 'ok' : 'bad'}">Verdict: ${v.pass ? 'PASS' : 'FAIL'}</span> — ${t(v.metric)} one-sided ${level} % upper bound ${pct(v.fdr_upper)} against a budget of ${pct(v.max_fdr)}${v.min_recall !== undefined ? `; recall lower bound ${pct(v.recall_lower)} against a minimum of ${pct(v.min_recall)}` : ''}. ${count(a.labels.n)} labels (${count(a.labels.bad)} bad, ${count(a.labels.good)} good), design: ${t(a.design)}. Audit of <span class="mono">${t(a.fingerprint)}</span>.</p>`,
    ...(v.reasons.length ? [`<ul>${v.reasons.map((r) => `<li>${t(r)}</li>`).join('')}</ul>`] : []),
    ...(a.projection.sentence ? [`<p class="projection">${t(a.projection.sentence)}</p>`] : []),
    ...(a.projection.sample_mismatch ? [`<p class="warn">${t(a.projection.sample_mismatch)}</p>`] : []),
    `<div class="grid"><div><h3>Confusion matrix (labeled sample)</h3><table>${th(['positive = bad = dropped', ['labeled bad', 'n'], ['labeled good', 'n']])}`,
    `<tr>${td('dropped')}${td(`TP ${count(c.tp)}<br><span class="meta">${compact(k.tp)} ${s.funnel.unit}</span>`, 'n')}${td(`FP ${count(c.fp)}<br><span class="meta">${compact(k.fp)} ${s.funnel.unit}</span>`, 'n')}</tr>`,
    `<tr>${td('kept')}${td(`FN ${count(c.fn)}<br><span class="meta">${compact(k.fn)} ${s.funnel.unit}</span>`, 'n')}${td(`TN ${count(c.tn)}<br><span class="meta">${compact(k.tn)} ${s.funnel.unit}</span>`, 'n')}</tr></table></div>`,
    `<div><h3>Metrics</h3>${figure(await renderSvg(metricsSpec(a), 'Audit metrics with their intervals (the table below has the numbers)'))}</div></div>`,
    `<table>${th(['metric', ['estimate', 'n'], [`${level} % interval`, 'n'], ['one-sided upper', 'n'], 'method'])}${metrics.join('')}</table>`,
    ...(perRule.length ? [`<h3>Per rule (labeled sample)</h3><table>${th(['rule', ['labeled hits', 'n'], ['only this rule', 'n'], ['precision', 'n'], [`${level} % interval`, 'n'], ['exclusive precision', 'n']])}${perRule.join('')}</table>`] : []),
    ...(sweeps.length
      ? [
          `<h3>Threshold sweeps</h3><p>Precision–recall on the labeled sample as each attribute's threshold moves. Red dot: the current threshold; green diamond: the most lenient threshold whose FDR bound stays within budget (fixed-sequence testing), when there is one.</p>`,
          `<table>${th(['attribute', 'rule', ['now', 'n'], ['AUC', 'n'], ['suggested', 'n'], ['recall there', 'n']])}${sweeps.join('')}</table>`,
          `<div class="grid">${prFigures.join('\n')}</div>`,
        ]
      : []),
    ...(g ? [`<p>Two annotators (n = ${count(g.n)}): Cohen's kappa ${ratio(g.kappa)} [${ratio(g.lo)}, ${ratio(g.hi)}], raw agreement ${pct(g.observed)}, PABAK ${ratio(g.pabak)}.</p>`] : []),
    ...a.notes.map((n) => `<p class="warn">Note: ${tv(n)}</p>`),
    `</section>`,
  ].join('\n');
}

async function attributeFigure(x: AttributeRow): Promise<string> {
  const q = (h: AttributeRow['kept']) => `p5 ${value(h.quantiles.p5)}, p50 ${value(h.quantiles.p50)}, p95 ${value(h.quantiles.p95)}`;
  const caption = `${x.thresholds.length ? `drops when ${x.thresholds.map((m) => `${t(m.rule)} ${t(markText(m))}`).join('; ')}. ` : ''}kept: ${q(x.kept)}; dropped: ${q(x.dropped)}`;
  return figure(await renderSvg(histogramSpec(x), `Histogram of ${x.attr}, kept and dropped documents`), caption);
}

async function attributes(s: Summary): Promise<string> {
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
    ...(others.length ? [`<details${marked.length ? '' : ' open'}><summary>${marked.length ? `${count(others.length)} attributes without a threshold` : `${count(others.length)} attributes`}</summary><div class="grid">${others.join('\n')}</div></details>`] : []),
    `</section>`,
  ].join('\n');
}

function excerptHtml(d: ExampleDoc): string {
  const e = d.excerpt;
  const body = e.segments.map((g) => (g.spans.length ? `<mark title="${t(g.spans.join(', '))}">${tv(g.text)}</mark>` : tv(g.text))).join('');
  return `<pre class="excerpt">${e.start > 0 ? '<span class="cut">…</span>' : ''}${body}${e.end < e.length ? '<span class="cut">…</span>' : ''}</pre>`;
}

function exampleHtml(rule: string, d: ExampleDoc, n: number): string {
  const e = d.excerpt;
  const spans = Object.entries(d.span_counts).map(([k, c]) => `<span class="tag">${t(k)} × ${count(c)}${spansOfReasons(k, d.reasons) ? '' : ' (not highlighted: its filter did not drop this document)'}</span>`).join(' ');
  return [
    `<div class="doc" id="doc-${n}">`,
    `<div class="meta"><strong>[${n}] ${d.id === null ? '(no id)' : t(d.id)}</strong> · ${t(d.file)}:${count(d.line)} · shard ${t(d.shard)} · ${count(e.length)} characters${e.start > 0 || e.end < e.length ? `, showing ${count(e.start)}–${count(e.end)}` : ''}</div>`,
    `<div>${d.reasons.map((r) => `<span class="tag${r === rule ? ' this' : ''}">${t(r)}</span>`).join(' ')}</div>`,
    ...(spans ? [`<div class="meta">spans: ${spans}</div>`] : []),
    excerptHtml(d),
    `</div>`,
  ].join('\n');
}

function examples(s: Summary): string {
  const x = s.examples;
  const shown = x.rules.filter((r) => r.documents.length);
  const seen = new Set<number>();
  const section = (r: (typeof shown)[number], i: number) => {
    const docs: string[] = [];
    const again: number[] = [];
    for (const k of r.documents) {
      if (seen.has(k)) again.push(k);
      else {
        seen.add(k);
        docs.push(exampleHtml(r.rule, x.documents[k]!, k + 1));
      }
    }
    // Links to documents shown under an earlier rule: in-page anchors built from indices, never from data.
    const refs = again.length ? `<p class="meta">Also ${again.map((k) => `<a href="#doc-${k + 1}">[${k + 1}]</a>`).join(', ')}, shown above.</p>` : '';
    return `<details${i < 3 ? ' open' : ''}><summary><span class="mono">${t(r.rule)}</span> — ${count(r.hits)} dropped</summary>${docs.join('\n')}${refs}</details>`;
  };
  return [
    `<section id="examples"><h2>Dropped documents</h2>`,
    ...(x.note ? [`<p class="warn">${t(x.note)}</p>`] : []),
    ...(shown.length
      ? [`<p>For each rule, up to ${count(x.per_rule)} dropped documents it fired on, taken in shard order${x.source ? ` from <span class="mono">${t(x.source)}</span>` : ''}, preferring documents that no rule above it shows. A document is shown once, under the first rule that shows it. Excerpts are bounded and placed around the first flagged span; flagged spans are highlighted (hover for their names); control characters are shown as symbols.</p>`]
      : []),
    ...shown.map(section),
    `</section>`,
  ].join('\n');
}

function runInfo(s: Summary): string {
  const i = s.inputs;
  const dl = (k: string, v: string) => `<dt>${k}</dt><dd>${v}</dd>`;
  const failed = Object.entries(s.run.failed_shards);
  return [
    `<section id="run"><h2>Run</h2><dl class="run">`,
    dl('status', `<strong>${t(s.status.label)}</strong>${s.status.audit_attached ? ` · audit ${s.status.verdict === 'pass' ? 'PASS' : 'FAIL'}` : ' · no audit attached'}`),
    dl('fingerprint', `<span class="mono">${t(s.run.fingerprint)}</span>`),
    dl('tokenizer', t(s.run.tokenizer)),
    dl('shards', `${count(s.run.shards.length)}: ${s.run.shards.map((x) => `<span class="tag">${t(x)}</span>`).join(' ')}`),
    ...(failed.length ? [dl('failed shards', failed.map(([k, why]) => `${t(k)}: ${t(why)}`).join('<br>'))] : []),
    dl('stats', `<span class="mono">${t(i.stats)}</span>`),
    ...(i.audit ? [dl('audit', `<span class="mono">${t(i.audit)}</span>`)] : []),
    ...(i.config ? [dl('config', `<span class="mono">${t(i.config)}</span>`)] : []),
    dl('winnow', `${t(s.winnow_version)} (report version ${s.report_version})`),
    dl('generated', `<span id="generated-at">${t(s.generated_at)}</span>`),
    `</dl></section>`,
  ].join('\n');
}

/** The HTML report, one self-contained page. Deterministic for the same Summary. */
export async function renderHtml(s: Summary): Promise<string> {
  resetChartIds();
  // Sections render one after another: vega numbers SVG definitions globally, in render order.
  const parts = [overview(s), await funnel(s), await rules(s), ...(s.languages ? [languages(s, s.languages)] : []), ...(s.dedup ? [await dedup(s.dedup)] : []), await audit(s), ...(s.learned ? [await learned(s.learned)] : []), await attributes(s), examples(s), runInfo(s)];
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>winnow report — ${t(s.status.label)} — ${t(s.run.fingerprint.slice(0, 19))}…</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    banner(s),
    '<main>',
    ...parts,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
