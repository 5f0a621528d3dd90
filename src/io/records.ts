/**
 * Turning one line's bytes into a Document, or into a BadLine whose message says what was
 * expected. Nothing here throws: every line ends up a document, a blank or an error.
 */
import { rawField } from './splice.ts';
import { isUtf8 } from 'node:buffer';
import type { BadLine, Document } from '../document.ts';
import { getField, jsonType } from './fields.ts';

export interface FieldOptions {
  /** Dotted path of the text field (default `text`). */
  readonly textField: string;
  /** Dotted path of the id field (default `id`); a missing id becomes `<shard>:<line>`. */
  readonly idField: string;
}

export const DEFAULT_FIELDS: FieldOptions = { textField: 'text', idField: 'id' };

export type Parsed =
  | { kind: 'doc'; doc: Document }
  | { kind: 'error'; bad: BadLine }
  | { kind: 'blank'; line: number };

const BOM = [0xef, 0xbb, 0xbf] as const;

/** True when the bytes are empty or only ASCII spaces and tabs (after an optional BOM). */
function isBlank(bytes: Buffer, from: number): boolean {
  for (let i = from; i < bytes.length; i++) {
    const b = bytes[i];
    if (b !== 0x20 && b !== 0x09 && b !== 0x0d) return false;
  }
  return true;
}

/** Parses one JSONL line (terminator already removed). */
export function parseLine(
  bytes: Buffer,
  eol: string,
  shard: string,
  line: number,
  fields: FieldOptions,
): Parsed {
  const bom =
    line === 1 && bytes[0] === BOM[0] && bytes[1] === BOM[1] && bytes[2] === BOM[2] ? 3 : 0;
  if (isBlank(bytes, bom)) return { kind: 'blank', line };
  const bad = (error: string): Parsed => ({
    kind: 'error',
    bad: { shard, line, error, raw: bytes },
  });
  if (!isUtf8(bytes)) return bad('invalid UTF-8: expected a UTF-8 encoded JSON object');
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8', bom));
  } catch (e) {
    return bad(
      `malformed JSON (${e instanceof Error ? e.message : String(e)}): expected one JSON object per line`,
    );
  }
  return toDocument(value, bytes, eol, shard, line, fields) ?? bad(describeProblem(value, fields));
}

/** Builds a Document from a parsed value, or returns null when it is not a usable record. */
export function toDocument(
  value: unknown,
  raw: Buffer,
  eol: string,
  shard: string,
  line: number,
  fields: FieldOptions,
): { kind: 'doc'; doc: Document } | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const record = value as Record<string, unknown>;
  const text = getField(record, fields.textField);
  if (typeof text !== 'string') return null;
  const idv = getField(record, fields.idField);
  // A numeric id beyond 2^53 lost digits in JSON.parse: its digits are taken from the line.
  const id =
    typeof idv === 'string'
      ? idv
      : typeof idv === 'number'
        ? Number.isSafeInteger(idv) || !Number.isInteger(idv)
          ? String(idv)
          : (rawField(raw, fields.idField) ?? String(idv))
        : `${shard}:${line}`;
  return { kind: 'doc', doc: { id, text, raw, eol, shard, line, record } };
}

/** Why a parsed value is not a document, naming what was expected. */
export function describeProblem(value: unknown, fields: FieldOptions): string {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return `expected a JSON object, got ${jsonType(value)}`;
  }
  const text = getField(value as Record<string, unknown>, fields.textField);
  if (text === undefined) return `missing field "${fields.textField}": expected a string`;
  return `field "${fields.textField}" is ${jsonType(text)}: expected a string`;
}
