/**
 * The script of the labeling page (plain browser JavaScript, sent inline and allowed by its
 * hash in the page's Content-Security-Policy). It only ever puts document text into text nodes
 * (`textContent`, `createTextNode`) and attribute values (`title`), never into markup, and talks
 * only to its own server's JSON endpoints.
 *
 * Keys: g good · b bad · s skip · ←/p back · n/Tab next span · t note · ? help; in pairs
 * d duplicate · n not a duplicate. Space, PgUp/PgDn and ↑/↓ scroll the text (it has the focus).
 */
export const CLIENT_JS = String.raw`(() => {
'use strict';
const $ = (id) => document.getElementById(id);
let state = null;
let view = null;
let cur = 0;
const history = [];
let queue = Promise.resolve();

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

async function api(path, body) {
  const init = body === undefined ? {} : { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
  const r = await fetch(path, init);
  const j = await r.json().catch(() => ({ error: r.statusText }));
  if (!r.ok) throw new Error(j.error || r.statusText);
  return j;
}

function status(text, bad) {
  const s = $('status');
  s.textContent = text;
  s.className = bad ? 'bad' : 'ok';
}

function progress(p) {
  $('count').textContent = p.answered + ' of ' + p.total + ' labeled';
  const list = $('strata');
  list.replaceChildren();
  for (const s of p.strata) {
    const li = el('li');
    li.append(el('span', 'name', s.name), document.createTextNode(' ' + s.done + '/' + s.n));
    if (view && view.stratum === s.name) li.className = 'this';
    list.append(li);
  }
}

function fill(parent, pieces, markedClass) {
  parent.replaceChildren();
  for (const p of pieces) {
    const rules = p.r && p.r.length ? p.r : null;
    if (rules || p.d) {
      const m = el('mark', markedClass, p.t);
      if (rules) m.title = rules.join(', ');
      parent.append(m);
    } else parent.append(document.createTextNode(p.t));
  }
}

function render() {
  const v = view;
  $('where').textContent = 'item ' + v.item + ' of ' + v.total;
  $('stratum').textContent = v.stratum === undefined ? '' : 'stratum ' + v.stratum;
  const reasons = $('reasons');
  reasons.replaceChildren();
  if (v.kind === 'doc') {
    if (!v.reasons.length) reasons.append(el('span', 'muted', 'not flagged (kept)'));
    for (const r of v.reasons) reasons.append(el('span', 'tag', r));
  }
  $('answered').textContent = v.answer ? 'answered: ' + v.answer.label : '';
  $('note').value = v.answer && v.answer.note ? v.answer.note : '';
  $('done').hidden = true;
  if (v.kind === 'doc') {
    $('doc').hidden = false;
    $('pair').hidden = true;
    fill($('text'), v.segments, 'span');
    $('text').scrollTop = 0;
    $('text').focus({ preventScroll: true });
  } else {
    $('doc').hidden = true;
    $('pair').hidden = false;
    $('a-id').textContent = v.a.id === undefined ? 'A' : 'A · ' + v.a.id;
    $('b-id').textContent = v.b.id === undefined ? 'B' : 'B · ' + v.b.id;
    fill($('a-text'), v.a.pieces, 'diff');
    fill($('b-text'), v.b.pieces, 'diff');
    $('diffed').textContent = v.diffed ? '' : 'too different to mark what differs';
    $('a-text').focus({ preventScroll: true });
  }
  if (state) progress(state.progress);
}

async function load(k) {
  view = await api('/api/item?k=' + k);
  cur = k;
  render();
  document.body.dataset.item = String(k);
}

function finished() {
  $('done').hidden = false;
  document.body.dataset.item = 'done';
  status('all ' + state.progress.total + ' items labeled; ← goes back to revise', false);
}

async function go(next) {
  if (next === null) finished();
  else await load(next);
}

async function answer(label) {
  const note = $('note').value.trim();
  const body = { item: cur, label };
  if (note) body.note = note;
  const r = await api('/api/answer', body);
  state.progress = r.progress;
  status('saved item ' + cur + ': ' + label, false);
  history.push(cur);
  await go(r.next);
}

async function skip() {
  history.push(cur);
  const r = await api('/api/next?after=' + cur);
  await go(r.next);
}

async function back() {
  const k = history.length ? history.pop() : cur > 1 ? cur - 1 : cur;
  await load(k);
}

function nextSpan() {
  const box = view.kind === 'doc' ? $('text') : $('a-text');
  const marks = [...box.querySelectorAll('mark')];
  if (!marks.length) return;
  for (const m of marks) m.classList.remove('current');
  const top = box.scrollTop;
  const after = marks.find((m) => m.offsetTop - box.offsetTop > top + 24) || marks[0];
  after.classList.add('current');
  box.scrollTop = Math.max(0, after.offsetTop - box.offsetTop - 24);
}

// Keys typed while an answer is being saved wait their turn, in order.
function run(task) {
  queue = queue.then(task).catch((e) => status(String(e.message || e), true));
}

document.addEventListener('keydown', (e) => {
  if (e.ctrlKey || e.metaKey || e.altKey) return;
  const t = e.target;
  if (t && (t.tagName === 'TEXTAREA' || t.tagName === 'INPUT')) {
    if (e.key === 'Escape') { t.blur(); $(view && view.kind === 'pair' ? 'a-text' : 'text').focus(); }
    return;
  }
  if (!view) return;
  const k = e.key;
  const pair = view.kind === 'pair';
  let task = null;
  if (k === '?') { $('help').hidden = !$('help').hidden; e.preventDefault(); return; }
  if (k === 'Escape') { $('help').hidden = true; return; }
  if (!pair && k === 'g') task = () => answer('good');
  else if (!pair && k === 'b') task = () => answer('bad');
  else if (pair && k === 'd') task = () => answer('duplicate');
  else if (pair && k === 'n') task = () => answer('not_duplicate');
  else if (k === 's') task = skip;
  else if (k === 'p' || k === 'ArrowLeft') task = back;
  else if ((!pair && k === 'n') || k === 'Tab') { nextSpan(); e.preventDefault(); return; }
  else if (k === 't') { $('note').focus(); e.preventDefault(); return; }
  if (task) { e.preventDefault(); run(task); }
});

run(async () => {
  state = await api('/api/state');
  document.title = 'winnow label · ' + state.input;
  $('file').textContent = state.input + ' → ' + state.out;
  for (const id of state.kind === 'pair' ? ['keys-doc'] : ['keys-pair']) $(id).hidden = true;
  history.length = 0;
  if (state.start === null) {
    await load(1);
    status('all ' + state.progress.total + ' items are labeled; answering again revises (the last answer wins)', false);
  } else await load(state.start);
  document.body.dataset.ready = '1';
});
})();
`;
