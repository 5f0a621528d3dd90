/** Any UTF-16 surrogate: without one, code points = UTF-16 units (V8 scans this class fast). */
const SURROGATE = /[\uD800-\uDFFF]/;

/** Number of Unicode code points in a JS (UTF-16) string: Python's `len()`. Lone surrogates count 1. */
export function codePointLength(s: string): number {
  if (!SURROGATE.test(s)) return s.length;
  let n = s.length;
  for (let i = 0; i < s.length - 1; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/** UTF-16 indices of the given code point offsets (ascending), in one pass. */
export function utf16Indices(text: string, offsets: readonly number[]): number[] {
  if (text.length === codePointLength(text)) return offsets.map((o) => Math.min(o, text.length));
  const out: number[] = [];
  let cp = 0;
  let i = 0;
  for (const o of offsets) {
    while (cp < o && i < text.length) {
      const c = text.charCodeAt(i);
      const d = text.charCodeAt(i + 1);
      i += c >= 0xd800 && c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff ? 2 : 1;
      cp++;
    }
    out.push(i);
  }
  return out;
}
