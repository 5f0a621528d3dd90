import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createContext } from '../../src/scorers/context.ts';
import { createFilter, scoreDocument } from '../../src/scorers/registry.ts';
import { decide } from '../../src/rules/threshold.ts';

function run(text: string, options: Record<string, unknown> = {}) {
  const f = createFilter('c4_badwords', options);
  const scored = scoreDocument([f], createContext(text));
  return { attrs: scored.attrs, reasons: decide([f], scored) };
}
const dropped = (text: string) =>
  run(text).reasons.includes('c4_badwords/document_removed_with_badwords');

// Expected values checked with datatrove's own regex in CPython 3.11 on the same list.
test('whole words of the LDNOOBW list, in the lowercased text', () => {
  for (const t of [
    'oh shit',
    '2 girls 1 cup',
    'SHIT!',
    '🖕',
    's&m club',
    'the g-spot',
    'Shit\n',
    '\u00a0shit\u00a0',
    'shit·',
  ]) {
    assert.ok(dropped(t), t);
  }
  for (const t of ['Scunthorpe is a town.', 'an assassin', 'x🖕y', 'a clean text'])
    assert.not.ok(dropped(t), t);
});

test("word characters are Python's Unicode \\w: letters, digits of any script, and _", () => {
  for (const t of ['shit_', 'shit2', 'éshit', 'x_shit', '٣shit', 'ﬁshit'])
    assert.not.ok(dropped(t), t);
});

test('attributes: has_badwords as 0/1', () => {
  assert.equal(run('oh shit').attrs, { 'c4_badwords.has_badwords': 1 });
  assert.equal(run('fine').attrs, { 'c4_badwords.has_badwords': 0 });
});

test('keep_fraction keeps a deterministic share of the matching documents', () => {
  const texts = Array.from({ length: 400 }, (_, i) => `shit number ${i}`);
  const keptShare = (kf: number) =>
    texts.filter((t) => run(t, { keep_fraction: kf, seed: 1 }).reasons.length === 0).length /
    texts.length;
  assert.is(keptShare(0), 0);
  assert.is(keptShare(1), 1);
  const half = keptShare(0.5);
  assert.ok(half > 0.4 && half < 0.6, String(half));
  assert.equal(
    run('shit', { keep_fraction: 0.5, seed: 3 }),
    run('shit', { keep_fraction: 0.5, seed: 3 }),
  );
});

test('languages: only en is bundled; an unknown one fails unless fail_on_missing_language is false', () => {
  assert.throws(
    () => createFilter('c4_badwords', { default_language: 'de' }),
    /only "en" is bundled/,
  );
  assert.throws(
    () => createFilter('c4_badwords', { default_language: 'xx' }),
    /fail_on_missing_language/,
  );
  const f = createFilter('c4_badwords', {
    default_language: 'xx',
    fail_on_missing_language: false,
  });
  const scored = scoreDocument([f], createContext('shit'));
  assert.equal(scored.attrs, {});
  assert.equal(decide([f], scored), []);
});

test.run();
