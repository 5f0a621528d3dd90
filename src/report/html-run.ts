/** The HTML report's sections on the run itself: funnel, rules, languages, dedup, run info. */
import { renderSvg } from './charts.ts';
import { funnelSpec, matrixRules, overlapSpec, rulesSpec } from './chart-rules.ts';
import { clusterSizesSpec, sCurveSpec } from './chart-dedup.ts';
import { compact, count, pct, share, value } from './format.ts';
import { figure, t, td, th, tv } from './html-blocks.ts';
import type { Counts } from '../stats/stats.ts';
import type { Summary } from './summary.ts';

export async function funnel(s: Summary): Promise<string> {
  const f = s.funnel;
  const rows: [string, 'in' | 'kept' | 'dropped' | 'errors' | 'removed'][] = [
    ['in', 'in'],
    ['kept', 'kept'],
    ['dropped', 'dropped'],
    ['errors', 'errors'],
  ];
  if (f.chars.removed || f.tokens?.removed) rows.push(['removed by span rules', 'removed']);
  const cell = (c: Counts, k: keyof Counts) =>
    td(
      k === 'in' ? count(c.in) : `${count(c[k])} <span class="meta">(${share(c[k], c.in)})</span>`,
      'n',
    );
  const body = rows.map(
    ([label, k]) =>
      `<tr>${td(label)}${k === 'removed' ? td('', 'n') : cell(f.docs, k)}${cell(f.chars, k)}${f.tokens ? cell(f.tokens, k) : ''}</tr>`,
  );
  const spans = f.removed_spans.length
    ? `<h3>Removed by span rules</h3><table>${th(['span', ['docs', 'n'], ['spans', 'n'], ['chars', 'n']])}${f.removed_spans.map((r) => `<tr>${td(t(r.name), 'name')}${td(count(r.docs), 'n')}${td(count(r.spans), 'n')}${td(count(r.chars), 'n')}</tr>`).join('')}</table>`
    : '';
  return [
    `<section id="funnel"><h2>Funnel</h2>`,
    `<p>${count(f.lines)} lines read: ${count(f.docs.in)} documents (${count(f.docs.errors)} of them bad lines — malformed JSON, a missing or non-string text field, invalid UTF-8, too long — kept verbatim in errors/) and ${count(f.blank)} blank lines.${f.tokens ? '' : ' No tokenizer: sizes are in characters.'}</p>`,
    `<table>${th(['', ['documents', 'n'], ['characters', 'n'], ...(f.tokens ? [['tokens', 'n'] as [string, 'n']] : [])])}${body.join('')}</table>`,
    figure(
      await renderSvg(
        funnelSpec(s),
        'Share of the input documents and tokens kept, dropped, in errors and removed',
      ),
    ),
    `<p>Conservation check, every input line in exactly one place: <span class="${f.conservation.ok ? 'ok' : 'bad'}">${f.conservation.ok ? 'OK' : 'FAILED'}</span></p>`,
    `<pre class="mono">${f.conservation.lines.map(t).join('\n')}</pre>`,
    spans,
    `</section>`,
  ].join('\n');
}

export function languages(s: Summary, list: NonNullable<Summary['languages']>): string {
  const unit = s.funnel.unit;
  const rows = list.map(
    (r) =>
      `<tr>${td(t(r.language), 'name')}${td(count(r.docs), 'n')}${td(`${(100 * r.share_docs).toFixed(1)} %`, 'n')}${td(count(r.kept_docs), 'n')}${td(count(r.dropped_docs), 'n')}${td(`${Math.round(100 * r.drop_rate)} %`, 'n')}${td(compact(r.kept_tokens), 'n')}${td(compact(r.dropped_tokens), 'n')}</tr>`,
  );
  return [
    `<section id="languages"><h2>Languages</h2>`,
    `<p>The language filter's best label per document: how every rule together treats each language. The score distributions are the <span class="mono">language.*</span> attributes.</p>`,
    `<table>${th(['language', ['documents', 'n'], ['share', 'n'], ['kept', 'n'], ['dropped', 'n'], ['drop rate', 'n'], [`kept ${unit}`, 'n'], [`dropped ${unit}`, 'n']])}${rows.join('')}</table>`,
    `</section>`,
  ].join('\n');
}

export async function dedup(d: NonNullable<Summary['dedup']>): Promise<string> {
  const c = d.s_curve;
  const largest = d.largest.map(
    (l) =>
      `<div class="doc"><div class="meta"><strong>Cluster ${count(l.cluster)}</strong> · ${count(l.size)} documents · keeps ${t(l.shard)}:${count(l.line)}</div>` +
      `${l.excerpt === null ? '' : `<pre class="excerpt">${tv(l.excerpt)}</pre>`}</div>`,
  );
  const detected = c.detected.length
    ? `<table>${th([
        ['Jaccard', 'n'],
        ['pairs', 'n'],
        ['detected', 'n'],
        ['curve', 'n'],
      ])}${c.detected.map((x) => `<tr>${td(value(x.jaccard), 'n')}${td(count(x.pairs), 'n')}${td(pct(x.share), 'n')}${td(pct(x.expected), 'n')}</tr>`).join('')}</table>`
    : '';
  return [
    `<section id="dedup"><h2>Deduplication (MinHash)</h2>`,
    `<p>Clusters of <span class="mono">${t(d.source)}</span> (<span class="mono">${t(d.config)}</span>): ${count(d.documents)} documents in ${count(d.clusters)} clusters; each keeps one document (datatrove's choice, the union–find root) and the filter drops the other ${count(d.removed)} as <span class="mono">minhash/duplicate</span>.</p>`,
    `<table>${th([
      ['cluster size', 'n'],
      ['clusters', 'n'],
      ['documents', 'n'],
    ])}${d.sizes.map((r) => `<tr>${td(count(r.size), 'n')}${td(count(r.clusters), 'n')}${td(count(r.documents), 'n')}</tr>`).join('')}</table>`,
    figure(await renderSvg(clusterSizesSpec(d), 'Clusters per cluster size')),
    ...(largest.length ? [`<h3>Largest clusters</h3>`, ...largest] : []),
    `<h3>S-curve</h3>`,
    `<p>A pair of 5-gram Jaccard s becomes a candidate with probability 1 − (1 − s<sup>${c.hashes_per_bucket}</sup>)<sup>${c.buckets}</sup> (${c.buckets} buckets × ${c.hashes_per_bucket} hashes); one half at s = ${value(c.midpoint)}.</p>`,
    figure(await renderSvg(sCurveSpec(d), 'LSH S-curve')),
    detected,
    `</section>`,
  ].join('\n');
}

export async function rules(s: Summary): Promise<string> {
  if (!s.rules.length)
    return `<section id="rules"><h2>Rules</h2><p>No rule fired: nothing was dropped.</p></section>`;
  const unit = s.funnel.unit;
  const rows = s.rules.map(
    (r) =>
      `<tr>${td(t(r.rule), 'name')}${td(count(r.hits), 'n')}${td(count(r.exclusive), 'n')}${td(count(r.tokens), 'n')}${td(count(r.exclusive_tokens), 'n')}${td(pct(r.share_docs), 'n')}${td(pct(r.share_tokens), 'n')}${td(pct(r.coverage), 'n')}</tr>`,
  );
  // A matrix of every rule was unreadable (29 × 29 on web pages): the pairs that overlap most as
  // a table, and a matrix of the top rules with one rule per n-gram family.
  const { shown, folded } = matrixRules(s, 12);
  const pairs = s.overlap.pairs.slice(0, 15);
  const foldNote = [...folded]
    .filter(([, rest]) => rest.length)
    .map(([r, rest]) => `${t(r)} stands for ${rest.map(t).join(', ')}`);
  return [
    `<section id="rules"><h2>Rules</h2>`,
    `<p>Every rule is asked on every document, so a dropped document counts under each rule that fired. <em>Exclusive</em>: documents on which it was the only rule that fired (what removing the rule would keep). Shares are of the ${count(s.funnel.docs.dropped)} dropped documents and their ${unit}; coverage is of all scored documents.</p>`,
    `<table>${th(['rule', ['hits', 'n'], ['exclusive', 'n'], [unit, 'n'], [`exclusive ${unit}`, 'n'], ['share of dropped docs', 'n'], [`share of dropped ${unit}`, 'n'], ['coverage', 'n']])}${rows.join('')}</table>`,
    figure(
      await renderSvg(
        rulesSpec(s),
        'Documents each rule fired on, and on which it was the only rule (the table above has the numbers)',
      ),
    ),
    `<h3>Overlap between rules</h3>`,
    ...(pairs.length
      ? [
          `<p>The pairs of rules that fired together most often (Jaccard: documents of both / documents of either).${s.overlap.pairs.length > pairs.length ? ` The JSON report has all ${count(s.overlap.pairs.length)} pairs.` : ''}</p>`,
          `<table>${th(['rule', 'rule', ['both', 'n'], ['Jaccard', 'n']])}${pairs.map((p) => `<tr>${td(t(p.a), 'name')}${td(t(p.b), 'name')}${td(count(p.both), 'n')}${td(p.jaccard.toFixed(2), 'n')}</tr>`).join('')}</table>`,
        ]
      : []),
    `<p>Documents on which both rules fired; the diagonal holds each rule's hits.${shown.length < s.overlap.rules.length ? ` ${shown.length} of the ${s.overlap.rules.length} rules are shown, most hits first, one per family of rules that differ only in a number${foldNote.length ? ` (${foldNote.join('; ')})` : ''}; the JSON report has the whole matrix.` : ''}</p>`,
    figure(
      await renderSvg(overlapSpec(s, shown), 'Matrix of documents on which two rules both fired'),
    ),
    `</section>`,
  ].join('\n');
}

export function runInfo(s: Summary): string {
  const i = s.inputs;
  const dl = (k: string, v: string) => `<dt>${k}</dt><dd>${v}</dd>`;
  const failed = Object.entries(s.run.failed_shards);
  return [
    `<section id="run"><h2>Run</h2><dl class="run">`,
    dl(
      'status',
      `<strong>${t(s.status.label)}</strong>${s.status.audit_attached ? ` · audit ${s.status.verdict === 'pass' ? 'PASS' : 'FAIL'}` : ' · no audit attached'}`,
    ),
    dl('fingerprint', `<span class="mono">${t(s.run.fingerprint)}</span>`),
    dl('tokenizer', t(s.run.tokenizer)),
    dl(
      'shards',
      `${count(s.run.shards.length)}: ${s.run.shards.map((x) => `<span class="tag">${t(x)}</span>`).join(' ')}`,
    ),
    ...(failed.length
      ? [dl('failed shards', failed.map(([k, why]) => `${t(k)}: ${t(why)}`).join('<br>'))]
      : []),
    dl('stats', `<span class="mono">${t(i.stats)}</span>`),
    ...(i.audit ? [dl('audit', `<span class="mono">${t(i.audit)}</span>`)] : []),
    ...(i.config ? [dl('config', `<span class="mono">${t(i.config)}</span>`)] : []),
    dl('winnow', `${t(s.winnow_version)} (report version ${s.report_version})`),
    dl('generated', `<span id="generated-at">${t(s.generated_at)}</span>`),
    `</dl></section>`,
  ].join('\n');
}
