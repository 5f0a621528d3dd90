// Test helper (not a test file): score one text with one filter, attributes without their prefix.
import type { Span } from '../../src/document.ts';
import { createContext } from '../../src/scorers/context.ts';
import { createFilter, scoreDocument } from '../../src/scorers/registry.ts';
import { decide } from '../../src/rules/threshold.ts';

export interface Result {
  attrs: Record<string, number>;
  spans: Record<string, Span[]>;
  /** Fired reasons without the `<filter>/` prefix, in rule order. */
  reasons: string[];
}

/** Scores `text` with filter `name`; `words`, when given, is injected as datatrove's word list for it. */
export function scoreWith(
  name: string,
  text: string,
  words?: string[],
  options: Record<string, unknown> = {},
): Result {
  const f = createFilter(name, options);
  const ctx = createContext(text);
  if (words) ctx.memo('words', () => words);
  const scored = scoreDocument([f], ctx);
  const strip = <T>(o: Record<string, T>) =>
    Object.fromEntries(Object.entries(o).map(([k, v]) => [k.slice(name.length + 1), v]));
  return {
    attrs: strip(scored.attrs),
    spans: strip(scored.spans),
    reasons: decide([f], scored).map((r) => r.slice(name.length + 1)),
  };
}
