/**
 * `winnow report DIR [--audit audit.json] -o report.html|report.md|report.json`: what a run
 * dropped, by which rule, what the audit says, with charts and highlighted dropped documents.
 * Reads the files (src/report/load.ts), builds the Summary, renders each output by extension.
 */
import type { ArgumentsCamelCase, Argv } from 'yargs';
import { UsageError } from '../../errors.ts';
import { writeFileAtomic } from '../../io/writer.ts';
import { EXCERPT_CHARS } from '../../report/excerpt.ts';
import { locateStats, readAudit, readExamples, readStats, winnowVersion } from '../../report/load.ts';
import { renderMarkdown } from '../../report/markdown.ts';
import { formatOf, renderReport, type ReportFormat } from '../../report/render.ts';
import { buildSummary } from '../../report/summary.ts';
import type { DedupInput } from '../../report/dedup.ts';
import { readDedup } from '../../report/load-dedup.ts';
import { thresholdsFromAudit, thresholdsFromConfig, type Thresholds } from '../../report/thresholds.ts';
import { createEvaluator } from '../../rules/evaluator.ts';
import { applyS3Flag, loadConfig, withConfigFlags, type ConfigFlags } from '../config-flags.ts';
import type { Io } from '../io.ts';

interface ReportArgs extends ConfigFlags {
  input: string;
  audit?: string;
  out?: string[];
  examples: number;
  excerptChars: number;
  textField: string;
  idField: string;
  now?: string;
  dedupInputs?: string[];
}

export const command = 'report <input>';

export const builder = (y: Argv) =>
  withConfigFlags(y)
    .positional('input', { type: 'string', demandOption: true, describe: 'A run directory or s3:// prefix (with stats.json), or a stats.json file or object' })
    .option('audit', { type: 'string', describe: "audit.json of this filter (winnow audit): verdict, intervals, PR curves, projection, thresholds" })
    .option('out', { alias: 'o', type: 'string', array: true, describe: 'report.html, report.md or report.json, a file or an s3:// object (by extension; repeat for several); Markdown on stdout without -o' })
    .option('examples', { type: 'number', default: 3, describe: 'Dropped documents shown per rule, in shard order, preferring ones no rule with more hits shows (0: none)' })
    .option('excerpt-chars', { type: 'number', default: EXCERPT_CHARS, describe: 'Characters (code points) of each excerpt, around its first flagged span' })
    .option('text-field', { type: 'string', default: 'text', describe: 'Field holding the text in dropped records' })
    .option('id-field', { type: 'string', default: 'id', describe: 'Field holding the id in dropped records' })
    .option('dedup-inputs', { type: 'string', array: true, describe: 'With a config that has a minhash filter: the shards the dedup run read, for excerpts of the largest clusters' })
    .option('now', { type: 'string', describe: 'Time stamped on the report (ISO 8601; default: now). For reproducible reports and tests' })
    .example('$0 report out/ --audit audit.json -o report.html', 'the page to read (self-contained, no JavaScript)')
    .example('$0 report out/ -o report.md -o report.json', 'for a terminal and for tools')
    .example('$0 report out/ --preset fineweb -o report.html', 'thresholds from the config when there is no audit');

export async function run(a: ArgumentsCamelCase<ReportArgs>, io: Io): Promise<number> {
  applyS3Flag(a); // the run may be on S3 even without a config
  const outs = (a.out ?? []).map((path) => {
    const format = formatOf(path);
    if (!format) throw new UsageError(`Expected \`-o\` to end in .html, .md or .json (the format comes from the extension), got ${path}`);
    return { path, format };
  });
  if (!Number.isInteger(a.examples) || a.examples < 0) throw new UsageError(`Expected \`--examples\` to be an integer ≥ 0, got ${a.examples}`);
  if (!Number.isInteger(a.excerptChars) || a.excerptChars < 1) throw new UsageError(`Expected \`--excerpt-chars\` to be an integer ≥ 1, got ${a.excerptChars}`);
  let generatedAt = new Date().toISOString();
  if (a.now !== undefined) {
    const d = new Date(a.now);
    if (Number.isNaN(d.getTime())) throw new UsageError(`Expected \`--now\` to be an ISO 8601 time, got ${a.now}`);
    generatedAt = d.toISOString();
  }

  const where = await locateStats(a.input);
  const stats = await readStats(where.stats);
  const audit = a.audit ? await readAudit(a.audit, stats.fingerprint) : null;
  let thresholds: Thresholds = { source: 'none', marks: [] };
  let dedup: DedupInput | null = null;
  if (a.config || a.preset) {
    const { config, vocabulary, fingerprint } = await loadConfig(a);
    if (fingerprint !== stats.fingerprint) {
      throw new UsageError(
        `${a.config ?? `--preset ${a.preset}`} is filter ${fingerprint}, but the stats come from ${stats.fingerprint}: ` +
          'its thresholds are not the ones this run applied (same config, --tokenizer and --vocabulary as the run?)',
      );
    }
    thresholds = thresholdsFromConfig(createEvaluator(config, vocabulary ? { vocabulary } : {}), config);
    const minhash = config.filters.find((f) => f.name === 'minhash');
    if (minhash) dedup = await readDedup(minhash.options.clusters as string, a.dedupInputs ?? []);
  } else if (audit) thresholds = thresholdsFromAudit(audit);

  const examples = await readExamples(where.runDir, stats, { perRule: a.examples, excerptChars: a.excerptChars, textField: a.textField, idField: a.idField });
  const summary = buildSummary({
    stats, audit, thresholds, examples, winnowVersion: winnowVersion(), generatedAt, dedup,
    inputs: { stats: where.stats, run_dir: where.runDir, audit: a.audit ?? null, config: a.config ?? (a.preset ? `--preset ${a.preset}` : null) },
  });

  if (!outs.length) {
    io.out(renderMarkdown(summary));
    return 0;
  }
  const cache = new Map<ReportFormat, string>();
  for (const { path, format } of outs) {
    if (!cache.has(format)) cache.set(format, await renderReport(summary, format));
    await writeFileAtomic(path, cache.get(format)!); // a folder, or an S3 object
    io.err(`winnow: report written to ${path}\n`);
  }
  if (!stats.audited) io.err('winnow: the run is UNAUDITED (stats say audited: false); the report says so on top\n');
  return 0;
}
