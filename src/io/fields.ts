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
