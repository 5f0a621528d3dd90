import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createEvaluator } from '../../src/rules/evaluator.ts';
import { presetConfig } from '../../src/config/config.ts';

test('createEvaluator refuses what is not a resolved config, saying how to make one', () => {
  for (const bad of [null, {}, { filters: ['gopher_quality'] }]) {
    assert.throws(
      () => createEvaluator(bad as never),
      (e: Error) =>
        e instanceof TypeError &&
        e.message.includes('presetConfig(name), resolveConfig(object) or parseConfig(text)'),
    );
  }
});

test('an evaluator from a preset keeps and drops with every reason', () => {
  const e = createEvaluator({ ...presetConfig('gopher'), tokenizer: 'none' });
  assert.equal(e.evaluate('Hello world.').reasons.slice(0, 1), ['gopher_repetition/top_2_gram']);
});

test.run();
