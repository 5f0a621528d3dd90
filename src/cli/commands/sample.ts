/**
 * `winnow sample <shards..> (-c FILE | --preset NAME) -n N -o to-label.jsonl [--seed S]
 * [--score ATTR] [--design doc|token]`: a stratified sample to label, with every stratum's exact
 * population in `<out>.strata.json`. One scoring pass chooses; a second, read-only pass copies the
 * chosen records (their original bytes plus a `winnow_sample` field).
 */
import type { ArgumentsCamelCase, Argv } from 'yargs';
import { UsageError } from '../../errors.ts';
import { readShard } from '../../io/reader.ts';
import { resolveShards } from '../../io/shards.ts';
import { refuseOutputsOverInputs } from '../../io/overlap.ts';
import { spliceField } from '../../io/splice.ts';
import { strataPathOf } from '../../io/output-names.ts';
import { openOutput, writeFileAtomic } from '../../io/writer.ts';
import { openSession } from '../../exec/session.ts';
import type { Evaluator } from '../../rules/evaluator.ts';
import { MIN_PER_STRATUM, StratifiedDesign, TokenPpsDesign, type Chosen } from '../../sampling/design.ts';
import { scoreItems } from '../../score.ts';
import { loadConfig, withConfigFlags, type ConfigFlags } from '../config-flags.ts';
import { readOptions, withReadFlags, type ReadFlags } from '../options.ts';
import { failedShardsExit } from '../failed.ts';
import type { Io } from '../io.ts';
import { samplePairsCommand } from './dedup-pairs.ts';

interface SampleArgs extends ReadFlags, ConfigFlags {
  shards: string[];
  n: number;
  out: string;
  seed: number;
  score?: string;
  strata?: 'language';
  design: 'doc' | 'token';
  pairs?: string;
}

export const command = 'sample <shards..>';

export const builder = (y: Argv) =>
  withConfigFlags(withReadFlags(y))
    .positional('shards', { type: 'string', array: true, describe: 'Files, directories or globs' })
    .option('n', { type: 'number', demandOption: true, describe: 'Labels to ask for (each stratum still gets at least 30, or all it has, so the total can exceed n)' })
    .option('out', { alias: 'o', type: 'string', demandOption: true, describe: 'to-label JSONL; strata go beside it (<out>.strata.json)' })
    .option('seed', { type: 'number', default: 1, describe: 'Sampling seed: the same seed gives the same sample' })
    .option('score', { type: 'string', describe: 'Also stratify by bins of this attribute (e.g. gopher_quality.avg_word_len)' })
    .option('strata', { choices: ['language'] as const, describe: 'Also stratify by this label: language (the language filter\'s detected language)' })
    .option('design', { choices: ['doc', 'token'] as const, default: 'doc' as const, describe: 'doc: stratified documents; token: documents under random token positions of the dropped stream' })
    .option('pairs', { type: 'string', describe: 'Draw (kept, removed) pairs of the clusters in this `winnow dedup minhash` folder instead (no config)' })
    .example('$0 sample shards/ --preset fineweb -n 400 -o to-label.jsonl --seed 7', 'then: winnow label to-label.jsonl -o labels.jsonl');

export { strataPathOf } from '../../io/output-names.ts';

export async function run(a: ArgumentsCamelCase<SampleArgs>, io: Io): Promise<number> {
  if (!Number.isInteger(a.n) || a.n < 1) throw new UsageError(`Expected \`-n\` to be an integer >= 1, got ${a.n}`);
  if (!Number.isInteger(a.seed)) throw new UsageError(`Expected \`--seed\` to be an integer, got ${a.seed}`);
  if (a.pairs) return samplePairsCommand({ ...a, pairs: a.pairs }, io);
  if (a.design === 'token' && a.score) throw new UsageError('--score stratifies the doc design; the token design has one stratum');
  if (a.design === 'token' && a.strata) throw new UsageError('--strata stratifies the doc design; the token design has one stratum');
  const read = readOptions(a);
  const { config, vocabulary, fingerprint: fp } = await loadConfig(a);
  if (a.strata === 'language' && !config.filters.some((f) => f.name === 'language')) {
    throw new UsageError('--strata language needs the language filter in the config (filters: [language, ...])');
  }
  const shards = await resolveShards(a.shards);
  if (shards.some((s) => s.path === '-')) throw new UsageError('sample reads its shards twice, so it needs files, not stdin');
  refuseOutputsOverInputs(a.shards, shards, [{ flag: '-o', path: a.out }, { flag: '-o (strata)', path: strataPathOf(a.out) }]);
  const session = openSession(config, vocabulary);
  const { evaluator, tokenizer: tok } = session;
  const design = a.design === 'token' ? new TokenPpsDesign(a.n, a.seed) : new StratifiedDesign(a.n, a.seed, a.score !== undefined, a.strata === 'language');
  const totals = { docs: 0, dropped: 0, kept: 0, weight_dropped: 0, weight_kept: 0, errors: 0 };
  let seenScore = false;
  const failed: string[] = [];
  try {
    for (const shard of shards) {
      for await (const item of scoreItems(readShard(shard, read), evaluator, tok)) {
        if (item.kind === 'error' || item.kind === 'failed' || item.kind === 'oversize') {
          totals.errors++;
          if (item.kind === 'failed') failed.push(`winnow: ${item.shard}: FAILED after ${item.lines} lines: ${item.error}\n`);
          if (item.kind === 'oversize') for await (const _ of item.bad.chunks);
          continue;
        }
        if (item.kind !== 'scored') continue;
        const weight = item.tokens ?? item.chars;
        const value = a.score ? item.scored.attrs[a.score] : undefined;
        if (value !== undefined) seenScore = true;
        const dropped = item.reasons.length > 0;
        totals.docs++;
        totals[dropped ? 'dropped' : 'kept']++;
        totals[dropped ? 'weight_dropped' : 'weight_kept'] += weight;
        const language = a.strata === 'language' ? item.scored.meta?.language : undefined;
        design.add({ shard: item.doc.shard, line: item.doc.line, reasons: item.reasons, weight, ...(value !== undefined && { value }), ...(typeof language === 'string' && { language }) });
      }
    }
  } finally {
    session.close();
  }
  if (a.score && !seenScore) {
    throw new UsageError(`--score ${a.score}: no document has that attribute; names look like gopher_quality.avg_word_len (see winnow score)`);
  }
  const { strata, chosen } = design.finish();
  const records = await copyChosen(shards, chosen, read, evaluator);
  const out = await openOutput(a.out);
  for (const r of records) await out.write(r);
  await out.close();
  const weightName = config.tokenizer === 'none' ? 'chars' : 'tokens';
  await writeFileAtomic(
    strataPathOf(a.out),
    JSON.stringify({ fingerprint: fp, design: a.design, seed: a.seed, n: a.n, score: a.score ?? null, ...(a.strata && { strata_by: a.strata }), weight: weightName, totals, strata }, null, 1) + '\n',
  );
  io.err(
    `winnow: sampled ${records.length} of ${totals.docs} docs (${totals.dropped} flagged, ${totals.kept} kept) into ${a.out}; ` +
      `${strata.length} strata in ${strataPathOf(a.out)}\n` +
      (records.length > a.n ? `  (${records.length - a.n} more than -n ${a.n}: each stratum gets at least ${MIN_PER_STRATUM} documents, or all it has, so its rate has a usable interval)\n` : '') +
      strata.map((s) => `  ${String(s.sample_size).padStart(5)} of ${String(s.population_docs).padStart(8)}  ${s.name}\n`).join(''),
  );
  for (const f of failed) io.err(f);
  return failedShardsExit(failed.length, io);
}

/** Reads the chosen lines again and returns them (in `chosen` order) with the `winnow_sample` field. */
async function copyChosen(
  shards: Awaited<ReturnType<typeof resolveShards>>,
  chosen: readonly Chosen[],
  read: ReturnType<typeof readOptions>,
  evaluator: Evaluator,
): Promise<Buffer[]> {
  const wanted = new Map<string, Map<number, number[]>>();
  chosen.forEach((c, i) => {
    const byLine = wanted.get(c.shard) ?? new Map<number, number[]>();
    byLine.set(c.line, [...(byLine.get(c.line) ?? []), i]);
    wanted.set(c.shard, byLine);
  });
  const out: Buffer[] = new Array<Buffer>(chosen.length);
  for (const shard of shards) {
    const lines = wanted.get(shard.name);
    if (!lines) continue;
    for await (const item of readShard(shard, read)) {
      if (item.kind === 'oversize') for await (const _ of item.bad.chunks);
      if (item.kind !== 'doc') continue;
      const idx = lines.get(item.doc.line);
      if (!idx) continue;
      // Spans are for the labeler's highlighting; scoring a few hundred documents again is cheap.
      const { scored } = evaluator.evaluate(item.doc.text);
      for (const i of idx) {
        const c = chosen[i]!;
        const field = {
          stratum: c.stratum, inclusion_probability: c.inclusionProbability, reasons: c.reasons,
          spans: scored.spans, shard: c.shard, line: c.line, weight: c.weight,
          ...(c.draw !== undefined && { draw: c.draw }), ...(c.value !== undefined && { score: c.value }),
        };
        out[i] = Buffer.concat([spliceField(item.doc.raw, 'winnow_sample', JSON.stringify(field)), Buffer.from('\n')]);
      }
    }
  }
  return out.filter(Boolean);
}
