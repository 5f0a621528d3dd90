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
import { COLORS, resetChartIds } from './charts.ts';
import { compact, count, share } from './format.ts';
import { t } from './html-blocks.ts';
import { dedup, funnel, languages, rules, runInfo } from './html-run.ts';
import { attributes, audit, learned } from './html-audit.ts';
import { examples } from './html-examples.ts';
import type { Summary } from './summary.ts';

/** The page's policy: no scripts, no fetches, no frames, no forms, no base; inline styles and data: images only. */
export const CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src 'none'; script-src 'none'; connect-src 'none'; object-src 'none'; frame-src 'none'; base-uri 'none'; form-action 'none'";

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

function banner(s: Summary): string {
  const cls = !s.status.audited
    ? 'unaudited'
    : s.status.verdict === 'pass'
      ? 'pass'
      : s.status.verdict === 'fail'
        ? 'fail'
        : 'unknown';
  const rest = s.status.headline.replace(/^(UN)?AUDITED: /, '');
  const text = rest.charAt(0).toUpperCase() + rest.slice(1);
  return `<header class="banner ${cls}" id="status"><div class="inner"><div class="label">${t(s.status.label)}</div><p>${t(text)}</p></div></header>`;
}

function overview(s: Summary): string {
  const f = s.funnel;
  const card = (cls: string, n: string, k: string) =>
    `<div class="card ${cls}"><div class="n">${n}</div><div class="k">${k}</div></div>`;
  const u = f.tokens ? 'tokens' : 'characters';
  const units = f.tokens ?? f.chars;
  return [
    `<h1>winnow pruning report</h1>`,
    `<p class="meta">Filter <span class="mono">${t(s.run.fingerprint)}</span> · ${count(s.run.shards.length)} shard(s) · tokenizer ${t(s.run.tokenizer)}</p>`,
    `<nav><a href="#funnel">Funnel</a><a href="#rules">Rules</a>${s.languages ? '<a href="#languages">Languages</a>' : ''}${s.dedup ? '<a href="#dedup">Dedup</a>' : ''}<a href="#audit">Audit</a>${s.learned ? '<a href="#learned">ROC</a>' : ''}<a href="#attributes">Attributes</a><a href="#examples">Dropped documents</a><a href="#run">Run</a></nav>`,
    `<div class="cards">`,
    card('', compact(f.docs.in), 'documents in'),
    card('kept', compact(f.docs.kept), `kept (${share(f.docs.kept, f.docs.in)})`),
    card('dropped', compact(f.docs.dropped), `dropped (${share(f.docs.dropped, f.docs.in)})`),
    card('errors', compact(f.docs.errors), 'errors (bad lines)'),
    card('dropped', compact(units.dropped), `${u} dropped (${share(units.dropped, units.in)})`),
    ...(units.removed
      ? [card('removed', compact(units.removed), `${u} removed by span rules`)]
      : []),
    card(
      f.conservation.ok ? 'kept' : 'dropped',
      f.conservation.ok ? 'OK' : 'FAILED',
      'conservation check',
    ),
    `</div>`,
    ...(s.audit?.projection.sentence
      ? [`<p class="projection">${t(s.audit.projection.sentence)}</p>`]
      : []),
    ...s.warnings.map((w) => `<p class="warn"><strong>Warning:</strong> ${t(w)}</p>`),
  ].join('\n');
}

/** The HTML report, one self-contained page. Deterministic for the same Summary. */
export async function renderHtml(s: Summary): Promise<string> {
  resetChartIds();
  // Sections render one after another: vega numbers SVG definitions globally, in render order.
  const parts = [
    overview(s),
    await funnel(s),
    await rules(s),
    ...(s.languages ? [languages(s, s.languages)] : []),
    ...(s.dedup ? [await dedup(s.dedup)] : []),
    await audit(s),
    ...(s.learned ? [await learned(s.learned)] : []),
    await attributes(s),
    examples(s),
    runInfo(s),
  ];
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
