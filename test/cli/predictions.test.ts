/**
 * `--predictions ATTR` end to end on the fixtures: sample summarises the model's P(bad) per
 * stratum, audit reports PPI++ beside the classical intervals, and every bad input is refused
 * naming the attribute and the first offending document. The "model" is an attribute of the
 * fineweb preset that lies in [0, 1] (the share of lines ending in punctuation, P(good)).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli } from './_run.ts';
import { haveShared, repoRoot, sharedDir, tempDir } from '../_helpers.ts';
import { mulberry32 } from '../../src/audit/random.ts';

const dir = tempDir();
const shards = join(repoRoot, 'fixtures/shards');
const MODEL = ['--predictions', 'fineweb_quality.line_punct_ratio', '--predictions-mean', 'good'];
const COMMON = ['--preset', 'fineweb', '--tokenizer', 'none'];
const jsonl = (path: string) =>
  readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));

/** Labels from the generator's truth (prose is good), with the strata file beside them. */
function label(
  sample: string,
  out: string,
  edit: (row: Record<string, any>, i: number) => void = () => {},
) {
  const rows = jsonl(join(dir, `${sample}.jsonl`));
  rows.forEach((r, i) => {
    r.label = r.kind === 'prose' ? 'good' : 'bad';
    edit(r, i);
  });
  writeFileSync(join(dir, `${out}.jsonl`), rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  writeFileSync(join(dir, `${out}.strata.json`), readFileSync(join(dir, `${sample}.strata.json`)));
  return join(dir, `${out}.jsonl`);
}

test("sample --predictions: the strata file holds P(bad)'s count, mean and m2 per stratum, and each item its prediction", async () => {
  const r = await cli(
    'sample',
    shards,
    ...COMMON,
    ...MODEL,
    '-n',
    '120',
    '--seed',
    '3',
    '-o',
    join(dir, 'doc.jsonl'),
  );
  assert.is(r.code, 0, r.err);
  const strata = JSON.parse(readFileSync(join(dir, 'doc.strata.json'), 'utf8'));
  assert.is(strata.predictions.attr, 'fineweb_quality.line_punct_ratio');
  assert.is(strata.predictions.means, 'good');
  assert.is(strata.predictions.fingerprint, strata.fingerprint);
  for (const s of strata.strata)
    assert.is(strata.predictions.strata[s.name].count, s.population_docs, s.name);
  for (const row of jsonl(join(dir, 'doc.jsonl'))) {
    const p = row.winnow_sample.prediction;
    assert.ok(p >= 0 && p <= 1);
  }
});

test("audit --predictions: PPI++ rates keep the classical interval beside them, λ per stratum, the labels' worth, and the verdict on the PPI++ bound", async () => {
  const labels = label('doc', 'doc-labeled');
  const out = join(dir, 'audit.json');
  const r = await cli('audit', ...COMMON, ...MODEL, '--labels', labels, '-o', out);
  assert.is(r.code, 0, r.err);
  const a = JSON.parse(readFileSync(out, 'utf8'));
  assert.match(a.metrics.fdr.method, /PPI\+\+/);
  assert.match(a.metrics.fdr.classical.method, /Korn–Graubard/);
  assert.match(a.metrics.token_fdr.method, /PPI\+\+/);
  assert.match(a.metrics.token_fdr.classical.method, /stratified ratio/);
  assert.ok(a.metrics.for.lambda.kept >= 0 && a.metrics.for.lambda.kept <= 1);
  assert.is(a.verdict.fdr_upper, a.metrics.fdr.upper);
  assert.ok(a.predictions.label_equivalent.for.classical_labels >= 1);
  assert.match(r.out, /classical/);
  assert.match(r.out, /labels are worth ≈ \d+ classical labels/);
  // Without --predictions the same labels give the classical audit.
  const plain = await cli('audit', ...COMMON, '--labels', labels, '-o', join(dir, 'plain.json'));
  assert.is(plain.code, 0, plain.err);
  const p = JSON.parse(readFileSync(join(dir, 'plain.json'), 'utf8'));
  assert.equal(p.metrics.fdr, a.metrics.fdr.classical);
  assert.is(p.predictions, undefined);
});

test('report: both intervals of each PPI++ metric, and what the labels are worth', async () => {
  const stats = join(dir, 'dry.json');
  const f = await cli(
    'filter',
    shards,
    ...COMMON,
    '--dry-run',
    '--decisions',
    join(dir, 'd.jsonl'),
    '--stats',
    stats,
  );
  assert.is(f.code, 0, f.err);
  const r = await cli(
    'report',
    stats,
    '--audit',
    join(dir, 'audit.json'),
    '-o',
    join(dir, 'report.md'),
  );
  assert.is(r.code, 0, r.err);
  const md = readFileSync(join(dir, 'report.md'), 'utf8');
  assert.match(md, /\| for \(classical\) +\|/);
  // Markdown wraps long notes: compare with the line breaks undone.
  assert.match(md.replace(/\s+/g, ' '), /FOR: these \d+ labels are worth ≈ \d+ classical labels/);
});

test('refused: predictions outside [0, 1], an attribute the config does not emit, a strata file without predictions, another model', async () => {
  const range = await cli(
    'sample',
    shards,
    ...COMMON,
    '--predictions',
    'gopher_quality.avg_word_len',
    '-n',
    '50',
    '-o',
    join(dir, 'x.jsonl'),
  );
  assert.is(range.code, 1);
  assert.match(
    range.err,
    /part-0000\.jsonl:1: --predictions gopher_quality\.avg_word_len: document "fx-0000-0000": expected a probability in \[0, 1\], got 5\.07/,
  );
  const typo = await cli(
    'sample',
    shards,
    ...COMMON,
    '--predictions',
    'fineweb_quality.nope',
    '-n',
    '50',
    '-o',
    join(dir, 'x.jsonl'),
  );
  assert.is(typo.code, 2);
  assert.match(
    typo.err,
    /--predictions fineweb_quality\.nope: no filter of this config emits that attribute/,
  );
  await cli('sample', shards, ...COMMON, '-n', '60', '--seed', '3', '-o', join(dir, 'bare.jsonl'));
  const bare = await cli(
    'audit',
    ...COMMON,
    ...MODEL,
    '--labels',
    label('bare', 'bare-labeled'),
    '-o',
    join(dir, 'x.json'),
  );
  assert.is(bare.code, 2);
  assert.match(
    bare.err,
    /--predictions fineweb_quality\.line_punct_ratio: needs the strata file of a sample drawn with --predictions/,
  );
  // A document whose recorded prediction differs from what the config scores now: another model.
  const other = label('doc', 'other-labeled', (r, i) => {
    if (i === 4) r.winnow_sample.prediction = 0.123;
  });
  const o = await cli('audit', ...COMMON, ...MODEL, '--labels', other, '-o', join(dir, 'x.json'));
  assert.is(o.code, 1);
  assert.match(
    o.err,
    /other-labeled\.jsonl:5: --predictions fineweb_quality\.line_punct_ratio: document "[^"]+" was sampled with P\(bad\) = 0\.123/,
  );
});

test('sample --design active: probabilities recorded per item and floored; the audit uses the inverse-probability estimator and refuses to run without the predictions', async () => {
  const r = await cli(
    'sample',
    shards,
    ...COMMON,
    ...MODEL,
    '--design',
    'active',
    '-n',
    '150',
    '--seed',
    '2',
    '-o',
    join(dir, 'act.jsonl'),
  );
  assert.is(r.code, 0, r.err);
  const strata = JSON.parse(readFileSync(join(dir, 'act.strata.json'), 'utf8'));
  assert.equal(
    strata.strata.map((s: { name: string }) => s.name),
    ['active:dropped', 'active:kept'],
  );
  const rows = jsonl(join(dir, 'act.jsonl'));
  for (const row of rows) {
    const s = strata.strata.find((x: { name: string }) => x.name === row.winnow_sample.stratum);
    // π ≥ 0.3 · n_s/N_s with n_s = 75 per side
    assert.ok(row.winnow_sample.inclusion_probability >= (0.3 * 75) / s.population_docs - 1e-12);
  }
  const labels = label('act', 'act-labeled');
  const refused = await cli('audit', ...COMMON, '--labels', labels, '-o', join(dir, 'x.json'));
  assert.is(refused.code, 2);
  assert.match(
    refused.err,
    /is an active sample: audit it with --predictions fineweb_quality\.line_punct_ratio/,
  );
  const ok = await cli(
    'audit',
    ...COMMON,
    ...MODEL,
    '--labels',
    labels,
    '-o',
    join(dir, 'act-audit.json'),
  );
  assert.is(ok.code, 0, ok.err);
  const a = JSON.parse(readFileSync(join(dir, 'act-audit.json'), 'utf8'));
  assert.is(a.design, 'active');
  assert.match(a.metrics.for.method, /active inference/);
  assert.match(a.metrics.for.classical.method, /Horvitz–Thompson/);
  const noDesign = await cli(
    'sample',
    shards,
    ...COMMON,
    '--design',
    'active',
    '-n',
    '50',
    '-o',
    join(dir, 'x.jsonl'),
  );
  assert.is(noDesign.code, 2);
});

test('DCLM human labels, a model trained on one seeded half, the other half audited: audit.json has both intervals and the gain, and PPI++ is no wider than the classical interval', async () => {
  if (!haveShared('corpora/dclm-human-quality', 'DCLM PPI audit')) return;
  const rows = readFileSync(
    join(sharedDir, 'corpora/dclm-human-quality/dclm_human_quality.jsonl'),
    'utf8',
  )
    .trim()
    .split('\n');
  // A seeded shuffle splits the labels in two: one half trains the model, the other is the audited corpus.
  const rnd = mulberry32(1);
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [rows[i], rows[j]] = [rows[j]!, rows[i]!];
  }
  const trainHalf = join(dir, 'dclm-train-half.jsonl');
  const auditHalf = join(dir, 'dclm-audit-half.jsonl');
  writeFileSync(trainHalf, rows.slice(0, rows.length >> 1).join('\n') + '\n');
  writeFileSync(auditHalf, rows.slice(rows.length >> 1).join('\n') + '\n');
  // The filter under audit is the fineweb stack; the model only scores. With the learned quality
  // screen (winnow train) it is trained on the other half; without it, an attribute of the stack in
  // [0, 1] stands in, which tests the plumbing but hardly narrows anything.
  const learned = existsSync(join(repoRoot, 'src/scorers/quality.ts'));
  const config = join(dir, 'dclm.yaml');
  const stack = [
    'gopher_repetition',
    'gopher_quality',
    'c4_quality: { filter_no_terminal_punct: false }',
    'fineweb_quality',
  ];
  if (learned) {
    const t = await cli(
      'train',
      '--labels',
      trainHalf,
      '--bad-values',
      'low_quality',
      '--good-values',
      'high_quality',
      '-o',
      join(dir, 'dclm.wnm'),
    );
    assert.is(t.code, 0, t.err);
    stack.push('quality: { model: dclm.wnm, max_p_bad: 1 }');
  }
  writeFileSync(config, `filters:\n${stack.map((f) => `  - ${f}\n`).join('')}`);
  const model = learned ? ['--predictions', 'quality.p_bad'] : MODEL;
  const s = await cli(
    'sample',
    auditHalf,
    '-c',
    config,
    ...model,
    '-n',
    '120',
    '--seed',
    '1',
    '-o',
    join(dir, 'dclm-sample.jsonl'),
  );
  assert.is(s.code, 0, s.err);
  // The sampled records keep their human label (high_quality / low_quality).
  const out = join(dir, 'dclm-ppi.json');
  const r = await cli(
    'audit',
    '-c',
    config,
    ...model,
    '--labels',
    join(dir, 'dclm-sample.jsonl'),
    '--bad-values',
    'low_quality',
    '-o',
    out,
  );
  assert.is(r.code, 0, r.err);
  const a = JSON.parse(readFileSync(out, 'utf8'));
  const f = a.metrics.fdr;
  console.log(
    `  DCLM half (${learned ? 'quality model trained on the other half' : 'stand-in attribute'}): PPI++ FDR ${f.estimate.toFixed(4)} [${f.lo.toFixed(4)}, ${f.hi.toFixed(4)}] vs classical ${f.classical.estimate.toFixed(4)} [${f.classical.lo.toFixed(4)}, ${f.classical.hi.toFixed(4)}]; ${JSON.stringify(a.predictions.label_equivalent)}`,
  );
  assert.ok(f.hi - f.lo <= f.classical.hi - f.classical.lo, 'PPI++ no wider than classical');
  assert.ok(
    a.predictions.label_equivalent.fdr.classical_labels >=
      a.predictions.label_equivalent.fdr.labels,
  );
});

test.run();
