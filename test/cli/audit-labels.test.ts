/**
 * Labels the audit must not read silently (issue 16 item 11): a label of a stratum the strata
 * file does not have, and a label value that is neither good nor one of --bad-values.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli } from './_run.ts';
import { repoRoot, tempDir } from '../_helpers.ts';

const dir = tempDir();
const flags = ['--preset', 'gopher', '--tokenizer', 'none'];
const lines = readFileSync(join(repoRoot, 'fixtures/labels/labels.jsonl'), 'utf8')
  .trim()
  .split('\n');
const labelsWith = (name: string, edit: (r: Record<string, any>, i: number) => void) => {
  const f = join(dir, name);
  writeFileSync(
    f,
    lines
      .map((l, i) => {
        const r = JSON.parse(l);
        edit(r, i);
        return JSON.stringify(r);
      })
      .join('\n') + '\n',
  );
  return f;
};

test('a label value that is neither good nor bad is refused at its line (not counted as good)', async () => {
  const f = labelsWith('caps.jsonl', (r, i) => {
    if (i === 6) r.label = 'BAD';
  });
  const r = await cli('audit', ...flags, '--labels', f, '-o', join(dir, 'a.json'));
  assert.is(r.code, 1, r.err);
  assert.match(r.err, `${f}:7: label "BAD" is neither "good" nor one of --bad-values (bad)`);
  // Values given explicitly are trusted; what they count as good is noted in the audit.
  const ok = await cli(
    'audit',
    ...flags,
    '--labels',
    f,
    '--bad-values',
    'bad',
    '-o',
    join(dir, 'b.json'),
  );
  assert.is(ok.code, 0, ok.err);
  assert.ok(
    JSON.parse(readFileSync(join(dir, 'b.json'), 'utf8')).notes.some(
      (n: string) => n.includes('labels counted as good') && n.includes('"BAD" (1)'),
    ),
  );
});

test('a label of a stratum the strata file does not have is refused at its line (not left out silently)', async () => {
  const sample = join(dir, 'to-label.jsonl');
  assert.is(
    (
      await cli(
        'sample',
        join(repoRoot, 'fixtures/shards/part-0000.jsonl'),
        ...flags,
        '-n',
        '60',
        '--seed',
        '3',
        '-o',
        sample,
      )
    ).code,
    0,
  );
  const drawn = readFileSync(sample, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  const labeled = drawn.map((r, i) => ({
    ...r,
    label: i % 3 ? 'good' : 'bad',
    ...(i === 4 && { winnow_sample: { ...r.winnow_sample, stratum: 'kept|nowhere' } }),
  }));
  const f = join(dir, 'labeled.jsonl');
  writeFileSync(f, labeled.map((r) => JSON.stringify(r)).join('\n') + '\n');
  const r = await cli(
    'audit',
    ...flags,
    '--labels',
    f,
    '--strata',
    join(dir, 'to-label.strata.json'),
    '-o',
    join(dir, 'c.json'),
  );
  assert.is(r.code, 1, r.err);
  assert.match(r.err, `${f}:5: winnow_sample.stratum "kept|nowhere" is not a stratum of`);
});

test.run();
