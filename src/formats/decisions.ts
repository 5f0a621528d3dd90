/**
 * `filter --dry-run --decisions`: one line per document, `{"id","shard","line","keep","reasons"}`
 * and, when a filter adds it (language ID), `"metadata"`.
 */
import { DataError } from '../errors.ts';

export const DECISIONS_VERSION = 1;

export interface Decision {
  id: string | null;
  shard: string;
  line: number;
  keep: boolean;
  reasons: string[];
  metadata?: Record<string, unknown>;
}

/** One decision line, byte for byte as `filter` has always written it. */
export const serializeDecision = (d: Decision): string =>
  `{"id":${JSON.stringify(d.id)},"shard":${JSON.stringify(d.shard)},"line":${d.line},"keep":${d.keep},"reasons":${JSON.stringify(d.reasons)}${d.metadata ? `,"metadata":${JSON.stringify(d.metadata)}` : ''}}\n`;

/** The decisions of a file; a line that is not one is a DataError at its line. */
export function parseDecisions(text: string, source: string): Decision[] {
  const out: Decision[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let d: Decision;
    try {
      d = JSON.parse(line) as Decision;
    } catch (e) {
      throw new DataError(
        `expected a decision (a JSON object), got malformed JSON (${e instanceof Error ? e.message : String(e)})`,
        source,
        i + 1,
      );
    }
    if (
      !d ||
      typeof d !== 'object' ||
      typeof d.keep !== 'boolean' ||
      !Array.isArray(d.reasons) ||
      typeof d.shard !== 'string' ||
      typeof d.line !== 'number'
    ) {
      throw new DataError('expected {"id","shard","line","keep","reasons"}', source, i + 1);
    }
    out.push(d);
  });
  return out;
}
