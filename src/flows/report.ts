/**
 * The `report` flow: what a run dropped, by which rule, what the audit says, with charts and
 * highlighted dropped documents. Reads the files (src/report/load.ts), builds the Summary, and
 * renders each output by its extension (HTML, Markdown, JSON), a file or an s3:// object.
 */
import { UsageError } from '../errors.ts';
import { writeFileAtomic } from '../io/writer.ts';
import type { DedupInput } from '../report/dedup.ts';
import { locateStats, readAudit, readExamples, readStats, winnowVersion } from '../report/load.ts';
import { learnedInputs, type LearnedInput } from '../report/learned.ts';
import { readDedup } from '../report/load-dedup.ts';
import { renderMarkdown } from '../report/markdown.ts';
import { formatOf, renderReport, type ReportFormat } from '../report/render.ts';
import { buildSummary, type Summary } from '../report/summary.ts';
import {
  thresholdsFromAudit,
  thresholdsFromConfig,
  type Thresholds,
} from '../report/thresholds.ts';
import { createEvaluator } from '../rules/evaluator.ts';
import { loadConfig, type ConfigChoice } from './load-config.ts';

export interface ReportFlowOptions {
  /** A run directory or s3:// prefix (with stats.json), or a stats.json file or object. */
  input: string;
  /** audit.json of this filter. */
  audit?: string | undefined;
  /** The run's config (thresholds from it, and the dedup clusters of a minhash filter). */
  config?: ConfigChoice | undefined;
  /** The shards the dedup run read, for excerpts of the largest clusters. */
  dedupInputs?: readonly string[] | undefined;
  /** Planted near-duplicate pairs with known Jaccard (formats/planted-pairs): the S-curve's detected shares. */
  planted?: string | undefined;
  /** Dropped documents shown per rule (0: none). */
  examples: number;
  /** Code points of each excerpt. */
  excerptChars: number;
  textField: string;
  idField: string;
  /** The time stamped on the report (ISO 8601). */
  generatedAt: string;
  /** report.html, report.md or report.json (by extension); none: the Markdown is returned. */
  outs: readonly string[];
  /** Told of each output as soon as it is written. */
  onWritten?: (path: string) => void;
}

export interface ReportFlowResult {
  summary: Summary;
  /** The Markdown report when no output was asked for. */
  markdown: string | null;
  /** The outputs written, in order. */
  written: string[];
}

export async function report(o: ReportFlowOptions): Promise<ReportFlowResult> {
  const outs = o.outs.map((path) => {
    const format = formatOf(path);
    if (!format)
      throw new UsageError(
        `Expected \`-o\` to end in .html, .md or .json (the format comes from the extension), got ${path}`,
      );
    return { path, format };
  });
  if (!Number.isInteger(o.examples) || o.examples < 0)
    throw new UsageError(`Expected \`--examples\` to be an integer ≥ 0, got ${o.examples}`);
  if (!Number.isInteger(o.excerptChars) || o.excerptChars < 1)
    throw new UsageError(
      `Expected \`--excerpt-chars\` to be an integer ≥ 1, got ${o.excerptChars}`,
    );
  const where = await locateStats(o.input);
  const stats = await readStats(where.stats);
  const audit = o.audit ? await readAudit(o.audit, stats.fingerprint) : null;
  let thresholds: Thresholds = { source: 'none', marks: [] };
  let dedup: DedupInput | null = null;
  let models: LearnedInput[] | null = null;
  const c = o.config;
  const configName = c?.config ?? (c?.preset ? `--preset ${c.preset}` : null);
  if (c && (c.config || c.preset)) {
    const { config, vocabulary, fingerprint, models: loaded } = await loadConfig(c);
    if (fingerprint !== stats.fingerprint) {
      throw new UsageError(
        `${configName} is filter ${fingerprint}, but the stats come from ${stats.fingerprint}: ` +
          'its thresholds are not the ones this run applied (same config, --tokenizer and --vocabulary as the run?)',
      );
    }
    thresholds = thresholdsFromConfig(
      createEvaluator(config, vocabulary ? { vocabulary } : {}),
      config,
    );
    const minhash = config.filters.find((f) => f.name === 'minhash');
    if (minhash)
      dedup = await readDedup(minhash.options.clusters as string, o.dedupInputs ?? [], o.planted);
    if (loaded.size) models = learnedInputs(loaded); // what each quality model weighs most
  } else if (audit) thresholds = thresholdsFromAudit(audit);

  const examples = await readExamples(where.runDir, stats, {
    perRule: o.examples,
    excerptChars: o.excerptChars,
    textField: o.textField,
    idField: o.idField,
  });
  const summary = buildSummary({
    stats,
    audit,
    thresholds,
    examples,
    winnowVersion: winnowVersion(),
    generatedAt: o.generatedAt,
    dedup,
    models,
    inputs: {
      stats: where.stats,
      run_dir: where.runDir,
      audit: o.audit ?? null,
      config: configName,
    },
  });
  if (!outs.length) return { summary, markdown: renderMarkdown(summary), written: [] };
  const cache = new Map<ReportFormat, string>();
  const written: string[] = [];
  for (const { path, format } of outs) {
    if (!cache.has(format)) cache.set(format, await renderReport(summary, format));
    await writeFileAtomic(path, cache.get(format)!); // a folder, or an S3 object
    written.push(path);
    o.onWritten?.(path);
  }
  return { summary, markdown: null, written };
}
