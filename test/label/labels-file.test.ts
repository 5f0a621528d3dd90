import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../_helpers.ts';
import { LabelsFile, answerLine, parseAnswers } from '../../src/label/labels-file.ts';

test('an answer line is the record byte for byte plus label, label_item and the note if any', () => {
  const raw = Buffer.from('{"id":1.0,"text":"\\u00e9","n":12345678901234567890}');
  assert.is(
    answerLine(raw, 3, 'bad').toString(),
    '{"id":1.0,"text":"\\u00e9","n":12345678901234567890,"label":"bad","label_item":3}\n',
  );
  assert.is(
    answerLine(raw, 3, 'good', 'a "note"\n').toString(),
    '{"id":1.0,"text":"\\u00e9","n":12345678901234567890,"label":"good","label_item":3,"note":"a \\"note\\"\\n"}\n',
  );
});

test('answers: the last line per item wins; lines from elsewhere (no label_item) are passed over', () => {
  const text = [
    '{"label":"good","label_item":1}',
    '{"label":"bad"}',
    '{"label":"bad","label_item":2,"note":"x"}',
    '{"label":"bad","label_item":1}',
    '',
  ].join('\n');
  assert.equal(
    [...parseAnswers(text, 'l.jsonl')],
    [
      [1, { label: 'bad' }],
      [2, { label: 'bad', note: 'x' }],
    ],
  );
});

test('a truncated labels file is refused naming file and line (no SyntaxError stack)', () => {
  assert.throws(
    () => parseAnswers('{"label":"good","label_item":1}\n{"label":"go', 'l.jsonl'),
    /^l\.jsonl:2: expected one labeled record .* \(the last line is cut short: delete it to resume\)$/,
  );
  assert.throws(
    () => parseAnswers('{"label"\n{"label":"good","label_item":1}\n', 'l.jsonl'),
    /^l\.jsonl:1: expected one labeled record \(a JSON object\) per line, got malformed JSON$/,
  );
});

test('open: resumes with the answers so far, copies the strata file beside once, appends', async () => {
  const dir = tempDir();
  const input = join(dir, 'to-label.jsonl');
  writeFileSync(join(dir, 'to-label.strata.json'), '{"strata":[]}\n');
  const out = join(dir, 'labels.jsonl');
  const a = await LabelsFile.open(out, input);
  a.append(Buffer.from('{"x":1}'), 1, 'good');
  a.close();
  assert.is(readFileSync(join(dir, 'labels.strata.json'), 'utf8'), '{"strata":[]}\n');
  writeFileSync(join(dir, 'labels.strata.json'), 'kept as it is');
  const b = await LabelsFile.open(out, input);
  assert.equal([...b.answers], [[1, { label: 'good' }]]);
  b.append(Buffer.from('{"x":2}'), 2, 'bad', 'why');
  b.close();
  assert.is(
    readFileSync(out, 'utf8'),
    '{"x":1,"label":"good","label_item":1}\n{"x":2,"label":"bad","label_item":2,"note":"why"}\n',
  );
  assert.is(readFileSync(join(dir, 'labels.strata.json'), 'utf8'), 'kept as it is');
  assert.not.ok(existsSync(join(tempDir(), 'labels.strata.json')));
});

test.run();
