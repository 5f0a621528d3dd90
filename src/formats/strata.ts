/**
 * The strata file `winnow sample` writes beside its sample (`<out>.strata.json`): every stratum's
 * exact population, which the audit weighs the labels by. Type, path, parser, serializer.
 */
import type { StrataDesign } from '../audit/audit.ts';
import { fieldError, parseJsonObject } from './json-file.ts';
export { strataPathOf } from '../io/output-names.ts';
export type { StrataDesign } from '../audit/audit.ts';

/** The strata file carries no version field; this is the shape written today. */
export const STRATA_VERSION = 1;

/** What `sample` records besides the strata (seed, size asked for, weights, totals, predictions). */
export type StrataFile = StrataDesign & Record<string, unknown>;

/** The file as `sample` writes it (one space of indent, a final newline); field order is the caller's. */
export const serializeStrata = (file: Record<string, unknown>): string =>
  JSON.stringify(file, null, 1) + '\n';

/** Parses and checks a strata file; throws a DataError `file:field: what`. */
export function parseStrata(text: string, source: string): StrataFile {
  const j = parseJsonObject(text, source, 'a strata file from winnow sample') as StrataFile;
  const bad = fieldError(source);
  if (typeof j.fingerprint !== 'string')
    bad('fingerprint', 'missing: not a strata file from winnow sample');
  if (!['doc', 'token', 'active'].includes(j.design))
    bad('design', `expected doc, token or active, got ${JSON.stringify(j.design)}`);
  if (!Array.isArray(j.strata)) bad('strata', 'missing: not a strata file from winnow sample');
  const count = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0;
  j.strata.forEach((s, i) => {
    if (!s || typeof s !== 'object' || typeof s.name !== 'string')
      bad(`strata[${i}].name`, 'expected a stratum name');
    for (const k of ['population_docs', 'population_tokens', 'sample_size'] as const)
      if (!count(s[k])) bad(`strata[${i}].${k}`, `expected a count, got ${JSON.stringify(s[k])}`);
    if (s.sample_size > s.population_docs)
      bad(
        `strata[${i}].sample_size`,
        `${s.sample_size} is more than the stratum's ${s.population_docs} documents`,
      );
  });
  return j;
}
