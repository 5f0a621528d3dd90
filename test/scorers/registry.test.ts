import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createContext } from '../../src/scorers/context.ts';
import { FILTERS, createFilter, scoreDocument } from '../../src/scorers/registry.ts';
import { decide, thresholdRule } from '../../src/rules/threshold.ts';
import { resolveConfig } from '../../src/config/config.ts';
import { loadLanguageModels } from '../../src/lid/models.ts';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { importGraph } from '../../scripts/cycles.ts';
import { repoRoot } from '../_helpers.ts';

test('FILTERS holds the five datatrove-parity filters', () => {
  const parity = [
    'c4_badwords',
    'c4_quality',
    'fineweb_quality',
    'gopher_quality',
    'gopher_repetition',
  ];
  // The token-level filters (rare_tokens, ...) are there too; some need resources to build.
  assert.equal(
    Object.keys(FILTERS)
      .filter((name) => parity.includes(name))
      .sort(),
    parity,
  );
  for (const name of parity) {
    const f = FILTERS[name]!();
    assert.is(f.name, name);
    assert.is(f.scorer.name, name);
    assert.ok(f.rules.every((r) => r.reason.startsWith(`${name}/`)));
  }
});

test('createFilter rejects unknown filters and options with TypeErrors that list what is allowed', () => {
  assert.throws(
    () => createFilter('gopher'),
    (e: Error) => e instanceof TypeError && e.message.includes('gopher_quality'),
  );
  assert.throws(() => createFilter('toString'), TypeError);
  assert.throws(
    () => createFilter('fineweb_quality', { bogus: 1 }),
    (e: Error) =>
      e instanceof TypeError &&
      /Unknown option `bogus` for filter fineweb_quality; expected one of: line_punct_thr, /.test(
        e.message,
      ),
  );
});

test('keys and spanKeys: every attribute and span set a filter emits is listed, and every rule reads a listed key', async () => {
  await loadLanguageModels(resolveConfig({ tokenizer: 'none', filters: ['language'] })); // the bundled lid.176.ftz
  const texts = [
    '',
    ' \n ',
    'Hello world.',
    'lorem ipsum dolor {x}\n- a bullet…\n# tag\n',
    'The cat sat on the mat. It was a sunny day and everybody went outside to play.\n'.repeat(12) +
      'javascript must be enabled\n',
    'A line without an end\nAnother one with a [1] citation.\r\nemoji 🙂 here ＡＢＣ Ã©',
    'What the fuck is this? It is a sentence with a bad word in it, and it ends properly.',
  ];
  for (const name of Object.keys(FILTERS)) {
    if (name === 'rare_tokens' || name === 'quality') continue; // need a vocabulary or a model; their keys are checked in rare-tokens.test.ts and quality.test.ts
    if (name === 'minhash' || name === 'exact') continue; // need a dedup run's output; keys checked in minhash.test.ts and cli/dedup.test.ts
    const f = createFilter(name, name === 'c4_badwords' ? { keep_fraction: 0.5 } : {});
    const keys = new Set<string>();
    const spanKeys = new Set<string>();
    for (const text of texts) {
      const s = f.scorer.score(
        createContext(text, { tokens: () => new Uint32Array(Array.from(text, (_, i) => i)) }),
      );
      for (const k of Object.keys(s.attrs)) keys.add(k);
      for (const k of Object.keys(s.spans)) spanKeys.add(k);
    }
    // Both ways: an undeclared key would be refused in rules; a declared one never emitted would
    // let a rule pass validation and never fire.
    assert.equal([...keys].sort(), [...f.keys].sort(), name);
    assert.equal([...spanKeys].sort(), [...f.spanKeys].sort(), name);
    for (const r of f.rules)
      if ('attr' in r)
        assert.ok(
          f.keys.includes(String(r.attr).slice(name.length + 1)),
          `${r.reason} reads ${String(r.attr)}`,
        );
  }
});

test('scoreDocument prefixes keys with the filter name; decide asks every rule of every filter', () => {
  const filters = [createFilter('gopher_repetition'), createFilter('fineweb_quality')];
  const ctx = createContext('Hello world.');
  ctx.memo('words', () => ['Hello', 'world', '.']);
  const scored = scoreDocument(filters, ctx);
  assert.is(scored.attrs['gopher_repetition.len_text'], 12);
  assert.is(scored.attrs['fineweb_quality.n_words'], 3);
  assert.equal(decide(filters, scored), [
    'gopher_repetition/top_2_gram',
    'gopher_repetition/top_3_gram',
    'fineweb_quality/short_line_ratio',
  ]);
});

test("scoreDocument merges attributes in the scorers' key order, per document, whatever keys each document has", () => {
  // Hand-made scorers whose keys vary by document: the merged object must be what adding the
  // keys one by one gives (order, values, a repeated filter's key keeps its first place).
  const fake = (name: string, attrs: (text: string) => Record<string, number>) => ({
    name,
    options: {},
    scorer: { name, score: (c: { text: string }) => ({ attrs: attrs(c.text), spans: {} }) },
    rules: [],
    keys: [],
    spanKeys: [],
  });
  const a = fake('a', (t): Record<string, number> => (t === 'x' ? { z: 1, y: 2 } : { y: 3 }));
  const b = fake('b', (t): Record<string, number> => (t === 'x' ? {} : { q: -0, r: Number.NaN }));
  const expected: Record<string, [string, number][]> = {
    x: [
      ['a.z', 1],
      ['a.y', 2],
    ],
    w: [
      ['a.y', 3],
      ['b.q', -0],
      ['b.r', Number.NaN],
    ],
  };
  for (let round = 0; round < 3; round++) {
    for (const text of ['x', 'w']) {
      const got = scoreDocument([a, b], createContext(text));
      assert.equal(Object.entries(got.attrs), expected[text]);
      assert.equal(got.spans, {});
    }
  }
  const twice = scoreDocument([a, b, a], createContext('w'));
  assert.equal(Object.entries(twice.attrs), [
    ['a.y', 3],
    ['b.q', -0],
    ['b.r', Number.NaN],
  ]);
  assert.is(Object.getPrototypeOf(twice.attrs), Object.prototype);
});

test('thresholdRule: data plus fires(); an absent attribute never fires', () => {
  const r = thresholdRule('x/low', 'x.v', '<', 0.5, 0);
  assert.equal(
    { reason: r.reason, attr: r.attr, op: r.op, threshold: r.threshold, exempt: r.exempt },
    {
      reason: 'x/low',
      attr: 'x.v',
      op: '<',
      threshold: 0.5,
      exempt: 0,
    },
  );
  assert.ok(r.fires({ 'x.v': 0.2 }));
  assert.not.ok(r.fires({ 'x.v': 0.5 }));
  assert.not.ok(r.fires({ 'x.v': 0 }));
  assert.not.ok(r.fires({}));
});

test('the context computes each memo key once, and tokens lazily once', () => {
  let calls = 0;
  let tokenCalls = 0;
  const ctx = createContext('text', { tokens: () => (tokenCalls++, new Uint32Array([1, 2])) });
  assert.is(
    ctx.memo('k', () => ++calls),
    1,
  );
  assert.is(
    ctx.memo('k', () => ++calls),
    1,
  );
  assert.is(tokenCalls, 0);
  assert.equal(Array.from(ctx.tokens()!), [1, 2]);
  ctx.tokens();
  assert.is(tokenCalls, 1);
  assert.is(createContext('x').tokens(), undefined);
});

test('adding a filter touches its own file, the registry line and a test (CONTRIBUTING.md): no filter file imports the registry, every registered filter has a test', () => {
  const src = join(repoRoot, 'src');
  const graph = importGraph(src);
  const registry = join(src, 'scorers/registry.ts');
  // config.ts lists filters through the registry, so importing it is importing the registry too.
  const lists = [registry, join(src, 'config/config.ts')];
  const filterFiles = graph.get(registry)!.filter((f) => f.startsWith(join(src, 'scorers')));
  assert.ok(filterFiles.length >= Object.keys(FILTERS).length);
  for (const f of filterFiles) {
    const bad = (graph.get(f) ?? []).filter((d) => lists.includes(d));
    assert.equal(bad, [], `${f} imports ${bad.join(', ')}`);
  }
  // The module each factory comes from, read off the registry's imports.
  const moduleOf = new Map<string, string>();
  for (const m of readFileSync(registry, 'utf8').matchAll(
    /import \{([^}]+)\} from '\.\/([a-z0-9-]+)\.ts'/g,
  )) {
    for (const name of m[1]!.split(',')) moduleOf.set(name.trim(), m[2]!);
  }
  const tests = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory()
        ? tests(join(dir, e.name))
        : e.name.endsWith('.test.ts')
          ? [join(dir, e.name)]
          : [],
    );
  const texts = tests(join(repoRoot, 'test')).map((f) => [f, readFileSync(f, 'utf8')] as const);
  for (const [name, factory] of Object.entries(FILTERS)) {
    const module = moduleOf.get(factory.name);
    assert.ok(module, `${name}: its factory ${factory.name} is not imported by the registry`);
    const tested = texts.some(
      ([f, t]) =>
        f.endsWith(`/scorers/${module}.test.ts`) || t.includes(`src/scorers/${module}.ts'`),
    );
    assert.ok(
      tested,
      `${name}: no test/scorers/${module}.test.ts and no test imports src/scorers/${module}.ts`,
    );
  }
});

test.run();
