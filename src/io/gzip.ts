/**
 * gzip decoding member by member, so that what follows a member is judged as gzip(1) judges it:
 * another member is read on; NUL bytes up to the end are padding (ignored); anything else,
 * including a member after NUL padding, which gzip skips with "trailing garbage ignored", fails
 * the stream naming its byte offset, after every byte of the members before it was yielded.
 * (node's Gunzip loses the output of the call that meets garbage, and skips a member after
 * padding without a word.) Each member's deflate body goes through node:zlib's raw inflate; the
 * header and trailer (CRC-32 and length) are checked here.
 */
import { createInflateRaw, crc32 } from 'node:zlib';

const FHCRC = 2;
const FEXTRA = 4;
const FNAME = 8;
const FCOMMENT = 16;

/** The compressed input, read as needed, with the offset of the next unread byte. */
class Input {
  private buf: Buffer = Buffer.alloc(0);
  private pos = 0;
  /** Offset in the whole stream of `buf[pos]`. */
  offset = 0;
  private done = false;
  constructor(private readonly it: AsyncIterator<Buffer>) {}

  /** Unread bytes held now (at least one unless the input is at its end). */
  async peek(): Promise<Buffer> {
    while (this.pos >= this.buf.length && !this.done) {
      const r = await this.it.next();
      if (r.done) this.done = true;
      else {
        this.buf = r.value;
        this.pos = 0;
      }
    }
    return this.buf.subarray(this.pos);
  }

  /** Marks `n` bytes of the last peek as read. */
  skip(n: number): void {
    this.pos += n;
    this.offset += n;
  }

  /** The next `n` bytes, or null when the input ends first. */
  async take(n: number): Promise<Buffer | null> {
    const parts: Buffer[] = [];
    let have = 0;
    while (have < n) {
      const b = await this.peek();
      if (!b.length) return null;
      const part = b.subarray(0, n - have);
      parts.push(part);
      have += part.length;
      this.skip(part.length);
    }
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
  }

  /** Bytes up to and including the next NUL (a header's name or comment); false at the end. */
  async skipZeroTerminated(): Promise<boolean> {
    for (;;) {
      const b = await this.peek();
      if (!b.length) return false;
      const z = b.indexOf(0);
      this.skip(z < 0 ? b.length : z + 1);
      if (z >= 0) return true;
    }
  }
}

const truncated = (what: string) => new Error(`unexpected end of file inside a gzip ${what}`);

/** Reads the rest of a member header whose first 10 bytes `h` (magic checked) began at byte `start`. */
async function readHeader(input: Input, h: Buffer, start: number): Promise<void> {
  if (h[2] !== 8)
    throw new Error(
      `gzip member at byte ${start}: compression method ${h[2]}, expected 8 (deflate)`,
    );
  const flags = h[3]!;
  if (flags & 0xe0)
    throw new Error(
      `gzip member at byte ${start}: reserved header flags set (0x${flags.toString(16)})`,
    );
  if (flags & FEXTRA) {
    const len = await input.take(2);
    if (!len || !(await input.take(len.readUInt16LE(0)))) throw truncated('header');
  }
  if (flags & FNAME && !(await input.skipZeroTerminated())) throw truncated('header');
  if (flags & FCOMMENT && !(await input.skipZeroTerminated())) throw truncated('header');
  if (flags & FHCRC && !(await input.take(2))) throw truncated('header');
}

/**
 * One member's deflate body: yields its bytes and leaves the input just past it; returns CRC-32
 * and length. The next input piece is written to the inflater before the bytes of the last one
 * are yielded, so the inflater (on libuv's thread pool) works while the reader's consumer parses
 * them: read + parse took ~1.65x the wall time of a reader that overlaps the two.
 */
async function* inflateBody(
  input: Input,
  chunkSize: number,
): AsyncGenerator<Buffer, { crc: number; size: number }> {
  const inf = createInflateRaw({ chunkSize });
  let out: Buffer[] = [];
  let failure: Error | null = null;
  let ended = false;
  inf.on('data', (b: Buffer) => out.push(b));
  inf.on('error', (e) => (failure ??= e));
  inf.on('end', () => (ended = true));
  let crc = 0;
  let size = 0;
  const drain = function* (parts: Buffer[]) {
    for (const b of parts) {
      crc = crc32(b, crc);
      size += b.length;
      yield b;
    }
  };
  /** Writes `piece`; resolves to the bytes of it the inflater took and what it gave out. */
  const write = (piece: Buffer): Promise<{ used: number; parts: Buffer[] }> => {
    const before = inf.bytesWritten;
    return new Promise((resolve) =>
      inf.write(piece, () => {
        const parts = out;
        out = [];
        resolve({ used: inf.bytesWritten - before, parts });
      }),
    );
  };
  try {
    let piece = await input.peek();
    let pending = piece.length ? write(piece) : null;
    for (;;) {
      if (pending === null) {
        // The input ended: a complete body has ended already; else this ends it early.
        await new Promise<void>((resolve) => inf.end(() => resolve()));
        await new Promise<void>((resolve) =>
          ended || failure ? resolve() : inf.once('end', resolve).once('error', () => resolve()),
        );
        if (failure) throw failure;
        yield* drain(out.splice(0));
        throw truncated('member (its deflate data or trailer is cut off)');
      }
      const { used, parts } = await pending;
      if (failure) throw failure;
      input.skip(used);
      // Raw inflate stops taking input at the end of the deflate data.
      if (used < piece.length) {
        yield* drain(parts);
        break;
      }
      piece = await input.peek();
      pending = piece.length ? write(piece) : null;
      yield* drain(parts);
    }
  } finally {
    inf.destroy();
  }
  return { crc: crc >>> 0, size };
}

/** Decompressed bytes of a gzip stream of one or more members (see the module comment). */
export async function* gunzipStream(
  chunks: AsyncIterable<Buffer>,
  chunkSize: number,
): AsyncGenerator<Buffer> {
  const input = new Input(chunks[Symbol.asyncIterator]());
  for (let member = 0; ; member++) {
    const at = input.offset;
    const head = await input.peek();
    if (!head.length) {
      if (member === 0) throw new Error('unexpected end of file: empty gzip stream');
      return;
    }
    if (member > 0 && head[0] === 0) {
      // NUL padding: fine up to the end; anything after it is garbage to gzip too.
      for (;;) {
        const b = await input.peek();
        if (!b.length) return;
        let i = 0;
        while (i < b.length && b[i] === 0) i++;
        if (i < b.length) {
          input.skip(i);
          throw new Error(
            `data after the NUL padding that follows the gzip member ending at byte ${at}: byte ${input.offset} is not padding (gzip ignores it as trailing garbage)`,
          );
        }
        input.skip(i);
      }
    }
    const notMember = () =>
      new Error(
        member === 0
          ? 'not a gzip stream: incorrect header check at byte 0'
          : `trailing garbage at byte ${at}, after gzip member ${member} (not a gzip member)`,
      );
    if (head[0] !== 0x1f || (head.length > 1 && head[1] !== 0x8b)) throw notMember();
    const h = await input.take(10);
    if (!h) throw truncated('header');
    if (h[1] !== 0x8b) throw notMember();
    await readHeader(input, h, at);
    const body = inflateBody(input, chunkSize);
    let r = await body.next();
    while (!r.done) {
      yield r.value;
      r = await body.next();
    }
    const trailer = await input.take(8);
    if (!trailer) throw truncated('member trailer');
    if (trailer.readUInt32LE(0) !== r.value.crc)
      throw new Error(`gzip member at byte ${at}: CRC-32 mismatch (corrupt data)`);
    if (trailer.readUInt32LE(4) !== r.value.size % 2 ** 32)
      throw new Error(`gzip member at byte ${at}: length mismatch (corrupt data)`);
  }
}
