/** Each file that passes between verbs has one owner: its parser names the file and the line or field. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DataError } from '../../src/errors.ts';
import { parseLabels, serializeLabel } from '../../src/formats/labels.ts';
import { parseStrata, serializeStrata } from '../../src/formats/strata.ts';
import { parseStatsFile, serializeStats } from '../../src/formats/stats.ts';
import { parseDecisions, serializeDecision } from '../../src/formats/decisions.ts';
import { emptyStats } from '../../src/stats/stats.ts';

const fails = (fn: () => unknown, where: string) =>
  assert.throws(fn, (e: Error) => e instanceof DataError && e.message.startsWith(where), where);

test('labels: the last answer per item wins; a torn line is an error at its line', () => {
  const text = [
    serializeLabel({ text: 'a', label: 'good', label_item: 1 }),
    serializeLabel({ text: 'b', label: 'bad' }),
    serializeLabel({ text: 'a', label: 'bad', label_item: 1 }),
  ].join('');
  assert.equal(
    parseLabels(text, 'l.jsonl').map((r) => [r.rec.label, r.line]),
    [
      ['bad', 2],
      ['bad', 3],
    ],
  );
  fails(
    () => parseLabels(text + '{"text":"c","lab', 'l.jsonl'),
    'l.jsonl:4: expected one labeled record',
  );
  fails(() => parseLabels('[1]\n', 'l.jsonl'), 'l.jsonl:1: ');
});

test('strata: round trip; a sample larger than its stratum is refused at its field', () => {
  const file = {
    fingerprint: 'sha256:1',
    design: 'doc',
    strata: [
      { name: 'kept', flagged: false, population_docs: 10, population_tokens: 100, sample_size: 3 },
    ],
  };
  assert.equal(parseStrata(serializeStrata(file), 's.json'), file);
  fails(
    () =>
      parseStrata(
        serializeStrata({ ...file, strata: [{ ...file.strata[0]!, sample_size: 11 }] }),
        's.json',
      ),
    's.json:strata[0].sample_size: ',
  );
  fails(() => parseStrata('{"design":"doc","strata":[]}', 's.json'), 's.json:fingerprint: ');
});

test('stats: round trip; a file that is not one names its field', () => {
  const s = emptyStats('p.jsonl', 'sha256:1', 'none', false);
  assert.equal(parseStatsFile(serializeStats(s), 'stats.json'), s);
  fails(
    () => parseStatsFile(serializeStats({ ...s, version: 2 as 1 }), 'stats.json'),
    'stats.json:version: ',
  );
  fails(() => parseStatsFile('nope', 'stats.json'), 'stats.json:(file): ');
});

test('decisions: the bytes filter writes, read back', () => {
  const d = {
    id: 'x',
    shard: 'p.jsonl',
    line: 3,
    keep: false,
    reasons: ['gopher_quality/gopher_short_doc'],
  };
  assert.is(
    serializeDecision(d),
    '{"id":"x","shard":"p.jsonl","line":3,"keep":false,"reasons":["gopher_quality/gopher_short_doc"]}\n',
  );
  assert.equal(parseDecisions(serializeDecision(d) + '\n', 'd.jsonl'), [d]);
  fails(() => parseDecisions('{"id":"x"}\n', 'd.jsonl'), 'd.jsonl:1: ');
});

test.run();
