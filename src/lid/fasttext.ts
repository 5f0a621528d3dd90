/**
 * A reader and predictor for fastText supervised models (`.ftz` quantized and `.bin` dense), in
 * plain TypeScript: no WASM heap, synchronous, one instance per thread. It follows fastText 0.9.2
 * (the version datatrove's `LanguageFilter` runs) step by step, in float32 where fastText computes
 * in float32, so its probabilities equal `model.predict(text, k=-1)` to float precision:
 *
 * - words are split on the bytes ` \n\r\t\v\f\0`; the line ends with the word `</s>`;
 * - each word adds its dictionary row (if any) and its character n-grams (`minn`..`maxn` code
 *   points of `<word>`), hashed with 32-bit FNV-1a over the bytes sign-extended as `int8`
 *   (fastText's quirk), modulo `bucket`, remapped through the pruning index of a quantized model;
 * - the hidden vector is the mean of those rows (product-quantized rows decoded, with their norm);
 * - hierarchical softmax walks the Huffman tree of the label counts; every path scores the sum of
 *   `log(p + 1e-5)`, branches below `log(1e-5)` are cut (so improbable labels get no score), and the
 *   reported probability is `exp` of that sum. Softmax and one-vs-all losses are handled too.
 *
 * The file layout (fastText's `FastText::saveModel`) is public; this code was written from it.
 * The matrices are read in `fasttext-matrix.ts`, the output layer is in `fasttext-output.ts`.
 */
import { createHash } from 'node:crypto';
import { denseMatrix, ModelFormatError, quantMatrix, Reader } from './fasttext-matrix.ts';
import { outputScorer } from './fasttext-output.ts';

export { ModelFormatError };

const MAGIC = 793712314;
const VERSION = 12;
const LABEL_PREFIX = '__label__';
const EOS = '</s>';

/** A loaded fastText classifier. */
export interface FastTextModel {
  /** Label names without `__label__`, in the model's output order. */
  readonly labels: readonly string[];
  /** `sha256:<hex>` of the model file. */
  readonly hash: string;
  readonly dim: number;
  /**
   * Probabilities of every label for one line of text (fastText `predict(text, k=-1)`): `out[i]`
   * is label i's probability, 0 for labels the prediction pruned. Returns the best label's index.
   * A `\n` ends the line, as in fastText (callers flatten newlines first).
   */
  predict(text: string, out: Float32Array): number;
}

/** fastText's hash: FNV-1a over the bytes, each sign-extended from int8 before the xor. */
export function fastTextHash(
  bytes: Uint8Array,
  start: number,
  end: number,
  h = 2166136261,
): number {
  for (let i = start; i < end; i++) h = Math.imul(h ^ ((bytes[i]! << 24) >> 24), 16777619) >>> 0;
  return h >>> 0;
}

/** Reads a fastText supervised model; `source` names the file in errors. */
export function loadFastText(bytes: Uint8Array, source: string): FastTextModel {
  const r = new Reader(bytes, source);
  if (bytes.length < 8 || r.i32() !== MAGIC)
    throw new ModelFormatError(`${source}: not a fastText model (bad magic number)`);
  const version = r.i32();
  if (version !== VERSION && version !== 11)
    throw new ModelFormatError(`${source}: fastText model version ${version}; expected ${VERSION}`);
  const [dim, , , , , wordNgrams, loss, modelKind, bucket, minn0, maxn0] = Array.from(
    { length: 12 },
    () => r.i32(),
  );
  r.f64(); // t (sampling threshold; training only)
  if (modelKind !== 3)
    throw new ModelFormatError(
      `${source}: a fastText ${modelKind === 1 ? 'cbow' : 'skipgram'} model, not a classifier`,
    );
  const maxn = version === 11 ? 0 : maxn0!;
  const minn = minn0!;
  const size = r.i32();
  const nwords = r.i32();
  const nlabels = r.i32();
  r.i64(); // ntokens
  const pruneSize = Number(
    new DataView(bytes.buffer, bytes.byteOffset + r.pos, 8).getBigInt64(0, true),
  );
  r.pos += 8;
  if (size !== nwords + nlabels || nlabels <= 0)
    throw new ModelFormatError(
      `${source}: bad dictionary (${size} entries, ${nwords} words, ${nlabels} labels)`,
    );
  const words: Uint8Array[] = [];
  const labels: string[] = [];
  const labelCounts: number[] = [];
  const decoder = new TextDecoder();
  for (let i = 0; i < size; i++) {
    const w = r.cstring();
    const count = r.i64();
    const type = r.u8();
    if (i < nwords) words.push(w);
    else {
      const name = decoder.decode(w);
      labels.push(name.startsWith(LABEL_PREFIX) ? name.slice(LABEL_PREFIX.length) : name);
      labelCounts.push(count);
    }
    if ((type === 1) !== i >= nwords)
      throw new ModelFormatError(`${source}: dictionary entry ${i} has type ${type}`);
  }
  // Subword bucket → input row (a quantized model keeps only the buckets it needs).
  let remap: Int32Array | null = null;
  if (pruneSize >= 0) {
    remap = new Int32Array(bucket!).fill(-1);
    for (let i = 0; i < pruneSize; i++) {
      const from = r.i32();
      const to = r.i32();
      if (from >= 0 && from < bucket!) remap[from] = to;
    }
  }
  const quantInput = r.u8() !== 0;
  const input = quantInput ? quantMatrix(r) : denseMatrix(r);
  const qout = r.u8() !== 0;
  const output = quantInput && qout ? quantMatrix(r) : denseMatrix(r);
  if (r.pos !== bytes.length)
    throw new ModelFormatError(
      `${source}: ${bytes.length - r.pos} unexpected bytes after the model`,
    );
  if (input.cols !== dim || output.cols !== dim || output.rows !== nlabels) {
    throw new ModelFormatError(
      `${source}: matrices ${input.rows}×${input.cols} and ${output.rows}×${output.cols} do not fit dim ${dim} and ${nlabels} labels`,
    );
  }
  if (!quantInput && pruneSize > 0)
    throw new ModelFormatError(`${source}: a pruned dictionary needs a quantized input matrix`);
  const hash = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
  const lex = lexicon(words);
  const eosBytes = new TextEncoder().encode(EOS);
  const eosHash = fastTextHash(eosBytes, 0, eosBytes.length);
  const eos = lex.find(eosBytes, 0, eosBytes.length, eosHash);
  const scorer = outputScorer(loss!, output, labelCounts, source);
  const nb = bucket!;
  const ngramsFrom = minn;
  const hidden = new Float32Array(dim!);
  const wordHashes: number[] = [];
  const encoder = new TextEncoder();
  let buf = new Uint8Array(1 << 16);
  let word = new Uint8Array(1 << 10);
  let rows = new Int32Array(1 << 12);
  let n = 0;

  /** Room for `more` rows. */
  const reserve = (more: number): void => {
    if (n + more <= rows.length) return;
    const next = new Int32Array(Math.max(rows.length * 2, n + more));
    next.set(rows.subarray(0, n));
    rows = next;
  };

  /** One whitespace-delimited word `b[start, end)`: its dictionary row, then its character n-grams. */
  const addWord = (b: Uint8Array, start: number, end: number): void => {
    const h = fastTextHash(b, start, end);
    const wid = lex.find(b, start, end, h);
    if (wid < 0 && isLabel(b, start, end)) return; // `__label__…` tokens are labels, not words
    const len = end - start;
    const wlen = len + 2;
    reserve(1 + wlen * Math.max(maxn, 1));
    if (wid >= 0) rows[n++] = wid;
    wordHashes.push(h | 0);
    if (maxn <= 0) return;
    if (word.length < wlen) word = new Uint8Array(wlen * 2);
    const w = word;
    w[0] = 0x3c; // '<'
    for (let k = 0; k < len; k++) w[k + 1] = b[start + k]!;
    w[wlen - 1] = 0x3e; // '>'
    // Each n-gram starts on a code point and is 1..maxn code points long; a 1-character n-gram
    // at either end (a marker alone) is skipped, as fastText does.
    for (let s = 0; s < wlen; s++) {
      if ((w[s]! & 0xc0) === 0x80) continue;
      let hh = 2166136261;
      let p = s;
      for (let k = 1; p < wlen && k <= maxn; k++) {
        hh = Math.imul(hh ^ ((w[p++]! << 24) >> 24), 16777619) >>> 0;
        while (p < wlen && (w[p]! & 0xc0) === 0x80)
          hh = Math.imul(hh ^ ((w[p++]! << 24) >> 24), 16777619) >>> 0;
        if (k >= ngramsFrom && !(k === 1 && (s === 0 || p === wlen))) {
          const id = hh % nb;
          const row = remap ? remap[id]! : id;
          if (row >= 0) rows[n++] = row + nwords;
        }
      }
    }
  };

  /** fastText: `uint64 h = hashes[i]; h = h * 116049371 + hashes[j]` (int32 hashes sign-extended). */
  const addWordNgrams = (): void => {
    const M = (1n << 64n) - 1n;
    for (let a = 0; a < wordHashes.length; a++) {
      let h = BigInt(wordHashes[a]!) & M;
      for (let k = a + 1; k < wordHashes.length && k < a + wordNgrams!; k++) {
        h = (h * 116049371n + (BigInt(wordHashes[k]!) & M)) & M;
        const id = Number(h % BigInt(nb));
        const row = remap ? remap[id]! : id;
        reserve(1);
        if (row >= 0) rows[n++] = row + nwords;
      }
    }
  };

  return {
    labels,
    hash,
    dim: dim!,
    predict(text, out) {
      if (buf.length < text.length * 3 + 8) buf = new Uint8Array(text.length * 3 + 8);
      const { written } = encoder.encodeInto(text, buf);
      const b = buf;
      n = 0;
      wordHashes.length = 0;
      let i = 0;
      while (i < written) {
        const c = b[i]!;
        if (c === 0x0a) break; // the end of the line
        if (c === 0x20 || c === 0x0d || c === 0x09 || c === 0x0b || c === 0x0c || c === 0) {
          i++;
          continue;
        }
        let j = i + 1;
        while (j < written) {
          const d = b[j]!;
          if (
            d === 0x20 ||
            d === 0x0a ||
            d === 0x0d ||
            d === 0x09 ||
            d === 0x0b ||
            d === 0x0c ||
            d === 0
          )
            break;
          j++;
        }
        addWord(b, i, j);
        i = j;
      }
      // The line's end: `</s>`, a dictionary word without subwords.
      if (eos >= 0) {
        reserve(1);
        rows[n++] = eos;
        wordHashes.push(eosHash | 0);
      }
      if (wordNgrams! > 1) addWordNgrams();
      out.fill(0);
      if (n === 0) return -1;
      hidden.fill(0);
      for (let k = 0; k < n; k++) input.addRow(hidden, rows[k]!);
      const inv = Math.fround(1 / n);
      for (let k = 0; k < hidden.length; k++) hidden[k] = Math.fround(hidden[k]! * inv);
      return scorer(hidden, out);
    },
  };
}

const LABEL_BYTES = new TextEncoder().encode(LABEL_PREFIX);
function isLabel(b: Uint8Array, start: number, end: number): boolean {
  if (end - start < LABEL_BYTES.length) return false;
  for (let i = 0; i < LABEL_BYTES.length; i++) if (b[start + i] !== LABEL_BYTES[i]) return false;
  return true;
}

/** Word lookup by FNV hash then bytes (open addressing), like fastText's `word2int_`. */
function lexicon(words: readonly Uint8Array[]): {
  find(b: Uint8Array, start: number, end: number, h: number): number;
} {
  let cap = 1024;
  while (cap < words.length * 2) cap *= 2;
  const slots = new Int32Array(cap).fill(-1);
  const hashes = new Uint32Array(words.length);
  words.forEach((w, id) => {
    const h = fastTextHash(w, 0, w.length);
    hashes[id] = h;
    let s = h & (cap - 1);
    while (slots[s] !== -1) s = (s + 1) & (cap - 1);
    slots[s] = id;
  });
  return {
    find(b, start, end, h) {
      const len = end - start;
      for (let s = h & (cap - 1); ; s = (s + 1) & (cap - 1)) {
        const id = slots[s]!;
        if (id < 0) return -1;
        if (hashes[id] !== h) continue;
        const w = words[id]!;
        if (w.length !== len) continue;
        let k = 0;
        while (k < len && w[k] === b[start + k]) k++;
        if (k === len) return id;
      }
    },
  };
}
