// The language filter: datatrove's LanguageFilter semantics on hand-made identifiers, its options
// and refusals, and parity with datatrove's LanguageFilter on lid.176.ftz (goldens in ../shared).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { resolveConfig } from '../../src/config/config.ts';
import { fingerprint } from '../../src/config/fingerprint.ts';
import { UsageError } from '../../src/errors.ts';
import { registerIdentifier, type LanguageIdentifier } from '../../src/lid/identifier.ts';
import { bundledModelPath, loadLanguageModels } from '../../src/lid/models.ts';
import { createEvaluator } from '../../src/rules/evaluator.ts';
import { language } from '../../src/scorers/language.ts';
import { createContext } from '../../src/scorers/context.ts';
import { haveShared, sharedDir, tempDir, testIf } from '../_helpers.ts';
import { haveS3, withS3Credentials } from '../integration/_services.ts';
import { s3CreateBucket, s3Put } from '../../src/io/s3.ts';

/** An identifier that returns fixed scores and records what text it saw. */
function fixed(scores: Record<string, number>, seen: string[] = []): LanguageIdentifier {
  const labels = ['en', 'de', 'fr'];
  return {
    labels,
    hash: 'test',
    predict(text, out) {
      seen.push(text);
      out.fill(0);
      let best = -1;
      labels.forEach((l, i) => {
        out[i] = scores[l] ?? 0;
        if (scores[l] !== undefined && (best < 0 || out[i]! > out[best]!)) best = i;
      });
      return best;
    },
  };
}

const cfg = (options: Record<string, unknown>) =>
  resolveConfig({ tokenizer: 'none', filters: [{ language: options }] }, 'test');

test('keeps when a kept language scores strictly above the threshold; newlines become spaces', () => {
  const seen: string[] = [];
  registerIdentifier('fasttext:fixed-1', fixed({ en: 0.65, de: 0.2 }, seen));
  const f = language({ model: 'fixed-1' });
  const s = f.scorer.score(createContext('one\ntwo\n\nthree'));
  assert.equal(seen, ['one two  three']);
  assert.equal(s.attrs, { score: f32(0.65), en_score: f32(0.65) });
  assert.equal(s.meta, { language: 'en', language_score: f32(0.65) });
  // 0.65 is not > 0.65: dropped, as datatrove's `score > language_threshold`.
  assert.equal(
    f.rules.map((r) => [r.reason, r.fires(prefix(s.attrs))]),
    [['language/wrong_language', true]],
  );
  registerIdentifier('fasttext:fixed-2', fixed({ en: 0.66 }));
  const g = language({ model: 'fixed-2' });
  assert.is(g.rules[0]!.fires(prefix(g.scorer.score(createContext('x')).attrs)), false);
});

test('an identifier that reads only a head of the text (eld: at most 1,000 units) gets only that head, flattened', () => {
  const seen: string[] = [];
  registerIdentifier('fasttext:fixed-head', {
    ...fixed({ en: 0.9 }, seen),
    headLength: (t) => Math.min(t.length, 5),
  });
  language({ model: 'fixed-head' }).scorer.score(createContext('ab\ncdefgh'));
  assert.equal(seen, ['ab cd']);
});

test('the best label need not be a kept one: the kept languages are compared (datatrove: any(score > threshold))', () => {
  registerIdentifier('fasttext:fixed-3', fixed({ en: 0.1, de: 0.7, fr: 0.2 }));
  const f = language({ model: 'fixed-3', languages: ['fr', 'de'] });
  const s = f.scorer.score(createContext('x'));
  assert.equal(s.attrs, {
    score: f32(0.7),
    fr_score: f32(0.2),
    de_score: f32(0.7),
    languages_score: f32(0.7),
  });
  assert.equal(f.keys, ['score', 'fr_score', 'de_score', 'languages_score']);
  assert.is(f.rules[0]!.fires(prefix(s.attrs)), false);
  // languages: null keeps any confident language (the rule reads the best score).
  const any = language({ model: 'fixed-3', languages: null, language_threshold: 0.8 });
  assert.equal(
    any.rules.map((r) => r.reason),
    ['language/low_score'],
  );
  assert.is(any.rules[0]!.fires(prefix(any.scorer.score(createContext('x')).attrs)), true);
  // label_only: attributes and metadata, no rule.
  assert.equal(language({ model: 'fixed-3', label_only: true }).rules, []);
});

test('nothing identified (eld on text without letters): language und, scores 0, dropped', () => {
  registerIdentifier('fasttext:fixed-4', fixed({}));
  const f = language({ model: 'fixed-4' });
  const s = f.scorer.score(createContext('12345'));
  assert.equal(s.meta, { language: 'und', language_score: 0 });
  assert.equal(s.attrs, { score: 0, en_score: 0 });
  assert.is(f.rules[0]!.fires(prefix(s.attrs)), true);
});

test("GlotLID's labels (eng_Latn): languages name the label, metadata splits language and script as datatrove does", () => {
  const glot: LanguageIdentifier = {
    labels: ['eng_Latn', 'deu_Latn'],
    hash: 'glot',
    predict(_text, out) {
      out[0] = 0.9;
      out[1] = 0.1;
      return 0;
    },
  };
  registerIdentifier('fasttext:glotlid.bin', glot);
  const f = language({ model: 'glotlid.bin', languages: ['eng_Latn'] });
  const s = f.scorer.score(createContext('x'));
  assert.equal(s.meta, { language: 'eng', language_script: 'Latn', language_score: f32(0.9) });
  assert.equal(s.attrs, { score: f32(0.9), eng_Latn_score: f32(0.9) });
});

test('options are checked at the door', () => {
  assert.throws(() => language({ backend: 'cld3' }), /backend.*fasttext, eld.*"cld3"/);
  assert.throws(() => language({ backend: 'eld', model: 'x.bin' }), /model.*eld has its own/);
  assert.throws(() => language({ languages: [] }), /at least one language/);
  assert.throws(() => language({ languages: 'en' }), /Expected `languages`/);
  assert.throws(
    () => language({ threshold: 0.5 }),
    /Unknown option `threshold`.*language_threshold/,
  );
});

test('a language the model does not know is refused, listing the codes it knows', async () => {
  await rejects(
    loadLanguageModels(cfg({ languages: ['en', 'english'] })),
    (e: Error) =>
      e instanceof UsageError &&
      /"english" is not a language of lid\.176\.ftz; it knows: af, als, am, an, ar/.test(
        e.message,
      ) &&
      /\bzh\b/.test(e.message),
  );
  await rejects(
    loadLanguageModels(cfg({ backend: 'eld', languages: ['xx'] })),
    /"xx" is not a language of eld; it knows: .*\ben\b/,
  );
});

test('a missing or corrupt model file is refused naming it', async () => {
  const dir = tempDir();
  await rejects(
    loadLanguageModels(cfg({ model: join(dir, 'nope.ftz') })),
    (e: Error) =>
      e instanceof UsageError &&
      e.message.includes(`Cannot read language model ${join(dir, 'nope.ftz')}`),
  );
  writeFileSync(join(dir, 'cut.ftz'), readFileSync(bundledModelPath()).subarray(0, 5000));
  await rejects(
    loadLanguageModels(cfg({ model: join(dir, 'cut.ftz') })),
    (e: Error) =>
      e instanceof UsageError &&
      e.message.includes(`${join(dir, 'cut.ftz')}: truncated fastText model`),
  );
  writeFileSync(join(dir, 'text.ftz'), 'hello');
  await rejects(
    loadLanguageModels(cfg({ model: join(dir, 'text.ftz') })),
    /text\.ftz: not a fastText model/,
  );
});

test("the model's hash enters the fingerprint, its path does not", async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'a.ftz'), readFileSync(bundledModelPath()));
  writeFileSync(join(dir, 'b.ftz'), readFileSync(bundledModelPath()));
  const a = cfg({ model: join(dir, 'a.ftz') });
  const b = cfg({ model: join(dir, 'b.ftz') });
  const ha = await loadLanguageModels(a);
  assert.is(ha, 'sha256:8f3472cfe8738a7b6099e8e999c3cbfae0dcd15696aac7d7738a8039db603e83');
  assert.is(fingerprint(a, null, ha), fingerprint(b, null, await loadLanguageModels(b)));
  assert.is.not(fingerprint(a, null, ha), fingerprint(a, null, 'sha256:other'));
  const bundled = cfg({});
  assert.is(await loadLanguageModels(bundled), ha);
  assert.is.not(
    fingerprint(cfg({ backend: 'eld' }), null, await loadLanguageModels(cfg({ backend: 'eld' }))),
    fingerprint(bundled, null, ha),
  );
  // A config without a language filter keeps its old fingerprint.
  const plain = resolveConfig({ tokenizer: 'none', filters: ['unicode'] }, 'test');
  assert.is(await loadLanguageModels(plain), null);
});

test('empty text, digits and emoji still get a fastText prediction (the line "</s>")', async () => {
  const config = cfg({});
  await loadLanguageModels(config);
  const ev = createEvaluator(config);
  for (const t of ['', '   ', '12345 67890', '😀😀🎉', '\n\n']) {
    const e = ev.evaluate(t);
    assert.ok(
      e.scored.attrs['language.score']! > 0 && e.scored.attrs['language.score']! <= 1.00001,
      t,
    );
    assert.type(e.scored.meta?.language, 'string');
    assert.equal(e.reasons, ['language/wrong_language'], t); // no language is confident about nothing
  }
  assert.is(
    ev.evaluate('The quick brown fox jumps over the lazy dog, and then it sleeps in the sun.')
      .reasons.length,
    0,
  );
});

const sharedTest = testIf(
  test,
  haveShared('golden/datatrove-lid-ftz.jsonl.gz', 'language parity and eld agreement'),
);
const s3Test = testIf(test, await haveS3('language model on S3'));

sharedTest(
  "parity: datatrove's LanguageFilter with lid.176.ftz on web-pages shard 0 and the DCLM pages",
  async () => {
    const config = cfg({});
    await loadLanguageModels(config);
    const ev = createEvaluator(config);
    const golden = new Map<string, { keep: boolean; language: string; language_score: number }>();
    for (const g of jsonl(join(sharedDir, 'golden/datatrove-lid-ftz.jsonl.gz')))
      golden.set(`${g.corpus}|${g.id}`, g as never);
    const corpora: [string, string][] = [
      ['web-pages-00000', 'corpora/web-pages/web-pages-00000.jsonl.gz'],
      ['dclm_human_quality', 'corpora/dclm-human-quality/dclm_human_quality.jsonl'],
    ];
    let docs = 0;
    let sameTop = 0;
    let maxDiff = 0;
    const keepDiffers: string[] = [];
    for (const [corpus, file] of corpora) {
      for (const d of jsonl(join(sharedDir, file))) {
        const g = golden.get(`${corpus}|${d.id}`);
        assert.ok(g, `${corpus} ${d.id} has no golden`);
        const e = ev.evaluate(d.text as string);
        docs++;
        if (e.scored.meta?.language === g.language) sameTop++;
        maxDiff = Math.max(maxDiff, Math.abs(e.scored.attrs['language.score']! - g.language_score));
        if (
          (e.reasons.length === 0) !== g.keep &&
          Math.abs(e.scored.attrs['language.en_score']! - 0.65) > 1e-4
        )
          keepDiffers.push(`${corpus} ${d.id}`);
      }
    }
    assert.is(docs, 1550 + 499);
    console.log(
      `  language parity: ${sameTop}/${docs} same top language, max score difference ${maxDiff.toExponential(2)}, ${keepDiffers.length} keep/drop differences`,
    );
    assert.ok(sameTop / docs >= 0.999, `${sameTop}/${docs}`);
    assert.ok(maxDiff <= 1e-4, String(maxDiff));
    assert.equal(keepDiffers, []);
  },
);

test('backend eld: text without letters is und (scores 0, dropped)', async () => {
  const config = cfg({ backend: 'eld' });
  await loadLanguageModels(config);
  const ev = createEvaluator(config);
  for (const t of ['', '12345 67890', '😀🎉']) {
    const e = ev.evaluate(t);
    assert.equal(e.scored.meta, { language: 'und', language_score: 0 }, t);
    assert.equal(e.reasons, ['language/wrong_language']);
  }
});

sharedTest(
  "backend eld agrees with datatrove's lid.176 on the top language of most of shard 0",
  async () => {
    const config = cfg({ backend: 'eld' });
    await loadLanguageModels(config);
    const ev = createEvaluator(config);
    const golden = new Map(
      jsonl(join(sharedDir, 'golden/datatrove-lid-ftz.jsonl.gz'))
        .filter((g) => g.corpus === 'web-pages-00000')
        .map((g) => [g.id, g.language]),
    );
    let same = 0;
    let n = 0;
    for (const d of jsonl(join(sharedDir, 'corpora/web-pages/web-pages-00000.jsonl.gz'))) {
      n++;
      if (ev.evaluate(d.text as string).scored.meta?.language === golden.get(d.id as string))
        same++;
    }
    // Measured: 1,524 of 1,550 (98.3 %); eld is triage, not parity.
    assert.ok(same / n >= 0.97, `${same}/${n}`);
  },
);

s3Test("a model on S3 is read from there; its hash is the file's", async () => {
  const restore = withS3Credentials();
  try {
    const bucket = `winnow-lid-${process.pid}`;
    await s3CreateBucket(bucket);
    await s3Put(`s3://${bucket}/models/lid.176.ftz`, readFileSync(bundledModelPath()));
    const config = cfg({ model: `s3://${bucket}/models/lid.176.ftz`, languages: ['de'] });
    assert.is(
      await loadLanguageModels(config),
      'sha256:8f3472cfe8738a7b6099e8e999c3cbfae0dcd15696aac7d7738a8039db603e83',
    );
    const e = createEvaluator(config).evaluate(
      'Die Bibliothek öffnet im nächsten Frühling wieder nach den langen Reparaturen.',
    );
    assert.is(e.scored.meta?.language, 'de');
    assert.equal(e.reasons, []);
    await rejects(
      loadLanguageModels(cfg({ model: `s3://${bucket}/models/missing.ftz` })),
      /Cannot read language model s3:\/\/.*missing\.ftz/,
    );
  } finally {
    restore();
  }
});

const f32 = Math.fround;
/** Asserts that `p` rejects with an error matching `check` (a RegExp on the message, or a predicate). */
async function rejects(
  p: Promise<unknown>,
  check: RegExp | ((e: Error) => boolean),
): Promise<void> {
  const e = await p.then(
    () => null,
    (x: unknown) => x as Error,
  );
  assert.ok(e, 'expected a rejection');
  assert.ok(check instanceof RegExp ? check.test(e.message) : check(e), e.message);
}
const prefix = (attrs: Record<string, number>) =>
  Object.fromEntries(Object.entries(attrs).map(([k, v]) => [`language.${k}`, v]));
function jsonl(file: string): Record<string, unknown>[] {
  const buf = readFileSync(file);
  return (file.endsWith('.gz') ? gunzipSync(buf) : buf)
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

test.run();
