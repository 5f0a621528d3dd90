// sample --strata language → label → audit, and the run's per-language stats and report, on a
// tiny inline corpus of English, German and French pages (40, 80 and 80).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, cliArgs } from './_run.ts';
import { tempDir } from '../_helpers.ts';

const SENTENCES: Record<string, string[]> = {
  en: [
    'The library opens again next spring after the long repairs.',
    'We walked along the river and talked about the weather.',
    'My sister baked bread for the whole family this morning.',
    'The council has not yet decided how to pay for the windows.',
    'Everyone in the village was pleased with the new bridge.',
  ],
  de: [
    'Die Bibliothek öffnet im nächsten Frühling wieder nach den langen Reparaturen.',
    'Wir gingen am Fluss entlang und sprachen über das Wetter.',
    'Meine Schwester hat heute Morgen Brot für die ganze Familie gebacken.',
    'Der Gemeinderat hat noch nicht entschieden, wie die Fenster bezahlt werden.',
    'Alle im Dorf waren mit der neuen Brücke zufrieden.',
  ],
  fr: [
    'La bibliothèque ouvrira de nouveau au printemps prochain après les longues réparations.',
    'Nous avons marché le long de la rivière en parlant du temps.',
    'Ma sœur a fait du pain pour toute la famille ce matin.',
    "Le conseil n'a pas encore décidé comment payer les fenêtres.",
    'Tout le monde au village était content du nouveau pont.',
  ],
};
const dir = tempDir();
const shard = join(dir, 'pages.jsonl');
writeFileSync(
  shard,
  Object.entries(SENTENCES)
    .flatMap(([lang, s]) =>
      Array.from({ length: lang === 'en' ? 40 : 80 }, (_, i) =>
        JSON.stringify({
          id: `${lang}-${i}`,
          text: `${s[i % 5]} ${s[(i + 2) % 5]}\n${s[(i + 4) % 5]}`,
        }),
      ),
    )
    .join('\n') + '\n',
);
const config = join(dir, 'lang.yaml');
writeFileSync(config, 'tokenizer: none\nfilters:\n  - language\n');
const jsonl = (path: string) =>
  readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));

test('sample --strata language: one stratum per detected language and side; label and audit use them', async () => {
  const out = join(dir, 'to-label.jsonl');
  const r = await cli(
    'sample',
    shard,
    '-c',
    config,
    '-n',
    '400',
    '-o',
    out,
    '--strata',
    'language',
  );
  assert.is(r.code, 0, r.err);
  const strata = JSON.parse(readFileSync(join(dir, 'to-label.strata.json'), 'utf8'));
  assert.is(strata.strata_by, 'language');
  assert.equal(
    strata.strata.map((s: { name: string; population_docs: number }) => [
      s.name,
      s.population_docs,
    ]),
    [
      ['dropped@de', 80],
      ['dropped@fr', 80],
      ['kept@en', 40],
    ],
  );
  const rows = jsonl(out);
  for (const x of rows)
    assert.is(
      x.winnow_sample.stratum,
      x.id.startsWith('en') ? 'kept@en' : `dropped@${x.id.slice(0, 2)}`,
    );
  // Label through the terminal labeler's pipe: French pages good (the filter's false drops), the rest as dropped.
  const answers = rows.map((x) => (x.id.startsWith('de') ? 'b' : 'g')).join('\n') + '\nq\n';
  const labels = join(dir, 'labels.jsonl');
  const l = spawnSync(process.execPath, cliArgs('label', out, '-o', labels), {
    input: answers,
    encoding: 'utf8',
  });
  assert.is(l.status, 0, l.stderr);
  const a = await cli('audit', '-c', config, '--labels', labels, '-o', join(dir, 'audit.json'));
  assert.is(a.code, 0, a.err);
  const audit = JSON.parse(readFileSync(join(dir, 'audit.json'), 'utf8'));
  assert.is(audit.design, 'stratified');
  // Every drop of a French page is a false drop: FDR = 80 / 160 exactly (the strata are censuses).
  assert.is(audit.metrics.fdr.estimate, 0.5);
});

test('--strata language needs the language filter, and the doc design', async () => {
  writeFileSync(join(dir, 'u.yaml'), 'tokenizer: none\nfilters:\n  - unicode\n');
  const r = await cli(
    'sample',
    shard,
    '-c',
    join(dir, 'u.yaml'),
    '-n',
    '10',
    '-o',
    join(dir, 'x.jsonl'),
    '--strata',
    'language',
  );
  assert.is(r.code, 2);
  assert.match(r.err, '--strata language needs the language filter');
  const t = await cli(
    'sample',
    shard,
    '-c',
    config,
    '-n',
    '10',
    '-o',
    join(dir, 'y.jsonl'),
    '--strata',
    'language',
    '--design',
    'token',
  );
  assert.is(t.code, 2);
});

test('filter: stats and report count documents per detected language; decisions carry language and language_score', async () => {
  const r = await cli(
    'filter',
    shard,
    '-c',
    config,
    '--dry-run',
    '--stats',
    join(dir, 'stats.json'),
    '--decisions',
    join(dir, 'decisions.jsonl'),
  );
  assert.is(r.code, 0, r.err);
  const stats = JSON.parse(readFileSync(join(dir, 'stats.json'), 'utf8'));
  assert.equal(Object.keys(stats.languages), ['de', 'en', 'fr']);
  assert.equal(stats.languages.de, {
    kept: { docs: 0, chars: 0, tokens: 0 },
    dropped: { docs: 80, chars: stats.languages.de.dropped.chars, tokens: 0 },
  });
  assert.is(stats.languages.en.kept.docs, 40);
  const d = jsonl(join(dir, 'decisions.jsonl'));
  assert.is(d[0].metadata.language, 'en');
  assert.ok(d[0].metadata.language_score > 0.65);
  const rep = await cli('report', join(dir, 'stats.json'), '-o', join(dir, 'report.md'));
  assert.is(rep.code, 0, rep.err);
  assert.match(
    readFileSync(join(dir, 'report.md'), 'utf8'),
    /\| de +\| +80 \| +40\.0 % \| +0 \| +80 \| +100 % \|/,
  );
});

// Reads the stats the filter test above wrote.
test('run with two worker threads (each loads the model itself) counts the same languages as filter', async () => {
  const split = join(dir, 'split');
  const lines = readFileSync(shard, 'utf8').trim().split('\n');
  mkdirSync(split);
  writeFileSync(join(split, 'a.jsonl'), lines.slice(0, 100).join('\n') + '\n');
  writeFileSync(join(split, 'b.jsonl'), lines.slice(100).join('\n') + '\n');
  const r = await cli(
    'run',
    '-c',
    config,
    '-i',
    split,
    '-o',
    join(dir, 'run'),
    '--workers',
    '2',
    '--unaudited',
  );
  assert.is(r.code, 0, r.err);
  const run = JSON.parse(readFileSync(join(dir, 'run/stats.json'), 'utf8'));
  const dry = JSON.parse(readFileSync(join(dir, 'stats.json'), 'utf8'));
  assert.equal(run.languages, dry.languages);
  assert.is(run.fingerprint, dry.fingerprint);
});

test.run();
