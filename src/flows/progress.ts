/** What a flow reports as it goes; the CLI draws it (a TTY line), a library user may ignore it. */
export interface FlowProgress {
  /** One document of `bytes` bytes. */
  doc(bytes: number): void;
  /** `docs` documents of `bytes` bytes in all (a worker thread's report). */
  docs?(docs: number, bytes: number): void;
  /** A shard finished; `skipped`: it was complete already (a resumed run). */
  shardDone(skipped?: boolean): void;
  end(): void;
}

/** Starts progress over `shards` shards. */
export type StartProgress = (shards: number) => FlowProgress;

const NOOP: FlowProgress = { doc() {}, docs() {}, shardDone() {}, end() {} };
export const noProgress: StartProgress = () => NOOP;
