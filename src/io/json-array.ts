/**
 * `.json` shards holding one top-level array of documents, streamed with stream-json so an array
 * of any size costs constant memory. The one place stream-json is imported. Elements come out as
 * one JSONL line each (the single exception to byte identity: there are no input lines): compact
 * JSON written from the parser's tokens, so a number keeps the digits it was written with (an id
 * beyond 2^53, `1.0`), as it does in a JSONL line.
 */
import { isUtf8 } from 'node:buffer';
import type { Duplex } from 'node:stream';
import { feed } from './feed.ts';

/** One array element: its 0-based index, its value, and its JSON text on one line. */
export interface ArrayElement {
  index: number;
  value: unknown;
  raw: string;
}

/** A token of stream-json's parser with whole keys, strings and numbers. */
interface Token {
  name: string;
  value?: unknown;
}

/** An object or array being assembled, with its JSON text so far. */
interface Open {
  value: Record<string, unknown> | unknown[];
  text: string;
  /** The key of the value that comes next (objects). */
  key: string;
  items: number;
}

/** Elements of a top-level JSON array, in order, with their 0-based index and JSON text. */
export async function* streamJsonArray(bytes: AsyncIterable<Buffer>): AsyncGenerator<ArrayElement> {
  // Imported here, not at the top: every worker thread of a run loads the reader, few read arrays.
  const { default: parser } = await import('stream-json/parser.js');
  const pipe: Duplex = parser.asStream({ packValues: true, streamValues: false });
  const feeding = feed(pipe, validUtf8(bytes));
  const open: Open[] = [];
  let state: 'start' | 'in' | 'done' = 'start';
  let index = 0;
  try {
    for await (const token of pipe as AsyncIterable<Token>) {
      if (state !== 'in') {
        if (state === 'done')
          throw new Error(`unexpected data after the array, at element ${index}`);
        if (token.name !== 'startArray') throw new Error('expected a top-level array');
        state = 'in';
        continue;
      }
      const top = open[open.length - 1];
      let done: { value: unknown; text: string } | undefined;
      switch (token.name) {
        case 'startObject':
        case 'startArray':
          open.push({ value: token.name === 'startObject' ? {} : [], text: '', key: '', items: 0 });
          continue;
        case 'keyValue':
          top!.key = token.value as string;
          continue;
        case 'endObject':
        case 'endArray': {
          if (!top) {
            state = 'done'; // the end of the top-level array: the parser still checks what follows
            continue;
          }
          open.pop();
          done = {
            value: top.value,
            text: token.name === 'endObject' ? `{${top.text}}` : `[${top.text}]`,
          };
          break;
        }
        case 'numberValue':
          done = { value: parseFloat(token.value as string), text: token.value as string };
          break;
        case 'stringValue':
          done = { value: token.value, text: JSON.stringify(token.value) };
          break;
        default: // nullValue, trueValue, falseValue
          done = { value: token.value, text: String(token.value) };
      }
      const parent = open[open.length - 1];
      if (!parent) {
        yield { index: index++, value: done.value, raw: done.text };
        continue;
      }
      const comma = parent.items++ > 0 ? ',' : '';
      if (Array.isArray(parent.value)) {
        parent.value.push(done.value);
        parent.text += comma + done.text;
      } else {
        // As JSON.parse does: the last of two equal keys wins, and "__proto__" is a plain key.
        Object.defineProperty(parent.value, parent.key, {
          value: done.value,
          writable: true,
          enumerable: true,
          configurable: true,
        });
        parent.text += `${comma}${JSON.stringify(parent.key)}:${done.text}`;
      }
    }
    if (state !== 'done') throw new Error(`the array is not closed after element ${index}`);
  } finally {
    pipe.destroy();
    await feeding;
  }
}

/**
 * The same elements, cut out by bracket matching and parsed one at a time: the way back in after
 * stream-json failed. A parse error destroys stream-json's stream with the elements it had parsed
 * but not handed over (thousands, in a big chunk); this reader yields every element that ends
 * before the bad byte, then throws.
 */
export async function* splitJsonArray(bytes: AsyncIterable<Buffer>): AsyncGenerator<ArrayElement> {
  let state: 'start' | 'open' | 'element' | 'comma' | 'done' = 'start';
  let index = 0;
  let parts: Buffer[] = [];
  let depth = 0;
  let inString = false;
  let escaped = false;
  const finish = (chunk: Buffer, from: number, to: number) => {
    parts.push(chunk.subarray(from, to));
    const text = Buffer.concat(parts).toString('utf8');
    parts = [];
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      throw new Error(`element ${index + 1}: ${e instanceof Error ? e.message : String(e)}`);
    }
    return { index: index++, value, raw: compact(text) };
  };
  for await (const chunk of validUtf8(bytes)) {
    let from = -1; // where the current element starts in this chunk
    if (state === 'element') from = 0;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (state === 'element') {
        if (inString) {
          if (escaped) escaped = false;
          else if (b === 0x5c) escaped = true;
          else if (b === 0x22) inString = false;
          if (inString || depth > 0) continue;
          if (b !== 0x22) continue;
        } else if (b === 0x22) {
          inString = true;
          continue;
        } else if (b === 0x7b || b === 0x5b) {
          depth++;
          continue;
        } else if (b === 0x7d || b === 0x5d) {
          if (depth === 0) {
            // a `}` here is no closing bracket of ours: JSON.parse rejects the element with it
            if (b === 0x7d) continue;
            // a `]` right after a primitive element closes the array
            yield finish(chunk, from, i);
            state = 'done';
            continue;
          }
          if (--depth > 0) continue;
        } else if (depth > 0) continue;
        else if (b === 0x2c || b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09) {
          // the end of a primitive element
          yield finish(chunk, from, i);
          state = b === 0x2c ? 'open' : 'comma';
          continue;
        } else continue;
        // a string, object or array element has just closed
        yield finish(chunk, from, i + 1);
        state = 'comma';
        continue;
      }
      if (
        b === 0x20 ||
        b === 0x0a ||
        b === 0x0d ||
        b === 0x09 ||
        (state === 'start' && (b === 0xef || b === 0xbb || b === 0xbf))
      )
        continue;
      if (state === 'start') {
        if (b !== 0x5b) throw new Error('expected a top-level array');
        state = 'open';
      } else if (state === 'comma') {
        if (b === 0x2c) state = 'open';
        else if (b === 0x5d) state = 'done';
        else throw new Error(`expected , or ] after element ${index}`);
      } else if (state === 'open') {
        if (b === 0x5d && index === 0) state = 'done';
        else if (b === 0x5d) throw new Error(`a comma with no element after element ${index}`);
        else {
          state = 'element';
          from = i;
          depth = 0;
          inString = b === 0x22;
          escaped = false;
          if (b === 0x7b || b === 0x5b) depth = 1;
        }
      } else throw new Error(`unexpected data after the array, at element ${index}`);
    }
    if (state === 'element') parts.push(chunk.subarray(from));
  }
  if ((state as string) === 'start') throw new Error('the file is empty (an empty array is [])');
  if ((state as string) !== 'done')
    throw new Error(`the array is not closed after element ${index}`);
}

/** One valid JSON value's text without the whitespace between its tokens (strings untouched): one JSONL line. */
function compact(text: string): string {
  if (!/[ \t\r\n]/.test(text)) return text;
  let out = '';
  let from = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // an escaped character, whatever it is
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a) {
      out += text.slice(from, i);
      from = i + 1;
    }
  }
  return out + text.slice(from);
}

/**
 * The bytes, checked as UTF-8 on the way in: stream-json would decode a bad byte to U+FFFD and
 * the document would pass as valid text. The valid part before a bad byte still goes through,
 * then the stream fails naming its offset. A character cut between chunks waits for its rest.
 */
async function* validUtf8(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let carry: Buffer = Buffer.alloc(0);
  let offset = 0;
  for await (const chunk of chunks) {
    const buf = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    const cut = incompleteTail(buf);
    const body = buf.subarray(0, buf.length - cut);
    carry = Buffer.from(buf.subarray(buf.length - cut));
    if (!isUtf8(body)) {
      const bad = firstInvalid(body);
      if (bad > 0) yield body.subarray(0, bad);
      throw new Error(`invalid UTF-8 at byte ${offset + bad}`);
    }
    offset += body.length;
    if (body.length) yield body;
  }
  if (carry.length)
    throw new Error(`invalid UTF-8 at byte ${offset} (the file ends inside a character)`);
}

/** Bytes at the end of `b` that start a multi-byte character not complete in `b` (0–3). */
function incompleteTail(b: Buffer): number {
  for (let k = 1; k <= Math.min(3, b.length); k++) {
    const c = b[b.length - k]!;
    if ((c & 0xc0) === 0x80) continue; // a continuation byte: look further back
    // Only a valid lead byte waits for more; anything else is left for isUtf8 to reject here.
    const need =
      c >= 0xf0 && c <= 0xf4 ? 4 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xc2 && c <= 0xdf ? 2 : 1;
    return need > k ? k : 0;
  }
  return 0;
}

/** Offset of the first byte that is not part of a valid UTF-8 sequence (for the message; rare). */
function firstInvalid(b: Buffer): number {
  for (let i = 0; i < b.length;) {
    const c = b[i]!;
    const n =
      c < 0x80
        ? 1
        : c >= 0xc2 && c <= 0xdf
          ? 2
          : c >= 0xe0 && c <= 0xef
            ? 3
            : c >= 0xf0 && c <= 0xf4
              ? 4
              : 0;
    if (n === 0 || i + n > b.length || !isUtf8(b.subarray(i, i + n))) return i;
    i += n;
  }
  return b.length;
}
