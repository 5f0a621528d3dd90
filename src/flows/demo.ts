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
import { DEFAULT_READ } from '../io/reader.ts';
import * as store from '../io/store.ts';
import { count } from './count.ts';
import type { Ctx, DemoOptions, DemoResult } from './demo-context.ts';
import { dedupLoop } from './demo-dedup.ts';
import { heuristics, learnedLoop } from './demo-learned.ts';

export type { DemoOptions, DemoResult } from './demo-context.ts';

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
  x.say(
    'The corpus',
    `${c.total.docs} documents in ${c.shards.length} shards (fixtures/shards: ` +
      'generated web pages, 68 % articles, 32 % junk of eleven kinds).',
  );
  await heuristics(x);
  const learned = await learnedLoop(x, store.join(o.fixtures, 'labels', 'labels.jsonl'));
  const pairs = await dedupLoop(x, store.join(o.fixtures, 'labels', 'planted-pairs.jsonl'));
  o.log(`\nEverything is in ${o.dir}/: open report.html and dedup-report.html in a browser.\n`);
  return { ...learned, pairs, outputs };
}
