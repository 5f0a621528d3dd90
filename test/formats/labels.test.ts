import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { UsageError } from '../../src/errors.ts';
import { parseLabels } from '../../src/formats/labels.ts';

test('labeled dedup pairs are refused at their line, pointing to `winnow audit pairs`', () => {
  const doc = JSON.stringify({ text: 'a page', label: 'bad' });
  const pair = JSON.stringify({
    a: { id: 'x', shard: 's', line: 1, text: 'one' },
    b: { id: 'y', shard: 's', line: 2, text: 'one' },
    winnow_pair: { version: 1, cluster: 0, cluster_size: 2, jaccard: 1, minhash_jaccard: 1 },
    label: 'duplicate',
  });
  assert.is(parseLabels(`${doc}\n`, 'l.jsonl').length, 1);
  try {
    parseLabels(`${doc}\n\n${pair}\n`, 'pairs.jsonl');
    assert.unreachable('pairs were accepted as document labels');
  } catch (e) {
    assert.instance(e, UsageError);
    assert.match(
      (e as Error).message,
      /^pairs\.jsonl:3: a labeled dedup pair .*`winnow audit pairs --labels pairs\.jsonl`$/,
    );
  }
});

test.run();
