/**
 * Byte-level line splitting. Kept lines must be written back as their input bytes, so lines are
 * cut from raw Buffers (never from decoded strings) and carry their terminator.
 */

/** One line as read: the bytes without terminator, and the terminator itself. */
export interface LineItem {
  readonly kind: 'line';
  /** 1-based. */
  readonly line: number;
  readonly bytes: Buffer;
  readonly eol: '\n' | '\r\n' | '';
}

/**
 * A line longer than the limit. Its bytes are not held in memory: `chunks` streams them (the
 * terminator excluded; a CR of a CRLF stays in the last chunk). Consumers should drain `chunks`
 * before asking for the next item; if they do not, the splitter drains and discards it.
 */
export interface OversizeItem {
  readonly kind: 'oversize';
  readonly line: number;
  readonly chunks: AsyncIterable<Buffer>;
}

/**
 * The source failed before its end (e.g. a truncated gzip). `partial` holds the bytes of an
 * unfinished last line, if any (that line number is `line`); everything before was yielded.
 */
export interface FailedItem {
  readonly kind: 'failed';
  readonly line: number;
  readonly error: string;
  readonly partial: Buffer | null;
}

export type SplitItem = LineItem | OversizeItem | FailedItem;

const LF = 10;
const CR = 13;

/** Ends a line's bytes at its terminator: returns the content end and the eol kind. */
function trimEol(buf: Buffer, end: number, start: number): { end: number; eol: '\n' | '\r\n' } {
  return end > start && buf[end - 1] === CR ? { end: end - 1, eol: '\r\n' } : { end, eol: '\n' };
}

/**
 * Splits a byte stream into lines. Memory is bounded by `maxLineBytes` plus one chunk: a line
 * that grows past the limit is handed out as an OversizeItem stream instead of being buffered.
 */
export async function* splitLines(
  source: AsyncIterable<Buffer>,
  maxLineBytes: number,
): AsyncGenerator<SplitItem> {
  const it = source[Symbol.asyncIterator]();
  let buf: Buffer = Buffer.alloc(0);
  let pos = 0;
  let line = 0;
  let pending: Buffer[] = []; // pieces of a line that spans chunks
  let pendingLen = 0;
  let failure: string | null = null;

  /** Next chunk from the source, or null at its end (or failure, recorded in `failure`). */
  const pull = async (): Promise<Buffer | null> => {
    if (failure !== null) return null;
    try {
      const r = await it.next();
      return r.done ? null : r.value;
    } catch (e) {
      failure = e instanceof Error ? e.message : String(e);
      return null;
    }
  };

  /** Streams the rest of an oversize line: what was pending, then chunks until the next LF. */
  async function* rest(first: Buffer[]): AsyncGenerator<Buffer> {
    for (const p of first) yield p;
    for (;;) {
      if (pos >= buf.length) {
        const next = await pull();
        if (next === null) return; // end or failure: the line simply ends here
        buf = next;
        pos = 0;
      }
      const nl = buf.indexOf(LF, pos);
      if (nl === -1) {
        const piece = buf.subarray(pos);
        pos = buf.length;
        yield piece;
      } else {
        const piece = buf.subarray(pos, nl);
        pos = nl + 1;
        if (piece.length) yield piece;
        return;
      }
    }
  }

  for (;;) {
    if (pos >= buf.length) {
      const next = await pull();
      if (next === null) break;
      buf = next;
      pos = 0;
      continue;
    }
    const nl = buf.indexOf(LF, pos);
    const segEnd = nl === -1 ? buf.length : nl;
    if (pendingLen + (segEnd - pos) > maxLineBytes) {
      // Too long to hold: stream it out verbatim.
      line++;
      const first = pending;
      pending = [];
      pendingLen = 0;
      let drained = false;
      const chunks = rest(first);
      const tracked: AsyncIterable<Buffer> = {
        [Symbol.asyncIterator]: () => ({
          next: async () => {
            const r = await chunks.next();
            if (r.done) drained = true;
            return r;
          },
        }),
      };
      yield { kind: 'oversize', line, chunks: tracked };
      if (!drained) for await (const _ of tracked);
      continue;
    }
    if (nl === -1) {
      pending.push(buf.subarray(pos));
      pendingLen += buf.length - pos;
      pos = buf.length;
      continue;
    }
    line++;
    if (pendingLen === 0) {
      const t = trimEol(buf, nl, pos);
      yield { kind: 'line', line, bytes: buf.subarray(pos, t.end), eol: t.eol };
    } else {
      pending.push(buf.subarray(pos, nl));
      const whole = Buffer.concat(pending, pendingLen + (nl - pos));
      pending = [];
      pendingLen = 0;
      const t = trimEol(whole, whole.length, 0);
      yield { kind: 'line', line, bytes: whole.subarray(0, t.end), eol: t.eol };
    }
    pos = nl + 1;
  }

  const tail = pendingLen ? Buffer.concat(pending, pendingLen) : null;
  if (failure !== null) {
    yield { kind: 'failed', line: tail ? line + 1 : line, error: failure, partial: tail };
  } else if (tail) {
    yield { kind: 'line', line: line + 1, bytes: tail, eol: '' };
  }
}
