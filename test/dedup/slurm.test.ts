import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { dedupScripts, type DedupSlurmPlan } from '../../src/dedup/slurm.ts';

const plan = (method: DedupSlurmPlan['method']): DedupSlurmPlan => ({
  method,
  jobName: 'j',
  resources: { cpus: 2 },
  node: '/usr/bin/node',
  winnow: '/w/bin/winnow.js',
  world: 3,
  bucketTasks: 14,
  ranges: 1,
  parts: 4,
  args: ['-o', 's3://b/dd', '-i', 's3://b/in/*.jsonl'],
  logDir: '/logs',
});

test('exact: hashes array of the ranks → merge array of the partitions → one collect job, chained afterok', () => {
  const s = dedupScripts(plan('exact'));
  assert.equal(
    s.map((x) => [x.stage, x.name, x.tasks, x.after]),
    [
      ['hashes', 'dedup-exact-hashes.sbatch', 3, null],
      ['merge', 'dedup-exact-merge.sbatch', 4, 'hashes'],
      ['collect', 'dedup-exact-collect.sbatch', 0, 'merge'],
    ],
  );
  assert.match(s[0]!.text, '#SBATCH --array=0-2\n');
  assert.not.match(s[0]!.text, '--dependency');
  assert.match(
    s[0]!.text,
    `exec /usr/bin/node /w/bin/winnow.js dedup exact --stage hashes --world 3 --parts 4 -o s3://b/dd -i 's3://b/in/*.jsonl' --rank "$SLURM_ARRAY_TASK_ID"`,
  );
  assert.match(s[1]!.text, '#SBATCH --array=0-3\n#SBATCH --dependency=afterok:{{DEPENDENCY}}');
  assert.match(s[1]!.text, 'dedup exact --stage merge -o s3://b/dd');
  assert.match(s[1]!.text, '--task "$SLURM_ARRAY_TASK_ID"');
  assert.not.match(s[2]!.text, '--array');
  assert.match(s[2]!.text, '#SBATCH --output=/logs/dedup-exact-collect-%j.out');
});

test('minhash keeps its four stages and names', () => {
  const s = dedupScripts(plan('minhash'));
  assert.equal(
    s.map((x) => [x.name, x.tasks, x.after]),
    [
      ['dedup-signatures.sbatch', 3, null],
      ['dedup-buckets.sbatch', 14, 'signatures'],
      ['dedup-clusters.sbatch', 4, 'buckets'],
      ['dedup-merge.sbatch', 0, 'clusters'],
    ],
  );
  assert.match(s[0]!.text, 'dedup minhash --stage signatures --world 3');
});

test.run();
