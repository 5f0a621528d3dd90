import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import { DEFAULT_MINHASH } from '../../src/dedup/config.ts';
import { permutationParameters } from '../../src/dedup/permutations.ts';
import { Signer, shingleText, signatureValue } from '../../src/dedup/signature.ts';
import { haveShared } from '../_helpers.ts';
import { SIGNATURES_GOLDEN, shard0Texts, sharedLines } from './_golden.ts';

const P = (1n << 61n) - 1n;
const M64 = (1n << 64n) - 1n;
const values = (sig: Uint8Array): bigint[] =>
  Array.from({ length: sig.length / 8 }, (_, j) => signatureValue(sig, j));

test('shingle text: words of the simplified text, joined by single spaces, with byte offsets', () => {
  const s = shingleText("Don't   PANIC: café № 42!");
  assert.equal(s.words, ['don', 't', 'panic', 'cafe', '№', '0']); // the apostrophe became a space
  assert.is(Buffer.from(s.bytes).toString('utf8'), 'don t panic cafe № 0');
  assert.equal(Array.from(s.starts), [0, 4, 6, 12, 17, 21, 23]); // "№" is 3 bytes
});

test('fewer than n_grams words: no signature', async () => {
  const signer = await Signer.open(DEFAULT_MINHASH);
  assert.is(signer.sign('one two three four'), null);
  assert.is(signer.sign('   ...   '), null);
  assert.ok(signer.sign('one two three four five'));
});

test('sha1 variant: a five-word text has one shingle, the first 8 bytes of its SHA-1 (little-endian)', async () => {
  const signer = await Signer.open({ ...DEFAULT_MINHASH, hash: 'sha1' });
  const sig = signer.sign('The quick brown fox jumps.')!;
  const h = createHash('sha1').update('the quick brown fox jumps').digest().readBigUInt64LE(0);
  const { a, b } = permutationParameters(1, 112);
  assert.equal(
    values(sig),
    a.map((aj, j) => ((((h * aj) & M64) + b[j]!) & M64) % P),
  );
});

test('a repeated shingle does not change the signature (the minimum is over the set)', async () => {
  const signer = await Signer.open(DEFAULT_MINHASH);
  assert.equal(signer.sign('a b c d e a b c d e'), signer.sign('a b c d e a b c d e a b c d e'));
});

type Row = { id: string; tokens?: string[]; n_shingles?: number };

test('datatrove parity: the signature of every document of web-pages shard 0', async () => {
  if (!haveShared(SIGNATURES_GOLDEN, 'MinHash signature parity')) return;
  const texts = shard0Texts();
  const lines = sharedLines(SIGNATURES_GOLDEN);
  assert.is(lines.length, 1550);
  const signer = await Signer.open(DEFAULT_MINHASH);
  const wrong: string[] = [];
  let nulls = 0;
  lines.forEach((line, i) => {
    const row = JSON.parse(line) as Row;
    // The values exceed 2^53: read them from the raw text, not from JSON.parse.
    const raw = /"signature": (null|\[\[[\d, [\]]*\]\])/.exec(line)![1]!;
    const want = raw === 'null' ? null : raw.match(/\d+/g)!.map(BigInt);
    const sig = signer.sign(texts[i]!);
    if (!sig) nulls++;
    if (String(sig && values(sig)) !== String(want)) wrong.push(row.id);
    if (row.tokens) {
      const s = shingleText(texts[i]!);
      if (String(s.words) !== String(row.tokens) || signer.shingleCount(s) !== row.n_shingles)
        wrong.push(`${row.id} (tokens)`);
    }
  });
  assert.equal(wrong, []);
  assert.is(nulls, 1);
});

test.run();
