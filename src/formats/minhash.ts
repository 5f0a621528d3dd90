/**
 * The files MinHash deduplication passes between its stages (owner of their layout):
 *
 *   signatures  one rank's records of one bucket, sorted: hashes_per_bucket × uint64, then the
 *               document's shard index and line (uint32 each)
 *   pairs       candidate duplicate pairs (a bucket's `.dups`, a cluster part's `.edges`):
 *               shard, line, shard, line (uint32 each), in the order they were found
 *   clusters    every document that is in a cluster, sorted by (shard, line): shard, line,
 *               cluster id, cluster size, flags (bit 0: removed), uint32 each
 *
 * Every file is `WNMINHASH` + 0x01 (10 bytes), a uint32 header length, a JSON header, then the
 * records (all little-endian). The header names the kind, the MinHash config, the record count
 * and size and the SHA-256 of the records, plus kind-specific fields (bucket, rank, ...). A
 * reader refuses, naming the file, a file of another kind or config, a short or long body, a
 * checksum mismatch, or (signatures) records out of order: unsorted signature files are the
 * most common way MinHash silently goes wrong.
 */
import { createHash } from 'node:crypto';
import { DataError } from '../errors.ts';

export const MINHASH_FORMAT_VERSION = 1;
const MAGIC = Buffer.from('WNMINHASH\x01', 'latin1');

export type MinhashFileKind = 'signatures' | 'pairs' | 'clusters';

export interface MinhashFileHeader {
  readonly kind: MinhashFileKind;
  readonly version: number;
  /** `configName(config)`: files of different configs never mix. */
  readonly config: string;
  readonly records: number;
  readonly record_bytes: number;
  /** Hex SHA-256 of the record bytes. */
  readonly sha256: string;
  /** Kind-specific fields: bucket, rank, range, part, shards, ... */
  readonly [field: string]: unknown;
}

export const PAIR_BYTES = 16;
export const CLUSTER_BYTES = 20;
/** Bytes of one signature record for a bucket of `hashes` values. */
export const signatureRecordBytes = (hashes: number): number => 8 * hashes + 8;

/** A whole file: header then records. */
export function serializeMinhashFile(
  kind: MinhashFileKind,
  config: string,
  recordBytes: number,
  body: Uint8Array,
  fields: Readonly<Record<string, unknown>> = {},
): Buffer {
  if (body.length % recordBytes !== 0)
    throw new RangeError(
      `a ${kind} body of ${body.length} bytes is not whole ${recordBytes}-byte records`,
    );
  const header: MinhashFileHeader = {
    ...fields,
    kind,
    version: MINHASH_FORMAT_VERSION,
    config,
    records: body.length / recordBytes,
    record_bytes: recordBytes,
    sha256: createHash('sha256').update(body).digest('hex'),
  };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32LE(json.length);
  return Buffer.concat([MAGIC, len, json, body]);
}

/** What a reader expects of a file; a mismatch is refused by name. */
export interface Expect {
  readonly kind: MinhashFileKind;
  readonly config: string;
  /** Kind-specific header fields that must match exactly (e.g. `{ bucket: 3 }`). */
  readonly fields?: Readonly<Record<string, unknown>>;
}

/** Where the records start, if `head` holds the whole header; null when more bytes are needed. */
export function parseMinhashHeader(
  head: Buffer,
  source: string,
  expect: Expect,
): { header: MinhashFileHeader; bodyOffset: number } | null {
  const fail = (what: string): never => {
    throw new DataError(
      `${what} (refusing this ${expect.kind} file; rerun the stage that wrote it)`,
      source,
      'header',
    );
  };
  if (head.length < MAGIC.length + 4) return null;
  if (!head.subarray(0, MAGIC.length).equals(MAGIC))
    fail(
      `not a winnow MinHash file (expected it to start with ${JSON.stringify(MAGIC.toString('latin1'))})`,
    );
  const len = head.readUInt32LE(MAGIC.length);
  const start = MAGIC.length + 4;
  if (head.length < start + len) return null;
  let header: MinhashFileHeader;
  try {
    header = JSON.parse(head.subarray(start, start + len).toString('utf8')) as MinhashFileHeader;
  } catch {
    return fail('the header is not valid JSON');
  }
  if (header.version !== MINHASH_FORMAT_VERSION)
    fail(`format version ${String(header.version)}, expected ${MINHASH_FORMAT_VERSION}`);
  if (header.kind !== expect.kind)
    fail(`a ${String(header.kind)} file where ${expect.kind} were expected`);
  if (header.config !== expect.config)
    fail(
      `made with MinHash config ${JSON.stringify(header.config)}, expected ${JSON.stringify(expect.config)}`,
    );
  for (const [k, v] of Object.entries(expect.fields ?? {})) {
    if (header[k] !== v)
      fail(`header field ${k} is ${JSON.stringify(header[k])}, expected ${JSON.stringify(v)}`);
  }
  if (
    !Number.isInteger(header.records) ||
    !Number.isInteger(header.record_bytes) ||
    header.record_bytes <= 0
  )
    fail('the header lacks records/record_bytes');
  return { header, bodyOffset: start + len };
}

/** Parses and checks a whole file held in memory; returns its header and records. */
export function parseMinhashFile(
  bytes: Buffer,
  source: string,
  expect: Expect,
): { header: MinhashFileHeader; body: Buffer } {
  const parsed = parseMinhashHeader(bytes, source, expect);
  if (!parsed) throw new DataError('the file ends inside its header (truncated)', source, 'header');
  const body = bytes.subarray(parsed.bodyOffset);
  checkBody(parsed.header, body.length, createHash('sha256').update(body).digest('hex'), source);
  return { header: parsed.header, body };
}

/** Refuses a body whose size or checksum differs from the header's. */
export function checkBody(
  header: MinhashFileHeader,
  bytes: number,
  sha256: string,
  source: string,
): void {
  const want = header.records * header.record_bytes;
  if (bytes !== want)
    throw new DataError(
      `${bytes} bytes of records, the header says ${header.records} × ${header.record_bytes} = ${want} (truncated or corrupt)`,
      source,
      'records',
    );
  if (sha256 !== header.sha256)
    throw new DataError(
      `records' SHA-256 is ${sha256}, the header says ${header.sha256} (corrupt)`,
      source,
      'sha256',
    );
}

/**
 * Streams a file's records in whole-record chunks, checking header, size and checksum; the
 * checks on the body finish when the stream ends (consumers must not commit anything before).
 */
export async function* streamMinhashRecords(
  chunks: AsyncIterable<Buffer>,
  source: string,
  expect: Expect,
  onHeader?: (h: MinhashFileHeader) => void,
): AsyncGenerator<Buffer> {
  let pending: Buffer = Buffer.alloc(0);
  let header: MinhashFileHeader | null = null;
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of chunks) {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    if (!header) {
      const parsed = parseMinhashHeader(pending, source, expect);
      if (!parsed) continue;
      header = parsed.header;
      onHeader?.(header);
      pending = pending.subarray(parsed.bodyOffset);
    }
    const whole = pending.length - (pending.length % header.record_bytes);
    if (whole) {
      const out = pending.subarray(0, whole);
      hash.update(out);
      bytes += whole;
      yield out;
    }
    pending = pending.subarray(whole);
  }
  if (!header) throw new DataError('the file ends inside its header (truncated)', source, 'header');
  checkBody(header, bytes + pending.length, hash.update(pending).digest('hex'), source);
}

/**
 * Compares signature record i of `a` with record j of `b` (each `words` uint32s long: the
 * hashes as (low, high) word pairs, then shard, line): by hashes as unsigned 64-bit numbers in
 * order, then shard, then line. Returns <0, 0 or >0.
 */
export function compareSignatureRecords(
  a: Uint32Array,
  i: number,
  b: Uint32Array,
  j: number,
  hashes: number,
): number {
  const words = 2 * hashes + 2;
  const x = i * words;
  const y = j * words;
  for (let k = 0; k < 2 * hashes; k += 2) {
    const hi = a[x + k + 1]! - b[y + k + 1]!;
    if (hi) return hi;
    const lo = a[x + k]! - b[y + k]!;
    if (lo) return lo;
  }
  return a[x + 2 * hashes]! - b[y + 2 * hashes]! || a[x + 2 * hashes + 1]! - b[y + 2 * hashes + 1]!;
}

/** True when the hashes (not the document) of two signature records are equal. */
export function sameSignature(
  a: Uint32Array,
  i: number,
  b: Uint32Array,
  j: number,
  hashes: number,
): boolean {
  const words = 2 * hashes + 2;
  for (let k = 0; k < 2 * hashes; k++) if (a[i * words + k] !== b[j * words + k]) return false;
  return true;
}

/** A Uint32Array over a Buffer's bytes (copied when the Buffer is not 4-byte aligned). */
export function wordsOf(buf: Uint8Array): Uint32Array {
  if (buf.byteOffset % 4 === 0)
    return new Uint32Array(buf.buffer, buf.byteOffset, buf.length >>> 2);
  return new Uint32Array(Uint8Array.prototype.slice.call(buf).buffer, 0, buf.length >>> 2);
}
