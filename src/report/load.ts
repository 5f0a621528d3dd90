/**
 * The report's loader, the one module of src/report that touches the file system or S3: it finds
 * and reads stats.json, audit.json and the example documents in DIR/dropped/ (a folder or an
 * s3:// prefix), and hands plain values to the pure part (summary.ts). Everything else in
 * src/report takes values and returns values.
 */
import { basename } from 'node:path';
import { UsageError } from '../errors.ts';
import { readBundled } from '../io/bundled.ts';
import { getField } from '../io/fields.ts';
import { outputName } from '../io/output-names.ts';
import { readDocs } from '../io/read-docs.ts';
import * as store from '../io/store.ts';
import type { Stats } from '../stats/stats.ts';
import { parseStatsFile } from '../formats/stats.ts';
import { CANDIDATE_DEPTH, chooseExamples, rulesByHits } from './examples.ts';
import { cleanSpans, excerptOf, EXCERPT_CHARS, spansOfReasons } from './excerpt.ts';
import { parseAuditRecord, type AuditRecord } from '../formats/audit-record.ts';
import type { ExampleDoc, ExamplesInput } from './summary.ts';

const readText = (location: string): Promise<string> =>
  store.read(location).then((b) => b.toString('utf8'));

/** Where the stats are and, when they belong to a run directory (or S3 prefix), the directory. */
export async function locateStats(
  input: string,
): Promise<{ stats: string; runDir: string | null }> {
  const location = input.length > 1 ? input.replace(/\/+$/, '') : input;
  if (await store.isFolder(location)) {
    const stats = store.join(location, 'stats.json');
    if (!(await store.exists(stats))) {
      const hint = (await store.isFolder(store.join(location, 'stats')))
        ? ` (per-shard stats are there: run \`winnow merge ${location}\` first)`
        : '';
      throw new UsageError(
        `${location} has no stats.json: expected a run directory or prefix (winnow run / filter -o DIR) or a stats.json file${hint}`,
      );
    }
    return { stats, runDir: location };
  }
  if (!(await store.exists(location)))
    throw new UsageError(`${location} has no stats.json: no such file, directory or S3 prefix`);
  // DIR/stats.json names its run directory too; a dry run's --stats file has none.
  const dir = store.parentOf(location);
  const ran = async (sub: string) => (await store.list(store.join(dir, sub))).length > 0;
  const runDir =
    basename(location) === 'stats.json' && ((await ran('dropped')) || (await ran('done')))
      ? dir
      : null;
  return { stats: location, runDir };
}

/** Reads a stats file or object (`winnow run`, `filter -o`, `filter --stats`, `merge`). */
export async function readStats(path: string): Promise<Stats> {
  let text: string;
  try {
    text = await readText(path);
  } catch (e) {
    throw new UsageError(
      `Cannot read stats ${path}: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  return parseStatsFile(text, path);
}

/** Reads audit.json (`winnow audit -o`) and checks that it audits the filter of the stats. */
export async function readAudit(path: string, fingerprint: string): Promise<AuditRecord> {
  let text: string;
  try {
    text = await readText(path);
  } catch (e) {
    throw new UsageError(
      `Cannot read audit ${path}: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  const a = parseAuditRecord(text, path);
  if (a.fingerprint !== fingerprint) {
    throw new UsageError(
      `${path} audits filter ${a.fingerprint}, but the stats come from ${fingerprint}: an audit of another filter says nothing about this run`,
    );
  }
  return a;
}

/** The version in winnow's package.json (beside src/ and dist/). */
export function winnowVersion(): string {
  try {
    const pkg = JSON.parse(readBundled(new URL('../../package.json', import.meta.url))) as {
      version?: unknown;
    };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

export interface ExampleOptions {
  /** Documents per rule (0: none). */
  perRule: number;
  /** Excerpt length in code points. */
  excerptChars?: number;
  textField?: string;
  idField?: string;
}

/**
 * Example dropped documents of every rule (see examples.ts for the choice): candidates in shard
 * order (the stats' sorted shard list) then line order, so the same run gives the same examples.
 * Reading stops as soon as every rule has its candidates (or all its hits, when it has fewer);
 * only excerpts are kept in memory.
 */
export async function readExamples(
  runDir: string | null,
  stats: Stats,
  o: ExampleOptions,
): Promise<ExamplesInput> {
  const base: ExamplesInput = { per_rule: o.perRule, source: null, scanned: 0, byRule: {} };
  if (o.perRule <= 0) return { ...base, note: 'Examples were not asked for (--examples 0).' };
  if (!Object.keys(stats.rules).length) return base;
  // The files in dropped/, listed once.
  const listed = new Set(runDir ? await store.list(store.join(runDir, 'dropped')) : []);
  const has = (name: string) => listed.has(name);
  if (!runDir || listed.size === 0) {
    return {
      ...base,
      note: 'No dropped records to show: these stats have no run directory with dropped/ (a dry run, pipe mode, or --discard-dropped).',
    };
  }
  const textField = o.textField ?? 'text';
  const idField = o.idField ?? 'id';
  const want = new Map(
    Object.entries(stats.rules).map(([r, x]) => [r, Math.min(o.perRule * CANDIDATE_DEPTH, x.hits)]),
  );
  const byRule: Record<string, ExampleDoc[]> = {};
  const done = () => [...want].every(([r, n]) => (byRule[r]?.length ?? 0) >= n);
  let scanned = 0;
  let missing = 0;
  for (const shard of stats.shards) {
    if (done()) break;
    const name = [outputName(shard), outputName(shard, true), outputName(shard, false)].find(has);
    if (!name) {
      missing++;
      continue;
    }
    const file = `dropped/${name}`;
    // Blank, bad and oversize lines are skipped (an oversize one is too long to show anyway).
    for await (const d of readDocs(
      { path: store.join(runDir, 'dropped', name), name: file },
      {},
      { textField, idField },
    )) {
      scanned++;
      const rec = d.record;
      const w = rec.winnow as { reasons?: unknown; spans?: unknown } | undefined;
      const reasons = Array.isArray(w?.reasons)
        ? w.reasons.filter((r): r is string => typeof r === 'string')
        : [];
      const wanted = reasons.filter((r) => (byRule[r]?.length ?? 0) < (want.get(r) ?? 0));
      if (!wanted.length) continue;
      const spans = cleanSpans(w?.spans);
      const shown = Object.fromEntries(
        Object.entries(spans).filter(([name]) => spansOfReasons(name, reasons)),
      );
      const idv = getField(rec, idField);
      const doc: ExampleDoc = {
        // the reader's id (a big number keeps its digits); null when the record has none
        id: typeof idv === 'string' || typeof idv === 'number' ? d.id : null,
        shard,
        file,
        line: d.line,
        reasons,
        span_counts: Object.fromEntries(Object.entries(spans).map(([k, v]) => [k, v.length])),
        excerpt: excerptOf(d.text, shown, o.excerptChars ?? EXCERPT_CHARS),
      };
      for (const r of wanted) (byRule[r] ??= []).push(doc);
      if (done()) break;
    }
  }
  const note = missing
    ? `${missing} shard(s) have no file in dropped/ (dropped with --discard-dropped?).`
    : undefined;
  const chosen = chooseExamples(byRule, rulesByHits(stats.rules), o.perRule);
  return {
    ...base,
    source: `${runDir.replace(/\/+$/, '')}/dropped/`,
    scanned,
    byRule: chosen,
    ...(note && { note }),
  };
}
