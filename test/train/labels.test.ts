import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseTrainingLabels } from '../../src/train/labels.ts';

const spec = { labelField: 'label', textField: 'text', badValues: ['bad'], goodValues: ['good'] };
const line = (text: string, label: unknown) => JSON.stringify({ text, label });
const many = (n: number, label = (i: number) => (i % 2 ? 'bad' : 'good')) =>
  Array.from({ length: n }, (_, i) => line(`doc number ${i}`, label(i)));

test('reads labels, skips unlabeled records, last answer per label_item wins', () => {
  const lines = [
    ...many(20),
    line('skipped', null),
    JSON.stringify({ text: 'x y', label: 'bad', label_item: 1 }),
    JSON.stringify({ text: 'x y', label: 'good', label_item: 1 }),
  ];
  const { labels, unlabeled } = parseTrainingLabels(lines.join('\n'), 'l.jsonl', spec);
  assert.is(labels.length, 21);
  assert.is(unlabeled, 1);
  assert.is(labels.at(-1)!.bad, 0);
});

test('refuses bad input, naming the file and line', () => {
  const cases: [string, RegExp][] = [
    [
      [...many(20), line('fine words', 'meh')].join('\n'),
      /^l\.jsonl:21: label "meh" in "label" is neither bad .* nor good/,
    ],
    [[...many(20), line('   ', 'bad')].join('\n'), /^l\.jsonl:21: "text" has no words/],
    [[...many(20), line('', 'bad')].join('\n'), /^l\.jsonl:21: "text" has no words/],
    [
      [...many(20), '{oops'].join('\n'),
      /^l\.jsonl:21: expected one labeled record .* malformed JSON/,
    ],
    [
      [...many(20), JSON.stringify({ label: 'bad' })].join('\n'),
      /^l\.jsonl:21: missing string "text"/,
    ],
    [many(19).join('\n'), /^l\.jsonl: 19 labels; training needs at least 20/],
    [
      many(30, () => 'good').join('\n'),
      /^l\.jsonl: all 30 labels are good; training needs both classes/,
    ],
  ];
  for (const [text, re] of cases)
    assert.throws(
      () => parseTrainingLabels(text, 'l.jsonl', spec),
      (e: Error) => re.test(e.message) && (e as { exitCode?: number }).exitCode === 1,
    );
});

test.run();
