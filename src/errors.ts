/** Bad flags or arguments: the CLI prints usage and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
  readonly exitCode = 2;
}

/**
 * Bad input data at a known place: the CLI exits 1. Message reads `shard:line: what`, or for a
 * JSON file `file:field: what` (`audit.json:verdict.fdr_upper: …`).
 */
export class DataError extends Error {
  override name = 'DataError';
  readonly exitCode = 1;
  constructor(
    what: string,
    readonly shard: string,
    readonly line: number | string,
  ) {
    super(`${shard}:${line}: ${what}`);
  }
}

/** The audit gate refused to drop data: exit 3, before anything is written. */
export class GateError extends Error {
  override name = 'GateError';
  readonly exitCode = 3;
}

/** A DataError about a whole file rather than a line (a model file, a labels file as a whole): `file: what`. */
export function fileDataError(file: string, what: string): DataError {
  const e = new DataError(what, file, 0);
  e.message = `${file}: ${what}`;
  return e;
}
