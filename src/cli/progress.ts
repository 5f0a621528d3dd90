/**
 * A one-line progress display on stderr, only when stderr is a TTY (never in pipes, logs or CI).
 */
export interface Progress {
  /** One document of `bytes` bytes. */
  doc(bytes: number): void;
  /** `docs` documents of `bytes` bytes in all (a worker thread's report). */
  docs(docs: number, bytes: number): void;
  /** A shard finished; `skipped`: it was complete already (a resumed run), so it says nothing about speed. */
  shardDone(skipped?: boolean): void;
  end(): void;
}

const NOOP: Progress = { doc() {}, docs() {}, shardDone() {}, end() {} };

/**
 * Progress over `shards` shards. Rates are documents and bytes over the time since the start;
 * the ETA extrapolates from the shards this process ran (shards found complete do not count),
 * and is shown once one has finished. `now` is the clock (milliseconds).
 */
export function startProgress(
  shards: number,
  stream: Pick<NodeJS.WriteStream, 'isTTY' | 'write'> = process.stderr,
  now: () => number = Date.now,
): Progress {
  if (!stream.isTTY) return NOOP;
  const t0 = now();
  let docs = 0,
    bytes = 0,
    done = 0,
    ran = 0,
    last = -Infinity;
  const draw = (force = false) => {
    const t = now();
    if (!force && t - last < 200) return;
    last = t;
    const s = Math.max((t - t0) / 1000, 1e-3);
    const mbs = bytes / 1e6 / s;
    const eta = ran && done < shards ? `  ETA ${Math.round((s * (shards - done)) / ran)}s` : '';
    stream.write(
      `\r\x1b[2K${done}/${shards} shards  ${Math.round(docs / s)} docs/s  ${mbs.toFixed(1)} MB/s${eta}`,
    );
  };
  const add = (n: number, b: number) => {
    const before = docs;
    docs += n;
    bytes += b;
    if (docs >> 8 !== before >> 8) draw();
  };
  return {
    doc: (b) => add(1, b),
    docs: add,
    shardDone(skipped = false) {
      done++;
      if (!skipped) ran++;
      draw(true);
    },
    end() {
      draw(true);
      stream.write('\n');
    },
  };
}
