/**
 * The CLI: a yargs command table over plain functions. `main` returns the exit code; it is the
 * only place that decides how the process ends (0 ok, 1 data error, 2 usage error, 3 gate).
 */
import yargs, { type Argv } from 'yargs';
import { UsageError } from '../errors.ts';
import { StdoutClosed, removeOwnTemps, terminateWorkers } from '../flows/interrupt.ts';
import { processIo, type Io } from './io.ts';

interface CommandModule {
  command: string;
  builder: (y: Argv) => Argv<any>;
  /** `cli` is this CLI, for a verb that runs others (demo) without importing main (an import cycle). */
  run: (args: any, io: Io, cli: typeof main) => Promise<number>;
}

/** Verbs, lazily imported so `winnow count` does not load the audit code. */
const COMMANDS: Record<string, { describe: string; load: () => Promise<CommandModule> }> = {
  count: {
    describe: 'Count docs, bytes, characters, tokens and errors per shard and in total',
    load: () => import('./commands/count.ts'),
  },
  vocab: {
    describe:
      'Count token frequencies of a corpus into a vocabulary file (for rare_tokens; mergeable)',
    load: () => import('./commands/vocab.ts'),
  },
  score: {
    describe: 'Score documents: per-document attributes and spans (dolma attribute format)',
    load: () => import('./commands/score.ts'),
  },
  filter: {
    describe:
      'Keep / drop / remove spans: directory or pipe mode, or --dry-run decisions (dropping needs an audit)',
    load: () => import('./commands/filter.ts'),
  },
  run: {
    describe: 'Filter many shards in worker threads, resumable, --rank/--world for clusters',
    load: () => import('./commands/run.ts'),
  },
  merge: {
    describe: 'Merge per-shard stats of a run directory into DIR/stats.json, or vocabulary files',
    load: () => import('./commands/merge.ts'),
  },
  slurm: {
    describe:
      'Write and submit a Slurm array job of run tasks plus a dependent merge job (--dry-run prints the scripts)',
    load: () => import('./commands/slurm.ts'),
  },
  sample: {
    describe:
      'Draw a stratified sample to label (flag status × rule signature × score bin), with stratum sizes',
    load: () => import('./commands/sample.ts'),
  },
  label: {
    describe:
      'Label a sample in the terminal (good / bad / skip / back / quit) or, with --serve, in a browser page (also dedup pairs), resumable',
    load: () => import('./commands/label.ts'),
  },
  audit: {
    describe:
      'Measure a filter on hand labels: intervals, per-rule numbers, sweeps, corpus projection, verdict; audit plan: labels a budget needs; audit pairs: dedup false merges',
    load: () => import('./commands/audit.ts'),
  },
  report: {
    describe:
      'Pruning report of a run: funnel, rules, overlaps, histograms, the audit, dropped examples (HTML, Markdown, JSON)',
    load: () => import('./commands/report.ts'),
  },
  train: {
    describe:
      'Learn a quality screen from your labels (for the quality filter), with cross-fitted metrics',
    load: () => import('./commands/train.ts'),
  },
  demo: {
    describe: 'The flow on the bundled fixtures, end to end, into a folder you can open',
    load: () => import('./commands/demo.ts'),
  },
  config: {
    describe: 'config show: the resolved canonical config and its fingerprint',
    load: () => import('./commands/config.ts'),
  },
  dedup: {
    describe:
      'dedup minhash: near-duplicate clusters in resumable stages, for the minhash filter; dedup exact: exact duplicate documents and paragraphs, for the exact filter',
    load: () => import('./commands/dedup.ts'),
  },
};

/**
 * A lone "-" (stdin as a shard, stdout as an output) stands in for this while yargs parses:
 * yargs-parser takes "-" for the start of a flag, so `filter -` lost its shard and
 * `--decisions -` became "". It never reaches a command.
 */
const DASH = '\u0000-';

/** `argv` with each lone "-" before a "--" replaced by DASH. */
function hideDashes(argv: readonly string[]): string[] {
  const end = argv.indexOf('--');
  return argv.map((x, i) => (x === '-' && (end < 0 || i < end) ? DASH : x));
}

/** Parsed arguments with DASH turned back into "-" (in string values and string arrays). */
function restoreDashes<T extends Record<string, unknown>>(a: T): T {
  const back = (v: unknown): unknown => (v === DASH ? '-' : Array.isArray(v) ? v.map(back) : v);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(a)) out[k] = back(v);
  return out as T;
}

/** The known flag a mistyped one was most likely meant as (`dryrun`, `dry_run`, `--dry-rn` → `dry-run`), or null. */
export function closestFlag(typed: string, known: readonly string[]): string | null {
  const norm = (x: string) => x.toLowerCase().replace(/[-_]/g, '');
  const t = norm(typed);
  let best: string | null = null;
  let bestDist = Math.min(2, Math.floor(t.length / 3)) + 1;
  for (const k of known) {
    if (k.length < 2 || /[A-Z]/.test(k)) continue; // single letters and yargs' camelCase twins
    const d = editDistance(t, norm(k));
    if (d < bestDist) [best, bestDist] = [k, d];
  }
  return best;
}

/** Levenshtein distance. */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++)
      cur[j] = Math.min(
        prev[j]! + 1,
        cur[j - 1]! + 1,
        prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    prev = cur;
  }
  return prev[b.length]!;
}

/** yargs' "Unknown argument(s): x, y" with a "did you mean --z?" for each that is close to a known flag. */
function withSuggestion(msg: string, known: readonly string[]): string {
  const m = /^Unknown arguments?: (.+)$/.exec(msg);
  if (!m) return msg;
  const hints = m[1]!.split(', ').flatMap((u) => {
    const k = closestFlag(u.replace(/^-+/, ''), known);
    return k ? [`--${u.replace(/^-+/, '')}: did you mean --${k}?`] : [];
  });
  return hints.length ? `${msg} (${hints.join('; ')})` : msg;
}

const isEpipe = (e: unknown): boolean =>
  e instanceof Error && (e as NodeJS.ErrnoException).code === 'EPIPE';

let stdoutGuarded = false;
/** Without a listener, a write to a closed pipe would crash the process with an 'error' event. */
function guardStdout(io: Io): void {
  if (stdoutGuarded) return;
  stdoutGuarded = true;
  process.stdout.on('error', (e) => {
    if (!isEpipe(e)) io.err(`winnow: stdout: ${e.message}\n`);
  });
}

let signalsGuarded = false;
/**
 * Ctrl-C or a kill (SIGINT, SIGTERM, SIGHUP): the temporary files of unfinished outputs are
 * removed and the user told how to go on; then the signal is raised again, so the process ends
 * as killed by it (exit 130 for SIGINT in a shell), as it would have without this handler.
 */
function guardSignals(io: Io): void {
  if (signalsGuarded) return;
  signalsGuarded = true;
  let interrupted = false;
  const onSignal = async (signal: NodeJS.Signals) => {
    if (interrupted) return;
    interrupted = true;
    // Worker threads first (bounded: a stuck thread must not keep Ctrl-C from working), so none
    // writes a new temporary file after the sweep.
    await Promise.race([terminateWorkers(), new Promise((r) => setTimeout(r, 2000).unref())]);
    removeOwnTemps();
    io.err(
      `\nwinnow: interrupted (${signal}); unfinished outputs removed; rerun the same command to resume\n`,
    );
    for (const s of SIGNALS) process.removeAllListeners(s);
    process.kill(process.pid, signal);
  };
  for (const s of SIGNALS) process.on(s, onSignal);
}
const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

const NETWORK = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'ETIMEDOUT',
  'ECONNRESET',
  'EHOSTUNREACH',
  'EAI_AGAIN',
]);

/**
 * A failure of the environment rather than of winnow (an S3 service error, an unreachable
 * endpoint): its message says it all, with the endpoint in use when the network failed. A stack
 * trace is kept for the rest, which are bugs.
 */
function environmentMessage(e: Error): string | null {
  const code = (e as NodeJS.ErrnoException).code;
  if (code && NETWORK.has(code)) {
    const endpoint = process.env.AWS_ENDPOINT_URL_S3 ?? process.env.AWS_ENDPOINT_URL;
    return `${e.message}${endpoint ? ` (S3 endpoint from AWS_ENDPOINT_URL${process.env.AWS_ENDPOINT_URL_S3 ? '_S3' : ''}: ${endpoint})` : ''}`;
  }
  if ('$metadata' in e || '$fault' in e)
    return e.name === 'Error' || e.message.startsWith(e.name)
      ? e.message
      : `${e.name}: ${e.message}`;
  // A full or read-only disk: the system's message (with the path when it has one), and what to do.
  if (code === 'ENOSPC' || code === 'EDQUOT')
    return `${e.message}: the output's disk is full (or over quota); free space or write elsewhere, then rerun the same command`;
  if (code === 'EROFS') return `${e.message}: a read-only file system; choose another output`;
  // The AWS SDK's own configuration errors: say what to set.
  if (/^(Credentials|Token)?ProviderError$/.test(e.name)) {
    return `${e.message}: no AWS credentials found; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE, or give the machine a role)`;
  }
  if (/region is missing/i.test(e.message))
    return `${e.message}: set AWS_REGION (the bucket's region)`;
  return null;
}

const exitCodeOf = (e: unknown): number =>
  e && typeof e === 'object' && 'exitCode' in e && typeof e.exitCode === 'number' ? e.exitCode : 1;

/** Runs the CLI on `argv` (without node and script); resolves to the exit code. */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  const verb = argv[0];
  let code = 0;
  let known: string[] = [];
  if (io === processIo) {
    guardStdout(io);
    guardSignals(io);
  }
  let y = yargs(hideDashes(argv))
    .scriptName('winnow')
    .usage(
      '$0 <verb> [options]\n\nPrune noisy LLM pretraining corpora, and audit the pruning before dropping anything.',
    )
    .strict()
    .demandCommand(1, 'Expected a verb; see winnow --help')
    .recommendCommands()
    .exitProcess(false)
    .wrap(Math.min(100, process.stdout.columns || 100))
    .fail((msg, err) => {
      throw err ?? new UsageError(withSuggestion(msg, known));
    });
  // Only the verb that runs is imported; the others are listed for --help with a stub builder.
  for (const [name, { describe, load }] of Object.entries(COMMANDS)) {
    if (name === verb) {
      const mod = await load();
      const builder = (yy: Argv) => {
        const b = mod.builder(yy);
        // The verb's flags, for "did you mean" (getOptions is in yargs but not in its types).
        known = Object.keys(
          (b as unknown as { getOptions(): { key: Record<string, unknown> } }).getOptions().key,
        );
        return b;
      };
      y = y.command(mod.command, describe, builder, async (a) => {
        code = await mod.run(restoreDashes(a), io, main);
      });
    } else {
      y = y.command(name, describe);
    }
  }
  try {
    await y.parseAsync();
    return code;
  } catch (e) {
    // The reader of stdout went away (`winnow … | head`): stop quietly, as Unix tools do.
    if (e instanceof StdoutClosed) {
      const unfinished = removeOwnTemps();
      if (unfinished.length)
        io.err(`winnow: stdout closed before the end; not written: ${unfinished.join(', ')}\n`);
      return 0;
    }
    if (e instanceof UsageError) {
      io.err(
        `winnow: ${e.message.replaceAll(DASH, '-').replaceAll(JSON.stringify(DASH).slice(1, -1), '-')}\n(see winnow ${verb && verb in COMMANDS ? verb + ' ' : ''}--help)\n`,
      );
      return 2;
    }
    const c = exitCodeOf(e);
    const env = e instanceof Error ? environmentMessage(e) : null;
    if (env) io.err(`winnow: ${env}\n`);
    else
      io.err(
        c === 1 && !(e instanceof Error && 'shard' in e) && e instanceof Error
          ? `winnow: ${e.stack}\n`
          : `winnow: ${e instanceof Error ? e.message : String(e)}\n`,
      );
    return c;
  }
}
