/**
 * Token-frequency vocabularies: counts per token id of a corpus under one tokenizer. Mergeable
 * (ranks of a cluster each count their shards, `winnow merge` adds them) and stored in a small
 * documented binary file whose sha256 enters the filter fingerprint.
 *
 * File format (all little-endian):
 *   bytes 0–7    magic `WNVOCAB1`
 *   bytes 8–11   u32 header length H
 *   H bytes      header, UTF-8 JSON: {"version":1,"tokenizer","vocab_size","total","docs","inputs_sha256","sample","seed"}
 *   then         vocab_size × f64 counts, id 0 first (f64 is exact for counts below 2^53)
 */
import { createHash } from 'node:crypto';

export const VOCAB_MAGIC = 'WNVOCAB1';

/** Token ids per encoding (n_vocab, special tokens included), so every count has a slot. */
export const VOCAB_SIZES: Readonly<Record<string, number>> = {
  cl100k_base: 100277,
  o200k_base: 200019,
  p50k_base: 50281,
  r50k_base: 50257,
};

export interface Vocabulary {
  tokenizer: string;
  /** counts[id]: occurrences of token id. */
  counts: Float64Array;
  /** Σ counts. */
  total: number;
  /** Documents counted. */
  docs: number;
  /** sha256 over what was counted (the documents' raw lines, or the merged parts' hashes). */
  inputsSha256: string;
  /** Fraction of documents counted (1 = all) and the seed that chose them. */
  sample: number;
  seed: number | null;
}

/** A fresh, empty vocabulary for `tokenizer`. */
export function emptyVocabulary(
  tokenizer: string,
  sample = 1,
  seed: number | null = null,
): Vocabulary {
  const size = VOCAB_SIZES[tokenizer];
  if (!size) throw new TypeError(`No vocabulary size known for tokenizer ${tokenizer}`);
  return {
    tokenizer,
    counts: new Float64Array(size),
    total: 0,
    docs: 0,
    inputsSha256: '',
    sample,
    seed,
  };
}

/** The file's bytes. */
export function encodeVocabulary(v: Vocabulary): Buffer {
  const header = Buffer.from(
    JSON.stringify({
      version: 1,
      tokenizer: v.tokenizer,
      vocab_size: v.counts.length,
      total: v.total,
      docs: v.docs,
      inputs_sha256: v.inputsSha256,
      sample: v.sample,
      seed: v.seed,
    }),
  );
  const head = Buffer.alloc(12);
  head.write(VOCAB_MAGIC, 0, 'latin1');
  head.writeUInt32LE(header.length, 8);
  const body = Buffer.alloc(v.counts.length * 8);
  for (let i = 0; i < v.counts.length; i++) body.writeDoubleLE(v.counts[i]!, i * 8);
  return Buffer.concat([head, header, body]);
}

/** Parses a vocabulary file; throws a TypeError saying what is wrong. */
export function decodeVocabulary(buf: Buffer, name = 'vocabulary'): Vocabulary {
  if (buf.length < 12 || buf.toString('latin1', 0, 8) !== VOCAB_MAGIC)
    throw new TypeError(`${name}: not a winnow vocabulary file (no ${VOCAB_MAGIC} magic)`);
  const h = buf.readUInt32LE(8);
  if (buf.length < 12 + h) throw new TypeError(`${name}: truncated (the header says ${h} bytes)`);
  const header = JSON.parse(buf.toString('utf8', 12, 12 + h)) as {
    version: number;
    tokenizer: string;
    vocab_size: number;
    total: number;
    docs: number;
    inputs_sha256: string;
    sample: number;
    seed: number | null;
  };
  if (header.version !== 1)
    throw new TypeError(`${name}: vocabulary version ${header.version}, expected 1`);
  const start = 12 + h;
  if (buf.length !== start + header.vocab_size * 8)
    throw new TypeError(`${name}: truncated (expected ${header.vocab_size} counts)`);
  const counts = new Float64Array(header.vocab_size);
  for (let i = 0; i < counts.length; i++) counts[i] = buf.readDoubleLE(start + i * 8);
  return {
    tokenizer: header.tokenizer,
    counts,
    total: header.total,
    docs: header.docs,
    inputsSha256: header.inputs_sha256,
    sample: header.sample,
    seed: header.seed,
  };
}

/** sha256 of the file's bytes: the vocabulary's identity in fingerprints. */
export const vocabularyHash = (bytes: Buffer): string =>
  `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

/**
 * The sum of several vocabularies (same tokenizer and sampling). The inputs hash is the sha256 of
 * the parts' hashes sorted, so the result does not depend on the order the files were given in.
 */
export function mergeVocabularies(parts: readonly Vocabulary[]): Vocabulary {
  const first = parts[0];
  if (!first) throw new TypeError('Nothing to merge');
  const counts = new Float64Array(first.counts.length);
  let total = 0;
  let docs = 0;
  for (const v of parts) {
    if (v.tokenizer !== first.tokenizer)
      throw new TypeError(`Cannot merge vocabularies of ${first.tokenizer} and ${v.tokenizer}`);
    if (v.sample !== first.sample || v.seed !== first.seed)
      throw new TypeError('Cannot merge vocabularies counted with different --sample/--seed');
    for (let i = 0; i < counts.length; i++) counts[i]! += v.counts[i]!;
    total += v.total;
    docs += v.docs;
  }
  const hashes = parts.map((v) => v.inputsSha256).sort();
  return {
    tokenizer: first.tokenizer,
    counts,
    total,
    docs,
    inputsSha256: createHash('sha256').update(hashes.join('\n')).digest('hex'),
    sample: first.sample,
    seed: first.seed,
  };
}
