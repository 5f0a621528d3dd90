/**
 * The errors file: one JSON object per bad line, `{"shard", "line", "error", "raw"}`. `raw` is
 * the line verbatim as a JSON string when it is valid UTF-8; otherwise (and for lines too long to
 * hold in memory, whose validity is not known until their end) it is base64 and the record says
 * `"raw_encoding": "base64"`.
 */
import { isUtf8 } from 'node:buffer';
import type { BadLine } from '../document.ts';
import type { OversizeLine } from './reader.ts';
import type { Output } from './writer.ts';

/** One errors-file line (with its `\n`) for an in-memory bad line. */
export function serializeBadLine(bad: BadLine): string {
  const head = `{"shard":${JSON.stringify(bad.shard)},"line":${bad.line},"error":${JSON.stringify(bad.error)}`;
  if (isUtf8(bad.raw)) return `${head},"raw":${JSON.stringify(bad.raw.toString('utf8'))}}\n`;
  return `${head},"raw_encoding":"base64","raw":"${bad.raw.toString('base64')}"}\n`;
}

/**
 * Streams an oversize line into `out` (or only drains it when `out` is null), base64-encoded
 * in 3-byte-aligned pieces so memory stays bounded. Returns the line's length in bytes.
 */
export async function writeOversizeLine(bad: OversizeLine, out: Output | null): Promise<number> {
  if (out) {
    await out.write(
      `{"shard":${JSON.stringify(bad.shard)},"line":${bad.line},"error":${JSON.stringify(bad.error)},"raw_encoding":"base64","raw":"`,
    );
  }
  let carry: Buffer = Buffer.alloc(0);
  let total = 0;
  for await (const chunk of bad.chunks) {
    total += chunk.length;
    if (!out) continue;
    const all = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    const cut = all.length - (all.length % 3);
    await out.write(all.toString('base64', 0, cut));
    carry = Buffer.from(all.subarray(cut));
  }
  if (out) await out.write(`${carry.toString('base64')}","bytes":${total}}\n`);
  return total;
}
