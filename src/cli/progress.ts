/**
 * A one-line progress display on stderr, only when stderr is a TTY (never in pipes, logs or CI).
 */
export interface Progress {
  doc(bytes: number): void;
  shardDone(): void;
  end(): void;
}

const NOOP: Progress = { doc() {}, shardDone() {}, end() {} };

/** Progress over `shards` shards; the ETA extrapolates from the shards done so far. */
export function startProgress(shards: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return NOOP;
  const t0 = Date.now();
  let docs = 0, bytes = 0, done = 0, last = 0;
  const draw = (force = false) => {
    const now = Date.now();
    if (!force && now - last < 200) return;
    last = now;
    const s = Math.max((now - t0) / 1000, 1e-3);
    const mbs = bytes / 1e6 / s;
    const eta = done && done < shards ? `  ETA ${Math.round((s * (shards - done)) / done)}s` : '';
    stream.write(`\r\x1b[2K${done}/${shards} shards  ${Math.round(docs / s)} docs/s  ${mbs.toFixed(1)} MB/s${eta}`);
  };
  return {
    doc(b) { docs++; bytes += b; if ((docs & 255) === 0) draw(); },
    shardDone() { done++; draw(true); },
    end() { draw(true); stream.write('\n'); },
  };
}
