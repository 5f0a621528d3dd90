import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { addDocument, emptyStats } from '../../src/stats/stats.ts';
import { languageRows } from '../../src/report/languages.ts';
import { renderMarkdown } from '../../src/report/markdown.ts';
import { renderHtml } from '../../src/report/html.ts';
import { smallStats, summary } from './_inputs.ts';

/** 3 en (1 dropped by another rule), 2 de dropped, 1 fr dropped. */
function languageStats() {
  const s = emptyStats('a.jsonl', 'sha256:x', 'cl100k_base', false);
  const add = (language: string, reasons: string[], tokens: number) =>
    addDocument(s, {
      reasons,
      attrs: { 'language.score': 0.9 },
      chars: tokens * 4,
      tokens,
      approximateTokens: false,
      language,
    });
  add('en', [], 100);
  add('en', [], 50);
  add('en', ['q/short'], 5);
  add('de', ['language/wrong_language'], 80);
  add('de', ['language/wrong_language'], 20);
  add('fr', ['language/wrong_language'], 10);
  s.lines = 6;
  return s;
}

test('one row per language, most documents first: counts, share, drop rate, tokens kept and dropped', () => {
  const rows = languageRows(languageStats())!;
  assert.equal(
    rows.map((r) => r.language),
    ['en', 'de', 'fr'],
  );
  assert.equal(rows[0], {
    language: 'en',
    docs: 3,
    kept_docs: 2,
    dropped_docs: 1,
    share_docs: 0.5,
    kept_tokens: 150,
    dropped_tokens: 5,
    drop_rate: 1 / 3,
  });
  assert.equal(rows[1], {
    language: 'de',
    docs: 2,
    kept_docs: 0,
    dropped_docs: 2,
    share_docs: 2 / 6,
    kept_tokens: 0,
    dropped_tokens: 100,
    drop_rate: 1,
  });
  // Characters stand in for tokens without a tokenizer; no language filter, no table.
  const s = languageStats();
  s.tokens = null;
  assert.is(languageRows(s)![0]!.kept_tokens, 600);
  assert.is(languageRows(smallStats()), null);
});

test('the Markdown and HTML reports show the language table only when the run identified languages', async () => {
  const md = renderMarkdown(summary({ stats: languageStats(), audit: null }));
  assert.match(md, '## Languages');
  assert.match(md, /\| en +\| +3 \| +50\.0 % \| +2 \| +1 \| +33 % \|/);
  assert.match(md, /\| de +\| +2 \| +33\.3 % \| +0 \| +2 \| +100 % \|/);
  assert.not.match(renderMarkdown(summary()), '## Languages');
  const html = await renderHtml(summary({ stats: languageStats(), audit: null }));
  assert.match(html, '<section id="languages"><h2>Languages</h2>');
  assert.match(html, '<a href="#languages">');
  assert.not.match(await renderHtml(summary()), 'id="languages"');
});

test.run();
