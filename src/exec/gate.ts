/**
 * The audit gate: dropping data needs an audit whose filter fingerprint matches this run's, whose
 * record is whole and consistent (one parser with the report, its bound recomputed from the
 * counts it carries), whose labels are a sample of this corpus (or `--accept-foreign-audit`),
 * and whose one-sided FDR upper bound is within the run's budget (`--max-fdr`); or an explicit
 * `--unaudited`. Checked before anything is written.
 */
import { DataError, GateError, UsageError } from '../errors.ts';
import { parseAuditRecord, type AuditRecord } from '../formats/audit-record.ts';
import { readText } from '../io/store.ts';

/** The budget when `--max-fdr` is not given. */
export const DEFAULT_MAX_FDR = 0.1;

export interface GateOptions {
  audit?: string | undefined;
  unaudited?: boolean | undefined;
  maxFdr?: number | undefined;
  /** Let an audit whose labels are not a sample of this corpus open the gate (recorded in the stats). */
  acceptForeignAudit?: boolean | undefined;
}

export interface GateResult {
  audited: boolean;
  /** The budget the run was let through with (null when unaudited). */
  maxFdr: number | null;
  /** True when the audit failed its own sample check and `--accept-foreign-audit` let it through. */
  acceptedForeign: boolean;
  /** What the caller prints on stderr (a budget other than the default, a foreign audit accepted). */
  notes: string[];
}

/** `--max-fdr` as `audit` checks it: a number strictly between 0 and 1 (NaN, `abc` refused). */
export function checkBudget(maxFdr: number | undefined): number {
  const budget = maxFdr ?? DEFAULT_MAX_FDR;
  if (!(typeof budget === 'number' && budget > 0 && budget < 1)) {
    throw new UsageError(
      `Expected \`--max-fdr\` to be a number between 0 and 1, got ${String(maxFdr)}`,
    );
  }
  return budget;
}

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

/** Returns what the run may do; throws GateError (exit 3) when dropping is not allowed. */
export async function checkGate(o: GateOptions, fingerprint: string): Promise<GateResult> {
  const budget = checkBudget(o.maxFdr);
  if (o.audit && o.unaudited)
    throw new GateError('Expected either --audit FILE or --unaudited, not both');
  if (!o.audit) {
    if (o.unaudited) return { audited: false, maxFdr: null, acceptedForeign: false, notes: [] };
    throw new GateError(
      'Refusing to drop data without an audit: pass --audit audit.json (see winnow audit), or --unaudited to drop ' +
        'anyway (the stats then say audited: false), or --dry-run to only write decisions.',
    );
  }
  let text: string;
  try {
    text = await readText(o.audit);
  } catch (e) {
    throw new GateError(
      `Cannot read the audit ${o.audit}: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  let record: AuditRecord;
  try {
    record = parseAuditRecord(text, o.audit);
  } catch (e) {
    if (e instanceof DataError) throw new GateError(`Refusing the audit: ${e.message}`);
    throw e;
  }
  if (record.fingerprint !== fingerprint) {
    throw new GateError(
      `The audit ${o.audit} is of filter ${record.fingerprint}, but this run's filter is ${fingerprint}: ` +
        'any change to the config (or vocabulary) needs a new audit (winnow config show prints the fingerprint).',
    );
  }
  const notes: string[] = [];
  let acceptedForeign = false;
  if (record.sample_check && record.sample_check.consistent === false) {
    if (!o.acceptForeignAudit) {
      throw new GateError(
        `The audit ${o.audit} found that its labels are not a sample of the corpus it was projected onto (sample_check failed; ` +
          'nothing was projected): its error rates need not hold for this corpus. Label a sample drawn from it (winnow sample), ' +
          'or pass --accept-foreign-audit to drop anyway (the stats and the report then say so).',
      );
    }
    acceptedForeign = true;
    notes.push(
      `the audit's labels are not a sample of this corpus; accepted by --accept-foreign-audit (recorded in the stats)`,
    );
  }
  const upper = record.verdict.fdr_upper;
  const metric = record.verdict.metric;
  if (typeof upper !== 'number' || !Number.isFinite(upper)) {
    throw new GateError(
      `The audit ${o.audit} has no ${metric} upper bound: it cannot certify any budget`,
    );
  }
  if (upper > budget) {
    throw new GateError(
      `The audit ${o.audit} bounds ${metric} only at ${pct(upper)} (one-sided upper), above this run's --max-fdr ` +
        `${pct(budget)}: refusing to drop. Loosen the filter, label more, or raise --max-fdr deliberately.`,
    );
  }
  if (budget !== DEFAULT_MAX_FDR) {
    notes.push(
      `the gate used --max-fdr ${pct(budget)} (default ${pct(DEFAULT_MAX_FDR)}); the audit bounds ${metric} at ${pct(upper)}`,
    );
  }
  return { audited: true, maxFdr: budget, acceptedForeign, notes };
}
