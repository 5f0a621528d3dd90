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
