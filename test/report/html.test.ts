import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CSP, renderHtml } from '../../src/report/html.ts';
import { renderReport } from '../../src/report/render.ts';
import { HOSTILE, smallStats, summary } from './_inputs.ts';

const page = await renderHtml(summary());

test('one self-contained page: a CSP that forbids scripts, no script, nothing fetched', () => {
  assert.ok(page.startsWith('<!doctype html>'));
  assert.match(page, `<meta http-equiv="Content-Security-Policy" content="${CSP}">`);
  assert.match(CSP, "default-src 'none'");
  assert.match(CSP, "script-src 'none'");
  assert.not.match(page, /<script/i);
  assert.not.match(page, /<(link|img|iframe|object|embed|base|form|meta http-equiv="refresh")/i);
  // Every src/href is an in-page anchor; the only URLs are the SVG namespaces.
  for (const m of page.matchAll(/\s(src|href|xlink:href)="([^"]*)"/gi))
    assert.ok(m[2]!.startsWith('#'), m[0]);
  const urls = [...page.matchAll(/https?:\/\/[^\s"'<>]+/g)].map((m) => m[0]);
  assert.equal([...new Set(urls)].sort(), [
    'http://www.w3.org/1999/xlink',
    'http://www.w3.org/2000/svg',
  ]);
});

test('charts are inline SVG with marks', () => {
  const svgs = page.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
  // funnel, rules, overlap, metrics, one PR curve, two attribute histograms
  assert.is(svgs.length, 7);
  for (const svg of svgs) assert.match(svg, /<path|<rect|<line/);
  assert.match(page, 'q.words');
});

test('rule overlaps: the pairs that fire together most, as a table beside the matrix', () => {
  const s = summary();
  assert.ok(s.overlap.pairs.length > 0);
  const p = s.overlap.pairs[0]!;
  assert.match(page, '<th class="n">Jaccard</th>');
  assert.match(page, `<td class="n">${p.jaccard.toFixed(2)}</td>`);
});

test('hostile document text is escaped in text and attributes', () => {
  for (const h of HOSTILE)
    assert.not.ok(page.includes(h.slice(0, 12)) && /[<>"]/.test(h.slice(0, 12)), h);
  // (the spans cover the first 12 characters: the highlight ends inside the payload)
  assert.match(
    page,
    '<mark title="q.bad_spans">&lt;script&gt;docu</mark>ment.title=&#39;pwned&#39;;window.__pwned=1&lt;/script&gt;',
  );
  assert.match(page, '<mark title="q.bad_spans">&lt;/style&gt;&lt;scr</mark>ipt&gt;');
  assert.match(
    page,
    '<mark title="q.bad_spans">&lt;img src=x o</mark>nerror=&quot;window.__pwned=1&quot;&gt;',
  );
  assert.match(
    page,
    '<mark title="q.bad_spans">&lt;a href=&quot;jav</mark>ascript:window.__pwned=1&quot;&gt;x&lt;/a&gt;',
  );
  assert.match(page, '&lt;b&gt;id-0&lt;/b&gt;');
  assert.match(page, '<span class="tag">&lt;i&gt;rule&lt;/i&gt;</span>');
  // No element or attribute comes out of the data.
  assert.not.match(page, /<(b|i|img|svg onload)[ >]/);
  for (const a of page.match(/<a\b[^>]*>/g) ?? []) assert.match(a, /^<a href="#[a-z0-9-]+">$/);
  assert.not.match(page, /\sonerror=|\sonload=/i);
  // Control and bidi characters are shown, not obeyed.
  assert.not.match(page, /[\u001b\u202e]/);
  assert.match(page, 'J␛[31mred␛[0m and ␍ overprint, bidi &lt;U+202E&gt;evil');
  // The flagged span is highlighted, its name in an escaped title.
  assert.match(
    page,
    '<mark title="q.bad_spans">&quot;&gt;&lt;svg onloa</mark>d=alert(1)&gt; &amp; &#39;',
  );
});

test("same inputs, same bytes (vega's SVG ids restart with each page)", async () => {
  assert.is(await renderHtml(summary()), page);
});

test('the status banner: UNAUDITED in red on top', async () => {
  const html = await renderReport(summary({ stats: smallStats(false) }), 'html');
  assert.match(
    html,
    '<header class="banner unaudited" id="status"><div class="inner"><div class="label">UNAUDITED</div>',
  );
  assert.match(page, '<header class="banner pass"');
});

test('the time of the report stands in one place', () => {
  assert.is(page.split('2030-01-02T03:04:05.000Z').length, 2);
});

test.run();
