/**
 * `npm run bench`: each case in a fresh process, JSON lines on stdout, then the ratios against
 * the floor measured in this same run. Never part of `npm test`.
 *   npm run bench                 all cases
 *   npm run bench -- read floor   only these
 */
import { nativeStatus } from '../dist/native/addon.js';
import { execFileSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchCorpus, generatedShard } from './corpus.ts';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const want = (c: string) => !only.length || only.includes(c);

interface Line {
  case: string;
  seconds: number;
  peak_rss_mb: number;
  [k: string]: unknown;
}

/**
 * The cases behind the targets' ratios run three times and report the run with the median time,
 * with the fastest and slowest beside it: on this shared machine one run of a 4-second case can
 * be off by 10-15 %, and the floor they are compared with is itself a 0.3-second case.
 */
const REPEATS: Record<string, number> = {
  'minhash-signatures': 3,
  floor: 3,
  read: 3,
  filters: 3,
  'filters-warm': 3,
  'filter-fineweb': 3,
  'run-1': 3,
  'run-2': 3,
  language: 3,
  'language-eld': 3,
  quality: 3,
  minhash: 3,
};

/** One run of a case in a fresh process, with the load average as it ended (a shared machine). */
function runOnce(name: string, files: string[]): Line {
  // Compiled JavaScript in a plain node, as users run winnow: under the tsx loader the same
  // cases ran 3-15 % slower, and worker threads inherit the loader too.
  const out = execFileSync(process.execPath, [join(here, 'cases.js'), name, ...files], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return { ...(JSON.parse(out) as Line), load_avg_1m: +loadavg()[0]!.toFixed(2) };
}

function runCase(name: string, files: string[], label = name): Line {
  // Relabelled runs (the memory lines on generated shards) run once.
  const repeats = label === name ? (REPEATS[name] ?? 1) : 1;
  const runs: Line[] = [];
  for (let i = 0; i < repeats; i++) runs.push(runOnce(name, files));
  return medianRun(runs, label);
}

/** The run with the median time, the fastest and slowest beside it; printed. */
function medianRun(runs: Line[], label: string): Line {
  runs = [...runs].sort((a, b) => a.seconds - b.seconds);
  const mid = runs[(runs.length - 1) >> 1]!;
  const line: Line = { ...mid, case: label };
  if (runs.length > 1)
    Object.assign(line, {
      runs: runs.length,
      seconds_min: runs[0]!.seconds,
      seconds_max: runs[runs.length - 1]!.seconds,
    });
  process.stdout.write(JSON.stringify(line) + '\n');
  return line;
}

const cpuRatio = (a?: Line, b?: Line) =>
  a && b && typeof a.cpu_per_doc_ms === 'number' && typeof b.cpu_per_doc_ms === 'number'
    ? +(a.cpu_per_doc_ms / b.cpu_per_doc_ms).toFixed(3)
    : null;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[(xs.length - 1) >> 1]!;
/**
 * run-1 and run-2 alternate (1, 2, 1, 2, ...), so a change in the machine's load between them
 * moves both: their CPU per document is compared pair by pair, each pair run back to back.
 */
let runPairRatios: number[] = [];
const r: Record<string, Line> = {};
function runPairs(files: string[]): void {
  const one: Line[] = [];
  const two: Line[] = [];
  for (let i = 0; i < REPEATS['run-1']!; i++) {
    one.push(runOnce('run-1', files));
    two.push(runOnce('run-2', files));
  }
  r['run-1'] = medianRun(one, 'run-1');
  r['run-2'] = medianRun(two, 'run-2');
  runPairRatios = one.map((a, i) => cpuRatio(two[i], a)!);
}

const corpus = await benchCorpus();
process.stderr.write(`bench corpus: ${corpus.name}\n`);
for (const c of [
  'floor',
  'read',
  'tiktoken',
  'tokenize',
  'vocab',
  'rare-tokens',
  'filters',
  'filters-warm',
  'filter-fineweb',
  'run-1',
  'language',
  'language-eld',
  'train-10k',
  'quality',
  'minhash',
])
  if (c === 'run-1' && want('run-1') && want('run-2')) runPairs(corpus.files);
  else if (want(c)) r[c] = runCase(c, corpus.files);
if (want('run-2') && !want('run-1')) r['run-2'] = runCase('run-2', corpus.files);

// The dedup stages, each in its own process (its own peak RSS) on the files the one before left.
for (const group of [
  ['minhash-signatures', 'minhash-buckets', 'minhash-clusters'],
  ['exact-hashes', 'exact-merge', 'exact-collect'],
])
  if (want(group[0]!)) for (const c of group) r[c] = runCase(c, corpus.files);
if (want('exact-hashes-spill'))
  r['exact-hashes-spill'] = runCase('exact-hashes-spill', corpus.files);

if (want('minhash-clusters-10M')) {
  runCase('minhash-gen-10M', []);
  r['minhash-clusters-10M'] = runCase('minhash-clusters-10M', []);
}

if (want('memory')) {
  // Memory must not depend on shard size: the same reader, and the same run, over 10 MB and 1 GB.
  // The run lines skip tokenizing (--tokenizer none): tokenizing 1 GB would take ~8 minutes here.
  const small = await generatedShard(10e6);
  const big = await generatedShard(1e9);
  r['read-10MB'] = runCase('read', [small], 'read-10MB');
  r['read-1GB'] = runCase('read', [big], 'read-1GB');
  r['run-10MB'] = runCase('run-1-notok', [small], 'run-notok-10MB');
  r['run-1GB'] = runCase('run-1-notok', [big], 'run-notok-1GB');
}

const cores = availableParallelism();
const perCpu = (a?: Line) =>
  a && typeof a.mb_s === 'number' && typeof a.cpu_per_wall === 'number' && a.cpu_per_wall > 0
    ? +(a.mb_s / a.cpu_per_wall).toFixed(2)
    : null;
/** datatrove's four-filter pipeline against the floor, measured side by side once (see the summary). */
const DATATROVE_TIME_VS_FLOOR = 139;
const speedupVsDatatrove = (a?: Line, floor?: Line) =>
  a && floor ? +((DATATROVE_TIME_VS_FLOOR * floor.seconds) / a.seconds).toFixed(1) : null;
const ratio = (a?: Line, b?: Line) => (a && b ? +(a.seconds / b.seconds).toFixed(2) : null);
process.stdout.write(
  JSON.stringify({
    summary: corpus.name,
    // The native kernels (native/*.c) or the JavaScript twins: every ratio below depends on which.
    kernels: nativeStatus(),
    read_time_vs_floor: ratio(r.read, r.floor),
    tokenize_speedup_vs_tiktoken: ratio(r.tiktoken, r.tokenize),
    tokenize_time_vs_floor: ratio(r.tokenize, r.floor),
    vocab_time_vs_tokenize: ratio(r.vocab, r.tokenize),
    rare_tokens_time_vs_tokenize: ratio(r['rare-tokens'], r.tokenize),
    filters_docs_per_s: r.filters?.docs_s ?? null,
    filters_warm_docs_per_s: r['filters-warm']?.docs_s ?? null,
    filters_time_vs_floor: ratio(r.filters, r.floor),
    // Target (issue 22): filter --preset fineweb with cl100k counts >= 8 MB of JSONL per CPU-second.
    filter_fineweb_mb_s: r['filter-fineweb']?.mb_s ?? null,
    filter_fineweb_mb_per_cpu_s: perCpu(r['filter-fineweb']),
    run1_time_vs_floor: ratio(r['run-1'], r.floor),
    run1_time_vs_filter: ratio(r['run-1'], r['filter-fineweb']),
    run2_speedup_vs_run1: ratio(r['run-1'], r['run-2']),
    // Target (issue 22): two workers spend <= 1.10x one worker's CPU per document (all threads):
    // the median of the pairs' ratios when both ran (alternating), else of the median-time runs.
    run2_cpu_per_doc_vs_run1: runPairRatios.length
      ? median(runPairRatios)
      : cpuRatio(r['run-2'], r['run-1']),
    run2_cpu_per_doc_vs_run1_pairs: runPairRatios,
    run1_cpu_per_doc_ms: r['run-1']?.cpu_per_doc_ms ?? null,
    run2_cpu_per_doc_ms: r['run-2']?.cpu_per_doc_ms ?? null,
    // One worker already keeps `cpu_per_wall` cores busy (zlib, GC and JIT threads beside the
    // worker), and the total work cannot shrink with a second worker, so on `cores` cores two
    // workers can be at most min(2, cores / cpu_per_wall) times faster, before any contention.
    run2_speedup_bound:
      typeof r['run-1']?.cpu_per_wall === 'number'
        ? +Math.min(2, cores / r['run-1'].cpu_per_wall).toFixed(2)
        : null,
    filters_warm_time_vs_floor: ratio(r['filters-warm'], r.floor),
    // The anchor (issue 22): datatrove v0.10.0's pipeline GopherRepetition -> GopherQuality ->
    // C4Quality (no terminal punctuation) -> FineWebQuality in one process did 82.3 docs/s on these
    // 6,200 pages, i.e. 139x the floor's time measured beside it (0.541 s). Targets: the four
    // filters cold <= 4.6x the floor (30x datatrove), warm <= 4x.
    datatrove_pipeline_time_vs_floor: DATATROVE_TIME_VS_FLOOR,
    filters_speedup_vs_datatrove: speedupVsDatatrove(r.filters, r.floor),
    filters_warm_speedup_vs_datatrove: speedupVsDatatrove(r['filters-warm'], r.floor),
    // Targets (issue 21): the language filter >= 2.5 MB/s on one core, backend eld >= 20 MB/s.
    // Per core: MB/s over the CPU share the case got (this shared machine often gives it less than one core).
    language_mb_s: r.language?.mb_s ?? null,
    language_mb_per_cpu_s: perCpu(r.language),
    language_time_vs_floor: ratio(r.language, r.floor),
    language_eld_mb_s: r['language-eld']?.mb_s ?? null,
    language_eld_mb_per_cpu_s: perCpu(r['language-eld']),
    language_eld_time_vs_floor: ratio(r['language-eld'], r.floor),
    // Targets (issue 18): quality alone >= 10 MB/s; train on 10,000 pages <= 60 s and <= 1 GB; model <= 16 MB.
    quality_mb_s: r.quality?.mb_s ?? null,
    quality_mb_per_cpu_s: perCpu(r.quality),
    quality_time_vs_floor: ratio(r.quality, r.floor),
    train_10k_cpu_seconds:
      typeof r['train-10k']?.cpu_per_wall === 'number'
        ? +(r['train-10k'].cpu_per_wall * r['train-10k'].seconds).toFixed(1)
        : null,
    train_10k_seconds: r['train-10k']?.seconds ?? null,
    train_10k_model_mb:
      typeof r['train-10k']?.model_bytes === 'number'
        ? +(r['train-10k'].model_bytes / 1e6).toFixed(2)
        : null,
    // The minhash filter alone (issue 22 item 4): its clusters looked up per document.
    minhash_filter_mb_s: r.minhash?.mb_s ?? null,
    minhash_filter_mb_per_cpu_s: perCpu(r.minhash),
    minhash_filter_time_vs_floor: ratio(r.minhash, r.floor),
    // Targets (issue 20): MinHash signatures >= 4 MB/s per core; the cluster stage on 10M documents < 2 GB.
    minhash_signatures_mb_s: r['minhash-signatures']?.mb_s ?? null,
    minhash_signatures_mb_per_cpu_s: perCpu(r['minhash-signatures']),
    minhash_signatures_time_vs_floor: ratio(r['minhash-signatures'], r.floor),
    minhash_clusters_10M_peak_rss_mb: r['minhash-clusters-10M']?.peak_rss_mb ?? null,
    // Every dedup stage on the corpus: MB of input JSONL per CPU-second, time against the floor.
    dedup_stages: Object.fromEntries(
      [
        'minhash-signatures',
        'minhash-buckets',
        'minhash-clusters',
        'exact-hashes',
        'exact-hashes-spill',
        'exact-merge',
        'exact-collect',
      ]
        .filter((c) => r[c])
        .map((c) => [
          c,
          {
            mb_per_cpu_s: perCpu(r[c]),
            time_vs_floor: ratio(r[c], r.floor),
            peak_rss_mb: r[c]!.peak_rss_mb,
          },
        ]),
    ),
    peak_rss_mb: Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v.peak_rss_mb])),
  }) + '\n',
);
