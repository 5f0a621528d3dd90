import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  attributeFilters,
  attributeNames,
  signLog,
  signLogAttributes,
  standardisation,
  standardise,
} from '../../src/train/attributes.ts';
import { trainModel } from '../../src/train/train.ts';
import { parseModel, serializeModel } from '../../src/formats/model.ts';
import { scoreDocuments } from '../../src/flows/score-text.ts';
import { readModel } from '../../src/flows/models.ts';
import { tempDir } from '../_helpers.ts';
import { syntheticLabels } from './_synthetic.ts';

const classes = { label_field: 'label', bad_values: ['bad'], good_values: ['good'] };
const near = (a: number, b: number, eps = 1e-12) => Math.abs(a - b) <= eps;

test('sign-log: sign(x)·log1p(|x|), odd and 0 at 0', async () => {
  assert.is(signLog(0), 0);
  assert.ok(near(signLog(Math.E - 1), 1));
  assert.ok(near(signLog(-(Math.E ** 2 - 1)), -2));
});

test('standardisation by hand: training mean, population deviation; missing → the mean; constant → 0', async () => {
  // Column 0: sign-log values 0, 1, 2 and one missing → mean 1, sd √(2/3).
  // Column 1: constant 5 → sd taken as 1, every value standardises to 0.
  const rows = [
    Float64Array.of(0, 5),
    Float64Array.of(1, 5),
    Float64Array.of(2, 5),
    Float64Array.of(Number.NaN, 5),
  ];
  const { mean, sd } = standardisation(rows, 2);
  assert.equal(mean, [1, 5]);
  assert.ok(near(sd[0]!, Math.sqrt(2 / 3)) && sd[1] === 1);
  const z = rows.map((r) => Array.from(standardise(r, mean, sd)));
  const k = 1 / Math.sqrt(2 / 3); // 1.2247…
  [
    [-k, 0],
    [0, 0],
    [k, 0],
    [0, 0],
  ].forEach((want, i) =>
    want.forEach((w, j) => assert.ok(near(z[i]![j]!, w), `${i},${j}: ${z[i]![j]}`)),
  );
});

test('attributes of a text: every key of every filter, in order, sign-logged; absent keys NaN', async () => {
  const filters = attributeFilters([
    { name: 'gopher_quality', options: {} },
    { name: 'unicode', options: {} },
  ]);
  const names = attributeNames(filters);
  assert.ok(names.includes('gopher_quality.n_words'), names.join());
  const v = signLogAttributes(filters, 'one two three four five');
  assert.is(v.length, names.length);
  assert.ok(near(v[names.indexOf('gopher_quality.n_words')]!, Math.log1p(5)));
  assert.throws(
    () => attributeFilters([{ name: 'tokens', options: {} }]),
    /tokens cannot give attributes/,
  );
});

const attributes = [
  { name: 'gopher_quality', options: {} },
  { name: 'compression', options: {} },
];

test('a model trained with attributes scores through `score` as it did in training; same bytes twice', async () => {
  // Bad documents are short here, so n_words carries signal beyond the words themselves.
  const labels = syntheticLabels(120, 21).map((l) =>
    l.bad ? { ...l, text: l.text.split(' ').slice(0, 12).join(' ') } : l,
  );
  const o = { classes, buckets: 1 << 12, folds: 4, lambdas: [1e-2, 1e-3], attributes };
  const r = await trainModel(labels, o);
  const a = r.model.header.attributes!;
  assert.is(a.names.length, a.weights.length);
  assert.ok(a.weights.some((w) => w !== 0));
  const bytes = serializeModel(r.model);
  assert.equal(serializeModel((await trainModel(labels, o)).model), bytes, 'deterministic');
  assert.is(bytes.readUInt32LE(8), 2, 'format version 2 with attributes');
  assert.equal(parseModel(bytes, 'm.wnm').header.attributes, a);
  const dir = tempDir();
  const path = join(dir, 'm.wnm');
  writeFileSync(path, bytes);
  let i = 0;
  for await (const s of scoreDocuments(
    labels.map((l) => l.text),
    { tokenizer: 'none', filters: [{ quality: { model: path } }] },
  )) {
    // float32 weights in the file against the fit's float64 ones.
    assert.ok(
      near(s.attrs['quality.p_bad']!, r.fitted[i]!, 1e-5),
      `${i}: ${s.attrs['quality.p_bad']} vs ${r.fitted[i]}`,
    );
    i++;
  }
  assert.is(i, labels.length);
});

test('a model whose attribute spec this winnow cannot rebuild is refused by name', async () => {
  const labels = syntheticLabels(60, 22);
  const r = await trainModel(labels, {
    classes,
    buckets: 1 << 10,
    folds: 3,
    lambdas: [1e-2],
    attributes,
  });
  const dir = tempDir();
  const bad = (name: string, a: object) => {
    const path = join(dir, name);
    writeFileSync(
      path,
      serializeModel({
        ...r.model,
        header: { ...r.model.header, attributes: { ...r.model.header.attributes!, ...a } },
      }),
    );
    return readModel(path).then(
      () => '',
      (e: Error) => e.message,
    );
  };
  assert.match(
    await bad('x.wnm', { filters: [{ name: 'tokens', options: {} }] }),
    /x\.wnm: filter tokens cannot give attributes/,
  );
  assert.match(
    await bad('y.wnm', { names: ['a'], mean: [0], sd: [1], weights: [1] }),
    /y\.wnm: its attribute features \(1\) are not the ones/,
  );
  assert.match(
    await bad('z.wnm', { sd: r.model.header.attributes!.sd.map(() => 0) }),
    /z\.wnm: header\.attributes needs/,
  );
});

test.run();
