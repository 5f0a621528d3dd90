import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, cliArgs } from './_run.ts';
import { planHint } from '../../src/audit/planner.ts';
import { haveShared, repoRoot, sharedDir, tempDir, testIf } from '../_helpers.ts';

const dir = tempDir();
const shards = join(repoRoot, 'fixtures/shards');
const labels = join(repoRoot, 'fixtures/labels/labels.jsonl');
const jsonl = (path: string) =>
  readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));

test('sample: n documents, strata populations add up, inclusion probabilities are n_h/N_h, same seed same bytes', async () => {
  const out = join(dir, 'to-label.jsonl');
  const r = await cli(
    'sample',
    shards,
    '--preset',
    'fineweb',
    '-n',
    '120',
    '-o',
    out,
    '--seed',
    '5',
    '--tokenizer',
    'none',
  );
  assert.is(r.code, 0, r.err);
  const rows = jsonl(out);
  const strata = JSON.parse(readFileSync(join(dir, 'to-label.strata.json'), 'utf8'));
  assert.is(rows.length, 120);
  assert.is(
    strata.strata.reduce((n: number, s: { population_docs: number }) => n + s.population_docs, 0),
    2000,
  );
  assert.is(
    strata.strata.reduce((n: number, s: { sample_size: number }) => n + s.sample_size, 0),
    120,
  );
  for (const s of strata.strata) {
    const mine = rows.filter((x) => x.winnow_sample.stratum === s.name);
    assert.is(mine.length, s.sample_size, s.name);
    for (const x of mine)
      assert.is(x.winnow_sample.inclusion_probability, s.sample_size / s.population_docs);
    assert.is(
      mine.every((x) => x.winnow_sample.reasons.length > 0 === s.flagged),
      true,
    );
  }
  const again = join(dir, 'again.jsonl');
  await cli(
    'sample',
    shards,
    '--preset',
    'fineweb',
    '-n',
    '120',
    '-o',
    again,
    '--seed',
    '5',
    '--tokenizer',
    'none',
  );
  assert.is(readFileSync(again, 'utf8'), readFileSync(out, 'utf8'));
});

test('a stratified audit of a sample labeled by the generator truth uses the strata and Korn–Graubard', async () => {
  const out = join(dir, 'to-label.jsonl');
  const labeled = join(dir, 'labeled.jsonl');
  writeFileSync(
    labeled,
    jsonl(out)
      .map((x) => JSON.stringify({ ...x, label: x.kind === 'prose' ? 'good' : 'bad' }))
      .join('\n') + '\n',
  );
  writeFileSync(join(dir, 'labeled.strata.json'), readFileSync(join(dir, 'to-label.strata.json')));
  const r = await cli(
    'audit',
    '--preset',
    'fineweb',
    '--tokenizer',
    'none',
    '--labels',
    labeled,
    '-o',
    join(dir, 'audit-strat.json'),
  );
  assert.is(r.code, 0, r.err);
  const a = JSON.parse(readFileSync(join(dir, 'audit-strat.json'), 'utf8'));
  assert.is(a.design, 'stratified');
  assert.is(a.metrics.fdr.method, 'Korn–Graubard');
  assert.ok(
    a.metrics.fdr.lo <= a.metrics.fdr.estimate && a.metrics.fdr.estimate <= a.metrics.fdr.hi,
  );
  assert.ok(a.metrics.fdr.upper >= a.metrics.fdr.estimate);
  assert.ok(
    a.metrics.recall.lo <= a.metrics.recall.estimate &&
      a.metrics.recall.estimate <= a.metrics.recall.hi,
  );
  // Threshold sweeps: design-weighted AUC with a stratified-bootstrap interval around it.
  const auc = a.thresholds['fineweb_quality.line_punct_ratio'].auc;
  assert.is(auc.method, 'design-weighted, stratified bootstrap');
  assert.ok(
    auc.lo <= auc.estimate && auc.estimate <= auc.hi && auc.hi - auc.lo > 0,
    JSON.stringify(auc),
  );
});

test('audit on the fixture labels: SRS metrics are Wilson with Clopper–Pearson upper bounds; kappa from the second annotator', async () => {
  const r = await cli(
    'audit',
    '--preset',
    'fineweb',
    '--labels',
    labels,
    '--second-label-field',
    'label_b',
    '-o',
    join(dir, 'audit.json'),
  );
  assert.is(r.code, 0, r.err);
  const a = JSON.parse(readFileSync(join(dir, 'audit.json'), 'utf8'));
  const { tp, fp, fn, tn } = a.confusion.docs;
  assert.is(tp + fp + fn + tn, 300);
  assert.is(a.metrics.fdr.estimate, fp / (tp + fp));
  assert.is(a.metrics.fdr.method, 'Wilson');
  assert.ok(a.metrics.fdr.upper > a.metrics.fdr.estimate);
  assert.is(a.agreement.n, 300);
  // The fixture README states the generator's agreement: 263 of 300 rows, kappa 0.720459.
  assert.is(Math.round(a.agreement.kappa * 1e6) / 1e6, 0.720459);
  assert.match(r.out, /verdict: (PASS|FAIL)/);
});

test('the gate: refuses a missing audit, another filter, a bound over budget; passes a matching pass', async () => {
  const audit = join(dir, 'audit.json');
  const a = JSON.parse(readFileSync(audit, 'utf8'));
  const run = (...extra: string[]) =>
    cli(
      'filter',
      shards,
      '--preset',
      'fineweb',
      '-o',
      join(dir, `gated-${extra.join('')}`.replace(/[^\w-]/g, '')),
      ...extra,
    );
  const missing = await run('--audit', join(dir, 'nope.json'));
  assert.is(missing.code, 3);
  const gopher = join(dir, 'audit-gopher.json');
  await cli('audit', '--preset', 'gopher', '--labels', labels, '-o', gopher);
  const other = await run('--audit', gopher);
  assert.is(other.code, 3);
  assert.match(other.err, 'is of filter');
  const tight = await run('--audit', audit, '--max-fdr', String(a.verdict.fdr_upper / 2));
  assert.is(tight.code, 3);
  assert.match(tight.err, 'above this run');
  const ok = await cli(
    'filter',
    shards,
    '--preset',
    'fineweb',
    '-o',
    join(dir, 'gated-ok'),
    '--audit',
    audit,
    '--max-fdr',
    String(Math.min(0.99, a.verdict.fdr_upper + 0.01)),
    '--tokenizer',
    'none',
  );
  // --tokenizer none changes the config, so the fingerprint no longer matches:
  assert.is(ok.code, 3);
  const pass = await cli(
    'filter',
    shards,
    '--preset',
    'fineweb',
    '-o',
    join(dir, 'gated-pass'),
    '--audit',
    audit,
    '--max-fdr',
    String(Math.min(0.99, a.verdict.fdr_upper + 0.01)),
  );
  assert.is(pass.code, 0, pass.err);
  const passed = JSON.parse(readFileSync(join(dir, 'gated-pass/stats.json'), 'utf8'));
  assert.is(passed.audited, true);
  assert.is(
    passed.gate_max_fdr,
    Math.min(0.99, a.verdict.fdr_upper + 0.01),
    'the budget the gate let the run through with',
  );
  for (const d of ['gated-ok', `gated---audit${dir}nopejson`])
    assert.not.ok(existsSync(join(dir, d, 'kept')));
});

test('the audit prints precision per rule, and says whether more labels could pass the filter', async () => {
  // The fixture labels: FDR 2.8 % (2 good of 71 dropped), one-sided upper bound 8.6 %.
  const tight = await cli(
    'audit',
    '--preset',
    'fineweb',
    '--labels',
    labels,
    '-o',
    join(dir, 'tight.json'),
    '--max-fdr',
    '0.01',
  );
  assert.is(tight.code, 0, tight.err);
  assert.match(tight.out, /rule +n precision \[95 % interval\]/);
  const row = tight.out.split('\n').find((l) => l.includes('c4_quality/too_few_sentences'))!;
  const rec = JSON.parse(readFileSync(join(dir, 'tight.json'), 'utf8'));
  const r = rec.rules['c4_quality/too_few_sentences'];
  assert.match(row, ` ${r.labeled_hits}  ${(100 * r.precision.estimate).toFixed(1)} %`);
  const flat = (t: string) => t.replace(/\s+/g, ' ');
  assert.match(
    flat(tight.out),
    'the estimate itself (2.8 %) is above the budget, so more labels will not pass this filter',
  );
  for (const line of tight.out.split('\n'))
    assert.ok(Array.from(line).length <= 80 || line.startsWith('winnow audit of'), line);
  const near = await cli(
    'audit',
    '--preset',
    'fineweb',
    '--labels',
    labels,
    '-o',
    join(dir, 'near.json'),
    '--max-fdr',
    '0.05',
  );
  assert.match(flat(near.out), 'the estimate (2.8 %) is within it, so more labels may');
  assert.not.match(near.out, 'will not pass');
});

test('label through a pipe: answers are appended at once, quit and rerun resumes at the first unanswered item', () => {
  const toLabel = join(dir, 'to-label.jsonl');
  const out = join(dir, 'labels-piped.jsonl');
  const labelCli = (input: string) =>
    spawnSync(process.execPath, cliArgs('label', toLabel, '-o', out), { input, encoding: 'utf8' });
  const first = labelCli('g\nb\ns\nq\n');
  assert.is(first.status, 0, first.stderr);
  let rows = jsonl(out);
  assert.equal(
    rows.map((r) => [r.label_item, r.label]),
    [
      [1, 'good'],
      [2, 'bad'],
    ],
  );
  assert.ok(rows[0].winnow_sample, 'winnow_sample kept');
  assert.ok(existsSync(join(dir, 'labels-piped.strata.json')), 'strata copied beside the labels');
  const second = labelCli('b\np\ng\nq\n');
  assert.is(second.status, 0, second.stderr);
  rows = jsonl(out);
  // Resumed at item 3 (skipped before): bad; back to item 3 and answered good again; last answer wins.
  assert.equal(
    rows.map((r) => [r.label_item, r.label]),
    [
      [1, 'good'],
      [2, 'bad'],
      [3, 'bad'],
      [3, 'good'],
    ],
  );
  assert.match(second.stderr, '3 of 120 labeled');
  // A new session starts at item 4; back reaches item 3 of the session before, and --item N
  // opens any item to revise it.
  const third = labelCli('p\nb\nq\n');
  assert.is(third.status, 0, third.stderr);
  const fourth = spawnSync(process.execPath, cliArgs('label', toLabel, '-o', out, '--item', '1'), {
    input: 'b\nq\n',
    encoding: 'utf8',
  });
  assert.is(fourth.status, 0, fourth.stderr);
  rows = jsonl(out);
  assert.equal(
    rows.slice(4).map((r) => [r.label_item, r.label]),
    [
      [3, 'bad'],
      [1, 'bad'],
    ],
  );
});

test('audit plan: labels to certify a budget', async () => {
  const r = await cli('audit', 'plan', '--budget', '0.1', '--expected-fdr', '0.05');
  assert.is(r.code, 0, r.err);
  // 203 simple random labels (audit-methods.md §3) times the assumed design effect 1.3.
  assert.match(r.out, 'label 264 dropped documents');
  assert.match(r.out, 'design effect 1.30 assumed');
});

test('the plan an audit verdict suggests runs: an FDR estimate of 0 asks for the zero-failure count, not --expected-fdr 0', async () => {
  assert.is(planHint(0.1, 0), 'winnow audit plan --budget 0.1');
  assert.is(planHint(0.1, 0.028), 'winnow audit plan --budget 0.1 --expected-fdr 0.028');
  for (const estimate of [0, 0.00001, 0.028]) {
    const r = await cli(...planHint(0.1, estimate).split(' ').slice(1));
    assert.is(r.code, 0, `${estimate}: ${r.err}`);
    assert.match(r.out, '29 labels prove FDR');
  }
});

test('labels from elsewhere: none matching --bad-values is refused (exit 2), listing the values seen', async () => {
  const other = join(dir, 'other-labels.jsonl');
  writeFileSync(
    other,
    ['high_quality', 'low_quality', 'low_quality']
      .map((label, i) => JSON.stringify({ id: String(i), text: 'Some words here.', label }))
      .join('\n') + '\n',
  );
  const r = await cli(
    'audit',
    '--preset',
    'fineweb',
    '--tokenizer',
    'none',
    '--labels',
    other,
    '-o',
    join(dir, 'other.json'),
  );
  assert.is(r.code, 2, r.err);
  assert.match(r.err, 'no label is one of --bad-values (bad)');
  assert.match(r.err, '"low_quality" (2), "high_quality" (1)');
  assert.not.ok(existsSync(join(dir, 'other.json')));
  // Values given explicitly are trusted, even when no document is bad.
  const good = join(dir, 'all-high.jsonl');
  writeFileSync(
    good,
    ['high_quality', 'high_quality']
      .map((label, i) => JSON.stringify({ id: String(i), text: 'Some words here.', label }))
      .join('\n') + '\n',
  );
  const explicit = await cli(
    'audit',
    '--preset',
    'fineweb',
    '--tokenizer',
    'none',
    '--labels',
    good,
    '-o',
    join(dir, 'all-high.json'),
    '--bad-values',
    'low_quality',
  );
  assert.is(explicit.code, 0, explicit.err);
});

test('a labels file may start with a byte order mark; a malformed line is a data error (exit 1) at file:line', async () => {
  const rows = jsonl(labels).slice(0, 40);
  const bom = join(dir, 'bom.jsonl');
  writeFileSync(bom, '\uFEFF' + rows.map((x) => JSON.stringify(x)).join('\n') + '\n');
  const ok = await cli(
    'audit',
    '--preset',
    'fineweb',
    '--tokenizer',
    'none',
    '--labels',
    bom,
    '-o',
    join(dir, 'bom.json'),
    '--strata',
    'none',
  );
  assert.is(ok.code, 0, ok.err);
  const broken = join(dir, 'broken.jsonl');
  writeFileSync(broken, JSON.stringify(rows[0]) + '\n{"label": "bad"\n');
  const r = await cli(
    'audit',
    '--preset',
    'fineweb',
    '--tokenizer',
    'none',
    '--labels',
    broken,
    '-o',
    join(dir, 'broken.json'),
    '--strata',
    'none',
  );
  assert.is(r.code, 1, r.err);
  assert.match(r.err, `${broken}:2: expected one labeled record (a JSON object) per line`);
});

test('audit plan: an expected FDR at or above the budget is a usage error, not a stack trace', async () => {
  const r = await cli('audit', 'plan', '--budget', '0.05', '--expected-fdr', '0.1');
  assert.is(r.code, 2);
  assert.match(r.err, 'Expected `--expected-fdr` below `--budget` (0.05), got 0.1');
});

testIf(test, haveShared('corpora/dclm-human-quality', 'DCLM audit cross-check'))(
  'DCLM human labels, fineweb preset: the audit confusion matrix equals the one recomputed from the decisions file',
  async () => {
    const data = join(sharedDir, 'corpora/dclm-human-quality/dclm_human_quality.jsonl');
    const r = await cli(
      'audit',
      '--preset',
      'fineweb',
      '--labels',
      data,
      '--bad-values',
      'low_quality',
      '-o',
      join(dir, 'dclm.json'),
    );
    assert.is(r.code, 0, r.err);
    const audit = JSON.parse(readFileSync(join(dir, 'dclm.json'), 'utf8'));
    const decisions = join(dir, 'dclm-decisions.jsonl');
    const d = await cli(
      'filter',
      data,
      '--preset',
      'fineweb',
      '--dry-run',
      '--decisions',
      decisions,
      '--errors',
      join(dir, 'dclm-errors.jsonl'),
    );
    assert.is(d.code, 0, d.err);
    // The separate route: join decisions with labels by id and count.
    const label = new Map(jsonl(data).map((x) => [x.id, x.label === 'low_quality']));
    const c = { tp: 0, fp: 0, fn: 0, tn: 0 };
    for (const x of jsonl(decisions)) {
      const bad = label.get(x.id)!;
      if (!x.keep) bad ? c.tp++ : c.fp++;
      else bad ? c.fn++ : c.tn++;
    }
    assert.equal(audit.confusion.docs, c);
    console.log(
      `  DCLM × fineweb: TP ${c.tp} FP ${c.fp} FN ${c.fn} TN ${c.tn}; FDR ${audit.metrics.fdr.estimate.toFixed(4)} [${audit.metrics.fdr.lo.toFixed(4)}, ${audit.metrics.fdr.hi.toFixed(4)}] upper ${audit.metrics.fdr.upper.toFixed(4)}; recall ${audit.metrics.recall.estimate.toFixed(4)} [${audit.metrics.recall.lo.toFixed(4)}, ${audit.metrics.recall.hi.toFixed(4)}]`,
    );
  },
);

test.run();
