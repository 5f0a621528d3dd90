/**
 * One benchmark case per process (so peak RSS is the case's own): compiled to dist-bench/,
 * `node dist-bench/cases.js <case> <files..>` prints one JSON line.
 */
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { get_encoding } from 'tiktoken';
import { countShard } from '../dist/flows/count.js';
import { main } from '../dist/cli/main.js';
import { presetConfig } from '../dist/config/config.js';
import { createEvaluator } from '../dist/rules/evaluator.js';
import { readShard, type ShardItem } from '../dist/io/reader.js';
import { vocabCounter } from '../dist/vocab/build.js';
import { decodeVocabulary, emptyVocabulary, encodeVocabulary } from '../dist/vocab/vocabulary.js';
import { openSession } from '../dist/exec/session.js';
import { loadLanguageModels } from '../dist/lid/models.js';
import { createFilter } from '../dist/scorers/registry.js';
import { scoreItems } from '../dist/rules/score-step.js';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { threadCpuSeconds } from '../dist/io/thread-cpu.js';
import { openBytes } from '../dist/io/source.js';
import { trainModel } from '../dist/train/train.js';
import { featureWords } from '../dist/train/features.js';
import { serializeModel } from '../dist/formats/model.js';
import { loadModels } from '../dist/flows/models.js';
import { dedupMinhash } from '../dist/flows/dedup.js';
import { preloadClusterIndexes } from '../dist/dedup/cluster-cache.js';
import { resolveShards } from '../dist/io/shards.js';
import { tmpdir } from 'node:os';
import { signRank } from '../dist/dedup/stage-signatures.js';
import { mergeClusters, reducePart } from '../dist/dedup/stage-clusters.js';
import { findPairs } from '../dist/dedup/stage-buckets.js';
import { hashRank } from '../dist/dedup/exact-hash.js';
import { collectFindings, mergePart } from '../dist/dedup/exact-merge.js';
import { configName, DEFAULT_MINHASH } from '../dist/dedup/config.js';
import { minhashLayout } from '../dist/dedup/layout.js';
import { PAIR_BYTES, serializeMinhashFile } from '../dist/formats/minhash.js';
import { serializeManifest } from '../dist/formats/minhash-manifest.js';
import { mulberry32 } from '../dist/audit/random.js';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { join } from 'node:path';

/**
 * What a case did; `seconds` replaces the case's wall time when it times only part of its work,
 * and `cpuSeconds` its CPU time likewise.
 */
interface Tally {
  docs: number;
  bytes: number;
  textBytes: number;
  tokens: number;
  seconds?: number;
  cpuSeconds?: number;
  /** Text bytes are counted after the clock (see `countText`). */
  textAfter?: boolean;
  extra?: Record<string, unknown>;
}
type Case = (files: string[]) => Promise<Tally>;

/** The floor: read + gunzip + split on LF + JSON.parse, nothing else (hand-rolled here on purpose). */
async function* floorTexts(files: string[], t: Tally): AsyncGenerator<string> {
  for (const f of files) {
    const raw = createReadStream(f, { highWaterMark: 1 << 20 });
    const src = f.endsWith('.gz') ? raw.pipe(createGunzip({ chunkSize: 1 << 20 })) : raw;
    let rest: Buffer = Buffer.alloc(0);
    for await (const chunk of src as AsyncIterable<Buffer>) {
      const buf = rest.length ? Buffer.concat([rest, chunk]) : chunk;
      let start = 0;
      for (let nl = buf.indexOf(10); nl !== -1; nl = buf.indexOf(10, start)) {
        t.bytes += nl - start + 1;
        if (nl > start) {
          const rec = JSON.parse(buf.toString('utf8', start, nl));
          t.docs++;
          yield rec.text as string;
        }
        start = nl + 1;
      }
      rest = buf.subarray(start);
    }
  }
}

const tally = (): Tally => ({
  docs: 0,
  bytes: 0,
  textBytes: 0,
  tokens: 0,
});

/**
 * Marks the tally's text bytes (the text MB/s figure) to be counted by a pass after the clock
 * (`textBytesOf`). Counting them per document inside the case cost more than it measured: the
 * two process.cpuUsage calls that took Buffer.byteLength's time back out were 12 % of the filters
 * case's CPU profile once the filters were native.
 */
function countText(t: Tally, _text: string): void {
  t.textAfter = true;
}

/** The UTF-8 bytes of the files' texts, read again by the floor's reader (untimed). */
async function textBytesOf(files: string[]): Promise<number> {
  let bytes = 0;
  for await (const text of floorTexts(files, tally())) bytes += Buffer.byteLength(text);
  return bytes;
}

/** The language filter alone (`--tokenizer none`); loading the model (once per process) is not timed. */
async function languagePass(files: string[], options: Record<string, unknown>): Promise<Tally> {
  const config = {
    tokenizer: 'none' as const,
    vocabulary: null,
    filters: [{ name: 'language', options: createFilter('language', options).options }],
    rules: [],
  };
  await loadLanguageModels(config);
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const t = await filterPass(files, config);
  const cpu = process.cpuUsage(cpu0);
  return {
    ...t,
    seconds: Number(process.hrtime.bigint() - t0) / 1e9,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
  };
}

/**
 * One pass of a config's filters (by default the fineweb preset's four) over the files,
 * `--tokenizer none`; `names` (the shard names a dedup run gave the files) default to the paths.
 */
async function filterPass(
  files: string[],
  config: Parameters<typeof createEvaluator>[0] = { ...presetConfig('fineweb'), tokenizer: 'none' },
  resources: Parameters<typeof createEvaluator>[1] = {},
  names: string[] = files,
): Promise<Tally> {
  const t = tally();
  const evaluator = createEvaluator(config, resources);
  for (const [k, f] of files.entries()) {
    for await (const item of scoreItems(readShard({ path: f, name: names[k]! }), evaluator, null)) {
      if (item.kind !== 'scored') continue;
      t.docs++;
      t.bytes += item.doc.raw.length + 1;
      countText(t, item.doc.text);
    }
  }
  return t;
}

const CASES: Record<string, Case> = {
  async floor(files) {
    const t = tally();
    for await (const text of floorTexts(files, t)) t.textBytes += text.length;
    return t;
  },
  /** winnow's reader as `count --tokenizer none` uses it. */
  async read(files) {
    const t = tally();
    for (const f of files) {
      const c = await countShard({ path: f, name: f }, { onDoc: (b) => (t.bytes += b) });
      t.docs += c.docs;
      t.textBytes += c.bytes;
    }
    return t;
  },
  /** Plain tiktoken encode_ordinary, document by document, over the floor reader. */
  async tiktoken(files) {
    const t = tally();
    const enc = get_encoding('cl100k_base');
    try {
      for await (const text of floorTexts(files, t)) {
        countText(t, text);
        t.tokens += enc.encode_ordinary(text).length;
      }
    } finally {
      enc.free();
    }
    return t;
  },
  /** winnow count with the cl100k tokenizer. */
  async tokenize(files) {
    const t = tally();
    const { openTokenizer } = await import('../dist/tokenize/tokenizer.js');
    const tok = openTokenizer('cl100k_base');
    try {
      for (const f of files) {
        const c = await countShard(
          { path: f, name: f },
          { tokenizer: tok, onDoc: (b) => (t.bytes += b) },
        );
        t.docs += c.docs;
        t.textBytes += c.bytes;
        t.tokens += c.tokens ?? 0;
      }
    } finally {
      tok.free();
    }
    return t;
  },
  /** The four datatrove-parity filters (fineweb preset), no tokenizer: read + words + statistics + rules. */
  async filters(files) {
    return filterPass(files);
  },
  /**
   * The same, after one untimed pass in the same process: the steady state a long run sees, once
   * the JIT has compiled the hot code (the cold pass above pays that on these 6,200 pages).
   */
  async 'filters-warm'(files) {
    await filterPass(files);
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const t = await filterPass(files);
    const cpu = process.cpuUsage(cpu0);
    return {
      ...t,
      seconds: Number(process.hrtime.bigint() - t0) / 1e9,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
    };
  },
  /** winnow vocab: tokenize and count every token id. */
  async vocab(files) {
    const t = tally();
    const { openTokenizer } = await import('../dist/tokenize/tokenizer.js');
    const tok = openTokenizer('cl100k_base');
    try {
      // The counter reads its shards itself (readDocs), so the JSONL bytes are counted by a pass
      // before the clock starts, and documents and text as they reach the encoder.
      for (const f of files)
        for await (const item of tap(readShard({ path: f, name: f }), tally()))
          if (item.kind === 'doc') t.bytes += item.doc.raw.length + 1;
      const cpu0 = process.cpuUsage();
      const t0 = process.hrtime.bigint();
      const counter = vocabCounter(emptyVocabulary('cl100k_base'), (text) => {
        t.docs++;
        countText(t, text);
        return tok.encode(text).ids;
      });
      for (const f of files) await counter.add({ path: f, name: f });
      const v = counter.finish();
      t.seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      const cpu = process.cpuUsage(cpu0);
      t.cpuSeconds = (cpu.user + cpu.system) / 1e6;
      t.tokens = v.total;
      writeFileSync(BENCH_VOCAB, encodeVocabulary(v));
    } finally {
      tok.free();
    }
    return t;
  },
  /** The rare_tokens scorer alone (vocabulary from the vocab case), tokenizing included. */
  async 'rare-tokens'(files) {
    const t = tally();
    const vocabulary = decodeVocabulary(readFileSync(BENCH_VOCAB));
    const session = openSession(
      {
        tokenizer: 'cl100k_base',
        vocabulary: BENCH_VOCAB,
        filters: [{ name: 'rare_tokens', options: {} }],
        rules: [],
      },
      vocabulary,
    );
    try {
      for (const f of files) {
        for await (const item of scoreItems(
          tap(readShard({ path: f, name: f }), t),
          session.evaluator,
          session.tokenizer,
        )) {
          if (item.kind === 'scored') t.tokens += item.tokens ?? 0;
        }
      }
    } finally {
      session.close();
    }
    return t;
  },
  /**
   * winnow train on 10,000 labeled pages made from the web pages deterministically: every page,
   * then the second half (by lines) of the first 3,800 as pages of their own; a page is labeled bad
   * when the fineweb preset would drop it. Times the training alone (features, 10-fold CV over the
   * λ grid, final fit, model bytes); writes the model for the quality case.
   */
  async 'train-10k'(files) {
    const t = tally();
    const evaluator = createEvaluator({ ...presetConfig('fineweb'), tokenizer: 'none' });
    const pages: string[] = [];
    for await (const text of floorTexts(files, t)) pages.push(text);
    const halves = pages.slice(0, 10_000 - pages.length).map((p) => {
      const lines = p.split('\n');
      return lines.slice(lines.length >> 1).join('\n');
    });
    const labels = [...pages, ...halves]
      .map((text, i) => ({
        text,
        bad: (evaluator.evaluate(text).reasons.length > 0 ? 1 : 0) as 0 | 1,
        line: i + 1,
      }))
      .filter((l) => featureWords(l.text).length > 0);
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const r = await trainModel(labels, {
      classes: { label_field: 'label', bad_values: ['bad'], good_values: ['good'] },
    });
    const bytes = serializeModel(r.model);
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const cpu = process.cpuUsage(cpu0);
    writeFileSync(BENCH_MODEL, bytes);
    return {
      docs: labels.length,
      bytes: t.bytes,
      textBytes: 0,
      tokens: 0,
      seconds,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      extra: {
        model_bytes: bytes.length,
        weights: r.model.buckets.length,
        bad: r.metrics.bad,
        lambda: r.cv.lambda,
        threads: r.threads,
        cv_passes: r.cv.passes,
        final_passes: r.cv.final_passes,
        cv_auc: +r.metrics.auc.estimate.toFixed(4),
      },
    };
  },
  /** The quality filter alone (the train-10k case's model), `--tokenizer none`: read + words + hashing + dot product. */
  async quality(files) {
    const config = {
      tokenizer: 'none' as const,
      vocabulary: null,
      filters: [{ name: 'quality', options: { model: BENCH_MODEL, max_p_bad: 0.5 } }],
      rules: [],
    };
    const { models } = await loadModels(config);
    return filterPass(files, config, { models });
  },
  /** The language filter on the bundled lid.176.ftz (our TypeScript fastText predictor). */
  language: (files) => languagePass(files, {}),
  /** The language filter with `backend: eld` (triage). */
  'language-eld': (files) => languagePass(files, { backend: 'eld' }),
  /**
   * The minhash filter alone, `--tokenizer none`: read + each document's cluster looked up. Its
   * clusters (`dedup minhash` on the same files, all stages) are made and loaded before the clock.
   */
  async minhash(files) {
    const dir = mkdtempSync(join(tmpdir(), 'winnow-bench-minhash-filter-'));
    try {
      await dedupMinhash({ inputs: files, out: dir });
      const shards = await resolveShards(files);
      const config = {
        tokenizer: 'none' as const,
        vocabulary: null,
        filters: [{ name: 'minhash', options: createFilter('minhash', { clusters: dir }).options }],
        rules: [],
      };
      await preloadClusterIndexes(config);
      const cpu0 = process.cpuUsage();
      const t0 = process.hrtime.bigint();
      const t = await filterPass(
        shards.map((s) => s.path),
        config,
        {},
        shards.map((s) => s.name),
      );
      const cpu = process.cpuUsage(cpu0);
      return {
        ...t,
        seconds: Number(process.hrtime.bigint() - t0) / 1e9,
        cpuSeconds: (cpu.user + cpu.system) / 1e6,
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
  /**
   * MinHash stage 1 in one rank: every signature, then 14 sorted bucket files written; the last
   * of its runs leaves them (and the corpus's bytes) for the next two stages' cases.
   */
  async 'minhash-signatures'(files) {
    const t = tally();
    rmSync(BENCH_DEDUP_MINHASH, { recursive: true, force: true });
    const shards = files.map((f) => ({ path: f, name: f }));
    await signRank({
      shards,
      dir: BENCH_DEDUP_MINHASH,
      config: DEFAULT_MINHASH,
      rank: 0,
      world: 1,
      onDoc: (b) => ((t.docs += 1), (t.bytes += b)),
    });
    writeFileSync(
      join(BENCH_DEDUP_MINHASH, 'bench.json'),
      JSON.stringify({ docs: t.docs, bytes: t.bytes }),
    );
    return t;
  },
  /** MinHash stage 2 over the signatures of the corpus (14 bucket tasks); MB/s of the corpus's bytes. */
  async 'minhash-buckets'() {
    for (let b = 0; b < 14; b++)
      await findPairs({ dir: BENCH_DEDUP_MINHASH, bucket: b, range: 0, ranges: 1 });
    return corpusTally(BENCH_DEDUP_MINHASH);
  },
  /** MinHash stage 3 (14 parts, then the merge) over the corpus's pairs. */
  async 'minhash-clusters'() {
    for (let p = 0; p < 14; p++) await reducePart({ dir: BENCH_DEDUP_MINHASH, part: p, parts: 14 });
    await mergeClusters({ dir: BENCH_DEDUP_MINHASH, parts: 14 });
    const t = corpusTally(BENCH_DEDUP_MINHASH);
    rmSync(BENCH_DEDUP_MINHASH, { recursive: true, force: true });
    return t;
  },
  /** Exact dedup stage 1 in one rank (8 partitions, the default 256 MiB sort memory). */
  async 'exact-hashes'(files) {
    const t = tally();
    rmSync(BENCH_DEDUP_EXACT, { recursive: true, force: true });
    const shards = files.map((f) => ({ path: f, name: f }));
    const r = await hashRank({
      shards,
      dir: BENCH_DEDUP_EXACT,
      minParagraph: 20,
      rank: 0,
      world: 1,
      parts: 8,
      onDoc: (b) => ((t.docs += 1), (t.bytes += b)),
    });
    writeFileSync(
      join(BENCH_DEDUP_EXACT, 'bench.json'),
      JSON.stringify({ docs: t.docs, bytes: t.bytes }),
    );
    return { ...t, extra: { records: r.records, spills: r.spills } };
  },
  /** The same with a 4 MiB sort budget: every rank's sort spills runs to disk and merges them. */
  async 'exact-hashes-spill'(files) {
    const t = tally();
    const dir = mkdtempSync(join(tmpdir(), 'winnow-bench-exact-spill-'));
    const shards = files.map((f) => ({ path: f, name: f }));
    try {
      const r = await hashRank({
        shards,
        dir,
        minParagraph: 20,
        rank: 0,
        world: 1,
        parts: 8,
        memory: 4 << 20,
        onDoc: (b) => ((t.docs += 1), (t.bytes += b)),
      });
      return { ...t, extra: { records: r.records, spills: r.spills } };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
  /** Exact dedup stage 2: the 8 partitions merged, findings sorted. */
  async 'exact-merge'() {
    let duplicates = 0;
    let paragraphs = 0;
    for (let p = 0; p < 8; p++) {
      const r = await mergePart({ dir: BENCH_DEDUP_EXACT, part: p });
      duplicates += r.duplicates;
      paragraphs += r.duplicate_paragraphs;
    }
    return {
      ...corpusTally(BENCH_DEDUP_EXACT),
      extra: { duplicates, duplicate_paragraphs: paragraphs },
    };
  },
  /** Exact dedup stage 3: exact.jsonl from the partitions' findings. */
  async 'exact-collect'() {
    await collectFindings({ dir: BENCH_DEDUP_EXACT });
    const t = corpusTally(BENCH_DEDUP_EXACT);
    rmSync(BENCH_DEDUP_EXACT, { recursive: true, force: true });
    return t;
  },
  /** Untimed set-up of the next case: the bucket pairs a 10M-document corpus gives (see `writeGeneratedPairs`). */
  async 'minhash-gen-10M'() {
    writeGeneratedPairs(BENCH_MINHASH, 10_000_000, 1_000_000);
    return { ...tally(), docs: 10_000_000 };
  },
  /** MinHash stage 3 (14 parts, then the merge) over the pairs of 10M documents: its peak RSS is the point. */
  async 'minhash-clusters-10M'() {
    for (let p = 0; p < 14; p++) await reducePart({ dir: BENCH_MINHASH, part: p, parts: 14 });
    const s = await mergeClusters({ dir: BENCH_MINHASH, parts: 14 });
    if (s.documents !== 3_000_000 || s.removed !== 2_000_000)
      throw new Error(`unexpected clusters: ${JSON.stringify(s)}`);
    rmSync(BENCH_MINHASH, { recursive: true, force: true });
    return { ...tally(), docs: 10_000_000 };
  },
  'filter-fineweb': (files) => cliCase(files, ['filter', '--preset', 'fineweb', '--unaudited']),
  'run-1': (files) =>
    cliCase(files, ['run', '--preset', 'fineweb', '--unaudited', '--workers', '1'], true),
  'run-2': (files) =>
    cliCase(files, ['run', '--preset', 'fineweb', '--unaudited', '--workers', '2'], true),
  'run-1-notok': (files) =>
    cliCase(
      files,
      ['run', '--preset', 'fineweb', '--unaudited', '--workers', '1', '--tokenizer', 'none'],
      true,
    ),
  'run-2-notok': (files) =>
    cliCase(
      files,
      ['run', '--preset', 'fineweb', '--unaudited', '--workers', '2', '--tokenizer', 'none'],
      true,
    ),
};

/** Where the first stage's case leaves its files for the next stages' cases. */
const BENCH_DEDUP_MINHASH = join(tmpdir(), 'winnow-bench-minhash-pages');
const BENCH_DEDUP_EXACT = join(tmpdir(), 'winnow-bench-exact-pages');

/** A later stage's tally: the corpus's documents and bytes, as its first stage counted them. */
function corpusTally(dir: string): Tally {
  const c = JSON.parse(readFileSync(join(dir, 'bench.json'), 'utf8')) as {
    docs: number;
    bytes: number;
  };
  return { ...tally(), docs: c.docs, bytes: c.bytes };
}

/** Where minhash-gen-10M leaves its pairs for minhash-clusters-10M. */
const BENCH_MINHASH = join(tmpdir(), 'winnow-bench-minhash-10M');

/**
 * The buckets stage's output for `docs` documents (100 shards) of which `clusters` × 3 are
 * near-duplicates in clusters of three, each cluster seen in a bucket with probability 0.8 and
 * its members in random order there (a run of equal signatures gives its neighbour pairs).
 */
function writeGeneratedPairs(dir: string, docs: number, clusters: number): void {
  rmSync(dir, { recursive: true, force: true });
  const layout = minhashLayout(dir);
  const config = configName(DEFAULT_MINHASH);
  const perShard = docs / 100;
  const write = (path: string, data: string | Buffer) => {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, data);
  };
  write(
    layout.manifest,
    serializeManifest({
      config,
      minhash: DEFAULT_MINHASH,
      world: 1,
      shards: Array.from({ length: 100 }, (_, i) => `s${i}.jsonl`),
    }),
  );
  write(layout.signaturesDone(0), '{}\n');
  const rand = mulberry32(99);
  // 7919 is coprime with 10^7: a bijection that scatters cluster members over the shards.
  const doc = (k: number) => (k * 7919 + 13) % docs;
  for (let b = 0; b < 14; b++) {
    const w = new Uint32Array(clusters * 2 * 4);
    let n = 0;
    for (let c = 0; c < clusters; c++) {
      if (rand() >= 0.8) continue;
      const m = [doc(3 * c), doc(3 * c + 1), doc(3 * c + 2)].sort(() => rand() - 0.5);
      for (let k = 0; k < 2; k++) {
        w.set(
          [
            Math.floor(m[k]! / perShard),
            (m[k]! % perShard) + 1,
            Math.floor(m[k + 1]! / perShard),
            (m[k + 1]! % perShard) + 1,
          ],
          n,
        );
        n += 4;
      }
    }
    const body = Buffer.from(w.buffer, 0, n * 4);
    write(
      layout.pairs(b, 0),
      serializeMinhashFile('pairs', config, PAIR_BYTES, body, { bucket: b, range: 0, ranges: 1 }),
    );
    write(layout.pairsDone(b, 0), '{}\n');
  }
}
/** Where the train-10k case leaves its model for the quality case. */
const BENCH_MODEL = join(tmpdir(), 'winnow-bench-model.wnm');

/** Where the vocab case leaves its vocabulary for the rare-tokens case. */
const BENCH_VOCAB = join(tmpdir(), 'winnow-bench-vocab.bin');

/** Counts documents and bytes as they pass. */
async function* tap(items: AsyncIterable<ShardItem>, t: Tally): AsyncGenerator<ShardItem> {
  for await (const item of items) {
    if (item.kind === 'doc') {
      t.docs++;
      t.bytes += item.doc.raw.length + 1;
      countText(t, item.doc.text);
    }
    yield item;
  }
}

/** Runs the CLI in this process into a temp directory; counts from the stats it wrote. */
async function cliCase(files: string[], argv: string[], isRun = false): Promise<Tally> {
  const out = mkdtempSync(join(tmpdir(), 'winnow-bench-out-'));
  const quiet = { out: () => {}, err: () => {} };
  const args = isRun
    ? [...argv, '-i', ...files, '-o', out]
    : [argv[0]!, ...files, ...argv.slice(1), '-o', out];
  const cpu0 = process.cpuUsage();
  const thread0 = threadCpuSeconds();
  const t0 = process.hrtime.bigint();
  const code = await main(args, quiet);
  // Timed: the command alone, not the byte count below.
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  const thread1 = threadCpuSeconds();
  if (code !== 0) throw new Error(`winnow ${args.join(' ')} exited ${code}`);
  const stats = JSON.parse(readFileSync(join(out, 'stats.json'), 'utf8'));
  const threads = isRun ? runThreadsCpu(out, cpu, thread0, thread1) : undefined;
  rmSync(out, { recursive: true, force: true });
  let bytes = 0;
  for (const f of files) for await (const c of openBytes(f)) bytes += c.length;
  return {
    docs: stats.docs.in,
    bytes,
    textBytes: 0,
    tokens: stats.tokens?.in ?? 0,
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    ...(threads && { extra: threads }),
  };
}

/**
 * Where a run's CPU went (Linux; empty elsewhere): this (main) thread, the worker threads while
 * they filtered shards (the sum of the shards' timings), and the rest: each worker's start and
 * end, V8's helper threads (optimizing compiles, GC) and the zlib threads.
 */
function runThreadsCpu(
  out: string,
  cpu: NodeJS.CpuUsage,
  thread0: number | null,
  thread1: number | null,
): Record<string, number> {
  if (thread0 === null || thread1 === null) return {};
  let shards = 0;
  for (const f of readdirSync(join(out, 'timings')))
    shards += JSON.parse(readFileSync(join(out, 'timings', f), 'utf8')).thread_cpu_s;
  const main = thread1 - thread0;
  return {
    main_thread_cpu_s: +main.toFixed(2),
    shard_threads_cpu_s: +shards.toFixed(2),
    other_cpu_s: +((cpu.user + cpu.system) / 1e6 - main - shards).toFixed(2),
  };
}

export const caseNames = Object.keys(CASES);

const [name, ...files] = process.argv.slice(2);
if (name) {
  const fn = CASES[name];
  if (!fn) throw new Error(`unknown case ${name}; expected one of ${caseNames.join(', ')}`);
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const t = await fn(files);
  const s = t.seconds ?? Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  const cpuS = t.cpuSeconds ?? (cpu.user + cpu.system) / 1e6;
  if (t.textAfter) t.textBytes = await textBytesOf(files);
  process.stdout.write(
    JSON.stringify({
      case: name,
      seconds: +s.toFixed(3),
      docs: t.docs,
      mb: +(t.bytes / 1e6).toFixed(2),
      mb_s: +(t.bytes / 1e6 / s).toFixed(2),
      text_mb_s: +(t.textBytes / 1e6 / s).toFixed(2),
      docs_s: Math.round(t.docs / s),
      tokens: t.tokens,
      tokens_s: Math.round(t.tokens / s),
      cpu_per_wall: +(cpuS / s).toFixed(2),
      // CPU milliseconds per document, all threads of the process (a run's workers, zlib, GC, JIT):
      // the figure to compare across worker counts on a machine that lends the case a varying share.
      cpu_per_doc_ms: t.docs ? +((cpuS * 1000) / t.docs).toFixed(3) : null,
      peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
      ...t.extra,
    }) + '\n',
  );
}
