/**
 * A small real run for the CLI and browser tests: good prose is kept, short hostile documents are
 * dropped (the FineWeb stack, no tokenizer: fast), and an audit of the same filter on labels.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli } from '../cli/_run.ts';
import { PROSE_SENTENCES } from '../_helpers.ts';
import { HOSTILE } from './_inputs.ts';

const PROSE = PROSE_SENTENCES;

/** Payloads the browser test looks for: each would set window.__pwned or the title if it ran. */
export const PAYLOADS = [
  ...HOSTILE,
  '<svg><script>window.__pwned=1</script></svg>',
  '<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>',
  '<meta http-equiv="refresh" content="0;url=javascript:window.__pwned=1">',
  '<link rel=stylesheet href="http://127.0.0.1:9/x.css"><img src="http://127.0.0.1:9/x.png">',
];

export interface HostileRun {
  dir: string;
  out: string;
  audit: string;
}

/** Writes the input and labels under `dir`, filters (unaudited) into `dir/out`, audits into `dir/audit.json`. */
export async function hostileRun(dir: string): Promise<HostileRun> {
  mkdirSync(dir, { recursive: true });
  const good = (i: number) => ({
    id: `good-${i}`,
    text: [...PROSE.slice(i % 6), ...PROSE.slice(0, i % 6)].join(' '),
  });
  const bad = PAYLOADS.map((p, i) => ({ id: `bad-${i}<b>`, text: `${p}\nclick here\n${p}` }));
  // A long document whose payload sits past the first 1,500 characters: the excerpt must move to
  // it. The lorem ipsum line makes c4_quality one of its reasons, so c4's spans are highlighted.
  const long = {
    id: 'long',
    text:
      `${PROSE.join(' ')} `.repeat(6) +
      '\n' +
      PAYLOADS[0] +
      '\nok\nLorem ipsum dolor sit amet.\n' +
      PROSE.join(' '),
  };
  const docs = [good(0), bad[0]!, good(1), ...bad.slice(1), good(2), long, good(3), good(4)];
  const input = join(dir, 'in.jsonl');
  writeFileSync(input, docs.map((d) => JSON.stringify(d)).join('\n') + '\n');
  const labels = join(dir, 'labels.jsonl');
  writeFileSync(
    labels,
    docs
      .map((d) =>
        JSON.stringify({
          ...d,
          label: d.id.startsWith('good') || d.id === 'long' ? 'good' : 'bad',
        }),
      )
      .join('\n') + '\n',
  );
  const out = join(dir, 'out');
  const flags = ['--preset', 'fineweb', '--tokenizer', 'none'];
  const f = await cli('filter', input, ...flags, '--unaudited', '-o', out);
  if (f.code !== 0) throw new Error(`filter failed: ${f.err}`);
  const audit = join(dir, 'audit.json');
  const a = await cli(
    'audit',
    ...flags,
    '--labels',
    labels,
    '--strata',
    'none',
    '--stats',
    join(out, 'stats.json'),
    '-o',
    audit,
  );
  if (a.code !== 0) throw new Error(`audit failed: ${a.err}`);
  return { dir, out, audit };
}
