// Hostile input: outputs aimed at the inputs (issue 16, items 5 and 6). Each is refused with
// exit 2 before anything is written, and the input keeps its bytes.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli } from '../cli/_run.ts';
import { PROSE_SENTENCES, tempDir } from '../_helpers.ts';

const doc = (id: string) => JSON.stringify({ id, text: PROSE_SENTENCES.join('\n') });
const setup = () => {
  const dir = tempDir();
  const file = join(dir, 'y.jsonl');
  const body = `${doc('a')}\n${doc('b')}\n`;
  writeFileSync(file, body);
  return { dir, file, body };
};
const flags = ['--preset', 'gopher', '--tokenizer', 'none'];

for (const flag of ['--decisions', '--stats'] as const) {
  test(`filter y.jsonl --dry-run ${flag} y.jsonl is refused and y.jsonl is unchanged`, async () => {
    const { file, body } = setup();
    const r = await cli(
      'filter',
      file,
      ...flags,
      '--dry-run',
      flag,
      file,
      ...(flag === '--stats' ? ['--decisions', '-'] : []),
    );
    assert.is(r.code, 2, r.err);
    assert.match(r.err, `Refusing ${flag}`);
    assert.match(r.err, 'it is the input');
    assert.is(readFileSync(file, 'utf8'), body);
  });
}

test('pipe mode: --dropped naming the input through a symlink is refused (by real path)', async () => {
  const { dir, file, body } = setup();
  symlinkSync(file, join(dir, 'alias.jsonl'));
  const r = await cli(
    'filter',
    file,
    ...flags,
    '--unaudited',
    '--dropped',
    join(dir, 'alias.jsonl'),
  );
  assert.is(r.code, 2, r.err);
  assert.match(r.err, 'Refusing --dropped');
  assert.is(readFileSync(file, 'utf8'), body);
});

test('filter d/kept/x.jsonl -o d is refused: the input lies inside the output directory', async () => {
  const { dir } = setup();
  mkdirSync(join(dir, 'd/kept'), { recursive: true });
  const x = join(dir, 'd/kept/x.jsonl');
  writeFileSync(x, `${doc('x')}\n`);
  const r = await cli('filter', x, ...flags, '--unaudited', '-o', join(dir, 'd'));
  assert.is(r.code, 2, r.err);
  assert.match(r.err, 'lies inside it');
  assert.is(readFileSync(x, 'utf8'), `${doc('x')}\n`);
});

test('run -i in -o in/out is refused (a second run would read its own outputs as shards); nothing is written', async () => {
  const { dir } = setup();
  mkdirSync(join(dir, 'in'));
  writeFileSync(join(dir, 'in/p0.jsonl'), `${doc('p')}\n`);
  const r = await cli(
    'run',
    ...flags,
    '--unaudited',
    '-i',
    join(dir, 'in'),
    '-o',
    join(dir, 'in/out'),
    '--workers',
    '1',
  );
  assert.is(r.code, 2, r.err);
  assert.match(r.err, 'inside the input directory');
  assert.not.ok(existsSync(join(dir, 'in/out')));
});

test('an output beside the inputs is accepted', async () => {
  const { dir, file } = setup();
  const r = await cli(
    'filter',
    file,
    ...flags,
    '--dry-run',
    '--decisions',
    join(dir, 'decisions.jsonl'),
  );
  assert.is(r.code, 0, r.err);
  assert.ok(existsSync(join(dir, 'decisions.jsonl')));
});

test.run();
