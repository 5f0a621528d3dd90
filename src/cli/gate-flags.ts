/** The audit gate's flags, shared by filter, run and slurm: flags in, GateOptions out. */
import type { Argv } from 'yargs';
import {
  DEFAULT_MAX_FDR,
  type FilterRunOptions,
  type GateOptions,
  type ReadOptions,
} from '../flows/run.ts';
import type { LoadedConfig } from './config-flags.ts';
import type { Io } from './io.ts';

export interface GateFlags {
  audit?: string;
  unaudited: boolean;
  maxFdr: number;
  acceptForeignAudit?: boolean;
}

export function withGateFlags<T>(y: Argv<T>) {
  return y
    .option('audit', {
      type: 'string',
      describe: 'audit.json whose fingerprint and FDR upper bound allow dropping (a file or s3://)',
    })
    .option('unaudited', {
      type: 'boolean',
      default: false,
      describe: 'Drop without an audit (the stats say audited: false)',
    })
    .option('max-fdr', {
      type: 'number',
      default: DEFAULT_MAX_FDR,
      describe: "Budget for the audit's one-sided FDR upper bound (0 to 1)",
    })
    .option('accept-foreign-audit', {
      type: 'boolean',
      describe:
        'Let an audit whose labels are not a sample of this corpus (its sample_check failed) open the gate; the stats and the report say so',
    });
}

export const gateOptions = (a: GateFlags): GateOptions => ({
  audit: a.audit,
  unaudited: a.unaudited,
  maxFdr: a.maxFdr,
  acceptForeignAudit: a.acceptForeignAudit,
});

/** The gate's notes, one stderr line each. */
export const gateNotes = (notes: readonly string[]): string =>
  notes.map((n) => `winnow: audit gate: ${n}\n`).join('');

/** What filter and run take from their shared flags: the loaded config, the gate, reading, outputs. */
export const filterRunOptions = (
  a: GateFlags & {
    onError: 'skip' | 'fail';
    discardDropped: boolean;
    compress?: boolean | undefined;
  },
  loaded: LoadedConfig,
  read: ReadOptions,
  io: Io,
): FilterRunOptions => ({
  config: loaded.config,
  vocabulary: loaded.vocabulary,
  models: loaded.models,
  fingerprint: loaded.fingerprint,
  gate: gateOptions(a),
  read,
  onError: a.onError,
  keepDropped: !a.discardDropped,
  compress: a.compress,
  onGate: (g) => io.err(gateNotes(g.notes)),
  log: io.err,
});
