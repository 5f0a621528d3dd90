/**
 * The files exact dedup's stages pass between them (owner of their layout):
 *
 *   DIR/exact.json   manifest: min_paragraph, world (hash ranks), parts (hash partitions), the
 *                    shards in order (a document is known by its shard's index here and its line)
 *   hashes           one rank's records of one partition, sorted by their bytes:
 *                    hash (16 bytes: SHA-256's first 128 bits), kind (0 document, 1 paragraph),
 *                    shard, line, start, end (uint32 each; start = end = 0 for a document)
 *   duplicates       one partition's findings, sorted by their bytes: shard, line (uint32), kind,
 *                    then for a document the first copy's shard and line, for a paragraph its
 *                    [start, end) code points (uint32 each)
 *
 * Numbers are big-endian, so byte order is numeric order: hashes group equal texts, duplicates
 * come in (shard, line) order. A binary file is `WNEXACT` + 0x01, a uint32 header length, a JSON
 * header (kind, version, record size, kind-specific fields), the records, and a fixed footer:
 * the record count (uint64), the records' SHA-256 and `WNEXEND` + 0x01. The footer lets a stage
 * stream a file out without knowing its size first; a reader checks the header against what
 * it expects, the order of the records, and count and checksum at the end, and refuses a
 * mismatch naming the file and the field.
 */
import { createHash, type Hash } from 'node:crypto';
import { DataError } from '../errors.ts';
import { parseJsonObject } from './json-file.ts';

export const EXACT_STAGE_VERSION = 1;
const MAGIC = Buffer.from('WNEXACT\x01', 'latin1');
const END = Buffer.from('WNEXEND\x01', 'latin1');
export const FOOTER_BYTES = 8 + 32 + END.length;

export const HASH_RECORD_BYTES = 33;
export const DUP_RECORD_BYTES = 17;
export const KIND_DOCUMENT = 0;
export const KIND_PARAGRAPH = 1;

export type ExactFileKind = 'hashes' | 'duplicates';

export interface ExactManifest {
  readonly format: 'winnow-exact-run';
  readonly version: number;
  readonly min_paragraph: number;
  readonly world: number;
  readonly parts: number;
  readonly shards: readonly string[];
}

export const serializeExactManifest = (m: Omit<ExactManifest, 'format' | 'version'>): string =>
  `${JSON.stringify({
    format: 'winnow-exact-run',
    version: EXACT_STAGE_VERSION,
    min_paragraph: m.min_paragraph,
    world: m.world,
    parts: m.parts,
    shards: m.shards,
  })}\n`;

export function parseExactManifest(text: string, source: string): ExactManifest {
  const m = parseJsonObject(text, source, 'an exact-dedup manifest') as Partial<ExactManifest>;
  const bad = (field: string, what: string): never => {
    throw new DataError(`expected ${what}`, source, field);
  };
  if (m.format !== 'winnow-exact-run') bad('format', '"winnow-exact-run"');
  if (m.version !== EXACT_STAGE_VERSION) bad('version', String(EXACT_STAGE_VERSION));
  for (const k of ['min_paragraph', 'world', 'parts'] as const)
    if (!Number.isInteger(m[k]) || (m[k] as number) < 1) bad(k, 'an integer ≥ 1');
  if (!Array.isArray(m.shards) || !m.shards.every((s) => typeof s === 'string'))
    bad('shards', 'a list of shard names');
  return m as ExactManifest;
}

/** The partition of a hash record: its first two bytes scaled to `parts`. */
export const partitionOf = (record: Uint8Array, parts: number): number =>
  Math.floor((((record[0]! << 8) | record[1]!) * parts) / 65536);

export function writeHashRecord(
  out: Buffer,
  hash: Uint8Array,
  kind: number,
  shard: number,
  line: number,
  start = 0,
  end = 0,
): Buffer {
  out.set(hash.subarray(0, 16), 0);
  out[16] = kind;
  out.writeUInt32BE(shard, 17);
  out.writeUInt32BE(line, 21);
  out.writeUInt32BE(start, 25);
  out.writeUInt32BE(end, 29);
  return out;
}

/** A hash record's fields after the hash. */
export const readHashRecord = (r: Buffer) => ({
  kind: r[16]!,
  shard: r.readUInt32BE(17),
  line: r.readUInt32BE(21),
  start: r.readUInt32BE(25),
  end: r.readUInt32BE(29),
});

/** Bytes that make two hash records the same text: hash and kind. */
export const HASH_GROUP_BYTES = 17;

export function writeDupRecord(
  out: Buffer,
  shard: number,
  line: number,
  kind: number,
  a: number,
  b: number,
): Buffer {
  out.writeUInt32BE(shard, 0);
  out.writeUInt32BE(line, 4);
  out[8] = kind;
  out.writeUInt32BE(a, 9);
  out.writeUInt32BE(b, 13);
  return out;
}

export const readDupRecord = (r: Buffer) => ({
  shard: r.readUInt32BE(0),
  line: r.readUInt32BE(4),
  kind: r[8]!,
  a: r.readUInt32BE(9),
  b: r.readUInt32BE(13),
});

/** The bytes before the records. */
export function exactFileHead(
  kind: ExactFileKind,
  fields: Readonly<Record<string, unknown>>,
): Buffer {
  const recordBytes = kind === 'hashes' ? HASH_RECORD_BYTES : DUP_RECORD_BYTES;
  const json = Buffer.from(
    JSON.stringify({ ...fields, kind, version: EXACT_STAGE_VERSION, record_bytes: recordBytes }),
    'utf8',
  );
  const len = Buffer.alloc(4);
  len.writeUInt32LE(json.length);
  return Buffer.concat([MAGIC, len, json]);
}

/** The bytes after the records: their count and SHA-256. */
export function exactFileFoot(records: number, sha256: Buffer): Buffer {
  const n = Buffer.alloc(8);
  n.writeBigUInt64LE(BigInt(records));
  return Buffer.concat([n, sha256, END]);
}

/** What a reader expects of a file. */
export interface ExactExpect {
  readonly kind: ExactFileKind;
  /** Header fields that must match exactly (e.g. `{ part: 3, rank: 0 }`). */
  readonly fields: Readonly<Record<string, unknown>>;
}

/**
 * The records of a stage file as chunks of whole records, checked while they stream: header,
 * order; count, checksum and footer when the stream ends (so consumers commit nothing before).
 */
export async function* readExactFile(
  chunks: AsyncIterable<Buffer>,
  source: string,
  expect: ExactExpect,
): AsyncGenerator<Buffer> {
  const fail = (field: string, what: string): never => {
    const why = `${what} (refusing this ${expect.kind} file; rerun the stage that wrote it)`;
    throw new DataError(why, source, field);
  };
  const size = expect.kind === 'hashes' ? HASH_RECORD_BYTES : DUP_RECORD_BYTES;
  let pending: Buffer = Buffer.alloc(0);
  let started = false;
  let records = 0;
  let last: Buffer | null = null;
  const hash: Hash = createHash('sha256');
  for await (const chunk of chunks) {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    if (!started) {
      if (pending.length < MAGIC.length + 4) continue;
      if (!pending.subarray(0, MAGIC.length).equals(MAGIC))
        fail('header', `not a winnow exact-dedup file (expected it to start with "WNEXACT")`);
      const len = pending.readUInt32LE(MAGIC.length);
      if (pending.length < MAGIC.length + 4 + len) continue;
      let header: Record<string, unknown> = {};
      try {
        header = JSON.parse(pending.subarray(MAGIC.length + 4, MAGIC.length + 4 + len).toString());
      } catch {
        fail('header', 'the header is not valid JSON');
      }
      const want = {
        ...expect.fields,
        kind: expect.kind,
        version: EXACT_STAGE_VERSION,
        record_bytes: size,
      };
      for (const [k, v] of Object.entries(want))
        if (header[k] !== v)
          fail(`header.${k}`, `${JSON.stringify(header[k])}, expected ${JSON.stringify(v)}`);
      started = true;
      pending = pending.subarray(MAGIC.length + 4 + len);
    }
    // The last FOOTER_BYTES may be the footer: hold them back.
    const avail = pending.length - FOOTER_BYTES;
    const whole = avail > 0 ? avail - (avail % size) : 0;
    if (!whole) continue;
    const out = pending.subarray(0, whole);
    for (let at = 0; at < whole; at += size) {
      const r = out.subarray(at, at + size);
      if (last && last.compare(r) > 0)
        fail(`records[${records}]`, 'smaller than the record before it (the file is not sorted)');
      last = r;
      records++;
    }
    last = Buffer.from(last!);
    hash.update(out);
    yield out;
    pending = pending.subarray(whole);
  }
  if (!started) fail('header', 'the file ends inside its header (truncated)');
  if (pending.length !== FOOTER_BYTES)
    fail('footer', 'a torn record or footer (truncated or corrupt)');
  if (!pending.subarray(FOOTER_BYTES - END.length).equals(END))
    fail('footer', 'no end mark (truncated or corrupt)');
  const count = Number(pending.readBigUInt64LE(0));
  if (count !== records) fail('footer.records', `${records} records, the footer says ${count}`);
  if (!pending.subarray(8, 40).equals(hash.digest()))
    fail('footer.sha256', "the records' SHA-256 differs from the footer's (corrupt)");
}
