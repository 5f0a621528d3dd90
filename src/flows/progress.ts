/** What a flow reports as it goes; the CLI draws it (a TTY line), a library user may ignore it. */
export interface FlowProgress {
  /** One document of `bytes` bytes. */
  doc(bytes: number): void;
  shardDone(): void;
  end(): void;
}

/** Starts progress over `shards` shards. */
export type StartProgress = (shards: number) => FlowProgress;

const NOOP: FlowProgress = { doc() {}, shardDone() {}, end() {} };
export const noProgress: StartProgress = () => NOOP;
