/** The Markdown report's dropped-document examples: excerpts in fences, flagged spans marked. */
import { spansOfReasons } from './excerpt.ts';
import { fenceFor, mdInline, visible } from './escape.ts';
import { count } from './format.ts';
import { heading, para } from './markdown-blocks.ts';
import { wrap, WIDTH } from './text-layout.ts';
import type { ExampleDoc, Summary } from './summary.ts';

/** Where flagged spans start and end in a Markdown excerpt. */
export const SPAN_OPEN = '⟦';
export const SPAN_CLOSE = '⟧';
/** Hard-wraps a line of an excerpt at `width` code points; continuation lines start with ↪. */
export function wrapCode(line: string, width: number): string[] {
  const cps = Array.from(line);
  if (cps.length <= width) return [line];
  const out = [cps.slice(0, width).join('')];
  for (let i = width; i < cps.length; i += width - 2)
    out.push('↪ ' + cps.slice(i, i + width - 2).join(''));
  return out;
}

/** The excerpt with ⟦ ⟧ around flagged spans, control characters visible, wrapped for a terminal. */
export function excerptText(d: ExampleDoc, width = WIDTH - 2): string {
  const e = d.excerpt;
  const body = e.segments
    .map((g) => (g.spans.length ? `${SPAN_OPEN}${visible(g.text)}${SPAN_CLOSE}` : visible(g.text)))
    .join('');
  const text = `${e.start > 0 ? '…' : ''}${body}${e.end < e.length ? '…' : ''}`;
  return text
    .split('\n')
    .flatMap((l) => wrapCode(l, width))
    .join('\n');
}

export function example(d: ExampleDoc, n: number): string[] {
  const where = `${d.file}:${d.line}`;
  const spans = Object.entries(d.span_counts)
    .map(
      ([k, c]) =>
        `${mdInline(k)} × ${count(c)}${spansOfReasons(k, d.reasons) ? '' : ' (not highlighted: its filter did not drop this document)'}`,
    )
    .join(', ');
  const text = excerptText(d);
  const fence = fenceFor(text);
  const e = d.excerpt;
  return [
    wrap(
      `**[${n}]** ${d.id === null ? '(no id)' : mdInline(d.id)} — ${mdInline(where)}, ${count(e.length)} characters` +
        (e.start > 0 || e.end < e.length ? `, showing ${count(e.start)}–${count(e.end)}` : ''),
      WIDTH,
    ),
    wrap(`Reasons: ${d.reasons.map(mdInline).join(', ')}`, WIDTH),
    ...(spans ? [wrap(`Spans: ${spans}`, WIDTH)] : []),
    '',
    fence,
    text,
    fence,
  ];
}

export function examples(s: Summary): string[] {
  const x = s.examples;
  const out = [heading(2, 'Dropped documents')];
  if (x.note) out.push('', para(mdInline(x.note)));
  const shown = x.rules.filter((r) => r.documents.length);
  if (!shown.length) return out;
  out.push(
    '',
    para(
      `For each rule, up to ${x.per_rule} dropped documents it fired on, taken in shard order` +
        `${x.source ? ` from ${mdInline(x.source)}` : ''}, preferring documents that no rule above it shows. A document is shown once, [numbered], and referred to by its number after that. ` +
        `Excerpts are bounded and placed around the first flagged span; flagged spans are between ${SPAN_OPEN} and ${SPAN_CLOSE}; ` +
        'control characters are shown as symbols; ↪ continues a long line.',
    ),
  );
  const seen = new Set<number>();
  for (const r of shown) {
    out.push('', heading(3, `${mdInline(r.rule)} (${count(r.hits)} dropped)`));
    const again = r.documents.filter((k) => seen.has(k));
    for (const k of r.documents) {
      if (seen.has(k)) continue;
      seen.add(k);
      out.push('', ...example(x.documents[k]!, k + 1));
    }
    if (again.length)
      out.push('', para(`Also ${again.map((k) => `[${k + 1}]`).join(', ')} above.`));
  }
  return out;
}
