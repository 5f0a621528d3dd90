/**
 * The audit gate: dropping data needs an audit whose filter fingerprint matches this run's and
 * whose one-sided FDR upper bound is within the run's budget (`--max-fdr`), or an explicit
 * `--unaudited`. Checked before anything is written.
 */
import { readText } from '../io/store.ts';
import { GateError } from '../errors.ts';

export interface GateFlags {
  audit?: string | undefined;
  unaudited?: boolean | undefined;
  maxFdr?: number | undefined;
}

interface AuditRecord {
  fingerprint?: string;
  verdict?: { fingerprint?: string; metric?: string; fdr_upper?: number | null };
}

/**
 * Returns whether the run counts as audited, and the budget it was let through with (null when
 * unaudited); throws GateError (exit 3) when dropping is not allowed.
 */
export async function checkGate(flags: GateFlags, fingerprint: string): Promise<{ audited: boolean; maxFdr: number | null }> {
  const budget = flags.maxFdr ?? 0.1;
  if (flags.audit && flags.unaudited) throw new GateError('Expected either --audit FILE or --unaudited, not both');
  if (!flags.audit) {
    if (flags.unaudited) return { audited: false, maxFdr: null };
    throw new GateError(
      'Refusing to drop data without an audit: pass --audit audit.json (see winnow audit), or --unaudited to drop ' +
        'anyway (the stats then say audited: false), or --dry-run to only write decisions.',
    );
  }
  let record: AuditRecord;
  try {
    record = JSON.parse(await readText(flags.audit)) as AuditRecord;
  } catch (e) {
    throw new GateError(`Cannot read the audit ${flags.audit}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const fp = record.verdict?.fingerprint ?? record.fingerprint;
  if (fp !== fingerprint) {
    throw new GateError(
      `The audit ${flags.audit} is of filter ${fp ?? '(none)'}, but this run's filter is ${fingerprint}: ` +
        'any change to the config (or vocabulary) needs a new audit (winnow config show prints the fingerprint).',
    );
  }
  const upper = record.verdict?.fdr_upper;
  const metric = record.verdict?.metric ?? 'fdr';
  if (typeof upper !== 'number' || !Number.isFinite(upper)) {
    throw new GateError(`The audit ${flags.audit} has no ${metric} upper bound: it cannot certify any budget`);
  }
  if (upper > budget) {
    throw new GateError(
      `The audit ${flags.audit} bounds ${metric} only at ${(100 * upper).toFixed(1)} % (one-sided upper), above this run's --max-fdr ` +
        `${(100 * budget).toFixed(1)} %: refusing to drop. Loosen the filter, label more, or raise --max-fdr deliberately.`,
    );
  }
  return { audited: true, maxFdr: budget };
}
