/**
 * DIR/run.json (what made a run directory's outputs what they are) and DIR/done/<shard> (a
 * shard's completion marker): types, parsers naming the file and the field, serializers.
 */
import { DataError } from '../errors.ts';
import { parseJsonObject } from './json-file.ts';

/** run.json carries no version field; this is the shape written today. */
export const RUN_JSON_VERSION = 1;

/**
 * The filter, and the options that change output bytes (which field is the text, how long a line
 * may be, compression, dropped/ or not). A resumed run must match it.
 */
export interface RunSettings {
  fingerprint: string;
  text_field: string;
  id_field: string;
  max_line_bytes: number;
  compress: boolean | null;
  keep_dropped: boolean;
}

/** A shard's completion marker: which shard, completed by which filter. */
export interface DoneMarker {
  shard: string;
  fingerprint: string;
}

export const serializeRunSettings = (s: RunSettings): string => JSON.stringify(s) + '\n';
export const serializeDoneMarker = (m: DoneMarker): string =>
  JSON.stringify({ shard: m.shard, fingerprint: m.fingerprint }) + '\n';

/**
 * run.json as recorded; fields an older version did not record are absent (its directories
 * record fewer settings), so the result is partial. A field of the wrong type is refused.
 */
export function parseRunSettings(text: string, source: string): Partial<RunSettings> {
  const o = parseJsonObject(text, source, 'a winnow run file');
  const kinds: Record<keyof RunSettings, (v: unknown) => boolean> = {
    fingerprint: (v) => typeof v === 'string',
    text_field: (v) => typeof v === 'string',
    id_field: (v) => typeof v === 'string',
    max_line_bytes: (v) => typeof v === 'number',
    compress: (v) => v === null || typeof v === 'boolean',
    keep_dropped: (v) => typeof v === 'boolean',
  };
  for (const [k, ok] of Object.entries(kinds)) {
    if (k in o && !ok(o[k]))
      throw new DataError(`unexpected value ${JSON.stringify(o[k])}`, source, k);
  }
  return o as Partial<RunSettings>;
}

/** A completion marker; one without a fingerprint (written by hand, or damaged) is refused. */
export function parseDoneMarker(text: string, source: string): DoneMarker {
  const o = parseJsonObject(text, source, 'a winnow run file');
  if (typeof o.fingerprint !== 'string')
    throw new DataError(
      `expected the filter's fingerprint, got ${JSON.stringify(o.fingerprint)}`,
      source,
      'fingerprint',
    );
  if (typeof o.shard !== 'string')
    throw new DataError(
      `expected the shard's name, got ${JSON.stringify(o.shard)}`,
      source,
      'shard',
    );
  return { shard: o.shard, fingerprint: o.fingerprint };
}
