/**
 * `winnow report DIR [--audit audit.json] -o report.html|report.md|report.json`: what a run
 * dropped, by which rule, what the audit says, with charts and highlighted dropped documents.
 * Reads the files (src/report/load.ts), builds the Summary, renders each output by extension.
 */
import type { ArgumentsCamelCase, Argv } from 'yargs';
import { UsageError } from '../../errors.ts';
import { report } from '../../flows/report.ts';
import { EXCERPT_CHARS } from '../../report/excerpt.ts';
import { applyS3Flag, withConfigFlags, type ConfigFlags } from '../config-flags.ts';
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
  planted?: string;
}

export const command = 'report <input>';

export const builder = (y: Argv) =>
  withConfigFlags(y)
    .positional('input', {
      type: 'string',
      demandOption: true,
      describe: 'A run directory or s3:// prefix (with stats.json), or a stats.json file or object',
    })
    .option('audit', {
      type: 'string',
      describe:
        'audit.json of this filter (winnow audit): verdict, intervals, PR curves, projection, thresholds',
    })
    .option('out', {
      alias: 'o',
      type: 'string',
      array: true,
      describe:
        'report.html, report.md or report.json, a file or an s3:// object (by extension; repeat for several); Markdown on stdout without -o',
    })
    .option('examples', {
      type: 'number',
      default: 3,
      describe:
        'Dropped documents shown per rule, in shard order, preferring ones no rule with more hits shows (0: none)',
    })
    .option('excerpt-chars', {
      type: 'number',
      default: EXCERPT_CHARS,
      describe: 'Characters (code points) of each excerpt, around its first flagged span',
    })
    .option('text-field', {
      type: 'string',
      default: 'text',
      describe: 'Field holding the text in dropped records',
    })
    .option('id-field', {
      type: 'string',
      default: 'id',
      describe: 'Field holding the id in dropped records',
    })
    .option('dedup-inputs', {
      type: 'string',
      array: true,
      describe:
        'With a config that has a minhash filter: the shards the dedup run read, for excerpts of the largest clusters',
    })
    .option('planted', {
      type: 'string',
      describe:
        'With a minhash filter: planted pairs of known Jaccard (JSONL, as fixtures/labels/planted-pairs.jsonl), for the share detected per level on the S-curve',
    })
    .option('now', {
      type: 'string',
      describe:
        'Time stamped on the report (ISO 8601; default: now). For reproducible reports and tests',
    })
    .example(
      '$0 report out/ --audit audit.json -o report.html',
      'the page to read (self-contained, no JavaScript)',
    )
    .example('$0 report out/ -o report.md -o report.json', 'for a terminal and for tools')
    .example(
      '$0 report out/ --preset fineweb -o report.html',
      'thresholds from the config when there is no audit',
    );

export async function run(a: ArgumentsCamelCase<ReportArgs>, io: Io): Promise<number> {
  applyS3Flag(a); // the run may be on S3 even without a config
  let generatedAt = new Date().toISOString();
  if (a.now !== undefined) {
    const d = new Date(a.now);
    if (Number.isNaN(d.getTime()))
      throw new UsageError(`Expected \`--now\` to be an ISO 8601 time, got ${a.now}`);
    generatedAt = d.toISOString();
  }
  const r = await report({
    input: a.input,
    audit: a.audit,
    config: a,
    dedupInputs: a.dedupInputs,
    planted: a.planted,
    examples: a.examples,
    excerptChars: a.excerptChars,
    textField: a.textField,
    idField: a.idField,
    generatedAt,
    outs: a.out ?? [],
    onWritten: (path) => io.err(`winnow: report written to ${path}\n`),
  });
  if (r.markdown !== null) {
    io.out(r.markdown);
    return 0;
  }
  if (!r.summary.status.audited)
    io.err('winnow: the run is UNAUDITED (stats say audited: false); the report says so on top\n');
  return 0;
}
