/**
 * Field lookup with dotted paths (`content.body`). A key that literally contains the dots wins
 * over the path, so records with flat dotted keys still work.
 */
export function getField(record: Record<string, unknown>, path: string): unknown {
  if (path in record || !path.includes('.')) return record[path];
  let cur: unknown = record;
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/** JSON type name for messages: `null`, `array`, `object`, `string`, `number`, `boolean`. */
export function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/** Sets a field by dotted path (the key itself when the record has it literally, or no dots). */
export function setField(record: Record<string, unknown>, path: string, value: unknown): void {
  if (path in record || !path.includes('.')) {
    record[path] = value;
    return;
  }
  const keys = path.split('.');
  let cur = record;
  for (const k of keys.slice(0, -1)) cur = cur[k] as Record<string, unknown>;
  cur[keys.at(-1)!] = value;
}
