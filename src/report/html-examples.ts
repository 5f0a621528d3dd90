/** The HTML report's dropped-document examples: excerpts with flagged spans highlighted. */
import { spansOfReasons } from './excerpt.ts';
import { count } from './format.ts';
import { t, tv } from './html-blocks.ts';
import type { ExampleDoc, Summary } from './summary.ts';

export function excerptHtml(d: ExampleDoc): string {
  const e = d.excerpt;
  const body = e.segments
    .map((g) =>
      g.spans.length ? `<mark title="${t(g.spans.join(', '))}">${tv(g.text)}</mark>` : tv(g.text),
    )
    .join('');
  return `<pre class="excerpt">${e.start > 0 ? '<span class="cut">…</span>' : ''}${body}${e.end < e.length ? '<span class="cut">…</span>' : ''}</pre>`;
}

export function exampleHtml(rule: string, d: ExampleDoc, n: number): string {
  const e = d.excerpt;
  const spans = Object.entries(d.span_counts)
    .map(
      ([k, c]) =>
        `<span class="tag">${t(k)} × ${count(c)}${spansOfReasons(k, d.reasons) ? '' : ' (not highlighted: its filter did not drop this document)'}</span>`,
    )
    .join(' ');
  return [
    `<div class="doc" id="doc-${n}">`,
    `<div class="meta"><strong>[${n}] ${d.id === null ? '(no id)' : t(d.id)}</strong> · ${t(d.file)}:${count(d.line)} · shard ${t(d.shard)} · ${count(e.length)} characters${e.start > 0 || e.end < e.length ? `, showing ${count(e.start)}–${count(e.end)}` : ''}</div>`,
    `<div>${d.reasons.map((r) => `<span class="tag${r === rule ? ' this' : ''}">${t(r)}</span>`).join(' ')}</div>`,
    ...(spans ? [`<div class="meta">spans: ${spans}</div>`] : []),
    excerptHtml(d),
    `</div>`,
  ].join('\n');
}

export function examples(s: Summary): string {
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
    const refs = again.length
      ? `<p class="meta">Also ${again.map((k) => `<a href="#doc-${k + 1}">[${k + 1}]</a>`).join(', ')}, shown above.</p>`
      : '';
    return `<details${i < 3 ? ' open' : ''}><summary><span class="mono">${t(r.rule)}</span> — ${count(r.hits)} dropped</summary>${docs.join('\n')}${refs}</details>`;
  };
  return [
    `<section id="examples"><h2>Dropped documents</h2>`,
    ...(x.note ? [`<p class="warn">${t(x.note)}</p>`] : []),
    ...(shown.length
      ? [
          `<p>For each rule, up to ${count(x.per_rule)} dropped documents it fired on, taken in shard order${x.source ? ` from <span class="mono">${t(x.source)}</span>` : ''}, preferring documents that no rule above it shows. A document is shown once, under the first rule that shows it. Excerpts are bounded and placed around the first flagged span; flagged spans are highlighted (hover for their names); control characters are shown as symbols.</p>`,
        ]
      : []),
    ...shown.map(section),
    `</section>`,
  ].join('\n');
}
