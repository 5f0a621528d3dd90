/**
 * `npm run bench`: each case in a fresh process, JSON lines on stdout, then the ratios against
 * the floor measured in this same run. Never part of `npm test`.
 *   npm run bench                 all cases
 *   npm run bench -- read floor   only these
 */
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchCorpus, generatedShard } from './corpus.ts';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const want = (c: string) => !only.length || only.includes(c);

interface Line { case: string; seconds: number; peak_rss_mb: number; [k: string]: unknown }

function runCase(name: string, files: string[], label = name): Line {
  const out = execFileSync(process.execPath, ['--import', 'tsx', join(here, 'cases.ts'), name, ...files], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = { ...(JSON.parse(out) as Line), case: label };
  process.stdout.write(JSON.stringify(line) + '\n');
  return line;
}

const corpus = await benchCorpus();
process.stderr.write(`bench corpus: ${corpus.name}\n`);
const r: Record<string, Line> = {};
for (const c of ['floor', 'read', 'tiktoken', 'tokenize']) if (want(c)) r[c] = runCase(c, corpus.files);

if (want('memory')) {
  // Memory must not depend on shard size: the same reader over 10 MB and 1 GB.
  r['read-10MB'] = runCase('read', [await generatedShard(10e6)], 'read-10MB');
  r['read-1GB'] = runCase('read', [await generatedShard(1e9)], 'read-1GB');
}

const ratio = (a?: Line, b?: Line) => (a && b ? +(a.seconds / b.seconds).toFixed(2) : null);
process.stdout.write(
  JSON.stringify({
    summary: corpus.name,
    read_time_vs_floor: ratio(r.read, r.floor),
    tokenize_speedup_vs_tiktoken: ratio(r.tiktoken, r.tokenize),
    tokenize_time_vs_floor: ratio(r.tokenize, r.floor),
    peak_rss_mb: Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v.peak_rss_mb])),
  }) + '\n',
);
