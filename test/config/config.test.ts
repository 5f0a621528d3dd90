import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ConfigError, parseConfig, resolveConfig } from '../../src/config/config.ts';

const refuses = (raw: unknown, message: string) =>
  assert.throws(() => resolveConfig(raw, 'my.yaml'), (e: Error) => e instanceof ConfigError && e.message.includes(message), message);

test('a rule on an attribute of a filter that is not configured is refused, naming the configured ones', () => {
  refuses(
    { filters: ['gopher_quality'], rules: [{ attr: 'tokens.count', min: 64 }] },
    'my.yaml: rules[0].attr: got "tokens.count", but no filter in `filters` is named "tokens"; configured: gopher_quality',
  );
});

test('a rule on an attribute its filter does not emit is refused, listing the attributes it does', () => {
  refuses(
    { filters: ['gopher_quality', 'tokens'], rules: [{ attr: 'tokens.cnt', min: 64 }] },
    'rules[0].attr: got "tokens.cnt"; tokens emits no such attribute (its attributes: count, chars_per_token, bytes_per_token)',
  );
  // The n-gram attributes follow the configured n.
  refuses({ filters: [{ gopher_repetition: { top_n_grams: [[2, 0.2]] } }], rules: [{ attr: 'gopher_repetition.top_3_gram_char_frac', max: 0.1 }] }, 'no such attribute');
  const ok = resolveConfig({ filters: [{ gopher_repetition: { top_n_grams: [[3, 0.2]] } }], rules: [{ attr: 'gopher_repetition.top_3_gram_char_frac', max: 0.1 }] });
  assert.is(ok.rules.length, 1);
});

test('a span rule must name a span set that a configured filter emits', () => {
  refuses({ filters: ['c4_quality'], rules: [{ spans: 'c4_quality.bad_line', action: 'remove' }] }, 'c4_quality emits no such span set (its span sets: bad_lines)');
  refuses({ filters: ['fineweb_quality'], rules: [{ spans: 'c4_quality.bad_lines', action: 'remove' }] }, 'no filter in `filters` is named "c4_quality"');
  assert.is(resolveConfig({ filters: ['c4_quality'], rules: [{ spans: 'c4_quality.bad_lines', action: 'remove' }] }).rules.length, 1);
});

test('parseConfig reads text; an object is pointed to resolveConfig', () => {
  assert.throws(() => parseConfig({ filters: ['c4_quality'] } as never), (e: Error) => e instanceof TypeError && e.message.includes('resolveConfig'));
  assert.is(parseConfig('filters: [c4_quality]').filters[0]!.name, 'c4_quality');
});

test.run();
