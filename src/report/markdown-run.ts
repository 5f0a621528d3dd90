/** The Markdown report's sections on the run itself: funnel, rules, languages, dedup, run info. */
import { fenceFor, mdInline, visible } from './escape.ts';
import { compact, count, pct, ratio, share, value } from './format.ts';
import { bullet, heading, para } from './markdown-blocks.ts';
import { table, wrap, WIDTH } from './text-layout.ts';
import type { Summary } from './summary.ts';

export function funnel(s: Summary): string[] {
  const f = s.funnel;
  const cols = [
    { header: '' },
    { header: 'docs', right: true },
    { header: 'chars', right: true },
    ...(f.tokens ? [{ header: 'tokens', right: true }] : []),
  ];
  const cell = (c: { in: number }, v: number) => `${compact(v)} (${share(v, c.in)})`;
  const row = (label: string, k: 'in' | 'kept' | 'dropped' | 'errors' | 'removed') => [
    label,
    k === 'in' ? compact(f.docs.in) : k === 'removed' ? '' : cell(f.docs, f.docs[k]),
    k === 'in' ? compact(f.chars.in) : cell(f.chars, f.chars[k]),
    ...(f.tokens ? [k === 'in' ? compact(f.tokens.in) : cell(f.tokens, f.tokens[k])] : []),
  ];
  const rows = [
    row('in', 'in'),
    row('kept', 'kept'),
    row('dropped', 'dropped'),
    row('errors', 'errors'),
  ];
  if (f.chars.removed || f.tokens?.removed) rows.push(row('removed by span rules', 'removed'));
  const out = [
    heading(2, 'Funnel'),
    '',
    para(
      `${count(f.lines)} lines read: ${count(f.docs.in)} documents (${count(f.docs.errors)} of them bad lines — malformed JSON, a missing or non-string text field, invalid UTF-8, too long — kept verbatim in errors/) and ${count(f.blank)} blank lines.` +
        (f.tokens ? '' : ' No tokenizer: token columns count characters.'),
    ),
    '',
    table(cols, rows),
    '',
    para(
      `Conservation check (every input line ends up in exactly one place): ${f.conservation.ok ? 'OK' : 'FAILED'}.`,
    ),
    '',
    ...f.conservation.lines.map((l) => wrap(l, WIDTH - 2, '    ', '      ')),
  ];
  if (f.removed_spans.length) {
    out.push(
      '',
      para('Removed by span rules (from kept documents):'),
      '',
      table(
        [
          { header: 'span', data: true },
          { header: 'docs', right: true },
          { header: 'spans', right: true },
          { header: 'chars', right: true },
        ],
        f.removed_spans.map((r) => [r.name, count(r.docs), count(r.spans), compact(r.chars)]),
      ),
    );
  }
  return out;
}

export function dedup(s: Summary): string[] {
  const d = s.dedup;
  if (!d) return [];
  const c = d.s_curve;
  const out = [
    heading(2, 'Deduplication (MinHash)'),
    '',
    para(
      `Clusters of ${mdInline(d.source)} (${mdInline(d.config)}): ${count(d.documents)} documents in ${count(d.clusters)} clusters; ` +
        `each keeps one document (datatrove's choice, the union–find root) and the filter drops the other ${count(d.removed)} as minhash/duplicate.`,
    ),
    '',
    table(
      [
        { header: 'cluster size', right: true },
        { header: 'clusters', right: true },
        { header: 'documents', right: true },
      ],
      d.sizes.map((r) => [count(r.size), count(r.clusters), count(r.documents)]),
    ),
  ];
  if (d.largest.length) {
    out.push('', para('The largest clusters and the document each keeps:'));
    for (const l of d.largest) {
      out.push(
        '',
        wrap(
          `Cluster ${count(l.cluster)}: ${count(l.size)} documents, keeps ${mdInline(`${l.shard}:${l.line}`)}`,
          WIDTH,
        ),
      );
      if (l.excerpt === null) continue;
      const text = visible(l.excerpt)
        .split('\n')
        .map((x) => wrap(x, WIDTH - 2))
        .join('\n');
      const fence = fenceFor(text);
      out.push('', fence, text, fence);
    }
    if (d.largest.every((l) => l.excerpt === null))
      out.push('', para('(No excerpts: pass --dedup-inputs, the shards the dedup run read.)'));
  }
  out.push(
    '',
    para(
      `LSH S-curve of ${c.buckets} buckets × ${c.hashes_per_bucket} hashes: a pair of 5-gram Jaccard s becomes a candidate with probability ` +
        `1 − (1 − s^${c.hashes_per_bucket})^${c.buckets}; one half at s = ${value(c.midpoint)}.`,
    ),
    '',
  );
  out.push(
    table(
      [
        { header: 'Jaccard', right: true },
        { header: 'P(candidate)', right: true },
      ],
      c.points.filter((_, i) => i % 2 === 0).map((p) => [value(p.jaccard), pct(p.probability)]),
    ),
  );
  if (c.detected.length) {
    out.push('', para('Detected share of planted pairs beside the curve:'), '');
    out.push(
      table(
        [
          { header: 'Jaccard', right: true },
          { header: 'pairs', right: true },
          { header: 'detected', right: true },
          { header: 'curve', right: true },
        ],
        c.detected.map((x) => [value(x.jaccard), count(x.pairs), pct(x.share), pct(x.expected)]),
      ),
    );
  }
  return out;
}

export function rules(s: Summary): string[] {
  const unit = s.funnel.unit;
  if (!s.rules.length)
    return [heading(2, 'Rules'), '', para('No rule fired: nothing was dropped.')];
  const out = [
    heading(2, 'Rules'),
    '',
    para(
      `Every rule is asked on every document, so a dropped document counts under each rule that fired. ` +
        `excl.: documents on which it was the only rule that fired (what removing it would keep). ` +
        `${unit}: of the documents it fired on. share: hits / ${count(s.funnel.docs.dropped)} dropped documents.`,
    ),
    '',
    table(
      [
        { header: 'rule', data: true },
        { header: 'hits', right: true },
        { header: 'excl.', right: true },
        { header: unit === 'tokens' ? 'tokens' : 'chars', right: true },
        { header: 'share', right: true },
      ],
      s.rules.map((r) => [
        r.rule,
        count(r.hits),
        count(r.exclusive),
        compact(r.tokens),
        r.share_docs === null ? '–' : `${Math.round(100 * r.share_docs)} %`,
      ]),
    ),
  ];
  const pairs = s.overlap.pairs.slice(0, 10);
  if (pairs.length) {
    out.push(
      '',
      para(
        `Rules that fire together most (documents both fired on; Jaccard = both / either). The full ${s.overlap.rules.length} × ${s.overlap.rules.length} matrix is in the HTML and JSON reports.`,
      ),
      '',
    );
    for (const p of pairs)
      out.push(
        bullet(
          `${mdInline(p.a)} & ${mdInline(p.b)}: ${count(p.both)} (Jaccard ${ratio(p.jaccard)})`,
        ),
      );
  }
  return out;
}

export function languages(s: Summary): string[] {
  if (!s.languages) return [];
  const unit = s.funnel.unit === 'tokens' ? 'tokens' : 'chars';
  return [
    heading(2, 'Languages'),
    '',
    para(
      `The language filter's best label per document: how every rule together treats each language. ` +
        `The score distributions are the language.* attributes below.`,
    ),
    '',
    table(
      [
        { header: 'language', data: true },
        { header: 'docs', right: true },
        { header: 'share', right: true },
        { header: 'kept', right: true },
        { header: 'dropped', right: true },
        { header: 'drop rate', right: true },
        { header: `kept ${unit}`, right: true },
        { header: `dropped ${unit}`, right: true },
      ],
      s.languages.map((r) => [
        r.language,
        count(r.docs),
        `${(100 * r.share_docs).toFixed(1)} %`,
        count(r.kept_docs),
        count(r.dropped_docs),
        `${Math.round(100 * r.drop_rate)} %`,
        compact(r.kept_tokens),
        compact(r.dropped_tokens),
      ]),
    ),
  ];
}

export function runInfo(s: Summary): string[] {
  const i = s.inputs;
  const inputs = [
    `stats ${i.stats}`,
    ...(i.audit ? [`audit ${i.audit}`] : []),
    ...(i.config ? [`config ${i.config}`] : []),
  ];
  return [
    heading(2, 'Run'),
    '',
    // A sha256 fingerprint does not fit on one line after its label: it gets a line of its own.
    `- fingerprint:\n  ${mdInline(s.run.fingerprint)}`,
    bullet(`tokenizer: ${mdInline(s.run.tokenizer)}; ${s.status.label}`),
    bullet(`${count(s.run.shards.length)} shard(s): ${s.run.shards.map(mdInline).join(', ')}`),
    bullet(`inputs: ${inputs.map(mdInline).join('; ')}`),
    bullet(
      `winnow ${mdInline(s.winnow_version)}, report version ${s.report_version}, generated ${mdInline(s.generated_at)}`,
    ),
  ];
}
