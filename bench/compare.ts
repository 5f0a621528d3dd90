/**
 * Two builds of winnow side by side, for speed work (compiled to dist-bench/; see CONTRIBUTING.md):
 *
 *   node dist-bench/compare.js same DIR_A DIR_B
 *     token ranges and every score of the gopher, c4 and fineweb presets, equal between the
 *     builds on every string of ../shared/corpora? Exits 1 when not.
 *   node dist-bench/compare.js speed ROUNDS DIR_A DIR_B [FILTER]
 *     the fineweb preset (or one of its filters, on texts whose words are already known), over
 *     the web pages held in memory, A and B alternating in one process: min and median ms.
 *
 * DIR_A and DIR_B are copies of `dist/` (e.g. `cp -r dist /tmp/a` before a change).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { sharedPages } from './corpus.ts';

const corpora = resolve(sharedPages, '..');

/** Every string value of every JSON line of the corpora's `.jsonl(.gz)` files under `dir`. */
function strings(dir: string, only?: RegExp): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const path = resolve(entry.parentPath, entry.name);
    if (!entry.isFile() || !/\.jsonl(\.gz)?$/.test(entry.name) || (only && !only.test(path)))
      continue;
    let bytes = readFileSync(path);
    if (entry.name.endsWith('.gz')) bytes = gunzipSync(bytes);
    for (const line of bytes.toString('utf8').split('\n')) {
      if (!line) continue;
      try {
        const record = JSON.parse(line) as Record<string, unknown>;
        for (const v of Object.values(record)) if (typeof v === 'string' && v !== '') out.push(v);
      } catch {
        // not a record: nothing to compare
      }
    }
  }
  return out;
}

// The builds are loaded at run time, by path: their types are not this program's.
const load = (dist: string, module: string): Promise<any> =>
  import(pathToFileURL(resolve(dist, module)).href);

/** A function from a text to a string of everything the presets compute about it. */
async function describer(dist: string): Promise<(text: string) => string> {
  const { tokenSpans } = await load(dist, 'text/words.js');
  const { presetConfig } = await load(dist, 'config/config.js');
  const { createContext } = await load(dist, 'scorers/context.js');
  const { createFilter, scoreDocument } = await load(dist, 'scorers/registry.js');
  // Each preset is scored in its own context: the c4 and fineweb presets both hold a c4_quality
  // with different options, and in one context the second's attributes overwrote the first's,
  // so the default options' terminal-punctuation branch went uncompared.
  const presets = ['gopher', 'c4', 'fineweb'].map((p) =>
    presetConfig(p).filters.map((f: { name: string; options: object }) =>
      createFilter(f.name, f.options),
    ),
  );
  return (text) => {
    const t = tokenSpans(text);
    const spans = `${Array.from(t.starts as Int32Array)}|${Array.from(t.ends as Int32Array)}|${Array.from(t.gaps as Uint8Array)}`;
    return (
      spans + presets.map((f) => JSON.stringify(scoreDocument(f, createContext(text)))).join('|')
    );
  };
}

async function same(a: string, b: string): Promise<number> {
  const texts = strings(corpora);
  const [da, db] = [await describer(a), await describer(b)];
  let differ = 0;
  for (const text of texts) {
    if (da(text) !== db(text)) {
      if (differ++ < 3) process.stderr.write(`differs: ${JSON.stringify(text.slice(0, 120))}\n`);
    }
  }
  process.stdout.write(`${texts.length} strings, ${differ} differ\n`);
  return differ === 0 ? 0 : 1;
}

async function speed(rounds: number, dists: string[], filter: string | undefined): Promise<number> {
  const texts = strings(sharedPages, /web-pages-\d+\.jsonl\.gz$/);
  const runs: (() => void)[] = [];
  for (const dist of dists) {
    const { presetConfig } = await load(dist, 'config/config.js');
    const { createContext, tokenSpansOf, wordIdsOf, hasAstralOf } = await load(
      dist,
      'scorers/context.js',
    );
    const registry = await load(dist, 'scorers/registry.js');
    const { createFilter, scoreDocument } = registry;
    // decide moved from scorers/registry to rules/threshold (issue 15); older builds keep it in the registry.
    const decide = registry.decide ?? (await load(dist, 'rules/threshold.js')).decide;
    const filters = presetConfig('fineweb').filters.map((f: { name: string; options: object }) =>
      createFilter(f.name, f.options),
    );
    if (!filter) {
      runs.push(() =>
        texts.forEach((t) => decide(filters, scoreDocument(filters, createContext(t)))),
      );
      continue;
    }
    const one = filters.find((f: { name: string }) => f.name === filter);
    if (!one) throw new Error(`no filter ${filter} in the fineweb preset`);
    // Words come from contexts worked out once, so only the filter's own work is timed. They
    // are plain memo objects: createContext's contexts share one set of span and id arrays,
    // which the next document takes over, and these must keep theirs.
    const known = texts.map((t) => {
      const c = plainContext(t);
      tokenSpansOf(c);
      wordIdsOf(c);
      hasAstralOf(c);
      return c;
    });
    const fresh = (i: number) => {
      const c = createContext(texts[i]);
      for (const key of ['token_spans', 'word_ids', 'astral'])
        c.memo(key, () => known[i]!.memo(key, () => undefined));
      return c;
    };
    runs.push(() => texts.forEach((_, i) => one.scorer.score(fresh(i))));
  }
  const times = dists.map((): number[] => []);
  for (let r = 0; r < rounds; r++) {
    runs.forEach((run, d) => {
      const t0 = performance.now();
      run();
      times[d]!.push(performance.now() - t0);
    });
  }
  dists.forEach((dist, d) => {
    const sorted = times[d]!.slice(2).sort((x, y) => x - y); // the first rounds warm the JIT
    process.stdout.write(
      `${dist}: min ${sorted[0]!.toFixed(0)} ms, median ${sorted[sorted.length >> 1]!.toFixed(0)} ms\n`,
    );
  });
  return 0;
}

const [mode, ...args] = process.argv.slice(2);
const usage = 'usage: compare.js same DIR_A DIR_B | compare.js speed ROUNDS DIR_A DIR_B [FILTER]';
if (mode === 'same' && args.length === 2) process.exitCode = await same(args[0]!, args[1]!);
else if (mode === 'speed' && args.length >= 3 && Number(args[0]) > 2) {
  process.exitCode = await speed(Number(args[0]), args.slice(1, 3), args[3]);
} else {
  process.stderr.write(`${usage}\n`);
  process.exitCode = 2;
}

/** A DocContext with a memo of its own (its token spans and word ids are its own arrays). */
function plainContext(text: string) {
  const cache = new Map<string, unknown>();
  return {
    text,
    tokens: () => undefined,
    has: (key: string) => cache.has(key),
    memo<T>(key: string, compute: () => T): T {
      if (!cache.has(key)) cache.set(key, compute());
      return cache.get(key) as T;
    },
  };
}
