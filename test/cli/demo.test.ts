import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli } from './_run.ts';
import { repoRoot, tempDir } from '../_helpers.ts';

const lines = (path: string) =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l));
const json = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

test('demo: the learned screen passes the gate, and the pair audit counts the false merges the planted truth says', async () => {
  const dir = join(tempDir(), 'demo');
  const r = await cli('demo', dir, '--now', '2030-01-02T03:04:05Z');
  assert.is(r.code, 0, r.err);
  for (const f of [
    'model-1.wnm',
    'uncertain-labels.jsonl',
    'model.wnm',
    'to-label.strata.json',
    'labels.jsonl',
    'audit.json',
    'run/stats.json',
    'report.html',
    'report.md',
    'dedup/clusters.bin',
    'dedup-run/stats.json',
    'pair-labels.jsonl',
    'pairs-audit.json',
    'dedup-report.html',
  ]) {
    assert.ok(existsSync(join(dir, f)), f);
  }
  assert.match(r.err, 'Refusing to drop data without an audit');

  // The loop ends behind the gate: an audit of the config with the model, on a fresh sample, passes.
  const audit = json(join(dir, 'audit.json'));
  assert.ok(audit.verdict.pass && audit.verdict.fdr_upper <= 0.1, JSON.stringify(audit.verdict));
  assert.ok(audit.thresholds['quality.p_bad'], 'the model threshold is swept');
  const stats = json(join(dir, 'run/stats.json'));
  assert.is(stats.audited, true);
  assert.is(stats.fingerprint, audit.fingerprint);
  assert.ok(stats.conservation.ok);
  // An uncertainty sample trained the model; it was never the audit's sample.
  assert.is(json(join(dir, 'uncertain.strata.json')).design, 'uncertainty');
  assert.is.not(json(join(dir, 'to-label.strata.json')).design, 'uncertainty');

  // False merges: sampled pairs the truth file does not list as duplicates (any unlisted pair is two documents).
  const key = (a: string, b: string) => [a, b].sort().join('\n');
  const dup = new Set(
    lines(join(repoRoot, 'fixtures/labels/planted-pairs.jsonl'))
      .filter((t) => t.duplicate)
      .map((t) => key(t.a.id, t.b.id)),
  );
  const sampled = lines(join(dir, 'pairs.jsonl'));
  const expected = sampled.filter((p) => !dup.has(key(p.a.id, p.b.id))).length;
  const pairs = json(join(dir, 'pairs-audit.json'));
  assert.is(pairs.labeled, sampled.length);
  assert.is(pairs.notDuplicate, expected);

  // The reports: the learned screen beside the heuristics, and the dedup section with the planted pairs.
  const html = readFileSync(join(dir, 'report.html'), 'utf8');
  assert.match(html, '<section id="learned">');
  assert.match(readFileSync(join(dir, 'report.md'), 'utf8'), 'quality.p_bad (learned)');
  assert.match(readFileSync(join(dir, 'dedup-report.html'), 'utf8'), '<section id="dedup">');
  const md = readFileSync(join(dir, 'dedup-report.md'), 'utf8');
  // Identical copies always share every bucket: all of the planted exact copies are detected.
  const planted1 = lines(join(repoRoot, 'fixtures/labels/planted-pairs.jsonl')).filter(
    (t) => t.planted && t.level === 1,
  ).length;
  assert.match(md, new RegExp(`\\|\\s+1 \\|\\s+${planted1} \\|\\s+100\\.0 % \\|\\s+100\\.0 % \\|`));
});

test.run();
