import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  ConfigError,
  parseConfig,
  parseConfigText,
  presetConfig,
  renderConfigYaml,
  resolveConfig,
} from '../../src/config/config.ts';
import { canonicalConfig, canonicalJson, fingerprint } from '../../src/config/fingerprint.ts';
import { REGISTRY, createFilter } from '../../src/scorers/registry.ts';

const refuses = (raw: unknown, message: string) =>
  assert.throws(
    () => resolveConfig(raw, 'my.yaml'),
    (e: Error) => e instanceof ConfigError && e.message.includes(message),
    message,
  );

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
  refuses(
    {
      filters: [{ gopher_repetition: { top_n_grams: [[2, 0.2]] } }],
      rules: [{ attr: 'gopher_repetition.top_3_gram_char_frac', max: 0.1 }],
    },
    'no such attribute',
  );
  const ok = resolveConfig({
    filters: [{ gopher_repetition: { top_n_grams: [[3, 0.2]] } }],
    rules: [{ attr: 'gopher_repetition.top_3_gram_char_frac', max: 0.1 }],
  });
  assert.is(ok.rules.length, 1);
});

test('a span rule must name a span set that a configured filter emits', () => {
  refuses(
    { filters: ['c4_quality'], rules: [{ spans: 'c4_quality.bad_line', action: 'remove' }] },
    'c4_quality emits no such span set (its span sets: bad_lines)',
  );
  refuses(
    { filters: ['fineweb_quality'], rules: [{ spans: 'c4_quality.bad_lines', action: 'remove' }] },
    'no filter in `filters` is named "c4_quality"',
  );
  assert.is(
    resolveConfig({
      filters: ['c4_quality'],
      rules: [{ spans: 'c4_quality.bad_lines', action: 'remove' }],
    }).rules.length,
    1,
  );
});

test('parseConfig reads text; an object is pointed to resolveConfig', () => {
  assert.throws(
    () => parseConfig({ filters: ['c4_quality'] } as never),
    (e: Error) => e instanceof TypeError && e.message.includes('resolveConfig'),
  );
  assert.is(parseConfig('filters: [c4_quality]').filters[0]!.name, 'c4_quality');
});

test('non-finite numbers are refused, not printed as null (they would share the fingerprint of null)', () => {
  for (const text of [
    'min_doc_words: .inf',
    'min_doc_words: 1e400',
    'min_doc_words: .nan',
    'min_doc_words: -.inf',
  ]) {
    assert.throws(
      () => parseConfig(`filters:\n  - gopher_quality: { ${text} }\n`, 'B.yaml'),
      (e: Error) =>
        e instanceof ConfigError &&
        /got (-?Infinity|NaN); expected|to be a number ≥ 0 or null, got (-?Infinity|NaN)/.test(
          e.message,
        ),
      text,
    );
  }
  assert.throws(
    () =>
      parseConfig('filters: [tokens]\nrules:\n  - { attr: tokens.count, min: .inf }\n', 'B.yaml'),
    /rules\[0\]\.min: got Infinity; expected a finite number/,
  );
  assert.throws(() => canonicalJson({ a: Infinity }), /not a finite number/);
});

test('impossible ranges and negative counts are refused, naming the option', () => {
  refuses(
    { filters: [{ gopher_quality: { min_doc_words: 100, max_doc_words: 10 } }] },
    'filters[0].gopher_quality: Expected `min_doc_words` of filter gopher_quality to be at most `max_doc_words` (10), got 100',
  );
  refuses(
    { filters: [{ gopher_quality: { max_doc_words: -10 } }] },
    'Expected `max_doc_words` of filter gopher_quality to be a number ≥ 0 or null, got -10',
  );
  refuses(
    { filters: [{ fineweb_quality: { line_punct_thr: 1.5 } }] },
    'to be a number from 0 to 1, got 1.5',
  );
  refuses(
    { filters: [{ compression: { min_ratio: 0.8, max_ratio: 0.2 } }] },
    'at most `max_ratio`',
  );
  refuses(
    { filters: ['tokens'], rules: [{ attr: 'tokens.count', min: 100, max: 10 }] },
    'rules[0]: min 100 is above max 10',
  );
  // datatrove's -1 still turns a C4 check off; null still turns a Gopher check off.
  assert.is(
    resolveConfig({ filters: [{ c4_quality: { min_num_sentences: -1 } }] }).filters[0]!.options
      .min_num_sentences,
    -1,
  );
  assert.is(
    resolveConfig({ filters: [{ gopher_quality: { min_doc_words: null, max_doc_words: 10 } }] })
      .filters[0]!.options.min_doc_words,
    null,
  );
});

test('every filter takes its defaults, keys and checks from its one schema', () => {
  let built = 0;
  for (const [name, entry] of Object.entries(REGISTRY)) {
    assert.equal(Object.keys(entry.options.defaults), entry.options.keys, name);
    let f;
    try {
      f = createFilter(name);
    } catch {
      continue; // a filter that needs a file to be built (minhash's clusters, quality's model)
    }
    assert.equal(f.options, entry.options.defaults, name);
    built++;
  }
  assert.ok(built >= 9, `${built} filters built from their defaults`);
});

test('what `config show` prints (JSON, or --yaml) reads back as the same config', () => {
  for (const preset of ['gopher', 'c4', 'fineweb']) {
    const config = presetConfig(preset);
    const fp = fingerprint(config);
    const json = JSON.stringify({ fingerprint: fp, config: canonicalConfig(config) }, null, 2);
    const back = parseConfigText(json, 'shown.json');
    assert.is(back.stated, fp);
    assert.is(fingerprint(back.config), fp, preset);
    const yaml = renderConfigYaml(canonicalConfig(config), fp);
    assert.ok(yaml.startsWith(`# fingerprint: ${fp}\n`));
    assert.is(fingerprint(parseConfig(yaml, 'shown.yaml')), fp, preset);
  }
});

test.run();
