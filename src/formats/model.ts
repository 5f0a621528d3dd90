/**
 * The quality model file (`winnow train -o model.wnm`), owned here: type, parse, serialize, version.
 * Its sha256 enters the fingerprint of every config that uses it, like a vocabulary's.
 *
 * Layout, all little-endian:
 *   bytes 0–7    magic `WNQMODEL`
 *   bytes 8–11   u32 format version (1; 2 when the header holds `attributes`, so a reader that
 *                predates them refuses the file instead of scoring without them)
 *   bytes 12–15  u32 header length H
 *   H bytes      header, UTF-8 JSON (ModelHeader: feature spec, classes, label counts, λ, folds,
 *                seed, cross-fitted metrics, counts of the sections below)
 *   K × u32      hash buckets with a weight (ascending; only buckets seen in training)
 *   K × f32      their weights
 *   D × 8 bytes  training documents: the first 8 bytes of sha256(text as UTF-8), ascending
 *   32 bytes     sha256 of every byte before it, so corruption is caught, never read as zeros
 */
import { createHash } from 'node:crypto';
import { fileDataError } from '../errors.ts';

export const MODEL_MAGIC = 'WNQMODEL';
/** The version written for a model without attribute features (and the oldest read). */
export const MODEL_VERSION = 1;
/** The version written for a model with attribute features (`header.attributes`). */
export const MODEL_VERSION_ATTRIBUTES = 2;

/** What the model header stores about its attribute features (src/train/attributes.ts). */
export interface AttributeSpec {
  /** The filters, in order, with their resolved options (as a config lists them). */
  filters: { name: string; options: Record<string, unknown> }[];
  /** `<filter>.<key>`, one per feature column, in column order. */
  names: string[];
  /** Training mean and (population) standard deviation of each sign-log value. */
  mean: number[];
  sd: number[];
  /** The fitted weight of each standardised column (float32-rounded, like the bucket weights). */
  weights: number[];
}

export interface ModelHeader {
  kind: 'winnow-quality-model';
  /**
   * How text becomes features (src/train/features.ts). Weighted: buckets in at least min_docs
   * training documents, at most max_weights of them (the most frequent); the rest weigh 0.
   */
  features: {
    version: number;
    kind: 'hashed-words';
    ngrams: [1, 2];
    buckets: number;
    scaling: 'l2';
    min_docs: number;
    max_weights: number;
  };
  intercept: number;
  /** Which label field and values were read as bad; the rest were good. */
  classes: { label_field: string; bad_values: string[]; good_values: string[] };
  labels: { n: number; bad: number; good: number };
  lambda: number;
  folds: number;
  seed: number;
  /** Cross-fitted metrics on the training labels (src/train/metrics.ts). */
  metrics: unknown;
  /** Entries of the weight and training-document sections. */
  weights: number;
  training_docs: number;
  /**
   * Heuristic attributes as extra features (winnow train --attributes): the filters that compute
   * them, and each standardised column's training mean, deviation and weight.
   */
  attributes?: AttributeSpec;
  /**
   * What the model weighs most, readable without the training texts (the weights are per hash
   * bucket): the most positive (bad) and most negative (good) buckets, each named by the n-gram
   * that fills it most often in the training texts. Absent in models trained before it existed.
   */
  top_ngrams?: {
    bad: { ngram: string; weight: number }[];
    good: { ngram: string; weight: number }[];
  };
}

export interface QualityModel {
  header: ModelHeader;
  buckets: Uint32Array;
  weights: Float32Array;
  /** Sorted 8-byte content-hash prefixes, as 16-hex-digit strings for lookup. */
  trainingDocs: ReadonlySet<string>;
}

/** sha256(text)[0..8] as hex: a training document's identity (same text, same hash). */
export const contentHash = (text: string): string =>
  createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 16);

/** The file's bytes. Same model, same bytes (the JSON header's key order is fixed by construction). */
export function serializeModel(m: QualityModel): Buffer {
  const docs = [...m.trainingDocs].sort();
  const header = Buffer.from(
    JSON.stringify({ ...m.header, weights: m.buckets.length, training_docs: docs.length }),
    'utf8',
  );
  const head = Buffer.alloc(16);
  head.write(MODEL_MAGIC, 0, 'latin1');
  head.writeUInt32LE(m.header.attributes ? MODEL_VERSION_ATTRIBUTES : MODEL_VERSION, 8);
  head.writeUInt32LE(header.length, 12);
  const k = m.buckets.length;
  const body = Buffer.alloc(k * 8 + docs.length * 8);
  for (let i = 0; i < k; i++) {
    body.writeUInt32LE(m.buckets[i]!, i * 4);
    body.writeFloatLE(m.weights[i]!, k * 4 + i * 4);
  }
  docs.forEach((d, i) => body.write(d, k * 8 + i * 8, 'hex'));
  const all = Buffer.concat([head, header, body]);
  return Buffer.concat([all, createHash('sha256').update(all).digest()]);
}

/** sha256 of the file's bytes: the model's identity in fingerprints. */
export const modelHash = (bytes: Uint8Array): string =>
  `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

/** Parses a model file; a wrong magic, a truncated or corrupt file throws a DataError naming `source`. */
export function parseModel(bytes: Uint8Array, source: string): QualityModel {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fail = (what: string): never => {
    throw fileDataError(source, what);
  };
  if (buf.length < 16 || buf.toString('latin1', 0, 8) !== MODEL_MAGIC)
    fail(`not a winnow quality model (no ${MODEL_MAGIC} magic)`);
  const version = buf.readUInt32LE(8);
  if (version !== MODEL_VERSION && version !== MODEL_VERSION_ATTRIBUTES) {
    fail(
      `model format version ${version}; this winnow reads versions ${MODEL_VERSION} and ${MODEL_VERSION_ATTRIBUTES}`,
    );
  }
  if (buf.length < 48) fail(`truncated: ${buf.length} bytes`);
  const body = buf.subarray(0, buf.length - 32);
  if (
    !createHash('sha256')
      .update(body)
      .digest()
      .equals(buf.subarray(buf.length - 32))
  ) {
    fail('corrupt or truncated: its checksum does not match its bytes');
  }
  const h = buf.readUInt32LE(12);
  if (16 + h > body.length) fail(`truncated: the header says ${h} bytes`);
  let header: ModelHeader;
  try {
    header = JSON.parse(body.toString('utf8', 16, 16 + h)) as ModelHeader;
  } catch {
    return fail('corrupt header (not JSON)');
  }
  if (
    header.kind !== 'winnow-quality-model' ||
    !header.features ||
    !Number.isInteger(header.weights) ||
    !Number.isInteger(header.training_docs)
  ) {
    fail('header lacks kind, features, weights or training_docs');
  }
  if ((version === MODEL_VERSION_ATTRIBUTES) !== (header.attributes !== undefined))
    fail(`version ${version} with${header.attributes ? '' : 'out'} attributes in its header`);
  if (header.attributes && !validAttributes(header.attributes)) {
    fail(
      'header.attributes needs filters and equally long names, mean, sd (> 0) and weights of finite numbers',
    );
  }
  const k = header.weights;
  const start = 16 + h;
  if (body.length !== start + k * 8 + header.training_docs * 8)
    fail(`truncated: expected ${k} weights and ${header.training_docs} document hashes`);
  const buckets = new Uint32Array(k);
  const weights = new Float32Array(k);
  for (let i = 0; i < k; i++) {
    buckets[i] = body.readUInt32LE(start + i * 4);
    weights[i] = body.readFloatLE(start + k * 4 + i * 4);
    if (buckets[i]! >= header.features.buckets || (i > 0 && buckets[i]! <= buckets[i - 1]!))
      fail(`bucket ${buckets[i]} at entry ${i} is out of order or out of range`);
  }
  const docs = new Set<string>();
  const d0 = start + k * 8;
  for (let i = 0; i < header.training_docs; i++)
    docs.add(body.toString('hex', d0 + i * 8, d0 + i * 8 + 8));
  return { header, buckets, weights, trainingDocs: docs };
}

function validAttributes(a: AttributeSpec): boolean {
  const n = Array.isArray(a.names) ? a.names.length : -1;
  const numbers = (x: unknown) =>
    Array.isArray(x) &&
    x.length === n &&
    x.every((v) => typeof v === 'number' && Number.isFinite(v));
  return (
    Array.isArray(a.filters) &&
    a.filters.every(
      (f) => f && typeof f.name === 'string' && f.options && typeof f.options === 'object',
    ) &&
    numbers(a.mean) &&
    numbers(a.sd) &&
    a.sd.every((v) => v > 0) &&
    numbers(a.weights)
  );
}
