/**
 * `winnow dedup minhash -i SHARDS.. -o DIR`: MinHash near-duplicate clusters for the `minhash`
 * filter. Without --stage, every stage runs here; with --stage one task of one stage runs (what
 * `winnow slurm --dedup minhash` submits as job arrays). Flags → options → the flow → a summary.
 */
import type { ArgumentsCamelCase, Argv } from 'yargs';
import {
  dedupExact,
  dedupMinhash,
  EXACT_STAGES,
  MINHASH_STAGES,
  type ExactStage,
  type MinhashStage,
} from '../../flows/dedup.ts';
import { UsageError } from '../../errors.ts';
import { readOptions, withReadFlags, type ReadFlags } from '../options.ts';
import { applyS3Flag, withS3Flag } from '../config-flags.ts';
import type { Io } from '../io.ts';

interface DedupArgs extends ReadFlags {
  s3PathStyle?: boolean;
  method: string;
  input: string[];
  out: string;
  stage: MinhashStage | ExactStage;
  rank?: number;
  world: number;
  task?: number;
  ranges: number;
  parts?: number;
  hash: 'xxhash' | 'sha1';
  json: boolean;
  minParagraph: number;
  memoryMb: number;
  tmp?: string;
}

const STAGES = [...new Set([...MINHASH_STAGES, ...EXACT_STAGES])];

export const command = 'dedup <method>';

export const builder = (y: Argv) =>
  withS3Flag(withReadFlags(y))
    .positional('method', {
      type: 'string',
      choices: ['minhash', 'exact'],
      describe:
        'minhash: near-duplicate clusters (datatrove MinHash, 14 buckets × 8 hashes over 5-word shingles); exact: documents with the same normalised text, repeated paragraphs',
    })
    .option('input', {
      alias: 'i',
      type: 'string',
      array: true,
      default: [] as string[],
      describe: 'Shards: files, folders, globs or s3:// (the signatures stage reads them)',
    })
    .option('out', {
      alias: 'o',
      type: 'string',
      demandOption: true,
      describe: 'Output folder or s3:// prefix; the minhash filter reads its clusters from here',
    })
    .option('stage', {
      choices: STAGES,
      default: 'all' as MinhashStage | ExactStage,
      describe:
        'Run one stage (one task of it) instead of all. minhash: signatures, buckets, clusters, merge; exact: hashes, merge, collect',
    })
    .option('rank', {
      type: 'number',
      describe: 'signatures/hashes: this rank (default $SLURM_ARRAY_TASK_ID, else 0)',
    })
    .option('world', {
      type: 'number',
      default: 1,
      describe: 'signatures/hashes: number of ranks (shard i goes to rank i mod world)',
    })
    .option('task', {
      type: 'number',
      describe:
        'buckets: bucket × ranges + range; clusters, exact merge: the part (default $SLURM_ARRAY_TASK_ID, else 0)',
    })
    .option('ranges', {
      type: 'number',
      default: 1,
      describe: 'buckets: split each bucket into this many hash ranges (tasks)',
    })
    .option('parts', {
      type: 'number',
      describe:
        'minhash clusters: bucket groups reduced in parallel (default: one per bucket); exact: hash partitions merged in parallel (default 8)',
    })
    .option('hash', {
      choices: ['xxhash', 'sha1'] as const,
      default: 'xxhash' as const,
      describe: 'Shingle hash: xxhash (datatrove default) or sha1 (as FineWeb ran it)',
    })
    .option('min-paragraph', {
      type: 'number',
      default: 20,
      describe:
        'exact: paragraphs (lines) shorter than this many characters, stripped, are not compared',
    })
    .option('memory-mb', {
      type: 'number',
      default: 256,
      describe:
        'exact: sort memory per task; past it, sorted runs spill to --tmp and are merged from disk',
    })
    .option('tmp', {
      type: 'string',
      describe: 'exact: local folder for spilled runs (default: the system temporary folder)',
    })
    .option('json', { type: 'boolean', default: false, describe: 'Print the result as JSON' })
    .example(
      '$0 dedup minhash -i shards/ -o dedup/',
      'all stages here; then `- minhash: { clusters: dedup/ }` in a config',
    )
    .example(
      '$0 dedup minhash -i shards/ -o dedup/ --stage signatures --rank 3 --world 8',
      'one signature rank',
    );

const arrayTask = (): number | undefined =>
  process.env.SLURM_ARRAY_TASK_ID === undefined
    ? undefined
    : Number(process.env.SLURM_ARRAY_TASK_ID);

export async function run(a: ArgumentsCamelCase<DedupArgs>, io: Io): Promise<number> {
  applyS3Flag(a);
  if (a.method === 'exact') return exactCommand(a, io);
  if (!(MINHASH_STAGES as readonly string[]).includes(a.stage))
    throw new UsageError(
      `Expected a minhash --stage (${MINHASH_STAGES.join(', ')}), got ${a.stage}`,
    );
  if ((a.stage === 'all' || a.stage === 'signatures') && !a.input.length)
    throw new UsageError('Expected shards with `-i` (the signatures stage reads them)');
  const rank = a.rank ?? (a.stage === 'signatures' ? arrayTask() : undefined);
  const task =
    a.task ?? (a.stage === 'buckets' || a.stage === 'clusters' ? arrayTask() : undefined);
  const result = await dedupMinhash({
    inputs: a.input,
    out: a.out,
    stage: a.stage as MinhashStage,
    world: a.world,
    ranges: a.ranges,
    config: { hash: a.hash },
    read: readOptions(a),
    log: (line) => io.err(`winnow: dedup ${line}\n`),
    ...(rank !== undefined && { rank }),
    ...(task !== undefined && { task }),
    ...(a.parts !== undefined && { parts: a.parts }),
  });
  if (a.json) io.out(`${JSON.stringify(result, null, 2)}\n`);
  else if (result.summary) {
    const s = result.summary;
    io.out(
      `${s.documents} documents in ${s.clusters} clusters; ${s.removed} to remove (one kept per cluster)\n`,
    );
    io.out(
      `cluster sizes: ${
        Object.entries(s.sizes)
          .map(([k, v]) => `${k}×${v}`)
          .join(' ') || 'none'
      }\n`,
    );
    io.out(`clusters: ${a.out} (use \`- minhash: { clusters: ${a.out} }\` in a config)\n`);
  }
  return 0;
}

async function exactCommand(a: ArgumentsCamelCase<DedupArgs>, io: Io): Promise<number> {
  if (!(EXACT_STAGES as readonly string[]).includes(a.stage))
    throw new UsageError(`Expected an exact --stage (${EXACT_STAGES.join(', ')}), got ${a.stage}`);
  const stage = a.stage as ExactStage;
  if ((stage === 'all' || stage === 'hashes') && !a.input.length)
    throw new UsageError('Expected shards with `-i` (the hashes stage reads them)');
  const rank = a.rank ?? (stage === 'hashes' ? arrayTask() : undefined);
  const task = a.task ?? (stage === 'merge' ? arrayTask() : undefined);
  const r = await dedupExact({
    inputs: a.input,
    out: a.out,
    stage,
    world: a.world,
    minParagraph: a.minParagraph,
    memory: Math.round(a.memoryMb * 1024 * 1024),
    read: readOptions(a),
    log: (line) => io.err(`winnow: dedup exact ${line}\n`),
    ...(a.tmp !== undefined && { tmp: a.tmp }),
    ...(rank !== undefined && { rank }),
    ...(task !== undefined && { task }),
    ...(a.parts !== undefined && { parts: a.parts }),
  });
  if (a.json) io.out(`${JSON.stringify(r, null, 2)}\n`);
  else if (r.summary) {
    const s = r.summary;
    io.out(
      `${s.documents} documents: ${s.duplicates} exact duplicates, ${s.duplicate_paragraphs} duplicate paragraphs${s.skipped ? ' (already done)' : ''}\n`,
    );
    io.out(`findings: ${a.out} (use \`- exact: { dir: ${a.out} }\` in a config)\n`);
  }
  return 0;
}
