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
