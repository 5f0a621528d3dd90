import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { escapeHtml, fenceFor, mdInline, oneLine, visible } from '../../src/report/escape.ts';

test('escapeHtml escapes & < > " \' (text and quoted attributes)', () => {
  assert.is(
    escapeHtml(`<a href="x" title='y'>&amp;</a>`),
    '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;',
  );
  assert.is(escapeHtml('plain text, ünïcode 😀'), 'plain text, ünïcode 😀');
});

test('visible: control characters become control pictures, bidi marks <U+XXXX>, lone surrogates U+FFFD', () => {
  assert.is(visible('a\u0000b\u001b[0m\u007f'), 'a␀b␛[0m␡');
  assert.is(visible('line\r\nnext\rover'), 'line\nnext␍over');
  assert.is(visible('tab\tkept\nnewline kept'), 'tab\tkept\nnewline kept');
  assert.is(visible('x\u202ey\u2066z\u200b\ufeff'), 'x<U+202E>y<U+2066>z<U+200B><U+FEFF>');
  assert.is(visible('c1\u0085'), 'c1<U+0085>');
  assert.is(visible('\ud800x\udc00'), '\ufffdx\ufffd');
  assert.is(visible('😀 stays'), '😀 stays');
});

test('oneLine shows newlines and tabs too', () => {
  assert.is(oneLine('a\nb\tc'), 'a␊b␉c');
});

test('mdInline escapes what Markdown would interpret, and leaves snake_case alone', () => {
  assert.is(mdInline('gopher_quality/gopher_short_doc'), 'gopher_quality/gopher_short_doc');
  assert.is(mdInline('<script>*x*</script>'), '\\<script\\>\\*x\\*\\</script\\>');
  assert.is(
    mdInline('[l](javascript:x) | `c` & ~s~'),
    '\\[l\\](javascript:x) \\| \\`c\\` \\& \\~s\\~',
  );
  assert.is(mdInline('_lead and trail_'), '\\_lead and trail\\_');
  assert.is(mdInline('# heading'), '\\# heading');
  assert.is(mdInline('- item'), '\\- item');
  assert.is(mdInline('rules/tokens.count<64'), 'rules/tokens.count\\<64');
  assert.is(mdInline('a\\b'), 'a\\\\b');
  assert.is(mdInline('two\nlines'), 'two␊lines');
});

test('fenceFor is longer than any backtick run, at least 3', () => {
  assert.is(fenceFor('no ticks'), '```');
  assert.is(fenceFor('one ` two `` three ```'), '````');
  assert.is(fenceFor('``````'), '```````');
});

test.run();
