import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli } from './_run.ts';
import { notCertified } from '../../src/cli/commands/train.ts';
import { tempDir } from '../_helpers.ts';
import { syntheticLabels } from '../train/_synthetic.ts';

const dir = tempDir();
const labels = join(dir, 'labels.jsonl');
const docs = syntheticLabels(120, 5);
writeFileSync(
  labels,
  docs
    .map((d, i) => JSON.stringify({ id: `d${i}`, text: d.text, label: d.bad ? 'bad' : 'good' }))
    .join('\n') + '\n',
);
const fresh = join(dir, 'corpus.jsonl');
writeFileSync(
  fresh,
  syntheticLabels(300, 6)
    .map((d, i) => JSON.stringify({ id: `c${i}`, text: d.text }))
    .join('\n') + '\n',
);
const trainArgs = (out: string) => [
  'train',
  '--labels',
  labels,
  '-o',
  out,
  '--buckets',
  '4096',
  '--folds',
  '5',
];

test('train twice: identical model bytes; the report carries the cross-fitted metrics and their caveat', async () => {
  const a = await cli(...trainArgs(join(dir, 'a.wnm')), '--report', join(dir, 'train.json'));
  assert.is(a.code, 0, a.err);
  assert.match(a.err, /ROC AUC 0\.\d+ \[0\.\d+, 0\.\d+\]/);
  assert.match(
    a.err,
    /estimated on the training labels by cross-fitting; dropping still needs an audit on a fresh sample/,
  );
  const b = await cli(...trainArgs(join(dir, 'b.wnm')));
  assert.is(b.code, 0, b.err);
  assert.equal(readFileSync(join(dir, 'a.wnm')), readFileSync(join(dir, 'b.wnm')));
  const report = JSON.parse(readFileSync(join(dir, 'train.json'), 'utf8'));
  assert.is(report.metrics.n, 120);
  assert.is(report.metrics.reliability.length, 10);
  assert.is(report.metrics.thresholds.length, 99);
});

test('bad labels exit 1 naming the file (and line); bad flags exit 2', async () => {
  const one = join(dir, 'one.jsonl');
  writeFileSync(one, docs.map((d) => JSON.stringify({ text: d.text, label: 'good' })).join('\n'));
  const r1 = await cli('train', '--labels', one, '-o', join(dir, 'x.wnm'));
  assert.is(r1.code, 1);
  assert.match(r1.err, /one\.jsonl: all 120 labels are good; training needs both classes/);
  const odd = join(dir, 'odd.jsonl');
  writeFileSync(
    odd,
    [
      ...docs
        .slice(0, 30)
        .map((d) => JSON.stringify({ text: d.text, label: d.bad ? 'bad' : 'good' })),
      JSON.stringify({ text: 'words here', label: 'spam' }),
    ].join('\n'),
  );
  const r2 = await cli('train', '--labels', odd, '-o', join(dir, 'x.wnm'));
  assert.is(r2.code, 1);
  assert.match(r2.err, /odd\.jsonl:31: label "spam" in "label" is neither bad/);
  const few = join(dir, 'few.jsonl');
  writeFileSync(
    few,
    docs
      .slice(0, 19)
      .map((d) => JSON.stringify({ text: d.text, label: d.bad ? 'bad' : 'good' }))
      .join('\n'),
  );
  const r3 = await cli('train', '--labels', few, '-o', join(dir, 'x.wnm'));
  assert.is(r3.code, 1);
  assert.match(r3.err, /few\.jsonl: 19 labels; training needs at least 20/);
  const empty = join(dir, 'empty.jsonl');
  writeFileSync(
    empty,
    [
      ...docs
        .slice(0, 30)
        .map((d) => JSON.stringify({ text: d.text, label: d.bad ? 'bad' : 'good' })),
      JSON.stringify({ text: ' -- ', label: 'bad' }),
    ].join('\n'),
  );
  const r4 = await cli('train', '--labels', empty, '-o', join(dir, 'x.wnm'));
  assert.is(r4.code, 1);
  assert.match(r4.err, /empty\.jsonl:31: "text" has no words/);
  assert.is((await cli(...trainArgs(join(dir, 'x.wnm')), '--buckets', '1000')).code, 2);
  assert.is((await cli(...trainArgs(join(dir, 'x.wnm')), '--bad-values', 'good')).code, 2);
});

test("--attributes: the preset's filters join the features, and score repeats them; without a usable config exit 2", async () => {
  const out = join(dir, 'attrs.wnm');
  const r = await cli(
    ...trainArgs(out),
    '--attributes',
    '--preset',
    'fineweb',
    '--report',
    join(dir, 'attrs.json'),
  );
  assert.is(r.code, 0, r.err);
  assert.match(
    r.err,
    /and \d+ attributes of gopher_repetition, gopher_quality, c4_quality, fineweb_quality \(sign-log, standardised\)/,
  );
  assert.ok(
    JSON.parse(readFileSync(join(dir, 'attrs.json'), 'utf8')).model.attributes.includes(
      'gopher_quality.n_words',
    ),
  );
  const config = join(dir, 'q-attrs.yaml');
  writeFileSync(config, 'tokenizer: none\nfilters:\n  - quality: { model: attrs.wnm }\n');
  const s = await cli('score', fresh, '-c', config, '-o', join(dir, 'scored-attrs'));
  assert.is(s.code, 0, s.err);
  assert.is((await cli(...trainArgs(out), '--attributes')).code, 2);
  assert.is((await cli(...trainArgs(out), '--preset', 'fineweb')).code, 2);
  const tokens = join(dir, 'tokens.yaml');
  writeFileSync(tokens, 'filters: [gopher_quality, tokens]\n');
  const t = await cli(...trainArgs(out), '--attributes', '-c', tokens);
  assert.is(t.code, 2);
  assert.match(t.err, /filter tokens cannot give attributes/);
});

test('the quality filter refuses a corrupt or truncated model by name; a good one scores', async () => {
  const bytes = readFileSync(join(dir, 'a.wnm'));
  writeFileSync(join(dir, 'cut.wnm'), bytes.subarray(0, bytes.length - 100));
  for (const [model, re] of [
    ['cut.wnm', /cut\.wnm: corrupt or truncated/],
    ['a.wnm', null],
  ] as const) {
    const config = join(dir, `q-${model}.yaml`);
    writeFileSync(
      config,
      `tokenizer: none\nfilters:\n  - quality: { model: ${model}, max_p_bad: 0.5 }\n`,
    );
    const out = join(dir, `scored-${model}`);
    const r = await cli('score', fresh, '-c', config, '-o', out);
    if (re) {
      assert.is(r.code, 1);
      assert.match(r.err, re);
    } else {
      assert.is(r.code, 0, r.err);
      assert.match(
        readFileSync(join(out, 'attributes/corpus.jsonl'), 'utf8').split('\n')[0]!,
        /"winnow__quality__p_bad":\[\[0,\d+,0\.\d+/,
      );
    }
  }
});

test('audit refuses the training labels and an uncertainty sample (exit 2); uncertainty sampling skips labeled texts', async () => {
  const config = join(dir, 'q-a.wnm.yaml');
  const r1 = await cli('audit', '-c', config, '--labels', labels, '-o', join(dir, 'audit.json'));
  assert.is(r1.code, 2);
  assert.match(
    r1.err,
    /120 of 120 labeled documents were used to train the model \(.*labels\.jsonl:1, /,
  );
  const more = join(dir, 'more.jsonl');
  const s = await cli(
    'sample',
    fresh,
    '--strategy',
    'uncertainty',
    '--model',
    join(dir, 'a.wnm'),
    '-n',
    '25',
    '--exclude',
    labels,
    '-o',
    more,
  );
  assert.is(s.code, 0, s.err);
  const chosen = readFileSync(more, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.is(chosen.length, 25);
  assert.ok(chosen.every((c) => c.winnow_sample.design === 'uncertainty'));
  const dist = chosen.map((c) => Math.abs(c.winnow_sample.p_bad - 0.5));
  assert.equal(
    dist,
    [...dist].sort((x, y) => x - y),
  );
  const labeled = join(dir, 'more-labeled.jsonl');
  writeFileSync(
    labeled,
    chosen.map((c, i) => JSON.stringify({ ...c, label: i % 2 ? 'bad' : 'good' })).join('\n') + '\n',
  );
  writeFileSync(join(dir, 'more-labeled.strata.json'), readFileSync(join(dir, 'more.strata.json')));
  const r2 = await cli('audit', '-c', config, '--labels', labeled, '-o', join(dir, 'audit.json'));
  assert.is(r2.code, 2, r2.err);
  assert.match(r2.err, /uncertainty sample/);
});

test('no threshold certified: the summary says where fixed-sequence testing stopped, so a looser row within budget is not read as a pass', () => {
  // Strict → lenient. 29 labels with none good are the fewest that can pass at 10 % (α 0.05).
  const rows = [
    { threshold: 0.99, flagged: 10, fdr_upper: 0.26 },
    { threshold: 0.9, flagged: 58, fdr_upper: 0.105 },
    { threshold: 0.8, flagged: 63, fdr_upper: 0.097 },
  ];
  const said = notCertified(rows, 0.1, 0.05);
  assert.match(
    said,
    'starts at p_bad >= 0.9 (the strictest that flags 29 labels) and stops there (upper bound 10.5 %)',
  );
  assert.match(notCertified(rows.slice(0, 1), 0.1, 0.05), 'none flags the 29 labeled documents');
});

test.run();
