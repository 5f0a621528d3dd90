/**
 * The labeling page: one self-contained HTML document (inline style and script, nothing
 * fetched but its own JSON endpoints), with a Content-Security-Policy that allows exactly that
 * style and that script (by their sha256) and connections to its own origin. The markup holds no
 * data: the script fills it from the JSON, as text.
 */
import { createHash } from 'node:crypto';
import { CLIENT_JS } from './client.ts';

const STYLE = `
:root { --ink: #1d2430; --muted: #5b6472; --line: #dfe3e8; --mark: #ffd8a8; --markline: #d9480f; --diff: #c5f6fa; --diffline: #1098ad; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #f6f7f9; }
header { position: sticky; top: 0; background: #fff; border-bottom: 1px solid var(--line); padding: 8px 16px; z-index: 1; }
header .row { display: flex; gap: 14px; align-items: baseline; flex-wrap: wrap; }
#where { font-weight: 700; font-size: 16px; }
#answered { color: #2e7d32; font-weight: 600; }
.muted, #file { color: var(--muted); }
#file { font-size: 12px; margin-left: auto; }
#strata { list-style: none; margin: 4px 0 0; padding: 0; display: flex; flex-wrap: wrap; gap: 4px 12px; font-size: 12px; color: var(--muted); }
#strata li.this { color: var(--ink); font-weight: 700; }
#strata .name, .tag { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.tag { display: inline-block; background: #fde2e1; color: #8c1d18; border-radius: 3px; padding: 0 5px; margin: 1px 4px 1px 0; font-size: 12px; }
main { padding: 10px 16px; }
pre.text { white-space: pre-wrap; overflow-wrap: anywhere; background: #fff; border: 1px solid var(--line); border-radius: 4px; padding: 10px 12px; margin: 0; height: calc(100vh - 250px); min-height: 160px; overflow-y: auto; font: 13px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
pre.text:focus { outline: 2px solid #8fb8ff; }
mark.span { background: var(--mark); color: inherit; border-bottom: 2px solid var(--markline); }
mark.diff { background: var(--diff); color: inherit; border-bottom: 2px solid var(--diffline); }
mark.current { outline: 2px solid var(--markline); }
#pair { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; }
#pair h2 { font-size: 13px; margin: 0 0 4px; color: var(--muted); }
#note { width: 100%; height: 3.2em; margin-top: 8px; font: inherit; padding: 4px 8px; border: 1px solid var(--line); border-radius: 4px; }
footer { padding: 4px 16px 12px; color: var(--muted); font-size: 13px; }
kbd { border: 1px solid #c9ced6; border-bottom-width: 2px; border-radius: 3px; padding: 0 4px; background: #fff; font-size: 12px; }
#status { margin-left: 12px; } #status.ok { color: #2e7d32; } #status.bad { color: #b3261e; font-weight: 700; }
#done { background: #e6f4ea; border: 1px solid #a8d5b5; padding: 8px 12px; border-radius: 4px; margin-bottom: 8px; }
#help { position: fixed; top: 60px; right: 16px; background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 10px 16px; box-shadow: 0 4px 16px #0002; z-index: 2; }
#help dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 12px; margin: 0; }
#help dd { margin: 0; }
[hidden] { display: none !important; }
`;

const BODY = `
<header>
  <div class="row"><span id="where">loading…</span><span id="stratum"></span><span id="answered"></span><span id="count"></span><span id="file"></span></div>
  <div id="reasons"></div>
  <ul id="strata"></ul>
</header>
<main>
  <div id="done" hidden>Every item is labeled. <kbd>←</kbd> goes back to revise one.</div>
  <section id="doc"><pre id="text" class="text" tabindex="0"></pre></section>
  <section id="pair" hidden>
    <div><h2 id="a-id">A</h2><pre id="a-text" class="text" tabindex="0"></pre></div>
    <div><h2 id="b-id">B</h2><pre id="b-text" class="text" tabindex="0"></pre></div>
    <p id="diffed" class="muted"></p>
  </section>
  <textarea id="note" placeholder="note for this item (t to write, Esc to leave); saved with the answer" maxlength="10000"></textarea>
</main>
<footer>
  <span id="keys-doc"><kbd>g</kbd> good · <kbd>b</kbd> bad · <kbd>n</kbd>/<kbd>Tab</kbd> next span · </span><span id="keys-pair"><kbd>d</kbd> duplicate · <kbd>n</kbd> not a duplicate · <kbd>Tab</kbd> next difference · </span><kbd>s</kbd> skip · <kbd>←</kbd>/<kbd>p</kbd> back · <kbd>t</kbd> note · <kbd>?</kbd> help
  <span id="status"></span>
</footer>
<div id="help" hidden>
  <dl>
    <dt><kbd>g</kbd> / <kbd>b</kbd></dt><dd>good / bad (documents)</dd>
    <dt><kbd>d</kbd> / <kbd>n</kbd></dt><dd>duplicate / not a duplicate (pairs)</dd>
    <dt><kbd>s</kbd></dt><dd>skip (asked again at the end)</dd>
    <dt><kbd>←</kbd> <kbd>p</kbd></dt><dd>back; answering again revises (the last answer wins)</dd>
    <dt><kbd>n</kbd> <kbd>Tab</kbd></dt><dd>scroll to the next flagged span (documents) or difference (Tab, pairs)</dd>
    <dt><kbd>Space</kbd> <kbd>↑</kbd> <kbd>↓</kbd></dt><dd>scroll the text</dd>
    <dt><kbd>t</kbd></dt><dd>write a note, saved with the next answer; <kbd>Esc</kbd> leaves it</dd>
    <dt><kbd>?</kbd></dt><dd>this help</dd>
  </dl>
  <p class="muted">Every answer is on disk before the page moves on. Hover a highlighted span for the rule that flagged it.</p>
</div>`;

const sha256 = (s: string): string =>
  `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;

/** The page's policy: its own style and script by hash, requests to its own origin only, no frames, forms or plugins. */
const POLICY = [
  "default-src 'none'",
  `script-src ${sha256(CLIENT_JS)}`,
  `style-src ${sha256(STYLE)}`,
  "connect-src 'self'",
  'img-src data:',
  "font-src 'none'",
  "object-src 'none'",
  "frame-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
];
/** The policy in the page itself (a <meta> tag cannot say frame-ancestors), should it be saved and opened as a file. */
const META_CSP = POLICY.join('; ');
/** The policy the server sends with the page: also, no other page may frame it. */
export const PAGE_CSP = [...POLICY, "frame-ancestors 'none'"].join('; ');

/** The page (the same bytes every time). */
export const PAGE_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${META_CSP}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>winnow label</title>
<style>${STYLE}</style>
</head><body>${BODY}
<script>${CLIENT_JS}</script>
</body></html>
`;
