import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { deflateRawSync } from 'node:zlib';
import { scoreCompression, COMPRESSION_DEFAULTS } from '../../src/scorers/compression.ts';
import { scoreUnicode } from '../../src/scorers/unicode.ts';
import { scoreTokens } from '../../src/scorers/tokens.ts';

test('compression: deflate bytes over UTF-8 bytes; short texts are not scored', () => {
  const text = 'abc '.repeat(100);
  const s = scoreCompression(text, COMPRESSION_DEFAULTS);
  assert.is(s.attrs.ratio, deflateRawSync(Buffer.from(text), { level: 6 }).length / 400);
  assert.ok(s.attrs.ratio! < 0.1, 'repetition compresses well');
  assert.equal(scoreCompression('short', COMPRESSION_DEFAULTS).attrs, { bytes: 5 });
});

test('unicode: replacement, control, letter and mojibake fractions over code points', () => {
  // 10 code points: a b \ufffd \u0007 🙂 c d e f g
  const s = scoreUnicode('ab\ufffd\u0007🙂cdefg');
  assert.equal(s.attrs, {
    replacement_fraction: 0.1,
    control_fraction: 0.1,
    letter_fraction: 0.7,
    mojibake_fraction: 0,
  });
  // "café’s" as UTF-8 read as Windows-1252: "cafÃ©â€™s" — Ã© (2) and â€™ (3) are mojibake: 5 of 9
  const m = scoreUnicode('cafÃ©â€™s');
  assert.is(m.attrs.mojibake_fraction, 5 / 9);
  // tab, LF and CR are not control damage; a C1 control inside a mojibake pair is counted once, as mojibake
  assert.is(scoreUnicode('a\tb\nc\rd').attrs.control_fraction, 0);
  assert.is(scoreUnicode('Ã\u0089t').attrs.control_fraction, 0);
  assert.equal(scoreUnicode('').attrs, {});
});

test('tokens: count, characters and bytes per token', () => {
  assert.equal(scoreTokens('héllo 🙂', Uint32Array.from([1, 2, 3, 4])).attrs, {
    count: 4,
    chars_per_token: 7 / 4,
    bytes_per_token: 11 / 4,
  }); // h é(2) l l o ␠ 🙂(4) = 11 bytes
  assert.equal(scoreTokens('', new Uint32Array(0)).attrs, { count: 0 });
});

test.run();
