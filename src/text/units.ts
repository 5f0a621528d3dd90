/**
 * A string's UTF-16 units as a typed array. Scanning loops index it instead of calling
 * `charCodeAt`, which costs several times more on a string that may be one- or two-byte.
 */

let BUFFER = Buffer.allocUnsafe(1 << 16);
let last: string | undefined;

/**
 * The UTF-16 units of `s`, copied by one native write into a buffer shared by every caller:
 * valid until the next call with another string (a call with the same string reuses it).
 */
export function unitsOf(s: string): Uint16Array {
  const view = new Uint16Array(
    BUFFER.buffer,
    BUFFER.byteOffset,
    Math.min(s.length, BUFFER.length >> 1),
  );
  if (s === last && view.length === s.length) return view;
  const bytes = 2 * s.length;
  // Grow on demand; give back what a huge document took.
  if (BUFFER.length < bytes || (BUFFER.length > 1 << 24 && bytes <= 1 << 24))
    BUFFER = Buffer.allocUnsafe(Math.max(bytes, 1 << 16));
  BUFFER.write(s, 0, 'utf16le');
  last = s;
  return new Uint16Array(BUFFER.buffer, BUFFER.byteOffset, s.length);
}
