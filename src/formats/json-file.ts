/** What the JSON formats share: the top-level object of a file, and errors at a field. */
import { DataError } from '../errors.ts';

/** The file's JSON object (a byte-order mark accepted); `what` names the format in errors. */
export function parseJsonObject(
  text: string,
  source: string,
  what: string,
): Record<string, unknown> {
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new DataError(
      `not ${what}: malformed JSON (${e instanceof Error ? e.message : String(e)})`,
      source,
      '(file)',
    );
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw))
    throw new DataError(`not ${what}: expected a JSON object`, source, '(file)');
  return raw as Record<string, unknown>;
}

/** A thrower of DataError `source:field: what`. */
export const fieldError =
  (source: string) =>
  (field: string, what: string): never => {
    throw new DataError(what, source, field);
  };

/**
 * The JSON objects of a JSONL text with their 1-based line numbers, one at a time (a caller's
 * own error on line 3 comes before a malformed line 5): blank lines are skipped and a byte-order
 * mark accepted. `what` names one record in errors ("expected <what> per line").
 */
export function* jsonObjectLines(
  text: string,
  source: string,
  what: string,
): Generator<{ rec: Record<string, unknown>; line: number }> {
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i]!.trim()) continue;
    let rec: unknown;
    try {
      rec = JSON.parse(lines[i]!);
    } catch (e) {
      throw new DataError(
        `expected ${what} per line, got malformed JSON (${e instanceof Error ? e.message : String(e)})`,
        source,
        i + 1,
      );
    }
    if (!rec || typeof rec !== 'object' || Array.isArray(rec))
      throw new DataError(`expected ${what} per line`, source, i + 1);
    yield { rec: rec as Record<string, unknown>, line: i + 1 };
  }
}
