/**
 * The Markdown report: for a terminal (80 columns, prose wrapped, tables that fit) and for any
 * Markdown viewer. Names from the run are Markdown-escaped; document excerpts sit in code fences
 * longer than any backtick run they contain, with control characters made visible.
 */
import { codePointLength } from '../text/codepoints.ts';
import { spansOfReasons } from './excerpt.ts';
import { fenceFor, mdInline, visible } from './escape.ts';
import { compact, count, markText, pct, pctRange, ratio, share, value } from './format.ts';
import type { ExampleDoc, Summary } from './summary.ts';
import { table, wrap, WIDTH } from './text-layout.ts';

/** Where flagged spans start and end in a Markdown excerpt. */
export const SPAN_OPEN = '⟦';
export const SPAN_CLOSE = '⟧';

const para = (text: string) => wrap(text, WIDTH);
const bullet = (text: string) => wrap(text, WIDTH, '- ', '  ');
const heading = (level: number, text: string) => `${'#'.repeat(level)} ${text}`;

function funnel(s: Summary): string[] {
  const f = s.funnel;
  const cols = [{ header: '' }, { header: 'docs', right: true }, { header: 'chars', right: true }, ...(f.tokens ? [{ header: 'tokens', right: true }] : [])];
  const cell = (c: { in: number }, v: number) => `${compact(v)} (${share(v, c.in)})`;
  const row = (label: string, k: 'in' | 'kept' | 'dropped' | 'errors' | 'removed') => [
    label,
    k === 'in' ? compact(f.docs.in) : k === 'removed' ? '' : cell(f.docs, f.docs[k]),
    k === 'in' ? compact(f.chars.in) : cell(f.chars, f.chars[k]),
    ...(f.tokens ? [k === 'in' ? compact(f.tokens.in) : cell(f.tokens, f.tokens[k])] : []),
  ];
  const rows = [row('in', 'in'), row('kept', 'kept'), row('dropped', 'dropped'), row('errors', 'errors')];
  if (f.chars.removed || f.tokens?.removed) rows.push(row('removed by span rules', 'removed'));
  const out = [
    heading(2, 'Funnel'),
    '',
    para(`${count(f.lines)} lines read: ${count(f.docs.in)} documents (${count(f.docs.errors)} of them bad lines — malformed JSON, a missing or non-string text field, invalid UTF-8, too long — kept verbatim in errors/) and ${count(f.blank)} blank lines.` +
      (f.tokens ? '' : ' No tokenizer: token columns count characters.')),
    '',
    table(cols, rows),
    '',
    para(`Conservation check (every input line ends up in exactly one place): ${f.conservation.ok ? 'OK' : 'FAILED'}.`),
    '',
    ...f.conservation.lines.map((l) => wrap(l, WIDTH - 2, '    ', '      ')),
  ];
  if (f.removed_spans.length) {
    out.push('', para('Removed by span rules (from kept documents):'), '', table(
      [{ header: 'span', data: true }, { header: 'docs', right: true }, { header: 'spans', right: true }, { header: 'chars', right: true }],
      f.removed_spans.map((r) => [r.name, count(r.docs), count(r.spans), compact(r.chars)]),
    ));
  }
  return out;
}

function dedup(s: Summary): string[] {
  const d = s.dedup;
  if (!d) return [];
  const c = d.s_curve;
  const out = [
    heading(2, 'Deduplication (MinHash)'),
    '',
    para(`Clusters of ${mdInline(d.source)} (${mdInline(d.config)}): ${count(d.documents)} documents in ${count(d.clusters)} clusters; ` +
      `each keeps one document (datatrove's choice, the union–find root) and the filter drops the other ${count(d.removed)} as minhash/duplicate.`),
    '',
    table([{ header: 'cluster size', right: true }, { header: 'clusters', right: true }, { header: 'documents', right: true }], d.sizes.map((r) => [count(r.size), count(r.clusters), count(r.documents)])),
  ];
  if (d.largest.length) {
    out.push('', para('The largest clusters and the document each keeps:'));
    for (const l of d.largest) {
      out.push('', wrap(`Cluster ${count(l.cluster)}: ${count(l.size)} documents, keeps ${mdInline(`${l.shard}:${l.line}`)}`, WIDTH));
      if (l.excerpt === null) continue;
      const text = visible(l.excerpt).split('\n').map((x) => wrap(x, WIDTH - 2)).join('\n');
      const fence = fenceFor(text);
      out.push('', fence, text, fence);
    }
    if (d.largest.every((l) => l.excerpt === null)) out.push('', para('(No excerpts: pass --dedup-inputs, the shards the dedup run read.)'));
  }
  out.push('', para(`LSH S-curve of ${c.buckets} buckets × ${c.hashes_per_bucket} hashes: a pair of 5-gram Jaccard s becomes a candidate with probability ` +
    `1 − (1 − s^${c.hashes_per_bucket})^${c.buckets}; one half at s = ${value(c.midpoint)}.`), '');
  out.push(table([{ header: 'Jaccard', right: true }, { header: 'P(candidate)', right: true }], c.points.filter((_, i) => i % 2 === 0).map((p) => [value(p.jaccard), pct(p.probability)])));
  if (c.detected.length) {
    out.push('', para('Detected share of planted pairs beside the curve:'), '');
    out.push(table([{ header: 'Jaccard', right: true }, { header: 'pairs', right: true }, { header: 'detected', right: true }, { header: 'curve', right: true }], c.detected.map((x) => [value(x.jaccard), count(x.pairs), pct(x.share), pct(x.expected)])));
  }
  return out;
}

function rules(s: Summary): string[] {
  const unit = s.funnel.unit;
  if (!s.rules.length) return [heading(2, 'Rules'), '', para('No rule fired: nothing was dropped.')];
  const out = [
    heading(2, 'Rules'),
    '',
    para(`Every rule is asked on every document, so a dropped document counts under each rule that fired. ` +
      `excl.: documents on which it was the only rule that fired (what removing it would keep). ` +
      `${unit}: of the documents it fired on. share: hits / ${count(s.funnel.docs.dropped)} dropped documents.`),
    '',
    table(
      [{ header: 'rule', data: true }, { header: 'hits', right: true }, { header: 'excl.', right: true }, { header: unit === 'tokens' ? 'tokens' : 'chars', right: true }, { header: 'share', right: true }],
      s.rules.map((r) => [r.rule, count(r.hits), count(r.exclusive), compact(r.tokens), r.share_docs === null ? '–' : `${Math.round(100 * r.share_docs)} %`]),
    ),
  ];
  const pairs = s.overlap.pairs.slice(0, 10);
  if (pairs.length) {
    out.push('', para(`Rules that fire together most (documents both fired on; Jaccard = both / either). The full ${s.overlap.rules.length} × ${s.overlap.rules.length} matrix is in the HTML and JSON reports.`), '');
    for (const p of pairs) out.push(bullet(`${mdInline(p.a)} & ${mdInline(p.b)}: ${count(p.both)} (Jaccard ${ratio(p.jaccard)})`));
  }
  return out;
}

function languages(s: Summary): string[] {
  if (!s.languages) return [];
  const unit = s.funnel.unit === 'tokens' ? 'tokens' : 'chars';
  return [
    heading(2, 'Languages'),
    '',
    para(`The language filter's best label per document: how every rule together treats each language. ` +
      `The score distributions are the language.* attributes below.`),
    '',
    table(
      [{ header: 'language', data: true }, { header: 'docs', right: true }, { header: 'share', right: true }, { header: 'kept', right: true }, { header: 'dropped', right: true }, { header: 'drop rate', right: true }, { header: `kept ${unit}`, right: true }, { header: `dropped ${unit}`, right: true }],
      s.languages.map((r) => [r.language, count(r.docs), `${(100 * r.share_docs).toFixed(1)} %`, count(r.kept_docs), count(r.dropped_docs), `${Math.round(100 * r.drop_rate)} %`, compact(r.kept_tokens), compact(r.dropped_tokens)]),
    ),
  ];
}

function audit(s: Summary): string[] {
  const a = s.audit;
  if (!a) return [heading(2, 'Audit'), '', para('No audit attached (--audit audit.json).')];
  const v = a.verdict;
  const level = Math.round((1 - a.alpha) * 100);
  const out = [
    heading(2, 'Audit'),
    '',
    para(`**Verdict: ${v.pass ? 'PASS' : 'FAIL'}** — ${mdInline(v.metric)} one-sided ${level} % upper bound ${pct(v.fdr_upper)} against a budget of ${pct(v.max_fdr)}` +
      (v.min_recall !== undefined ? `; recall lower bound ${pct(v.recall_lower)} against a minimum of ${pct(v.min_recall)}` : '') +
      `. ${count(a.labels.n)} labels (${count(a.labels.bad)} bad, ${count(a.labels.good)} good), design: ${mdInline(a.design)}.`),
  ];
  for (const r of v.reasons) out.push(bullet(mdInline(r)));
  if (a.projection.sentence) out.push('', wrap(a.projection.sentence, WIDTH, '> ', '> '));
  if (a.projection.sample_mismatch) out.push('', para(`**Not projected.** ${mdInline(a.projection.sample_mismatch)}`));
  const c = a.confusion.docs;
  const t = a.confusion.tokens;
  out.push(
    '',
    para('Confusion matrix of the labeled sample (positive = bad = dropped):'),
    '',
    table(
      [{ header: '' }, { header: 'labeled bad', right: true }, { header: 'labeled good', right: true }, { header: `bad (${s.funnel.unit})`, right: true }, { header: `good (${s.funnel.unit})`, right: true }],
      [
        ['dropped', `TP ${count(c.tp)}`, `FP ${count(c.fp)}`, compact(t.tp), compact(t.fp)],
        ['kept', `FN ${count(c.fn)}`, `TN ${count(c.tn)}`, compact(t.fn), compact(t.tn)],
      ],
    ),
    '',
    table(
      [{ header: 'metric', data: true }, { header: 'estimate', right: true }, { header: `${level} % interval`, right: true }, { header: 'upper bound', right: true }],
      a.metrics.map((m) => [m.name, pct(m.estimate), `${pctRange(m.lo, m.hi)}`, m.upper === null ? '' : `≤ ${pct(m.upper)}`]),
    ),
  );
  const methods = new Map<string, string[]>();
  for (const m of a.metrics) methods.set(m.method, [...(methods.get(m.method) ?? []), m.name]);
  out.push('', para(`Intervals: ${[...methods].map(([k, names]) => `${mdInline(k || 'unknown')} (${names.map(mdInline).join(', ')})`).join('; ')}.`));
  if (a.rules.length) {
    out.push('', para('Per rule, on the labeled sample (n: labeled documents it fired on; precision: the share of them that are bad):'), '', table(
      [{ header: 'rule', data: true }, { header: 'n', right: true }, { header: 'precision', right: true }, { header: `${level} % interval`, right: true }],
      a.rules.map((r) => [r.rule, count(r.labeled_hits), pct(r.precision?.estimate), r.precision ? pctRange(r.precision.lo, r.precision.hi) : '–']),
    ));
  }
  if (a.curves.length) {
    out.push('', para('Threshold sweeps (AUC of the attribute against the labels; suggested: the most lenient threshold whose FDR bound stays within budget):'), '', table(
      [{ header: 'attribute', data: true }, { header: 'now' }, { header: 'AUC', right: true }, { header: 'suggested' }],
      a.curves.map((k) => [k.attr, markText(k.current), ratio(k.auc.estimate), k.recommended ? markText(k.recommended) : '–']),
    ));
  }
  if (a.agreement) {
    const g = a.agreement;
    out.push('', para(`Two annotators (n = ${count(g.n)}): Cohen's kappa ${ratio(g.kappa)} [${ratio(g.lo)}, ${ratio(g.hi)}], raw agreement ${pct(g.observed)}, PABAK ${ratio(g.pabak)}.`));
  }
  if (a.notes.length) out.push('', ...a.notes.map((n) => bullet(`note: ${mdInline(n)}`)));
  return out;
}

function learned(s: Summary): string[] {
  const l = s.learned;
  if (!l) return [];
  const auc = (a: { estimate: number | null; lo: number | null; hi: number | null }) => `${ratio(a.estimate)}${a.lo !== null && a.hi !== null ? ` [${ratio(a.lo)}, ${ratio(a.hi)}]` : ''}`;
  const out = [heading(2, 'Learned screen and heuristics')];
  if (l.labels) {
    out.push('', para(`ROC AUC of each score on the ${count(l.labels.n)} audit labels (${count(l.labels.bad)} bad, ${count(l.labels.good)} good), ` +
      "the quality model's p_bad beside every heuristic the audit swept (the HTML report draws the curves):"), '');
    out.push(table([{ header: 'attribute', data: true }, { header: 'AUC', right: true }], l.roc.map((r) => [`${r.attr}${r.learned ? ' (learned)' : ''}`, auc(r.auc)])));
  }
  for (const m of l.models) {
    out.push('', para(`Model ${mdInline(m.model)}: ${count(m.labels.n)} training labels (${count(m.labels.bad)} bad, ${count(m.labels.good)} good)` +
      (m.cv_auc ? `, cross-fitted AUC ${auc(m.cv_auc)} (on the training labels; dropping still needs an audit).` : '.')));
    if (!m.top) continue;
    const rows = Array.from({ length: Math.max(m.top.bad.length, m.top.good.length) }, (_, i) => {
      const cell = (x?: { ngram: string; weight: number }) => (x ? `${x.ngram} ${x.weight.toFixed(2)}` : '');
      return [cell(m.top!.bad[i]), cell(m.top!.good[i])];
    });
    out.push('', table([{ header: 'toward bad', data: true }, { header: 'toward good', data: true }], rows));
  }
  return out;
}

function attributes(s: Summary): string[] {
  const marked = s.attributes.filter((x) => x.thresholds.length);
  const other = s.attributes.filter((x) => !x.thresholds.length);
  const out = [heading(2, 'Attributes'), '', para(`${s.thresholds.note} Medians of kept and dropped documents (from the stats' log bins, ±2 %); the HTML report has the histograms.`)];
  if (marked.length) {
    out.push('', table(
      [{ header: 'attribute', data: true }, { header: 'drops when' }, { header: 'kept p50', right: true }, { header: 'dropped p50', right: true }],
      marked.map((x) => [x.attr, x.thresholds.map(markText).join(', '), value(x.kept.quantiles.p50), value(x.dropped.quantiles.p50)]),
    ));
  }
  if (other.length) {
    out.push('', para(marked.length ? 'Attributes without a threshold:' : 'Attributes:'), '', table(
      [{ header: 'attribute', data: true }, { header: 'kept p50', right: true }, { header: 'dropped p50', right: true }],
      other.map((x) => [x.attr, value(x.kept.quantiles.p50), value(x.dropped.quantiles.p50)]),
    ));
  }
  return out;
}

/** Hard-wraps a line of an excerpt at `width` code points; continuation lines start with ↪. */
function wrapCode(line: string, width: number): string[] {
  const cps = Array.from(line);
  if (cps.length <= width) return [line];
  const out = [cps.slice(0, width).join('')];
  for (let i = width; i < cps.length; i += width - 2) out.push('↪ ' + cps.slice(i, i + width - 2).join(''));
  return out;
}

/** The excerpt with ⟦ ⟧ around flagged spans, control characters visible, wrapped for a terminal. */
export function excerptText(d: ExampleDoc, width = WIDTH - 2): string {
  const e = d.excerpt;
  const body = e.segments.map((g) => (g.spans.length ? `${SPAN_OPEN}${visible(g.text)}${SPAN_CLOSE}` : visible(g.text))).join('');
  const text = `${e.start > 0 ? '…' : ''}${body}${e.end < e.length ? '…' : ''}`;
  return text.split('\n').flatMap((l) => wrapCode(l, width)).join('\n');
}

function example(d: ExampleDoc, n: number): string[] {
  const where = `${d.file}:${d.line}`;
  const spans = Object.entries(d.span_counts).map(([k, c]) => `${mdInline(k)} × ${count(c)}${spansOfReasons(k, d.reasons) ? '' : ' (not highlighted: its filter did not drop this document)'}`).join(', ');
  const text = excerptText(d);
  const fence = fenceFor(text);
  const e = d.excerpt;
  return [
    wrap(`**[${n}]** ${d.id === null ? '(no id)' : mdInline(d.id)} — ${mdInline(where)}, ${count(e.length)} characters` +
      (e.start > 0 || e.end < e.length ? `, showing ${count(e.start)}–${count(e.end)}` : ''), WIDTH),
    wrap(`Reasons: ${d.reasons.map(mdInline).join(', ')}`, WIDTH),
    ...(spans ? [wrap(`Spans: ${spans}`, WIDTH)] : []),
    '',
    fence,
    text,
    fence,
  ];
}

function examples(s: Summary): string[] {
  const x = s.examples;
  const out = [heading(2, 'Dropped documents')];
  if (x.note) out.push('', para(mdInline(x.note)));
  const shown = x.rules.filter((r) => r.documents.length);
  if (!shown.length) return out;
  out.push('', para(`For each rule, up to ${x.per_rule} dropped documents it fired on, taken in shard order` +
    `${x.source ? ` from ${mdInline(x.source)}` : ''}, preferring documents that no rule above it shows. A document is shown once, [numbered], and referred to by its number after that. ` +
    `Excerpts are bounded and placed around the first flagged span; flagged spans are between ${SPAN_OPEN} and ${SPAN_CLOSE}; ` +
    'control characters are shown as symbols; ↪ continues a long line.'));
  const seen = new Set<number>();
  for (const r of shown) {
    out.push('', heading(3, `${mdInline(r.rule)} (${count(r.hits)} dropped)`));
    const again = r.documents.filter((k) => seen.has(k));
    for (const k of r.documents) {
      if (seen.has(k)) continue;
      seen.add(k);
      out.push('', ...example(x.documents[k]!, k + 1));
    }
    if (again.length) out.push('', para(`Also ${again.map((k) => `[${k + 1}]`).join(', ')} above.`));
  }
  return out;
}

function runInfo(s: Summary): string[] {
  const i = s.inputs;
  const inputs = [`stats ${i.stats}`, ...(i.audit ? [`audit ${i.audit}`] : []), ...(i.config ? [`config ${i.config}`] : [])];
  return [
    heading(2, 'Run'),
    '',
    // A sha256 fingerprint does not fit on one line after its label: it gets a line of its own.
    `- fingerprint:\n  ${mdInline(s.run.fingerprint)}`,
    bullet(`tokenizer: ${mdInline(s.run.tokenizer)}; ${s.status.label}`),
    bullet(`${count(s.run.shards.length)} shard(s): ${s.run.shards.map(mdInline).join(', ')}`),
    bullet(`inputs: ${inputs.map(mdInline).join('; ')}`),
    bullet(`winnow ${mdInline(s.winnow_version)}, report version ${s.report_version}, generated ${mdInline(s.generated_at)}`),
  ];
}

/** The Markdown report. Deterministic for the same Summary. */
export function renderMarkdown(s: Summary): string {
  const lines = [
    heading(1, 'winnow pruning report'),
    '',
    para(`**${s.status.label}**: ${mdInline(s.status.headline.replace(/^(UN)?AUDITED: /, ''))}`),
    '',
    para(`Filter ${s.run.fingerprint.slice(0, 19)}… over ${count(s.run.shards.length)} shard(s): ${compact(s.funnel.docs.in)} documents in, ` +
      `${compact(s.funnel.docs.kept)} kept, ${compact(s.funnel.docs.dropped)} dropped, ${compact(s.funnel.docs.errors)} errors` +
      (s.funnel.tokens ? `; ${compact(s.funnel.tokens.dropped)} of ${compact(s.funnel.tokens.in)} tokens dropped (${share(s.funnel.tokens.dropped, s.funnel.tokens.in)}).` : '.')),
  ];
  if (s.audit?.projection.sentence) lines.push('', wrap(s.audit.projection.sentence, WIDTH, '> ', '> '));
  if (s.warnings.length) lines.push('', ...s.warnings.map((w) => bullet(`**Warning:** ${mdInline(w)}`)));
  for (const section of [funnel, rules, languages, dedup, audit, learned, attributes, examples, runInfo]) {
    const body = section(s);
    if (body.length) lines.push('', ...body);
  }
  return lines.join('\n').replace(/[ \t]+$/gm, '') + '\n';
}

/** Longest line of a Markdown report outside code fences (for tests and sanity checks). */
export function widestProseLine(md: string): number {
  let fence: string | null = null;
  let widest = 0;
  for (const line of md.split('\n')) {
    const m = /^(`{3,})/.exec(line);
    if (m && (fence === null || m[1] === fence)) {
      fence = fence === null ? m[1]! : null;
      continue;
    }
    if (fence === null) widest = Math.max(widest, codePointLength(line));
  }
  return widest;
}

