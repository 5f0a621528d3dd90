import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli } from './_run.ts';
import { tempDir } from '../_helpers.ts';

test('demo: the whole flow on the fixtures, ending with an audited filter run', async () => {
  const dir = join(tempDir(), 'demo');
  const r = await cli('demo', dir);
  assert.is(r.code, 0, r.err);
  for (const f of ['count.txt', 'decisions.jsonl', 'to-label.jsonl', 'to-label.strata.json', 'audit.json', 'filtered/stats.json']) {
    assert.ok(existsSync(join(dir, f)), f);
  }
  const stats = JSON.parse(readFileSync(join(dir, 'filtered/stats.json'), 'utf8'));
  assert.is(stats.audited, true);
  assert.ok(stats.conservation.ok);
  assert.match(r.err, 'Refusing to drop data without an audit');
});

test.run();
