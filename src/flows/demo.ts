/**
 * The `demo` flow: winnow's whole loop on the bundled fixtures, through the flows a user's
 * commands call, each step told in a few lines. The fixture annotators (demo-labels.ts) stand in
 * for people wherever a person would label.
 *
 * The learned screen: the heuristics' dry run → a quality model trained on the fixtures' labels
 * → an uncertainty round (the pages it is least sure of, labeled) → the model retrained → a
 * stratified sample of the config with the model, labeled → the audit → `run` behind the gate →
 * the report (the model's ROC curve beside the heuristics', what it weighs most).
 * Deduplication: MinHash clusters → a run with the `minhash` filter → pairs sampled from the
 * clusters, labeled from the planted truth → the false-merge audit → the report's dedup section.
 */
import { GateError } from '../errors.ts';
import { DEFAULT_READ } from '../io/reader.ts';
import * as store from '../io/store.ts';
import { count } from './count.ts';
import { dedupMinhash } from './dedup.ts';
import { auditPairs, samplePairs } from './dedup-pairs.ts';
import { labelDocuments, labelPairs } from './demo-labels.ts';
import { filter } from './filter.ts';
import { loadConfig, type LoadedConfig } from './load-config.ts';
import { report } from './report.ts';
import { run, type FilterRunOptions } from './run.ts';
import { sample } from './sample.ts';
import { audit } from './audit.ts';
import { train } from './train.ts';
import { sampleUncertainty } from './uncertainty-sample.ts';

export interface DemoOptions {
  /** The output folder (replaced). */
  dir: string;
  /** The fixtures folder (shards/, labels/). */
  fixtures: string;
  /** Where the story goes, a few lines per step. */
  log: (text: string) => void;
  /** Worker threads of the runs (default 1). */
  workers?: number;
  /** Time stamped on the reports (ISO 8601; default now). */
  generatedAt?: string;
}

export interface DemoResult {
  /** Cross-fitted AUC of the first and the retrained model, and their training labels. */
  models: { labels: number; auc: number }[];
  /** The audit of the learned config: its verdict, and whether `run` passed the gate. */
  gate: { pass: boolean; fdrUpper: number | null; maxFdr: number; audited: boolean };
  /** The pair audit: labeled pairs, those judged not duplicates, the estimate over all clustered pairs. */
  pairs: { labeled: number; notDuplicate: number; rate: number; upper: number; population: number };
  /** Files written, relative to `dir`. */
  outputs: string[];
}

const pct = (x: number | null): string =>
  x === null || !Number.isFinite(x) ? '–' : `${(100 * x).toFixed(1)} %`;
const auc = (m: { estimate: number; lo: number; hi: number }) =>
  `${m.estimate.toFixed(3)} [${m.lo.toFixed(3)}, ${m.hi.toFixed(3)}]`;

/**
 * The fineweb stack (its four filters as the preset has them) with the learned screen beside it,
 * at p_bad > 0.8: at 0.5 the model adds false drops that, with the annotators' own 5 % of wrong
 * labels, put the audit's FDR bound just over 10 % (measured: 10.3 % on 400 labels).
 */
const LEARNED_CONFIG = `# The fineweb preset's filters, and the quality model trained on the fixtures' labels.
tokenizer: none
filters:
  - gopher_repetition
  - gopher_quality
  - c4_quality: { filter_no_terminal_punct: false }
  - fineweb_quality
  - quality: { model: model.wnm, max_p_bad: 0.8 }
`;

/** Keeps one document of each MinHash cluster of `clusters` (a folder of winnow dedup minhash). */
const dedupConfig = (clusters: string) => `# Keep one document of each MinHash cluster (${clusters}).
tokenizer: none
filters:
  - minhash: { clusters: ${JSON.stringify(clusters)} }
`;

/** What every step shares: where things are, how to tell the story, what was written. */
interface Ctx {
  at: (p: string) => string;
  say: (title: string, ...lines: string[]) => void;
  wrote: (...ps: string[]) => void;
  shards: string;
  read: typeof DEFAULT_READ;
  workers: number;
  generatedAt: string;
}

/** A filter or run of a loaded config, gate closed unless opened. */
const base = (l: LoadedConfig): FilterRunOptions => ({
  config: l.config, vocabulary: l.vocabulary, models: l.models, fingerprint: l.fingerprint, gate: {},
  read: DEFAULT_READ,
});

const trainOn = (labels: string, out: string, report: string) =>
  train({ labels, labelField: 'label', textField: 'text', badValues: ['bad'], goodValues: ['good'], out, report });

export async function demo(o: DemoOptions): Promise<DemoResult> {
  await store.removeFolder(o.dir);
  const outputs: string[] = [];
  const x: Ctx = {
    at: (p) => store.join(o.dir, p),
    say: (title, ...lines) => o.log(`\n# ${title}\n${lines.map((l) => `  ${l}\n`).join('')}`),
    wrote: (...ps) => void outputs.push(...ps),
    shards: store.join(o.fixtures, 'shards'),
    read: DEFAULT_READ,
    workers: o.workers ?? 1,
    generatedAt: o.generatedAt ?? new Date().toISOString(),
  };
  const c = await count({ shards: [x.shards], tokenizer: 'none', read: x.read });
  x.say('The corpus', `${c.total.docs} documents in ${c.shards.length} shards (fixtures/shards: ` +
    'generated web pages, 68 % articles, 32 % junk of eleven kinds).');
  await heuristics(x);
  const learned = await learnedLoop(x, store.join(o.fixtures, 'labels', 'labels.jsonl'));
  const pairs = await dedupLoop(x, store.join(o.fixtures, 'labels', 'planted-pairs.jsonl'));
  o.log(`\nEverything is in ${o.dir}/: open report.html and dedup-report.html in a browser.\n`);
  return { ...learned, pairs, outputs };
}

/** The heuristics alone: what they would drop, and the gate refusing a drop nobody audited. */
async function heuristics(x: Ctx): Promise<void> {
  const fineweb = await loadConfig({ preset: 'fineweb', tokenizer: 'none' });
  const dry = await filter({
    ...base(fineweb), shards: [x.shards], dryRun: true, decisions: x.at('fineweb-decisions.jsonl'),
    stats: x.at('fineweb-dry.json'), errors: x.at('errors.jsonl'),
  });
  x.wrote('fineweb-decisions.jsonl', 'fineweb-dry.json');
  let refused = '(not refused!)';
  try {
    await filter({ ...base(fineweb), shards: [x.shards], out: x.at('refused'), errors: x.at('errors.jsonl') });
  } catch (e) {
    if (!(e instanceof GateError)) throw e;
    refused = e.message.split('\n')[0]!;
  }
  x.say('The FineWeb heuristics (Gopher, C4, FineWeb quality), dry run',
    `would drop ${dry.stats.docs.dropped} of ${dry.stats.docs.in} documents; decisions with every reason ` +
      'in fineweb-decisions.jsonl.',
    `dropping for real without an audit is refused: ${refused}`);
}

/**
 * label → train → uncertainty round → retrain → sample → label → audit → run behind the gate →
 * report with the learned screen beside the heuristics.
 */
async function learnedLoop(x: Ctx, seedLabels: string): Promise<Omit<DemoResult, 'pairs' | 'outputs'>> {
  const { at, say } = x;
  // label → train: the fixtures' 300 labeled pages (annotator A in `label`).
  const m1 = await trainOn(seedLabels, at('model-1.wnm'), at('train-1.json'));
  x.wrote('model-1.wnm', 'train-1.json');
  say('Train a quality screen on the 300 labeled fixture pages (hashed word n-grams, logistic regression)',
    `cross-fitted ROC AUC ${auc(m1.metrics.auc)} (10 folds, on the training labels).`,
    `weighs toward bad: ${m1.top.bad.slice(0, 6).map((g) => g.ngram).join(', ')}`,
    `weighs toward good: ${m1.top.good.slice(0, 6).map((g) => g.ngram).join(', ')}`);

  // An uncertainty round: the pages the model is least sure of, labeled, then retrain on both.
  const u = await sampleUncertainty({
    shards: [x.shards], model: at('model-1.wnm'), n: 100, threshold: 0.5, exclude: [seedLabels],
    out: at('uncertain.jsonl'), strataOut: at('uncertain.strata.json'), read: x.read,
  });
  const ul = await labelDocuments(at('uncertain.jsonl'), at('uncertain-labels.jsonl'));
  const both = [await store.read(seedLabels), await store.read(at('uncertain-labels.jsonl'))];
  await store.writeAtomic(at('train-labels.jsonl'), Buffer.concat(both));
  const m2 = await trainOn(at('train-labels.jsonl'), at('model.wnm'), at('train.json'));
  x.wrote('uncertain.jsonl', 'uncertain-labels.jsonl', 'train-labels.jsonl', 'model.wnm', 'train.json');
  say('Uncertainty round: the 100 pages whose p_bad is nearest 0.5, labeled by the fixture annotators, then retrain',
    `chosen from ${u.seen} documents (${u.excluded} already labeled, ${u.duplicates} repeated text(s) ` +
      `skipped); ${ul.bad} labeled bad.`,
    `retrained on ${m2.metrics.n} labels: cross-fitted AUC ${auc(m2.metrics.auc)}, measured on a harder ` +
      'set (the added pages are those the first model was least sure of).',
    'an uncertainty sample is for training only: the audit refuses it, and needs a fresh sample.');

  // The config with the model, a stratified sample of it, labeled, and the audit.
  await store.writeAtomic(at('learned.yaml'), LEARNED_CONFIG);
  const learned = await loadConfig({ config: at('learned.yaml') });
  const dry = await filter({
    ...base(learned), shards: [x.shards], dryRun: true, decisions: at('learned-decisions.jsonl'),
    stats: at('learned-dry.json'), errors: at('errors.jsonl'),
  });
  // 600 labels: the annotators are wrong on 5 % of pages, so a 10 % FDR bound needs many flagged labels.
  const s = await sample({
    shards: [x.shards], config: learned.config, models: learned.models, fingerprint: learned.fingerprint,
    n: 600, seed: 1, out: at('to-label.jsonl'), design: 'doc', read: x.read,
  });
  const sl = await labelDocuments(at('to-label.jsonl'), at('labels.jsonl'));
  const a = await audit({
    config: learned.config, models: learned.models, fingerprint: learned.fingerprint,
    labels: at('labels.jsonl'), labelField: 'label', secondLabelField: 'label_b', textField: 'text',
    stats: at('learned-dry.json'), maxFdr: 0.1, alpha: 0.05, out: at('audit.json'),
  });
  x.wrote('learned.yaml', 'learned-decisions.jsonl', 'learned-dry.json', 'to-label.jsonl',
    'to-label.strata.json', 'labels.jsonl', 'audit.json');
  const v = a.result.verdict;
  say('Audit the heuristics plus the learned screen on a fresh stratified sample (learned.yaml)',
    `the config would drop ${dry.stats.docs.dropped} documents; sampled ${s.sampled} in ` +
      `${s.strata.length} strata, labeled by two annotators (${sl.bad} bad).`,
    `FDR ${pct(a.result.metrics.fdr?.estimate ?? null)}, one-sided 95 % upper bound ${pct(v.fdr_upper)} ` +
      `against a budget of ${pct(v.max_fdr)}: ${v.pass ? 'PASS' : 'FAIL'}.`,
    ...(a.result.projection?.sentence ? [a.result.projection.sentence] : []));

  const r = await run({ ...base(learned), gate: { audit: at('audit.json') }, input: [x.shards], out: at('run'), workers: x.workers });
  x.wrote('run/');
  const st = r.stats!;
  say('Drop, behind the audit gate', `audited: ${st.audited}; kept ${st.docs.kept}, dropped ` +
    `${st.docs.dropped}, errors ${st.docs.errors} (run/: kept, dropped with reasons, stats.json).`);

  const rep = await report({
    input: at('run'), audit: at('audit.json'), config: { config: at('learned.yaml') }, examples: 3,
    excerptChars: 600, textField: 'text', idField: 'id', generatedAt: x.generatedAt,
    outs: [at('report.html'), at('report.md')],
  });
  const panel = rep.summary.learned;
  x.wrote('report.html', 'report.md');
  const curves = panel?.roc.slice(0, 4).map((c) => `${c.attr} ${c.auc.estimate?.toFixed(2)}`).join(', ');
  say('The pruning report (report.html; report.md for a terminal)',
    `funnel, drops per rule, the audit; ROC AUC on the audit labels: ${curves ?? 'none'}` +
      `${panel?.roc[0]?.learned ? ' (the learned screen separates best)' : ''}; the model's top n-grams.`);
  return {
    models: [m1, m2].map((m) => ({ labels: m.metrics.n, auc: m.metrics.auc.estimate })),
    gate: { pass: v.pass, fdrUpper: v.fdr_upper, maxFdr: v.max_fdr, audited: st.audited },
  };
}

/** dedup minhash → run with the minhash filter → sample --pairs → labels → audit pairs → report. */
async function dedupLoop(x: Ctx, truth: string): Promise<DemoResult['pairs']> {
  const { at, say } = x;
  const dd = await dedupMinhash({ inputs: [x.shards], out: at('dedup') });
  await store.writeAtomic(at('dedup.yaml'), dedupConfig(at('dedup')));
  const cfg = await loadConfig({ config: at('dedup.yaml') });
  const dr = await run({ ...base(cfg), gate: { unaudited: true }, input: [x.shards], out: at('dedup-run'), workers: x.workers });
  x.wrote('dedup/', 'dedup.yaml', 'dedup-run/');
  const sizes = Object.entries(dd.summary?.sizes ?? {}).map(([k, n]) => `${n}×${k}`).join(' ');
  say('MinHash near-duplicates (datatrove: 5-grams, 14 buckets × 8 hashes), then a run with the minhash filter',
    `${dd.summary?.documents} documents in ${dd.summary?.clusters} clusters (sizes ${sizes}); the run ` +
      `drops ${dr.stats?.docs.dropped} as minhash/duplicate.`,
    'the gate takes document audits; this run says --unaudited, and the pairs below are its audit.');

  const ps = await samplePairs({ clusters: at('dedup'), inputs: [x.shards], n: 60, seed: 1, out: at('pairs.jsonl'), read: x.read });
  const pl = await labelPairs(at('pairs.jsonl'), at('pair-labels.jsonl'), truth);
  const pa = await auditPairs({ labels: at('pair-labels.jsonl') });
  await store.writeAtomic(at('pairs-audit.json'), `${JSON.stringify(pa, null, 2)}\n`);
  x.wrote('pairs.jsonl', 'pairs.strata.json', 'pair-labels.jsonl', 'pair-labels.strata.json', 'pairs-audit.json');
  say('Audit the merges: (kept, removed) pairs sampled from the clusters, labeled from the planted truth',
    `${ps.sampled} of ${ps.population} pairs; ${pl.notDuplicate} judged not duplicates, ${pl.sameShingles} ` +
      "of them with exact 5-gram Jaccard 1 though their texts differ (MinHash's text normalisation " +
      'makes some lists and tables of numbers the same words).',
    `false-merge rate ${pct(pa.rate)} [${pct(pa.interval[0])}, ${pct(pa.interval[1])}], one-sided upper ` +
      `bound ${pct(pa.upper)}; MinHash's Jaccard estimate is off the exact one by ` +
      `${pa.jaccardMeanAbsError.toFixed(3)} on average.`);

  const rep = await report({
    input: at('dedup-run'), config: { config: at('dedup.yaml') }, dedupInputs: [x.shards], planted: truth,
    examples: 2, excerptChars: 300, textField: 'text', idField: 'id', generatedAt: x.generatedAt,
    outs: [at('dedup-report.html'), at('dedup-report.md')],
  });
  const dedup = rep.summary.dedup!;
  x.wrote('dedup-report.html', 'dedup-report.md');
  const detected = dedup.s_curve.detected.map((d) => `${d.jaccard} ${Math.round(100 * d.share)} %`).join(', ');
  say('The dedup report (dedup-report.html)', 'cluster sizes, the largest clusters with an excerpt, the ' +
    `S-curve with the share of planted pairs detected per Jaccard level: ${detected}.`);
  return { labeled: pa.labeled, notDuplicate: pa.notDuplicate, rate: pa.rate, upper: pa.upper, population: pa.population };
}
