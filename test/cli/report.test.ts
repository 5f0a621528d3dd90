import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { cli } from './_run.ts';
import { tempDir } from '../_helpers.ts';
import { hostileRun, PAYLOADS } from '../report/_run.ts';

const run = await hostileRun(join(tempDir(), 'run'));
const NOW = '2030-01-02T03:04:05.000Z';

test('report DIR --audit: HTML, Markdown and JSON by extension, from one run', async () => {
  const out = join(run.dir, 'r');
  const r = await cli(
    'report',
    run.out,
    '--audit',
    run.audit,
    '-o',
    `${out}.html`,
    '-o',
    `${out}.md`,
    '-o',
    `${out}.json`,
    '--now',
    NOW,
  );
  assert.is(r.code, 0, r.err);
  assert.match(r.err, 'UNAUDITED');
  const html = readFileSync(`${out}.html`, 'utf8');
  const md = readFileSync(`${out}.md`, 'utf8');
  const json = JSON.parse(readFileSync(`${out}.json`, 'utf8'));
  assert.ok(html.startsWith('<!doctype html>'));
  assert.ok(md.startsWith('# winnow pruning report'));
  assert.is(json.generated_at, NOW);
  assert.is(json.status.label, 'UNAUDITED');
  assert.is(json.status.audit_attached, true);
  assert.equal(json.funnel.docs, { in: 16, kept: 5, dropped: 11, errors: 0, removed: 0 });
  assert.is(json.thresholds.source, 'audit');
  assert.ok(json.audit.curves.length > 0);
  assert.ok(/^\d+\.\d+\.\d+/.test(json.winnow_version));
  // Examples come from out/dropped/ in shard order: the first dropped document first.
  assert.is(json.examples.documents[0].id, 'bad-0<b>');
  assert.is(json.examples.documents[0].file, 'dropped/in.jsonl');
  assert.is(json.examples.documents[0].line, 1);
  for (const p of PAYLOADS) assert.not.ok(html.includes(p), p);
  assert.not.match(html, /<script/i);
});

test('the excerpt of a long document moves to its first flagged span', async () => {
  const r = await cli(
    'report',
    run.out,
    '-o',
    join(run.dir, 'long.json'),
    '--examples',
    '20',
    '--excerpt-chars',
    '200',
  );
  assert.is(r.code, 0, r.err);
  const j = JSON.parse(readFileSync(join(run.dir, 'long.json'), 'utf8'));
  const long = j.examples.documents.find((d: { id: string }) => d.id === 'long');
  assert.ok(long, 'the long document is an example');
  assert.ok(long.excerpt.length > 3000);
  assert.is(long.excerpt.end - long.excerpt.start, 200);
  assert.ok(long.excerpt.start > 0 && long.excerpt.first_span.start >= long.excerpt.start);
});

test('same inputs and --now: same bytes; a stats.json path works like its directory', async () => {
  const a = join(run.dir, 'a.html');
  const b = join(run.dir, 'b.html');
  assert.is((await cli('report', run.out, '--audit', run.audit, '-o', a, '--now', NOW)).code, 0);
  assert.is(
    (await cli('report', join(run.out, 'stats.json'), '--audit', run.audit, '-o', b, '--now', NOW))
      .code,
    0,
  );
  const strip = (s: string) =>
    s.replaceAll(join(run.out, 'stats.json'), 'STATS').replaceAll(run.out, 'DIR');
  assert.is(strip(readFileSync(a, 'utf8')), strip(readFileSync(b, 'utf8')));
});

test('a numeric id beyond 2^53 keeps its digits in the report', async () => {
  const d = join(run.dir, 'bigid');
  mkdirSync(d, { recursive: true });
  writeFileSync(join(d, 'in.jsonl'), '{"id":12345678901234567890,"text":"x"}\n');
  assert.is(
    (
      await cli(
        'filter',
        join(d, 'in.jsonl'),
        '--preset',
        'fineweb',
        '--tokenizer',
        'none',
        '--unaudited',
        '-o',
        join(d, 'out'),
      )
    ).code,
    0,
  );
  const r = await cli('report', join(d, 'out'), '-o', join(d, 'r.json'));
  assert.is(r.code, 0, r.err);
  assert.equal(
    JSON.parse(readFileSync(join(d, 'r.json'), 'utf8')).examples.documents.map(
      (x: { id: string }) => x.id,
    ),
    ['12345678901234567890'],
  );
});

test('without -o the Markdown report goes to stdout', async () => {
  const r = await cli('report', run.out, '--now', NOW);
  assert.is(r.code, 0, r.err);
  assert.ok(r.out.startsWith('# winnow pruning report'));
  assert.match(r.out, 'No audit attached');
  assert.match(r.out, 'No thresholds are marked');
});

test('thresholds from the config: every rule, checked against the fingerprint', async () => {
  const j = join(run.dir, 'cfg.json');
  const r = await cli('report', run.out, '--preset', 'fineweb', '--tokenizer', 'none', '-o', j);
  assert.is(r.code, 0, r.err);
  const s = JSON.parse(readFileSync(j, 'utf8'));
  assert.is(s.thresholds.source, 'config');
  const avg = s.attributes.find((a: { attr: string }) => a.attr === 'gopher_quality.avg_word_len');
  assert.is(avg.thresholds.length, 2);
  const wrong = await cli('report', run.out, '--preset', 'gopher', '--tokenizer', 'none', '-o', j);
  assert.is(wrong.code, 2);
  assert.match(wrong.err, 'its thresholds are not the ones this run applied');
});

test('usage errors: unknown extension, an audit of another filter, no stats.json', async () => {
  const ext = await cli('report', run.out, '-o', join(run.dir, 'r.pdf'));
  assert.is(ext.code, 2);
  assert.match(ext.err, 'Expected `-o` to end in .html, .md or .json');
  const other = join(run.dir, 'other-audit.json');
  const theirs = JSON.parse(readFileSync(run.audit, 'utf8'));
  writeFileSync(
    other,
    JSON.stringify({
      ...theirs,
      fingerprint: 'sha256:00',
      verdict: { ...theirs.verdict, fingerprint: 'sha256:00' },
    }),
  );
  const a = await cli('report', run.out, '--audit', other, '-o', join(run.dir, 'x.md'));
  assert.is(a.code, 2);
  assert.match(a.err, 'an audit of another filter says nothing about this run');
  const empty = join(run.dir, 'empty');
  mkdirSync(join(empty, 'stats'), { recursive: true });
  const s = await cli('report', empty, '-o', join(run.dir, 'y.md'));
  assert.is(s.code, 2);
  assert.match(s.err, 'winnow merge');
  assert.not.ok(existsSync(join(run.dir, 'y.md')));
  const now = await cli('report', run.out, '--now', 'yesterday');
  assert.is(now.code, 2);
});

test("a dry run's stats file: no dropped records, said in the report", async () => {
  const stats = join(run.dir, 'dry-stats.json');
  const f = await cli(
    'filter',
    join(run.dir, 'in.jsonl'),
    '--preset',
    'fineweb',
    '--tokenizer',
    'none',
    '--dry-run',
    '--decisions',
    join(run.dir, 'd.jsonl'),
    '--stats',
    stats,
  );
  assert.is(f.code, 0, f.err);
  const r = await cli('report', stats, '--audit', run.audit);
  assert.is(r.code, 0, r.err);
  assert.match(r.out, 'No dropped records to show');
  assert.match(r.out, '**UNAUDITED**');
  assert.match(r.out, '**Verdict: FAIL**');
});

test.run();
