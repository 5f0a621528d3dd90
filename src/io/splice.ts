/**
 * Adding one field to a JSON record without re-serialising it: the field is spliced in before
 * the record's closing brace, so every other byte (`1.0`, big integers, escapes, key order)
 * stays as it was read.
 */

const isWs = (b: number) => b === 0x20 || b === 0x09 || b === 0x0d || b === 0x0a;

/** `raw` + `,"key":valueJson` before its last `}`. A leading UTF-8 BOM is dropped. */
export function spliceField(raw: Buffer, key: string, valueJson: string): Buffer {
  let start = 0;
  if (raw[0] === 0xef && raw[1] === 0xbb && raw[2] === 0xbf) start = 3;
  let end = raw.length - 1;
  while (end >= start && isWs(raw[end]!)) end--;
  if (raw[end] !== 0x7d) throw new Error('spliceField: the record does not end with }');
  let k = end - 1;
  while (k >= start && isWs(raw[k]!)) k--;
  const empty = raw[k] === 0x7b; // `{}`: no comma
  const field = Buffer.from(`${empty ? '' : ','}${JSON.stringify(key)}:${valueJson}`);
  return Buffer.concat([raw.subarray(start, end), field, raw.subarray(end)]);
}

/** Index just past the JSON string whose opening quote is at `i`. */
function skipString(raw: Buffer, i: number): number {
  for (i++; i < raw.length; i++) {
    const b = raw[i]!;
    if (b === 0x5c)
      i++; // backslash: skip the escaped byte
    else if (b === 0x22) return i + 1;
  }
  throw new Error('replaceField: unterminated string');
}

/** Index just past the JSON value starting at `i` (no leading whitespace). */
function skipValue(raw: Buffer, i: number): number {
  const b = raw[i];
  if (b === 0x22) return skipString(raw, i);
  if (b === 0x7b || b === 0x5b) {
    let depth = 0;
    for (; i < raw.length; i++) {
      const c = raw[i]!;
      if (c === 0x22) i = skipString(raw, i) - 1;
      else if (c === 0x7b || c === 0x5b) depth++;
      else if (c === 0x7d || c === 0x5d) {
        if (--depth === 0) return i + 1;
      }
    }
    throw new Error('replaceField: unterminated object or array');
  }
  while (i < raw.length && !isWs(raw[i]!) && raw[i] !== 0x2c && raw[i] !== 0x7d && raw[i] !== 0x5d)
    i++;
  return i;
}

/**
 * The byte range of the value of `key` in the object starting at `i`, or null when absent. As
 * JSON.parse, the last of duplicate keys is the one that counts.
 */
function memberRange(raw: Buffer, i: number, key: string): [number, number] | null {
  const ws = () => {
    while (i < raw.length && isWs(raw[i]!)) i++;
  };
  ws();
  if (raw[i] !== 0x7b) return null;
  i++;
  let found: [number, number] | null = null;
  for (;;) {
    ws();
    if (raw[i] === 0x7d || i >= raw.length) return found;
    const ks = i;
    i = skipString(raw, i);
    const name = JSON.parse(raw.toString('utf8', ks, i)) as string;
    ws();
    i++; // ':'
    ws();
    const vs = i;
    i = skipValue(raw, i);
    if (name === key) found = [vs, i];
    ws();
    if (raw[i] === 0x2c) i++;
  }
}

/** The byte range of field `path`'s value in `raw`, resolved as `getField` resolves it, or null. */
function fieldRange(raw: Buffer, path: string): [number, number] | null {
  const start = raw[0] === 0xef && raw[1] === 0xbb && raw[2] === 0xbf ? 3 : 0;
  let range = memberRange(raw, start, path);
  if (!range && path.includes('.')) {
    range = [start, raw.length];
    for (const key of path.split('.')) {
      range = memberRange(raw, range[0], key);
      if (!range) break;
    }
  }
  return range;
}

/** The JSON text of field `path`'s value as it stands in `raw` (e.g. a number's digits), or null. */
export function rawField(raw: Buffer, path: string): string | null {
  const range = fieldRange(raw, path);
  return range ? raw.toString('utf8', range[0], range[1]) : null;
}

/**
 * `raw` with the value of field `path` replaced by `valueJson`, every other byte as it was read
 * (span removal edits only the text). `path` is resolved as `getField` resolves it: a top-level
 * key that literally contains the dots wins, else a dotted path into nested objects. Null when
 * the field is not there.
 */
export function replaceField(raw: Buffer, path: string, valueJson: string): Buffer | null {
  const range = fieldRange(raw, path);
  if (!range) return null;
  return Buffer.concat([raw.subarray(0, range[0]), Buffer.from(valueJson), raw.subarray(range[1])]);
}
