/**
 * A run's stats (`DIR/stats.json`, `DIR/stats/<shard>.json`, `filter --stats`): the type and the
 * serializer live with the counting (stats/stats.ts); this is the checked reader every verb uses.
 */
import { DataError } from '../errors.ts';
import { parseStats, statsJson, type Stats } from '../stats/stats.ts';
export type { Stats } from '../stats/stats.ts';

/** The `version` field stats files carry. */
export const STATS_VERSION = 1;

/** Stats as written (with the conservation check spelled out). */
export const serializeStats = (s: Stats): string => statsJson(s);

/** Parses a stats file; throws a DataError `file:field: what` when it is not one. */
export function parseStatsFile(text: string, source: string): Stats {
  let s: Stats;
  try {
    s = parseStats(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new DataError(
      `not a winnow stats file (${e instanceof Error ? e.message : String(e)})`,
      source,
      '(file)',
    );
  }
  if (s.version !== STATS_VERSION)
    throw new DataError(
      `expected ${STATS_VERSION}, got ${JSON.stringify(s.version)}: not a winnow stats file`,
      source,
      'version',
    );
  for (const k of ['docs', 'rules', 'attributes'] as const)
    if (!s[k] || typeof s[k] !== 'object')
      throw new DataError('missing: not a winnow stats file', source, k);
  if (typeof s.fingerprint !== 'string')
    throw new DataError('missing: not a winnow stats file', source, 'fingerprint');
  return s;
}
