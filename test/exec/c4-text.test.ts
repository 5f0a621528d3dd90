// The c4 preset writes kept documents with datatrove's C4QualityFilter text (issue 16): the kept
// lines, stripped and citation-free, joined with "\n" and stripped. Compared with datatrove's own
// output for web-pages shard 0 (../shared/golden/datatrove-c4-text-*), for the preset (terminal
// punctuation on) and FineWeb's setting (off); every other byte of a kept record is the input's.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { cli } from '../cli/_run.ts';
import { haveShared, sharedDir, tempDir, testIf } from '../_helpers.ts';
import { presetConfig, resolveConfig } from '../../src/config/config.ts';
import { createEvaluator } from '../../src/rules/evaluator.ts';
import { applySpanRules } from '../../src/rules/spans.ts';

const GOLDEN = 'golden/datatrove-c4-text-web-pages-00000.jsonl.gz';
const SHARD = 'corpora/web-pages/web-pages-00000.jsonl.gz';
const dir = tempDir();
const goldenTest = testIf(
  test,
  haveShared(GOLDEN, 'C4 text parity') && haveShared(SHARD, 'C4 text parity'),
);

/** The kept record's text after the c4 rewrite, through the same code path as `filter -o`. */
function rewritten(
  text: string,
  config = presetConfig('c4', { tokenizer: 'none' }),
): { keep: boolean; text: string } {
  const ev = createEvaluator(config);
  const e = ev.evaluate(text);
  const spanRules = config.rules.filter((r) => 'spans' in r);
  const rewrites = Object.fromEntries(
    ev.filters.flatMap((f) =>
      Object.entries(f.rewrites ?? {}).map(([k, fn]) => [`${f.name}.${k}`, fn]),
    ),
  );
  const r = applySpanRules(text, e.chars, e.scored.spans, spanRules, rewrites);
  return { keep: e.reasons.length === 0, text: r ? r.text : text };
}

const lines = (n: number, line: string) =>
  Array.from({ length: n }, (_, i) => `${line} number ${i + 1}.`);

test('bad lines go with their line breaks: no blank line is left where one was removed', () => {
  const text = [
    'Menu',
    ...lines(3, 'This is a good sentence'),
    'Home | About',
    ...lines(3, 'Another fine line here'),
  ].join('\n');
  const r = rewritten(text);
  assert.ok(r.keep);
  assert.is(
    r.text,
    [...lines(3, 'This is a good sentence'), ...lines(3, 'Another fine line here')].join('\n'),
  );
});

test('kept lines are stripped, citations removed after the strip, CRLF and rare breaks become "\\n"', () => {
  const body = lines(5, 'A plain sentence of text');
  const text = `  ${body[0]}  \r\n${body[1]}[1]\r\n${body[2]}\u2028\t${body[3]}\x0c${body[4]}\n\n`;
  const r = rewritten(text);
  assert.ok(r.keep);
  assert.is(r.text, [body[0], body[1], body[2], body[3], body[4]].join('\n'));
  // datatrove strips before removing citations: "[1] a b c." keeps the space the citation left.
  const lead = rewritten([...body, '[1] Its last line ends here.'].join('\n'));
  assert.is(lead.text.split('\n').at(-1), ' Its last line ends here.');
});

test('a kept document with nothing to change keeps its raw bytes (no winnow field)', async () => {
  const text = lines(5, 'Nothing to change in this sentence').join('\n');
  const input = join(dir, 'same.jsonl');
  const line = `{"id":"a","n":1.0,"text":${JSON.stringify(text)}}`;
  writeFileSync(input, line + '\n');
  const r = await cli(
    'filter',
    input,
    '--preset',
    'c4',
    '-o',
    join(dir, 'same'),
    '--unaudited',
    '--tokenizer',
    'none',
  );
  assert.is(r.code, 0, r.err);
  assert.is(readFileSync(join(dir, 'same/kept/same.jsonl'), 'utf8'), line + '\n');
});

goldenTest(
  "datatrove golden: filter --preset c4 writes datatrove's text on every kept document of web-pages shard 0, other bytes unchanged",
  async () => {
    const gold = gunzipSync(readFileSync(join(sharedDir, GOLDEN)))
      .toString('utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const inputs = gunzipSync(readFileSync(join(sharedDir, SHARD)))
      .toString('utf8')
      .trim()
      .split('\n');
    const out = join(dir, 'c4');
    const r = await cli(
      'filter',
      join(sharedDir, SHARD),
      '--preset',
      'c4',
      '-o',
      out,
      '--unaudited',
      '--tokenizer',
      'none',
    );
    assert.is(r.code, 0, r.err);
    const kept = gunzipSync(readFileSync(join(out, 'kept/web-pages-00000.jsonl.gz')))
      .toString('utf8')
      .trim()
      .split('\n');
    const want = gold.filter((g) => g.c4.keep);
    assert.is(kept.length, want.length);
    assert.is(want.length, 1405);
    const byId = new Map(inputs.map((l) => [JSON.parse(l).id as string, l]));
    let equal = 0;
    for (const [i, line] of kept.entries()) {
      const rec = JSON.parse(line);
      assert.is(rec.id, want[i].id);
      if (rec.text === want[i].c4.text) equal++;
      // Apart from the text and the spliced winnow field, the record is the input's bytes.
      const input = JSON.parse(byId.get(rec.id)!);
      const { text: _t, winnow: _w, ...rest } = rec;
      const { text: _i, ...inRest } = input;
      assert.equal(rest, inRest);
      if (rec.text === input.text) assert.is(line, byId.get(rec.id));
    }
    assert.is(equal, want.length, `${want.length - equal} kept texts differ from datatrove's`);
  },
);

goldenTest(
  "datatrove golden: c4_quality with filter_no_terminal_punct: false and the bad_lines removal gives datatrove's text too",
  () => {
    const gold = gunzipSync(readFileSync(join(sharedDir, GOLDEN)))
      .toString('utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const inputs = gunzipSync(readFileSync(join(sharedDir, SHARD)))
      .toString('utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const config = resolveConfig({
      tokenizer: 'none',
      filters: [{ c4_quality: { filter_no_terminal_punct: false } }],
      rules: [{ spans: 'c4_quality.bad_lines', action: 'remove' }],
    });
    let kept = 0;
    let equal = 0;
    for (const [i, doc] of inputs.entries()) {
      const g = gold[i].c4_no_punct;
      const r = rewritten(doc.text, config);
      assert.is(r.keep, g.keep, doc.id);
      if (!g.keep) continue;
      kept++;
      if (r.text === g.text) equal++;
    }
    assert.is(kept, 1478);
    assert.is(equal, kept, `${kept - equal} kept texts differ from datatrove's`);
  },
);

test.run();
