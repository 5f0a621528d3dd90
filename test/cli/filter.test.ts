import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli } from './_run.ts';
import { PROSE_SENTENCES, tempDir } from '../_helpers.ts';

const dir = tempDir();
const prose = PROSE_SENTENCES.join(' ');
const good = (id: string, extra = '') => `{"id":"${id}",${extra}"text":${JSON.stringify(prose)}}`;
const lines = [
  good('g1', '"score":1.0,"big":12345678901234567890,"k":"\\u00e9",'),
  '{"id":"short","text":"Hello world."}',
  '',
  'not json',
  good('g2'),
];
const input = join(dir, 'in.jsonl');
writeFileSync(input, lines.join('\n') + '\n');

test('without --audit or --unaudited, dropping is refused with exit 3 and nothing is written', async () => {
  const out = join(dir, 'refused');
  const r = await cli('filter', input, '--preset', 'gopher', '-o', out);
  assert.is(r.code, 3);
  assert.match(r.err, 'Refusing to drop data without an audit');
  assert.not.ok(existsSync(out));
  const a = await cli('filter', input, '--preset', 'gopher', '-o', out, '--audit', 'audit.json');
  assert.is(a.code, 3);
  assert.not.ok(existsSync(out));
});

test('directory mode: kept lines are the input bytes, dropped records carry reasons, stats reconcile', async () => {
  const out = join(dir, 'out');
  const r = await cli(
    'filter',
    input,
    '--preset',
    'gopher',
    '-o',
    out,
    '--unaudited',
    '--tokenizer',
    'none',
  );
  assert.is(r.code, 0, r.err);
  assert.is(readFileSync(join(out, 'kept/in.jsonl'), 'utf8'), `${lines[0]}\n${lines[4]}\n`);
  const dropped = readFileSync(join(out, 'dropped/in.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.equal(
    dropped.map((d) => d.id),
    ['short'],
  );
  assert.ok(dropped[0].winnow.reasons.includes('gopher_quality/gopher_short_doc'));
  assert.ok(
    readFileSync(join(out, 'dropped/in.jsonl'), 'utf8').startsWith(
      '{"id":"short","text":"Hello world.","winnow":',
    ),
  );
  const errors = readFileSync(join(out, 'errors/in.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.equal(
    errors.map((e) => [e.shard, e.line, e.raw]),
    [['in.jsonl', 4, 'not json']],
  );
  const stats = JSON.parse(readFileSync(join(out, 'stats.json'), 'utf8'));
  assert.equal(stats.docs, { in: 4, kept: 2, dropped: 1, errors: 1, removed: 0 });
  assert.is(stats.blank, 1);
  assert.is(stats.lines, 5);
  assert.is(stats.audited, false);
  assert.ok(stats.conservation.ok);
  assert.ok(existsSync(join(out, 'done/in.jsonl')));
  assert.match(r.err, 'UNAUDITED');
});

test('-o naming a file, not a directory, is a usage error rather than a stack trace', async () => {
  const file = join(dir, 'a-file');
  writeFileSync(file, 'x');
  const r = await cli('filter', input, '--preset', 'gopher', '--unaudited', '-o', file);
  assert.is(r.code, 2, r.err);
  assert.match(r.err, `Expected an output directory, but ${file} is a file`);
});

test('flags of another mode are refused, not silently ignored', async () => {
  const cases: [string[], string][] = [
    [
      ['-o', join(dir, 'o1'), '--unaudited', '--decisions', join(dir, 'd.jsonl')],
      '--decisions goes with --dry-run',
    ],
    [
      ['-o', join(dir, 'o2'), '--unaudited', '--stats', join(dir, 's.json')],
      '--stats is for pipe mode and dry runs',
    ],
    [['--dry-run', '-o', join(dir, 'o3')], '--dry-run drops nothing'],
    [['--dry-run', '--dropped', join(dir, 'x.jsonl')], '--dry-run drops nothing'],
  ];
  for (const [flags, message] of cases) {
    const r = await cli('filter', input, '--preset', 'gopher', ...flags);
    assert.is(r.code, 2, flags.join(' '));
    assert.match(r.err, message);
  }
  assert.not.ok(existsSync(join(dir, 'o1')) || existsSync(join(dir, 'd.jsonl')));
});

test('pipe mode needs --dropped or an explicit --discard-dropped', async () => {
  const r = await cli('filter', input, '--preset', 'gopher', '--unaudited');
  assert.is(r.code, 2);
  assert.match(r.err, '--discard-dropped');
});

test('dry run: one decision per document, every reason, nothing dropped', async () => {
  const d = join(dir, 'decisions.jsonl');
  const r = await cli(
    'filter',
    input,
    '--preset',
    'fineweb',
    '--dry-run',
    '--decisions',
    d,
    '--errors',
    join(dir, 'e.jsonl'),
    '--tokenizer',
    'none',
  );
  assert.is(r.code, 0, r.err);
  const decisions = readFileSync(d, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.equal(
    decisions.map((x) => [x.id, x.keep]),
    [
      ['g1', true],
      ['short', false],
      ['g2', true],
    ],
  );
  const reasons: string[] = decisions[1].reasons;
  for (const r of [
    'gopher_quality/gopher_short_doc',
    'gopher_repetition/top_2_gram',
    'c4_quality/too_few_sentences',
  ])
    assert.ok(reasons.includes(r), r);
});

test('span removal changes only the text of the record and records what went', async () => {
  const cfg = join(dir, 'spans.yaml');
  writeFileSync(
    cfg,
    'tokenizer: none\nfilters:\n  - c4_quality: { min_num_sentences: 0, filter_no_terminal_punct: true }\nrules:\n  - { spans: c4_quality.bad_lines, action: remove }\n',
  );
  const text =
    'Menu\nThe garden was quiet in the morning and the birds sang.\nThe river was calm and we walked along it for an hour.';
  const src = join(dir, 'spans.jsonl');
  // Bytes JSON.stringify would change: a big integer, 1.0, a duplicate key, an escape.
  const head = '{"id":12345678901234567890,"n":1.0,"dup":1,"dup":2,"k":"\\u00e9",';
  writeFileSync(src, `${head}"text":${JSON.stringify(text)}}\n`);
  const out = join(dir, 'spans-out');
  const r = await cli('filter', src, '-c', cfg, '-o', out, '--unaudited');
  assert.is(r.code, 0, r.err);
  const line = readFileSync(join(out, 'kept/spans.jsonl'), 'utf8');
  // The removed line goes with its line break, as datatrove's C4 rewrite leaves no blank line.
  assert.ok(line.startsWith(`${head}"text":"The garden`), line.slice(0, 120));
  const kept = JSON.parse(line);
  assert.not.match(kept.text, 'Menu');
  assert.match(kept.text, 'The garden was quiet');
  assert.ok(kept.winnow.removed_chars >= 4);
  const stats = JSON.parse(readFileSync(join(out, 'stats.json'), 'utf8'));
  assert.ok(stats.conservation.ok, stats.conservation.lines.join('\n'));
  assert.is(stats.chars.removed, kept.winnow.removed_chars);
  assert.equal(readdirSync(join(out, 'kept')), ['spans.jsonl']);
});

test('a .json array keeps big numeric ids in kept and dropped records and in decisions', async () => {
  const src = join(dir, 'arr.json');
  const long = [
    'The garden was quiet.',
    'Birds sang over the river.',
    'We walked along it for an hour.',
    'The bridge was old and grey.',
    'A boat passed under it slowly.',
    'Then the rain came.',
  ].join('\n');
  writeFileSync(
    src,
    `[\n {"id": 12345678901234567890, "n": 1.0, "text": ${JSON.stringify(long)}},\n {"id": 98765432109876543210, "text": "Hello world."}\n]\n`,
  );
  const out = join(dir, 'arr-out');
  const r = await cli(
    'filter',
    src,
    '--preset',
    'c4',
    '--tokenizer',
    'none',
    '-o',
    out,
    '--unaudited',
  );
  assert.is(r.code, 0, r.err);
  assert.ok(
    readFileSync(join(out, 'kept/arr.jsonl'), 'utf8').startsWith(
      '{"id":12345678901234567890,"n":1.0,"text":',
    ),
  );
  assert.ok(
    readFileSync(join(out, 'dropped/arr.jsonl'), 'utf8').startsWith(
      '{"id":98765432109876543210,"text":"Hello world.","winnow":',
    ),
  );
  const d = await cli(
    'filter',
    src,
    '--preset',
    'c4',
    '--tokenizer',
    'none',
    '--dry-run',
    '--decisions',
    join(dir, 'arr-decisions.jsonl'),
  );
  assert.is(d.code, 0, d.err);
  const ids = readFileSync(join(dir, 'arr-decisions.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l).id);
  assert.equal(ids, ['12345678901234567890', '98765432109876543210']);
});

test('config errors name the field, the value and what is allowed (exit 2)', async () => {
  const cfg = join(dir, 'bad.yaml');
  writeFileSync(cfg, 'filters:\n  - gopher_quality: { min_words: 3 }\n');
  const r = await cli('filter', input, '-c', cfg, '--dry-run');
  assert.is(r.code, 2);
  assert.match(r.err, 'filters[0].gopher_quality');
  assert.match(r.err, 'min_words');
  assert.match(r.err, 'min_doc_words');
});

test.run();
