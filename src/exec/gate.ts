/**
 * The audit gate: dropping data needs an audit that matches the filter, or an explicit
 * `--unaudited`. Checked before anything is written.
 */
import { GateError } from '../errors.ts';

export interface GateFlags {
  audit?: string | undefined;
  unaudited?: boolean | undefined;
  maxFdr?: number | undefined;
}

/** Returns whether the run counts as audited; throws GateError (exit 3) when dropping is not allowed. */
export function checkGate(flags: GateFlags, fingerprint: string): { audited: boolean } {
  if (flags.audit && flags.unaudited) throw new GateError('Expected either --audit FILE or --unaudited, not both');
  if (flags.audit) {
    throw new GateError(
      `Cannot use ${flags.audit} for filter ${fingerprint}: checking an audit (fingerprint and FDR upper bound within ` +
        `--max-fdr ${flags.maxFdr ?? 0.1}) is not built yet in this version, so no audit can pass the gate. ` +
        'Use --dry-run to write decisions, or --unaudited to drop anyway (recorded in the stats).',
    );
  }
  if (!flags.unaudited) {
    throw new GateError(
      'Refusing to drop data without an audit: pass --audit audit.json (see winnow audit), or --unaudited to drop ' +
        'anyway (the stats then say audited: false), or --dry-run to only write decisions.',
    );
  }
  return { audited: false };
}
