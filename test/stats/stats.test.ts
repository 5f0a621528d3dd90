import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  addDocument,
  addError,
  conservation,
  emptyStats,
  mergeAll,
  parseStats,
  statsJson,
} from '../../src/stats/stats.ts';

const doc = (reasons: string[], tokens: number, chars = tokens * 4) => ({
  reasons,
  attrs: { 'f.x': tokens },
  chars,
  tokens,
  approximateTokens: false,
});

test('counts by outcome, per-rule hits and exclusive drops, overlaps, and conservation', () => {
  const s = emptyStats('a.jsonl', 'sha256:x', 'cl100k_base', false);
  s.lines = 6;
  s.blank = 1;
  addDocument(s, doc([], 10));
  addDocument(s, doc(['f/a'], 20));
  addDocument(s, doc(['f/a', 'f/b'], 30));
  addDocument(s, {
    ...doc([], 40),
    removed: { chars: 8, tokens: 2, spans: { 'f.lines': { spans: 1, chars: 8 } } },
  });
  addError(s);
  assert.equal(s.docs, { in: 5, kept: 2, dropped: 2, errors: 1, removed: 0 });
  assert.equal(s.tokens, { in: 100, kept: 48, dropped: 50, errors: 0, removed: 2 });
  assert.equal(s.rules['f/a'], {
    hits: 2,
    exclusive: 1,
    tokens: 50,
    exclusive_tokens: 20,
    chars: 200,
  });
  assert.equal(s.rules['f/b'], {
    hits: 1,
    exclusive: 0,
    tokens: 30,
    exclusive_tokens: 0,
    chars: 120,
  });
  assert.equal(s.overlap, { 'f/a': { 'f/b': 1 } });
  assert.equal(s.spans['f.lines'], { docs: 1, spans: 1, chars: 8 });
  const c = conservation(s);
  assert.ok(c.ok, c.lines.join('\n'));
  assert.match(c.lines[2]!, 'tokens: in 100 = kept 48 + dropped 50 + errors 0 + removed 2 OK');
});

test('a broken count is reported as a mismatch', () => {
  const s = emptyStats('a', 'fp', 'none', false);
  addDocument(s, { ...doc([], 1), tokens: null });
  s.docs.kept = 0;
  assert.not.ok(conservation(s).ok);
});

test('merge order does not change the bytes; stats files round-trip; different filters refuse to merge', () => {
  const mk = (name: string, n: number) => {
    const s = emptyStats(name, 'fp', 'cl100k_base', true);
    for (let i = 0; i < n; i++) addDocument(s, doc(i % 2 ? ['f/a'] : [], i + 1));
    s.lines = n;
    return s;
  };
  const [a, b, c] = [mk('a', 3), mk('b', 4), mk('c', 5)];
  const one = statsJson(mergeAll([a, b, c]));
  assert.is(statsJson(mergeAll([c, a, b])), one);
  assert.is(statsJson(parseStats(one)), one);
  assert.equal(JSON.parse(one).shards, ['a', 'b', 'c']);
  assert.throws(() => mergeAll([a, { ...mk('d', 1), fingerprint: 'other' }]), /different filters/);
});

test('per detected language: documents, characters and tokens, kept and dropped; merged by sum', () => {
  const mk = (name: string) => {
    const s = emptyStats(name, 'fp', 'cl100k_base', false);
    addDocument(s, { ...doc([], 10), language: 'en' });
    addDocument(s, { ...doc(['language/wrong_language'], 5), language: 'de' });
    addDocument(s, { ...doc(['gopher/x'], 7), language: 'en' });
    s.lines = 3;
    return s;
  };
  const a = mk('a');
  assert.equal(a.languages, {
    en: { kept: { docs: 1, chars: 40, tokens: 10 }, dropped: { docs: 1, chars: 28, tokens: 7 } },
    de: { kept: { docs: 0, chars: 0, tokens: 0 }, dropped: { docs: 1, chars: 20, tokens: 5 } },
  });
  const m = mergeAll([a, mk('b')]);
  assert.equal(m.languages!.en!.dropped, { docs: 2, chars: 56, tokens: 14 });
  assert.equal(Object.keys(JSON.parse(statsJson(m)).languages), ['de', 'en']);
  assert.is(statsJson(parseStats(statsJson(m))), statsJson(m));
  // Without the language filter the field is absent (stats files of other configs keep their bytes).
  assert.not.ok('languages' in JSON.parse(statsJson(emptyStats('c', 'fp', 'none', false))));
});

test.run();
