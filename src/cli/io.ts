/** Where a command prints: data on `out` (stdout), logs on `err` (stderr). Tests pass buffers. */
export interface Io {
  out(s: string): void;
  err(s: string): void;
}

export const processIo: Io = {
  out: (s) => void process.stdout.write(s),
  err: (s) => void process.stderr.write(s),
};
