/**
 * Import cycles in src/: prints each cycle (a → b → a) and exits 1 when there is one. Counts every
 * relative import: static, `export … from`, type-only and dynamic `import()`, as madge does.
 *
 *   node --import tsx scripts/cycles.ts [dir]      (npm run lint)
 *
 * madge itself cannot run here: it parses TypeScript through typescript-estree, which needs the
 * TypeScript 5 compiler API, and this project compiles with TypeScript 7, whose package has none.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const IMPORT =
  /(?:^|[\s;])(?:import|export)\s[^'"`;]*?from\s*['"](\.[^'"]+)['"]|import\s*\(\s*['"](\.[^'"]+)['"]\s*\)|^\s*import\s*['"](\.[^'"]+)['"]/gm;

/** Relative imports of every .ts file under `root`, as absolute paths. */
export function importGraph(root: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts')) {
        const text = readFileSync(p, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, '');
        const deps = [...text.matchAll(IMPORT)].map((m) =>
          resolve(dirname(p), (m[1] ?? m[2] ?? m[3])!),
        );
        graph.set(p, [...new Set(deps)]);
      }
    }
  };
  walk(root);
  return graph;
}

/** Every strongly connected group of more than one file (or a file importing itself), via Tarjan. */
export function cycles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const idx = new Map<string, number>(),
    low = new Map<string, number>(),
    onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(group.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!idx.has(v)) visit(v);
  return out;
}

if (process.argv[1] && resolve(process.argv[1]).endsWith('scripts/cycles.ts')) {
  const root = resolve(process.argv[2] ?? 'src');
  const found = cycles(importGraph(root));
  for (const c of found)
    process.stdout.write(`cycle: ${c.map((f) => relative(root, f)).join(' ↔ ')}\n`);
  process.stdout.write(
    found.length
      ? `${found.length} import cycle(s) in ${relative(process.cwd(), root) || '.'}\n`
      : 'no import cycles\n',
  );
  process.exitCode = found.length ? 1 : 0;
}
