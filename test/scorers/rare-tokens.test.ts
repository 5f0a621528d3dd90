import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  rareTokens,
  scoreRareTokens,
  surprisalTable,
  RARE_TOKENS_DEFAULTS,
} from '../../src/scorers/rare-tokens.ts';
import { emptyVocabulary } from '../../src/vocab/vocabulary.ts';
import { openTokenizer } from '../../src/tokenize/tokenizer.ts';
import { createContext } from '../../src/scorers/context.ts';

/** A vocabulary over cl100k's id space where only a few ids have counts. */
function vocab(counts: Record<number, number>) {
  const v = emptyVocabulary('cl100k_base');
  for (const [id, c] of Object.entries(counts)) v.counts[Number(id)] = c;
  v.total = Object.values(counts).reduce((a, b) => a + b, 0);
  return v;
}

test('a known vocabulary gives known surprisals (add-k unigram, bits)', () => {
  const v = vocab({ 10: 1000, 11: 100, 12: 0 });
  const V = v.counts.length; // 100277
  const t = surprisalTable(v, 1);
  // p(10) = (1000 + 1) / (1100 + 100277); s = -log2 p
  assert.ok(Math.abs(t.bits[10]! - -Math.log2(1001 / (1100 + V))) < 1e-12);
  assert.ok(Math.abs(t.bits[12]! - -Math.log2(1 / (1100 + V))) < 1e-12);
  const o = { ...RARE_TOKENS_DEFAULTS, window: 2, rare_count: 50, span_threshold: 1e9 };
  const ids = Uint32Array.from([10, 11, 12, 10]);
  const s = scoreRareTokens(ids, t, o, () => new Uint32Array(5));
  const bits = [10, 11, 12, 10].map((i) => t.bits[i]!);
  assert.ok(Math.abs(s.attrs.mean_surprisal! - bits.reduce((a, b) => a + b) / 4) < 1e-12);
  assert.is(s.attrs.rare_fraction, 1 / 4); // only id 12 has count < 50
  // windows of 2: (10,11), (11,12), (12,10); the worst is the mean of 11 and 12
  assert.ok(
    Math.abs(
      s.attrs.max_window_surprisal! -
        Math.max((bits[0]! + bits[1]!) / 2, (bits[1]! + bits[2]!) / 2, (bits[2]! + bits[3]!) / 2),
    ) < 1e-12,
  );
  // FACE weights: 1 − c/max, scaled to mean 1 over the vocabulary
  const raw = (c: number) => 1 - c / 1000;
  const scale = V / (V - 2 + raw(1000) + raw(100));
  assert.ok(Math.abs(t.face[11]! - raw(100) * scale) < 1e-12);
  assert.equal(
    scoreRareTokens(new Uint32Array(0), t, o, () => new Uint32Array(1)),
    { attrs: {}, spans: {} },
  );
});

test('windows over a base64 blob inside prose come out at the blob, in code points, after astral characters', () => {
  const tok = openTokenizer('cl100k_base');
  try {
    const prose =
      'The river was calm in the morning and the birds sang in the trees by the water. ';
    const astral = '🙂🎉𝒳 '; // 3 astral code points (6 UTF-16 units) before the blob
    const blob =
      'QmFzZTY0IGVuY29kZWQgYmxvYnMgbG9vayBsaWtlIHRoaXM6IGFHVnNiRzhnZDI5eWJHUWdkR2hwY3lCcGN5QmhJSFJsYzNR';
    const text = prose.repeat(6) + astral + blob + ' ' + prose.repeat(6);
    // The corpus knows the prose well and the blob not at all.
    const v = emptyVocabulary('cl100k_base');
    for (const id of tok.encode(prose.repeat(200)).ids) v.counts[id]! += 1;
    v.total = v.counts.reduce((a, b) => a + b, 0);
    const t = surprisalTable(v, 1);
    const ids = tok.encode(text).ids;
    const s = scoreRareTokens(
      ids,
      t,
      { ...RARE_TOKENS_DEFAULTS, window: 8, span_threshold: 15 },
      () => tok.codePointOffsets(text, ids),
    );
    const spans = s.spans.high_surprisal!;
    assert.is(spans.length, 1, JSON.stringify(spans));
    const [start, end] = spans[0]!;
    const blobStart = [...(prose.repeat(6) + astral)].length;
    const blobEnd = blobStart + blob.length;
    // The span covers the blob and at most a window's worth of neighbouring tokens.
    assert.ok(
      start <= blobStart && end >= blobEnd,
      `span [${start}, ${end}) vs blob [${blobStart}, ${blobEnd})`,
    );
    assert.ok(
      blobStart - start < 40 && end - blobEnd < 40,
      `span [${start}, ${end}) hugs the blob [${blobStart}, ${blobEnd})`,
    );
    const cps = [...text];
    assert.ok(cps.slice(start, end).join('').includes(blob));
    // Through the filter, span edges are widened to whole words: removing one leaves no half-word.
    const filter = rareTokens(
      { window: 8, span_threshold: 15 },
      {
        vocabulary: v,
        tokenizer: 'cl100k_base',
        tokenOffsets: (x, i) => tok.codePointOffsets(x, i),
      },
    );
    const snapped = filter.scorer.score(createContext(text, { tokens: () => ids })).spans
      .high_surprisal!;
    for (const [a, b] of snapped) {
      assert.ok(a === 0 || /\s/.test(cps[a - 1]!), `span starts at a word: ${a}`);
      assert.ok(b === cps.length || /\s/.test(cps[b]!), `span ends at a word: ${b}`);
    }
    // What it emitted is what the filter declares (config validation checks rules against these).
    const declared = rareTokens({}, {});
    assert.equal(Object.keys(s.attrs).sort(), [...declared.keys].sort());
    assert.equal(Object.keys(s.spans), [...declared.spanKeys]);
  } finally {
    tok.free();
  }
});

test.run();
