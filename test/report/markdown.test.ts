import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { renderMarkdown, widestProseLine } from '../../src/report/markdown.ts';
import { codePointLength } from '../../src/text/codepoints.ts';
import { smallAudit, smallStats, summary } from './_inputs.ts';

test('the Markdown report has the funnel numbers, the verdict and the projection', () => {
  const md = renderMarkdown(summary());
  assert.ok(md.startsWith('# winnow pruning report\n'));
  assert.match(md, '**AUDITED**');
  assert.match(md, /\| in +\| +11 \|/);
  assert.match(md, /\| kept +\| +6 \(54\.5 %\) \|/);
  assert.match(md, /\| dropped +\| +4 \(36\.4 %\) \|/);
  assert.match(md, /\| errors +\| +1 \(9\.1 %\) \|/);
  assert.match(md, 'docs: in 11 = kept 6 + dropped 4 + errors 1 OK');
  assert.match(md, '**Verdict: PASS**');
  assert.match(md, '> Of the 4 documents this filter drops, an estimated 3.1–23.6 %');
  assert.match(md, /\| q\/short +\| +3 \| +2 \|/);
  assert.match(md, 'q/junk & q/short: 1 (Jaccard 0.250)');
});

test('a failing audit and an unaudited run are said on top', () => {
  const md = renderMarkdown(summary({ stats: smallStats(false), audit: smallAudit(false) }));
  assert.ok(md.split('\n')[2]!.startsWith('**UNAUDITED**'));
  assert.match(md, '**Verdict: FAIL**');
  assert.match(md, '- fdr upper bound 21.0 % exceeds the budget 10.0 %');
});

test('every line fits an 80-column terminal, inside code fences too', () => {
  const md = renderMarkdown(summary());
  assert.ok(widestProseLine(md) <= 80, `widest prose line ${widestProseLine(md)}`);
  for (const line of md.split('\n')) assert.ok(codePointLength(line) <= 80, line);
});

test('hostile text: excerpts sit in fences longer than any backtick run, control characters are visible', () => {
  const md = renderMarkdown(summary());
  // The excerpt with ```fence``` gets a fence of four backticks.
  assert.match(md, /\n````\n⟦"><svg onloa⟧d=alert\(1\)> & ' `code` ```fence```/);
  assert.not.match(md, '\u001b');
  assert.not.match(md, '\r');
  assert.not.match(md, '\u202e');
  assert.match(md, '⟧J␛[31mred␛[0m and ␍ overprint');
  assert.match(md, '<U+202E>evil');
  // Names outside code are escaped: no raw HTML, no emphasis, no link.
  assert.match(md, '\\<b\\>id-0\\</b\\>');
  assert.match(md, '\\<i\\>rule\\</i\\>');
  const prose = md.split(/\n`{3,}\n[\s\S]*?\n`{3,}\n/).join('\n');
  assert.not.match(prose, /<(script|img|a |b>|i>)/i);
});

test('span removal: a removed row in the funnel and a table of span rules', () => {
  const st = smallStats();
  st.chars.kept -= 40;
  st.chars.removed += 40;
  st.tokens!.kept -= 9;
  st.tokens!.removed += 9;
  st.spans['c4_quality.bad_lines'] = { docs: 2, spans: 5, chars: 40 };
  const md = renderMarkdown(summary({ stats: st }));
  assert.match(md, /\| removed by span rules \| +\| +40 \(/);
  assert.match(md, /\| c4_quality\.bad_lines +\| +2 \| +5 \| +40 \|/);
  assert.match(md, 'chars: in 1580 = kept 1310 + dropped 230 + errors 0 + removed 40 OK');
});

test('same inputs, same bytes', () => {
  assert.is(renderMarkdown(summary()), renderMarkdown(summary()));
});

test('no audit, no examples: the sections say so', () => {
  const md = renderMarkdown(
    summary({
      audit: null,
      examples: {
        per_rule: 3,
        source: null,
        scanned: 0,
        byRule: {},
        note: 'No dropped records to show.',
      },
    }),
  );
  assert.match(md, 'No audit attached');
  assert.match(md, 'No dropped records to show.');
});

test.run();
