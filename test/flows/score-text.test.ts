/** The library scores strings in memory, as `filter` scores the same texts in a shard; importing it loads no CLI. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scoreDocuments, scoreText } from '../../src/flows/score-text.ts';
import { presetConfig } from '../../src/config/config.ts';
import { importGraph } from '../../scripts/cycles.ts';
import { cli } from '../cli/_run.ts';
import { PROSE_SENTENCES, repoRoot, tempDir } from '../_helpers.ts';

test('scoreText: a preset name, a config object or a resolved config give the same scores', async () => {
  const text = PROSE_SENTENCES.join(' ').repeat(3);
  const a = await scoreText(text, 'gopher');
  const b = await scoreText(text, {
    filters: ['gopher_repetition', 'gopher_quality'],
    tokenizer: 'cl100k_base',
  });
  const c = await scoreText(text, presetConfig('gopher'));
  assert.equal(a, b);
  assert.equal(a, c);
  assert.is(a.tokens !== null && a.tokens > 0, true);
  assert.is(a.attrs['gopher_quality.n_words']! > 50, true);
  const short = await scoreText('Too short.', 'gopher');
  assert.is(short.keep, false);
  assert.ok(short.reasons.includes('gopher_quality/gopher_short_doc'));
});

test('scoreDocuments decides as filter --dry-run does on the same texts', async () => {
  const shard = join(repoRoot, 'fixtures/shards/part-0000.jsonl');
  const docs = readFileSync(shard, 'utf8')
    .trim()
    .split('\n')
    .slice(0, 60)
    .map((l) => JSON.parse(l) as { text: string });
  const dir = tempDir();
  const small = join(dir, 'p.jsonl');
  (await import('node:fs')).writeFileSync(
    small,
    docs.map((d) => JSON.stringify(d)).join('\n') + '\n',
  );
  const r = await cli(
    'filter',
    small,
    '--preset',
    'fineweb',
    '--tokenizer',
    'none',
    '--dry-run',
    '--decisions',
    join(dir, 'd.jsonl'),
  );
  assert.is(r.code, 0, r.err);
  const decisions = readFileSync(join(dir, 'd.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { keep: boolean; reasons: string[] });
  const mine = [];
  for await (const s of scoreDocuments(docs, {
    filters: presetConfig('fineweb').filters.map((f) => ({ [f.name]: f.options })),
    tokenizer: 'none',
  }))
    mine.push({ keep: s.keep, reasons: s.reasons });
  assert.equal(
    mine,
    decisions.map((d) => ({ keep: d.keep, reasons: d.reasons })),
  );
});

test('src/index.ts reaches no module that imports yargs (the CLI is not loaded by the library)', () => {
  const graph = importGraph(join(repoRoot, 'src'));
  const seen = new Set<string>();
  const stack = [join(repoRoot, 'src/index.ts')];
  while (stack.length) {
    const f = stack.pop()!;
    if (seen.has(f)) continue;
    seen.add(f);
    stack.push(...(graph.get(f) ?? []));
  }
  const withYargs = [...seen]
    .filter((f) => /from 'yargs/.test(readFileSync(f, 'utf8')))
    .map((f) => f.slice(repoRoot.length + 1));
  assert.equal(withYargs, []);
});

test.run();
