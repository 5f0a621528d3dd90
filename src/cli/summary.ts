/** The run summary printed on stderr: counts, the conservation check, the top reasons. */
import { conservation, type Stats } from '../stats/stats.ts';

export function renderSummary(s: Stats, label: string): string {
  const c = conservation(s);
  const rules = Object.entries(s.rules).sort(
    (a, b) => b[1].hits - a[1].hits || (a[0] < b[0] ? -1 : 1),
  );
  const lines = [
    `winnow: ${label} (${s.fingerprint}${s.audited ? '' : ', UNAUDITED'})`,
    `  ${s.shards.length} shard(s): ${s.docs.in} docs in, ${s.docs.kept} kept, ${s.docs.dropped} dropped, ${s.docs.errors} errors, ${s.blank} blank`,
    ...c.lines.map((l) => `  ${l}`),
    ...rules
      .slice(0, 12)
      .map(
        ([r, x]) =>
          `  ${String(x.hits).padStart(8)} hits ${String(x.exclusive).padStart(8)} exclusive  ${r}`,
      ),
    ...Object.entries(s.failed).map(([sh, e]) => `  FAILED ${sh}: ${e}`),
  ];
  return lines.join('\n') + '\n';
}
