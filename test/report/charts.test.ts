import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { matrixRules, overlapSpec, ruleFamily } from '../../src/report/chart-rules.ts';
import type { Summary } from '../../src/report/summary.ts';

// 29 rules as on web pages: most of them n-gram rules of two gopher_repetition families.
const rules = [
  'fineweb_quality/char_dup_ratio',
  'fineweb_quality/short_line_ratio',
  'fineweb_quality/line_punct_ratio',
  ...[10, 9, 8, 7, 6, 5].map((n) => `gopher_repetition/duplicated_${n}_n_grams`),
  ...[2, 3, 4].map((n) => `gopher_repetition/top_${n}_gram`),
  'gopher_quality/gopher_enough_stop_words',
  'gopher_quality/gopher_below_alpha_threshold',
  'gopher_repetition/dup_line_frac',
  'gopher_repetition/dup_para_frac',
  'gopher_repetition/dup_line_char_frac',
  'gopher_repetition/dup_para_char_frac',
  'c4_quality/too_few_sentences',
  'c4_quality/curly_bracket',
  'c4_quality/lorem_ipsum',
  'gopher_quality/gopher_short_doc',
  'gopher_quality/gopher_long_doc',
  'gopher_quality/gopher_too_many_hashes',
  'gopher_quality/gopher_too_many_ellipsis',
  'gopher_quality/gopher_too_many_bullets',
  'gopher_quality/gopher_too_many_end_ellipsis',
  'fineweb_quality/list_ratio',
  'gopher_quality/gopher_below_avg_threshold',
];
const summary = {
  overlap: {
    rules,
    matrix: rules.map((_, i) => rules.map((__, j) => (i === j ? 100 - i : i + j))),
    pairs: [],
  },
} as unknown as Summary;

test('the overlap matrix shows at most 12 rules, most hits first, one per n-gram family', () => {
  assert.is(rules.length, 29);
  assert.is(
    ruleFamily('gopher_repetition/duplicated_10_n_grams'),
    'gopher_repetition/duplicated_#_n_grams',
  );
  const { shown, folded } = matrixRules(summary, 12);
  assert.is(shown.length, 12);
  assert.equal(shown.slice(0, 5), [...rules.slice(0, 4), 'gopher_repetition/top_2_gram']);
  assert.equal(
    folded.get('gopher_repetition/duplicated_10_n_grams'),
    [9, 8, 7, 6, 5].map((n) => `gopher_repetition/duplicated_${n}_n_grams`),
  );
  assert.equal(folded.get('gopher_repetition/top_2_gram'), [
    'gopher_repetition/top_3_gram',
    'gopher_repetition/top_4_gram',
  ]);
  // The cells are the full matrix's, looked up by rule.
  const values = (
    overlapSpec(summary, shown).data as { values: { a: string; b: string; n: number }[] }
  ).values;
  assert.is(values.length, 144);
  const cell = values.find((v) => v.a === 'gopher_repetition/top_2_gram' && v.b === rules[0])!;
  assert.is(cell.n, rules.indexOf('gopher_repetition/top_2_gram'));
});

test.run();
